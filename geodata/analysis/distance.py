"""Nearest facility per place, and distance bands (straight lines, in metres).

Distances are between the shapes themselves in :data:`ANALYSIS_CRS` (0 when a
place touches or contains its facility), so a village drawn as an area is as near
as its nearest edge. Roads are not modelled: there is no road network offline.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.analysis.projection import to_metres

#: Distance bands as multiples of the radius: up to half, up to the radius, up to
#: twice the radius, beyond; the last band is "no facility at all".
BAND_EDGES: tuple[float, ...] = (0.5, 1.0, 2.0)
BANDS: tuple[str, ...] = ("half", "within", "double", "beyond", "none")


def nearest_positions(
    places: np.ndarray, facilities: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Position of each place's nearest facility (-1 for none) and its distance.

    Both arrays hold shapely geometries in metres (see
    :func:`~geodata.analysis.projection.to_metres`); missing or empty places get
    -1 and NaN. Ties go to the facility that comes first.

    Examples
    --------
    >>> import shapely
    >>> pos, dist = nearest_positions(
    ...     shapely.points([[0, 0], [10, 0], [50, 0]]),
    ...     shapely.points([[3, 4], [50, 0]]))
    >>> pos.tolist(), dist.tolist()
    ([0, 0, 1], [5.0, 8.06225774829855, 0.0])
    >>> nearest_positions(shapely.points([[0, 0]]), shapely.points(np.empty((0, 2))))
    (array([-1]), array([nan]))
    """
    position = np.full(len(places), -1, dtype=np.int64)
    distance = np.full(len(places), np.nan)
    usable = ~(shapely.is_missing(places) | shapely.is_empty(places))
    if len(facilities) == 0 or not usable.any():
        return position, distance
    tree = shapely.STRtree(facilities)
    (hit, found), metres = tree.query_nearest(
        places[usable], return_distance=True, all_matches=False
    )
    rows = np.flatnonzero(usable)[hit]
    position[rows] = found
    distance[rows] = metres
    return position, distance


def nearest(places: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> pd.DataFrame:
    """For every place, its nearest facility and the straight-line distance to it.

    Parameters
    ----------
    places, facilities : GeoDataFrame
        Features in EPSG:4326 (any geometry type).

    Returns
    -------
    DataFrame
        Indexed like ``places``: ``facility`` (the index label of the nearest row
        of ``facilities``, ``<NA>`` when there is none) and ``distance_m``.

    Examples
    --------
    Two villages 10 km and 30 km due north of a school (geodesic metres from
    ``pyproj.Geod``), measured in the analysis projection:

    >>> import geopandas as gpd, shapely
    >>> school = gpd.GeoDataFrame({"name": ["school"]},
    ...     geometry=[shapely.Point(122.26, 43.62)], crs=4326)
    >>> villages = gpd.GeoDataFrame(geometry=[shapely.Point(122.26, 43.710004),
    ...     shapely.Point(122.26, 43.890009)], crs=4326)
    >>> out = nearest(villages, school)
    >>> out.facility.tolist(), out.distance_m.round().tolist()
    ([0, 0], [10000.0, 30000.0])
    """
    position, distance = nearest_positions(to_metres(places), to_metres(facilities))
    labels = pd.array([pd.NA] * len(places), dtype=object)
    found = position >= 0
    labels[found] = facilities.index.to_numpy()[position[found]]
    return pd.DataFrame(
        {"facility": labels, "distance_m": distance}, index=places.index
    )


def distance_band(distance_m: np.ndarray, radius_m: float) -> np.ndarray:
    """The band of each distance: 0 (≤ r/2), 1 (≤ r), 2 (≤ 2r), 3 (beyond), 4 (none).

    Examples
    --------
    >>> distance_band(np.array([0, 10_000, 10_001, 20_000, 40_000, 40_001, np.nan]),
    ...               20_000).tolist()
    [0, 0, 1, 1, 2, 3, 4]
    """
    edges = np.asarray(BAND_EDGES) * radius_m
    band = np.searchsorted(edges, np.asarray(distance_m, dtype=float), side="left")
    return np.where(np.isnan(distance_m), len(BANDS) - 1, band)
