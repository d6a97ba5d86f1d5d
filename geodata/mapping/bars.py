"""Stacked bars per banner as plain HTML: the by-banner chart under the planner map.

The server draws it as styled elements, no chart library in the browser: Vega's
bundle (about 1.5 MB of script) held the map's first marker back by about a
second on a projector laptop, and the exact numbers sit in the table below it.
Every text is escaped; colours are checked, so no value can carry markup or CSS.
"""

from __future__ import annotations

import math
import re
from html import escape

import pandas as pd

from geodata.figures import format_value

_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}")
#: Drawn for a layer whose colour is not a plain hex colour.
_FALLBACK_COLOR = "#808080"
#: A faint line, readable on the light and the dark theme.
_RULE = "rgba(128,128,128,.35)"


def tick_step(top: float, most: int = 5) -> int:
    """The 1-2-5 step (a whole number) that marks 0..``top`` in at most ``most`` steps.

    Examples
    --------
    >>> tick_step(9), tick_step(37), tick_step(1234), tick_step(0)
    (2, 10, 500, 1)
    """
    if top <= most:
        return 1
    exponent = math.floor(math.log10(top / most))
    for factor in (1, 2, 5, 10):
        step = factor * 10**exponent
        if top / step <= most:
            return max(int(step), 1)
    return 10 ** (exponent + 1)


def banner_bars_html(
    rows: pd.DataFrame, *, count_label: str, label: str, lang: str
) -> str:
    """``rows`` (banner, layer, count, color; see ``chart_rows``) as stacked bars.

    One bar per banner in the rows' order, one segment per layer in its map
    colour (hovering it names banner, layer and count), an axis of whole numbers
    titled ``count_label`` and a legend of the layers. ``label`` names the whole
    chart for screen readers. Empty string when every count is zero.
    """
    banners = list(dict.fromkeys(rows["banner"]))
    layers = list(dict.fromkeys(rows["layer"]))
    counts = {
        (b, lay): int(n)
        for b, lay, n in zip(rows["banner"], rows["layer"], rows["count"], strict=True)
    }
    colors = {
        lay: _color(c) for lay, c in zip(rows["layer"], rows["color"], strict=True)
    }
    totals = [sum(counts.get((b, lay), 0) for lay in layers) for b in banners]
    top = max(totals, default=0)
    if top <= 0:
        return ""
    step = tick_step(top)
    axis_top = step * math.ceil(top / step)
    share = 100 / axis_top

    def number(n: int) -> str:
        return escape(format_value(n, "", lang)[0])

    grid = (
        f"background:repeating-linear-gradient(to right,{_RULE} 0 1px,"
        f"transparent 1px {step * share:.4f}%)"
    )
    cells: list[str] = []
    for banner in banners:
        name = escape(str(banner))
        segments = "".join(
            f'<span title="{name} · {escape(str(lay))}: {number(n)}" '
            f'style="flex:0 0 {n * share:.4f}%;background:{colors[lay]}"></span>'
            for lay in layers
            if (n := counts.get((banner, lay), 0)) > 0
        )
        cells.append(
            f'<div style="text-align:right;white-space:nowrap">{name}</div>'
            f'<div style="display:flex;height:20px;{grid}">{segments}</div>'
        )
    ticks = "".join(
        f'<span style="position:absolute;left:{v * share:.4f}%;'
        f'transform:translateX(-50%);top:3px">{number(v)}</span>'
        for v in range(0, axis_top + 1, step)
    )
    cells.append(
        "<div></div>"
        f'<div style="position:relative;height:20px;border-top:1px solid {_RULE};'
        f'margin-right:12px">{ticks}</div>'
        f'<div></div><div style="text-align:center">{escape(count_label)}</div>'
    )
    legend = "".join(
        '<span style="display:inline-flex;align-items:center;gap:6px">'
        f'<span style="width:12px;height:12px;background:{colors[lay]}"></span>'
        f"{escape(str(lay))}</span>"
        for lay in layers
    )
    return (
        f'<figure role="img" aria-label="{escape(label)}" '
        'style="margin:0 0 1rem 0;font-size:13px;line-height:1.25">'
        '<div style="display:grid;grid-template-columns:max-content 1fr;'
        'column-gap:10px;row-gap:6px;align-items:center">'
        f"{''.join(cells)}</div>"
        '<div style="display:flex;flex-wrap:wrap;gap:4px 18px;margin-top:10px">'
        f"{legend}</div></figure>"
    )


def _color(value: object) -> str:
    text = str(value)
    return text if _COLOR.fullmatch(text) else _FALLBACK_COLOR
