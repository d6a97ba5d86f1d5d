"""Counts beside the map: features per layer and per banner, in one language.

Boundary layers (``REFERENCE_LAYERS``) are never counted: every banner has one
boundary, so counting them would make a search that matches nothing say "8".
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

import geopandas as gpd

from geodata.catalog import BANNER_NAMES, get_layer
from geodata.i18n import banner_label, layer_title, t
from geodata.view import REFERENCE_LAYERS


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _counted(shown: Mapping[str, gpd.GeoDataFrame]) -> dict[str, gpd.GeoDataFrame]:
    return {lid: f for lid, f in shown.items() if lid not in REFERENCE_LAYERS}


def total(shown: Mapping[str, gpd.GeoDataFrame]) -> int:
    """How many features the view shows, boundaries not counted."""
    return sum(len(f) for f in _counted(shown).values())


def counts_by_layer(shown: Mapping[str, gpd.GeoDataFrame], lang: str) -> pd.DataFrame:
    """One row per layer shown (boundaries left out): its title and its count."""
    counted = _counted(shown)
    return pd.DataFrame(
        {
            t("common.layer", lang): [layer_title(lid, lang) for lid in counted],
            t("common.features", lang): [len(frame) for frame in counted.values()],
        }
    )


def counts_by_banner(shown: Mapping[str, gpd.GeoDataFrame], lang: str) -> pd.DataFrame:
    """Features per banner (rows, all eight in catalog order) and layer (columns).

    Features without a banner are counted in an "unassigned" row when there are any.
    """
    unassigned = t("map.counts.unassigned", lang)
    labels = [banner_label(b, lang) for b in BANNER_NAMES]
    table = pd.DataFrame(index=[*labels, unassigned])
    for layer_id, frame in _counted(shown).items():
        # Count the stored names (fast on 100k rows), then label the eight rows.
        counts = _column(frame, "banner").value_counts()
        per_banner = [int(counts.get(b, 0)) for b in BANNER_NAMES]
        table[layer_title(layer_id, lang)] = [*per_banner, len(frame) - sum(per_banner)]
    table = table.fillna(0).astype(int)
    if unassigned in table.index and not table.loc[unassigned].any():
        table = table.drop(index=unassigned)
    table.index.name = t("map.counts.banner", lang)
    return table


def chart_rows(shown: Mapping[str, gpd.GeoDataFrame], lang: str) -> pd.DataFrame:
    """Long rows (banner, layer, count, colour) for the by-banner chart.

    Every banner has a row for every layer shown, zero included, so the chart
    labels all eight; colours are the layers' map colours.
    """
    table = counts_by_banner(shown, lang)
    colors = {
        layer_title(lid, lang): get_layer(lid).style.color for lid in _counted(shown)
    }
    rows = table.reset_index().melt(
        id_vars=table.index.name, var_name="layer", value_name="count"
    )
    rows = rows.rename(columns={table.index.name: "banner"})
    rows["color"] = rows["layer"].map(colors)
    return rows


def banner_summary(
    shown: Mapping[str, gpd.GeoDataFrame], banner: str, lang: str
) -> pd.DataFrame:
    """A banner's figures under the current filter: per layer, count and built.

    ``built`` is "n / m" for layers that record a status, else empty.
    """
    rows = []
    for layer_id, frame in _counted(shown).items():
        inside = frame[_column(frame, "banner") == banner]
        status = _column(inside, "status")
        built = (
            f"{int((status == 'built').sum())} / {len(inside)}"
            if status.notna().any()
            else ""
        )
        rows.append((layer_title(layer_id, lang), len(inside), built))
    return pd.DataFrame(
        rows,
        columns=[
            t("common.layer", lang),
            t("common.features", lang),
            t("map.counts.built", lang),
        ],
    )
