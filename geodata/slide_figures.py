"""Headline figures for slides and the handout, in a room's words (no streamlit).

A figure id is either an indicator id from the store's ``indicators`` table
(``glory_plaques``) or a figure computed from a layer:

- ``count:<layer>``: how many features the layer holds (``count:unity_schools``);
- ``progress:<layer>``: built versus all features, per banner
  (``progress:youth_schools`` gives "3 / 9").

Every figure carries the sentence it comes from, so a presenter can show it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geodata.catalog import BANNER_NAMES, LAYER_IDS
from geodata.errors import GeodataError
from geodata.i18n import TEXTS, banner_label, layer_title, t
from geodata.storage import Store
from geodata.view import REFERENCE_LAYERS

COMPUTED_KINDS: tuple[str, ...] = ("count", "progress")
_LOWER_BOUND_MARKS = ("（下限）", "(lower bound)")


@dataclass(frozen=True)
class Figure:
    """One headline figure, formatted for one language.

    ``parts`` holds ``(banner label, done, total)`` rows for progress figures.
    """

    id: str
    label: str
    value: str
    unit: str
    period: str
    source: str
    parts: tuple[tuple[str, int, int], ...] = ()


def figure_choices(store: Store) -> tuple[str, ...]:
    """Every figure id a slide may show: computed ones first, then indicators."""
    return _computed_ids() + tuple(str(i) for i in store.read_indicators()["id"])


def _computed_ids() -> tuple[str, ...]:
    return tuple(
        f"{kind}:{layer}"
        for kind in COMPUTED_KINDS
        for layer in LAYER_IDS
        if layer not in REFERENCE_LAYERS
    )


def figure_labels(store: Store, lang: str) -> dict[str, str]:
    """A readable name for every figure id a slide may show (for pickers)."""
    labels = {}
    for fid in _computed_ids():
        kind, _, layer = fid.partition(":")
        labels[fid] = t(f"figure.{kind}_choice", lang, layer=layer_title(layer, lang))
    table = store.read_indicators()
    column = "title_en" if lang == "en" else "title_zh"
    labels.update(zip(table["id"].astype(str), table[column].astype(str), strict=True))
    return labels


def resolve_figures(store: Store, ids: tuple[str, ...], lang: str) -> list[Figure]:
    """Figures for ``ids`` in ``lang``, in order.

    Raises
    ------
    GeodataError
        If an id names no indicator or layer; the message lists what exists.
    """
    table = store.read_indicators().set_index("id") if ids else pd.DataFrame()
    return [_resolve(store, table, fid, lang) for fid in ids]


def _resolve(store: Store, table: pd.DataFrame, fid: str, lang: str) -> Figure:
    kind, _, layer = fid.partition(":")
    if kind in COMPUTED_KINDS and layer in LAYER_IDS:
        frame = store.read_layer(layer, columns=("banner", "status", "source"))
        return (_progress if kind == "progress" else _count)(fid, layer, frame, lang)
    if fid in table.index:
        return _indicator(fid, table.loc[fid], lang)
    raise GeodataError(
        f"Figure {fid!r} is neither an indicator nor count:/progress: of a layer; "
        f"indicators: {', '.join(map(str, table.index))}"
    )


def _first_source(frame: pd.DataFrame) -> str:
    sources = [s for s in frame.get("source", pd.Series(dtype=str)).dropna() if s]
    return str(sources[0]) if sources else ""


def _count(fid: str, layer: str, frame: pd.DataFrame, lang: str) -> Figure:
    return Figure(
        fid,
        layer_title(layer, lang),
        f"{len(frame):,}",
        _unit(layer, lang),
        t("figure.period.current", lang),
        _first_source(frame),
    )


def _progress(fid: str, layer: str, frame: pd.DataFrame, lang: str) -> Figure:
    built = frame["status"] == "built"
    parts = tuple(
        (
            banner_label(b, lang),
            int(built[frame["banner"] == b].sum()),
            int((frame["banner"] == b).sum()),
        )
        for b in BANNER_NAMES
        if (frame["banner"] == b).any()
    )
    label = t("figure.progress_label", lang, layer=layer_title(layer, lang))
    value = t("figure.progress_value", lang, done=int(built.sum()), total=len(frame))
    return Figure(
        fid,
        label,
        value,
        _unit(layer, lang),
        t("figure.period.current", lang),
        _first_source(frame),
        parts,
    )


def _unit(layer: str, lang: str) -> str:
    key = f"figure.unit.{layer}"
    return t(key, lang) if key in TEXTS else ""


def _indicator(fid: str, row: pd.Series, lang: str) -> Figure:
    title = str(row["title_en" if lang == "en" else "title_zh"])
    lower = any(mark in title for mark in _LOWER_BOUND_MARKS)
    for mark in _LOWER_BOUND_MARKS:
        title = title.replace(mark, "").strip()
    value, unit = format_value(
        float(row["value"]), str(row["unit_en" if lang == "en" else "unit_zh"]), lang
    )
    if lower and lang == "zh" and unit in ("亿元", "万元"):
        unit = f"{unit[0]}余{unit[1:]}"  # 5亿余元, as the article writes it
    elif lower:
        value = t("figure.lower_bound", lang, value=value)
    return Figure(
        fid,
        title,
        value,
        unit,
        period_label(str(row["period"]), lang),
        str(row["source"]),
    )


def format_value(value: float, unit: str, lang: str) -> tuple[str, str]:
    """A number and unit as a room reads them: 亿元 / million yuan for big sums.

    Examples
    --------
    >>> format_value(50000, "万元", "zh")
    ('5', '亿元')
    >>> format_value(50000, "10k yuan", "en")
    ('500', 'million yuan')
    >>> format_value(70600, "块", "zh")
    ('70,600', '块')
    >>> format_value(525, "10k yuan", "en")
    ('5.25', 'million yuan')
    """
    if unit == "万元" and value >= 10000:
        return _number(value / 10000), "亿元"
    if unit == "10k yuan" and value >= 100:
        return _number(value / 100), "million yuan"
    return _number(value), unit


def _number(value: float) -> str:
    if math.isclose(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def period_label(period: str, lang: str) -> str:
    """The period of an indicator in words; unknown periods pass through.

    Examples
    --------
    >>> period_label("2016–", "zh")
    '2016年以来'
    >>> period_label("cumulative", "en")
    'cumulative'
    """
    if period.endswith("–") and period[:-1].isdigit():
        return t("figure.period.since", lang, year=period[:-1])
    key = "figure.period." + period.replace(" ", "_")
    return t(key, lang) if key in TEXTS else period
