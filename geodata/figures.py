"""Headline figures, formatted once for every surface (map cards, slides, handout).

A figure id is either an indicator id from the store's ``indicators`` table
(``glory_plaques``) or a figure computed from a layer:

- ``count:<layer>``: how many features the layer holds (``count:unity_schools``);
- ``progress:<layer>``: built versus all features, per banner
  (``progress:youth_schools`` gives "3 / 9").

Every figure carries the sentence it comes from, so a reader can check it.
Computed figures are made for an audience (``geodata.display``): the public's
counts include restricted features (a number is all it may know of them), while
progress and the source sentence come only from features it may see.
Numbers read as a room reads them: 5 亿余元 / 500+ million yuan for a lower bound
of 50,000 万元.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from geodata.catalog import BANNER_NAMES, LAYER_IDS, get_layer
from geodata.display import prepare_for_display, withheld_by_banner
from geodata.errors import GeodataError
from geodata.i18n import TEXTS, banner_label, layer_title, t
from geodata.storage.base import Store
from geodata.view import REFERENCE_LAYERS

COMPUTED_KINDS: tuple[str, ...] = ("count", "progress")
_LOWER_BOUND_MARKS = ("（下限）", "(lower bound)")

#: Figures the planner map shows as cards, in order.
HEADLINE_IDS: tuple[str, ...] = (
    "army_support_investment",
    "glory_plaques",
    "soldiers_placed",
    "spouses_placement_rate",
    "model_units_2021",
    "bulletin_issues",
    "snow_rescue_personnel",
    "two_year_losses_averted",
)


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
    category: str = ""

    @property
    def value_with_unit(self) -> str:
        """Value and unit as one string (``"231 期"``, ``"231 issues"``)."""
        return f"{self.value} {self.unit}".strip()


class FigureError(GeodataError):
    """A figure id names no indicator and no layer."""

    code = "figure"


def source_prefix(lang: str) -> str:
    """The words before a figure's source sentence.

    Sources are quoted as written; the sample's are sentences of a Chinese
    article, so in English the words say so.

    Examples
    --------
    >>> source_prefix("zh")
    '来源：'
    """
    return t("figure.source_quoted" if lang == "en" else "figure.source_colon", lang)


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
    for _, row in table.iterrows():
        labels[str(row["id"])] = _title(row, lang)[0]
    return labels


def resolve_figures(
    store: Store, ids: Iterable[str], lang: str, audience: str | None = "public"
) -> list[Figure]:
    """Figures for ``ids`` in ``lang``, in order, as ``audience`` may see them.

    Raises
    ------
    FigureError
        If an id names no indicator or layer; the message lists what exists.
    """
    ids = tuple(ids)
    table = store.read_indicators().set_index("id") if ids else pd.DataFrame()
    return [_resolve(store, table, fid, lang, audience) for fid in ids]


def headline_figures(
    store: Store,
    lang: str,
    ids: Iterable[str] = HEADLINE_IDS,
    audience: str | None = "public",
) -> list[Figure]:
    """The map's headline cards: ``ids`` the store holds, in order (others skipped)."""
    known = set(figure_choices(store))
    return resolve_figures(store, [i for i in ids if i in known], lang, audience)


def _resolve(
    store: Store, table: pd.DataFrame, fid: str, lang: str, audience: str | None
) -> Figure:
    kind, _, layer = fid.partition(":")
    if kind in COMPUTED_KINDS and layer in LAYER_IDS:
        spec = get_layer(layer)
        frame = store.read_layer(
            layer, columns=("banner", "status", "source", "sensitivity")
        )
        visible = prepare_for_display(frame, spec, audience)
        if kind == "progress":
            return _progress(fid, layer, visible, lang)
        withheld = sum(withheld_by_banner(frame, spec, audience).values())
        return _count(fid, layer, visible, lang, withheld)
    if fid in table.index:
        return _indicator(fid, table.loc[fid], lang)
    raise FigureError(
        code="figure.unknown", figure=fid, known=", ".join(map(str, table.index))
    )


def _first_source(frame: pd.DataFrame) -> str:
    sources = [s for s in frame.get("source", pd.Series(dtype=str)).dropna() if s]
    return str(sources[0]) if sources else ""


def _count(
    fid: str, layer: str, frame: pd.DataFrame, lang: str, withheld: int = 0
) -> Figure:
    return Figure(
        fid,
        layer_title(layer, lang),
        f"{len(frame) + withheld:,}",
        _unit(layer, lang),
        format_period("current", lang),
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
        format_period("current", lang),
        _first_source(frame),
        parts,
    )


def _unit(layer: str, lang: str) -> str:
    key = f"figure.unit.{layer}"
    return t(key, lang) if key in TEXTS else ""


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value)


def _title(row: pd.Series, lang: str) -> tuple[str, bool]:
    """The indicator's title in ``lang`` without its lower-bound mark, and the mark."""
    title = _text(row.get("title_en" if lang == "en" else "title_zh")) or _text(
        row.get("title_zh")
    )
    lower = any(mark in title for mark in _LOWER_BOUND_MARKS)
    for mark in _LOWER_BOUND_MARKS:
        title = title.replace(mark, "").strip()
    return title, lower


def _indicator(fid: str, row: pd.Series, lang: str) -> Figure:
    title, lower = _title(row, lang)
    unit = _text(row.get("unit_en" if lang == "en" else "unit_zh")) or _text(
        row.get("unit_zh")
    )
    raw = row.get("value")
    value, unit = format_value(None if raw is None else float(raw), unit, lang)
    if lower and lang == "zh" and unit in ("亿元", "万元"):
        unit = f"{unit[0]}余{unit[1:]}"  # 5亿余元, as the article writes it
    elif lower:
        value = t("figure.lower_bound", lang, value=value)
    return Figure(
        fid,
        title,
        value,
        unit,
        format_period(row.get("period"), lang),
        _text(row.get("source")),
        category=_text(row.get("category")),
    )


def format_value(value: float | None, unit: str, lang: str) -> tuple[str, str]:
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
    >>> format_value(float("nan"), "个", "zh")
    ('–', '个')
    """
    if value is None or math.isnan(value):
        return "–", unit
    if unit == "万元" and value >= 10000:
        return _number(value / 10000), "亿元"
    if unit == "10k yuan" and value >= 100:
        return _number(value / 100), "million yuan"
    return _number(value), unit


def _number(value: float) -> str:
    if math.isclose(value, round(value)):
        return f"{round(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_period(period: object, lang: str) -> str:
    """The period of a figure in words; unknown wordings pass through unchanged.

    Examples
    --------
    >>> format_period("2016–", "zh"), format_period("cumulative", "en")
    ('2016年以来', 'cumulative')
    >>> format_period("2021-11", "zh"), format_period("2019", "zh")
    ('2021年11月', '2019年')
    >>> format_period("last 3 years", "zh"), format_period(None, "en")
    ('近三年', '')
    """
    text = _text(period).strip()
    if not text:
        return ""
    key = "figure.period." + text.replace(" ", "_")
    if key in TEXTS:
        return t(key, lang)
    if match := re.fullmatch(r"(\d{4})\s*[–-]", text):
        return t("figure.period.since", lang, year=match.group(1))
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return t("figure.period.month", lang, year=match.group(1), month=match.group(2))
    if re.fullmatch(r"\d{4}", text):
        return t("figure.period.year", lang, year=text)
    return text
