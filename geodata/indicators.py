"""Headline figures: rows of the ``indicators`` table, formatted per language.

Each figure keeps the sentence it comes from (``source``), shown beside the number so
a reader can check it. No streamlit here; :mod:`geodata.ui.figures` draws the cards.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from geodata.i18n import TEXTS, t
from geodata.storage.base import Store

#: Figures the planner map shows as cards, in order (the rest are in the table).
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
    """One headline figure, ready to show in one language."""

    id: str
    title: str
    value: str
    unit: str
    period: str
    category: str
    source: str

    @property
    def value_with_unit(self) -> str:
        """Value and unit as one string (``"231 期"``, ``"231 issues"``)."""
        return f"{self.value} {self.unit}".strip()


def format_value(value: float | None) -> str:
    """A number as people write it: whole numbers without decimals, thousands split.

    Examples
    --------
    >>> format_value(231.0), format_value(12500), format_value(3.25), format_value(None)
    ('231', '12,500', '3.25', '–')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def format_period(period: str | None, lang: str) -> str:
    """The period of a figure in ``lang``; unknown wordings pass through unchanged.

    Examples
    --------
    >>> format_period("cumulative", "zh"), format_period("2016–", "en")
    ('累计', 'since 2016')
    >>> format_period("2021-11", "zh"), format_period("2019", "zh")
    ('2021年11月', '2019年')
    """
    if period is None or (isinstance(period, float) and math.isnan(period)):
        return ""
    period = str(period).strip()
    key = f"period.{period}"
    if key in TEXTS:
        return t(key, lang)
    if match := re.fullmatch(r"(\d{4})\s*[–-]", period):
        return t("period.since", lang, year=match.group(1))
    if match := re.fullmatch(r"(\d{4})-(\d{1,2})", period):
        return t("period.month", lang, year=match.group(1), month=match.group(2))
    if re.fullmatch(r"\d{4}", period):
        return t("period.year", lang, year=period)
    return period


def _text(value: object) -> str:
    return (
        ""
        if value is None or (isinstance(value, float) and math.isnan(value))
        else str(value)
    )


def figures_from_table(
    table: pd.DataFrame, lang: str, ids: Iterable[str] | None = None
) -> list[Figure]:
    """Figures of ``table`` (the ``indicators`` table) in ``lang``.

    ``ids`` picks and orders figures (unknown ids are skipped); all rows otherwise.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame([{"id": "x", "title_zh": "简报", "title_en": "Bulletins",
    ...     "value": 231.0, "unit_zh": "期", "unit_en": "issues",
    ...     "period": "cumulative", "category": "publicity",
    ...     "source": "共编印231期。"}])
    >>> figures_from_table(table, "en")[0].value_with_unit
    '231 issues'
    """
    if ids is not None:
        order = [i for i in ids if i in set(table["id"])]
        table = table.set_index("id", drop=False).loc[order]
    suffix = "en" if lang == "en" else "zh"
    return [
        Figure(
            id=_text(row["id"]),
            title=_text(row[f"title_{suffix}"]) or _text(row["title_zh"]),
            value=format_value(row["value"]),
            unit=_text(row[f"unit_{suffix}"]) or _text(row["unit_zh"]),
            period=format_period(row["period"], lang),
            category=_text(row["category"]),
            source=_text(row["source"]),
        )
        for _, row in table.iterrows()
    ]


def headline_figures(
    store: Store, lang: str, ids: Iterable[str] | None = None
) -> list[Figure]:
    """Headline figures from the store's ``indicators`` table, in ``lang``."""
    return figures_from_table(store.read_indicators(), lang, ids)
