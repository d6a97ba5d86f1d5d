"""Counts beside the map: features per layer and per banner, in one language."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

import geopandas as gpd

from geodata.catalog import BANNER_NAMES
from geodata.i18n import banner_label, layer_title, t


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def counts_by_layer(shown: Mapping[str, gpd.GeoDataFrame], lang: str) -> pd.DataFrame:
    """One row per layer: its title and how many features the frames hold."""
    return layer_count_table({lid: len(frame) for lid, frame in shown.items()}, lang)


def layer_count_table(totals: Mapping[str, int], lang: str) -> pd.DataFrame:
    """One row per layer: its title and its count (from the store or from frames)."""
    return pd.DataFrame(
        {
            t("common.layer", lang): [layer_title(lid, lang) for lid in totals],
            t("common.features", lang): [int(n) for n in totals.values()],
        }
    )


def counts_by_banner(
    shown: Mapping[str, gpd.GeoDataFrame],
    lang: str,
    skip: tuple[str, ...] = ("admin_areas",),
) -> pd.DataFrame:
    """Features per banner (rows, all eight in catalog order) and layer (columns).

    Reference layers in ``skip`` are left out: every banner has one boundary.
    Features without a banner are counted in an "unassigned" row when there are any.
    """
    per_banner = {
        layer_id: dict(_column(frame, "banner").value_counts(dropna=False).items())
        for layer_id, frame in shown.items()
        if layer_id not in skip
    }
    return banner_count_table(per_banner, lang)


def banner_count_table(
    per_banner: Mapping[str, Mapping[object, int]], lang: str
) -> pd.DataFrame:
    """Banner rows by layer columns from ``{layer: {banner or None: n}}``.

    Any value that is not one of the eight banners (missing included) is counted
    in an "unassigned" row, shown only when it is not zero.
    """
    unassigned = t("map.counts.unassigned", lang)
    labels = [banner_label(b, lang) for b in BANNER_NAMES]
    table = pd.DataFrame(index=[*labels, unassigned])
    for layer_id, counts in per_banner.items():
        known = [int(counts.get(b, 0)) for b in BANNER_NAMES]
        total = sum(int(n) for n in counts.values())
        table[layer_title(layer_id, lang)] = [*known, total - sum(known)]
    table = table.fillna(0).astype(int)
    if unassigned in table.index and not table.loc[unassigned].any():
        table = table.drop(index=unassigned)
    table.index.name = t("map.counts.banner", lang)
    return table
