"""What a layer query means: :class:`LayerQuery` and its reference implementation.

Callers ask the store (:func:`geodata.storage.base.read_view`); every backend answers
``read_layer(layer, query)`` and ``count(layer, query)`` with exactly the rows
:func:`filter_frame` keeps from the whole layer; the contract tests in
``tests/storage`` hold each backend to it. The rules:

- an empty member means "no filter" on that field;
- ``banners``, ``statuses`` and ``units`` keep rows whose value is one of those given;
  the status ``"other"`` (``STATUS_OTHER``) keeps every status outside the list
  (values a steward kept as given at upload);
- ``year_range`` is inclusive; a feature without a year is kept unless
  ``keep_undated`` is false (a planner asking for 2018-2020 still sees the places
  whose year nobody recorded, unless they say otherwise);
- ``name_contains`` matches case-insensitively anywhere inside ``name``;
- ``bbox`` keeps features whose bounding box touches it (EPSG:4326).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geodata.catalog import STATUS_OTHER, STATUSES

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True)
class LayerQuery:
    """Filters for reading a layer; empty members mean "no filter".

    ``bbox`` is ``(lon_min, lat_min, lon_max, lat_max)`` in EPSG:4326.
    ``name_contains`` matches case-insensitively inside ``name``.
    ``keep_undated`` only matters with a ``year_range``: whether features with no
    year stay in.
    """

    banners: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    year_range: tuple[int, int] | None = None
    units: tuple[str, ...] = ()
    name_contains: str = ""
    bbox: tuple[float, float, float, float] | None = None
    keep_undated: bool = True

    @property
    def is_empty(self) -> bool:
        """True when the query filters nothing."""
        return replace(self, keep_undated=True) == LayerQuery()


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
    2
    >>> len(filter_frame(g, LayerQuery(year_range=(2019, 2021), keep_undated=False)))
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
            keep &= _one_of(_column(frame, column), column, values).to_numpy()
    if query.year_range is not None:
        years = pd.to_numeric(_column(frame, "year"), errors="coerce")
        low, high = query.year_range
        inside = years.between(low, high).fillna(False).to_numpy(dtype=bool)
        if query.keep_undated:
            inside = inside | years.isna().to_numpy()
        keep &= inside
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


def _one_of(series: pd.Series, column: str, values: tuple[str, ...]) -> pd.Series:
    """Rows whose value is in ``values``; a status of "other" is any unlisted one.

    Examples
    --------
    >>> s = pd.Series(["built", "烂尾", None, "planned"])
    >>> _one_of(s, "status", ("built", "other")).tolist()
    [True, True, False, False]
    """
    hit = series.isin(values)
    if column == "status" and STATUS_OTHER in values:
        hit |= series.notna() & ~series.isin(STATUSES)
    return hit.fillna(False).astype(bool)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)
