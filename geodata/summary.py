"""What a map view shows: layers filtered in memory, and counts per layer and banner.

The dashboard reads each layer once (cached per store version) and filters in memory
on every interaction, which is much faster than a store query per rerun. The
semantics match the store's SQL filter (:class:`~geodata.storage.base.LayerQuery`):
empty members mean "no filter", the year range is inclusive and features without a
year drop out of it, names match case-insensitively.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

import geopandas as gpd

from geodata.catalog import BANNER_NAMES
from geodata.i18n import banner_label, layer_title, t
from geodata.storage.base import LayerQuery
from geodata.view import MapView


def filter_frame(frame: gpd.GeoDataFrame, query: LayerQuery) -> gpd.GeoDataFrame:
    """Rows of ``frame`` that match ``query`` (same rules as the store's query).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame({"name": ["双拥路", "Park"],
    ...                       "banner": ["奈曼旗", "库伦旗"],
    ...                       "year": [2020, None]},
    ...                      geometry=[shapely.Point(0, 0)] * 2, crs=4326)
    >>> filter_frame(g, LayerQuery(banners=("奈曼旗",))).name.tolist()
    ['双拥路']
    >>> filter_frame(g, LayerQuery(name_contains="park")).name.tolist()
    ['Park']
    >>> len(filter_frame(g, LayerQuery(year_range=(2019, 2021))))
    1
    """
    if query.is_empty or frame.empty:
        return frame
    keep = np.ones(len(frame), dtype=bool)
    for column, values in (
        ("banner", query.banners),
        ("status", query.statuses),
        ("unit", query.units),
    ):
        if values:
            keep &= _column(frame, column).isin(values).to_numpy()
    if query.year_range is not None:
        years = pd.to_numeric(_column(frame, "year"), errors="coerce")
        low, high = query.year_range
        keep &= years.between(low, high).fillna(False).to_numpy(dtype=bool)
    if query.name_contains:
        names = _column(frame, "name").astype("string").str.lower()
        hit = names.str.contains(query.name_contains.lower(), regex=False)
        keep &= hit.fillna(False).to_numpy(dtype=bool)
    if query.bbox is not None:
        lon_min, lat_min, lon_max, lat_max = query.bbox
        bounds = frame.geometry.bounds
        keep &= (
            (bounds.minx <= lon_max)
            & (bounds.maxx >= lon_min)
            & (bounds.miny <= lat_max)
            & (bounds.maxy >= lat_min)
        ).to_numpy()
    return frame[keep]


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def apply_view(
    view: MapView, frames: Mapping[str, gpd.GeoDataFrame]
) -> dict[str, gpd.GeoDataFrame]:
    """The layers of ``view`` (in view order) with its filters applied.

    Layers missing from ``frames`` are skipped; reference layers (boundaries) are
    never filtered, as in :meth:`MapView.query`.
    """
    return {
        layer_id: filter_frame(frames[layer_id], view.query(layer_id))
        for layer_id in view.layers
        if layer_id in frames
    }


def counts_by_layer(shown: Mapping[str, gpd.GeoDataFrame], lang: str) -> pd.DataFrame:
    """One row per layer: its title and how many features the view shows."""
    return pd.DataFrame(
        {
            t("common.layer", lang): [layer_title(lid, lang) for lid in shown],
            t("common.features", lang): [len(frame) for frame in shown.values()],
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
    unassigned = t("map.counts.unassigned", lang)
    labels = [banner_label(b, lang) for b in BANNER_NAMES]
    table = pd.DataFrame(index=[*labels, unassigned])
    for layer_id, frame in shown.items():
        if layer_id in skip:
            continue
        # Count the stored names (fast on 100k rows), then label the eight rows.
        counts = _column(frame, "banner").value_counts()
        per_banner = [int(counts.get(b, 0)) for b in BANNER_NAMES]
        table[layer_title(layer_id, lang)] = [*per_banner, len(frame) - sum(per_banner)]
    table = table.fillna(0).astype(int)
    if unassigned in table.index and not table.loc[unassigned].any():
        table = table.drop(index=unassigned)
    table.index.name = t("map.counts.banner", lang)
    return table
