"""Coverage: which places lie within a radius of a facility, and what area does not.

Every function takes features in EPSG:4326 and returns new frames; distances are
straight lines in metres and areas km² in the equal-area
:data:`~geodata.analysis.projection.ANALYSIS_CRS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.analysis.distance import distance_band, nearest_of
from geodata.analysis.projection import from_metres, to_metres

#: Columns :func:`coverage` adds to the places.
COVERAGE_COLUMNS: tuple[str, ...] = (
    "nearest_facility",
    "distance_m",
    "covered",
    "band",
)
#: Per-banner coverage measures (:func:`by_banner` and :func:`uncovered_area`).
BANNER_MEASURES: tuple[str, ...] = (
    "places",
    "covered",
    "covered_share",
    "uncovered_km2",
    "uncovered_share",
)
#: Segments per quarter circle of a buffer: a 128-gon, 0.04 % short of the circle.
QUAD_SEGS = 32
#: Uncovered areas are simplified to this many metres for drawing.
_DRAW_TOLERANCE_M = 50.0


@dataclass(frozen=True)
class CoverageSummary:
    """How many places are covered, and how far the rest are."""

    places: int
    covered: int
    median_m: float
    max_m: float

    @property
    def share(self) -> float:
        """Covered places as a fraction (0 without places)."""
        return self.covered / self.places if self.places else 0.0


def coverage(
    places: gpd.GeoDataFrame,
    facilities: gpd.GeoDataFrame,
    radius_m: float,
    *,
    label: str = "name",
    places_m: np.ndarray | None = None,
) -> gpd.GeoDataFrame:
    """The places with their nearest facility, its distance and whether it covers them.

    Parameters
    ----------
    places, facilities : GeoDataFrame
        Features in EPSG:4326.
    radius_m : float
        A place is covered when a facility lies within this many metres.
    label : str
        Column of ``facilities`` that names the nearest one (its index without it).
    places_m : array, optional
        ``to_metres(places)`` when the caller has it already (saves projecting).

    Returns
    -------
    GeoDataFrame
        A copy of ``places`` with ``nearest_facility``, ``distance_m`` (NaN when
        there is no facility), ``covered`` and ``band`` (see
        :func:`~geodata.analysis.distance.distance_band`).

    Examples
    --------
    Villages 19.9 km and 20.1 km due north of a school, radius 20 km:

    >>> import geopandas as gpd, shapely
    >>> school = gpd.GeoDataFrame({"name": ["甲校"]},
    ...     geometry=[shapely.Point(122.26, 43.62)], crs=4326)
    >>> villages = gpd.GeoDataFrame({"name": ["near", "far"]},
    ...     geometry=[shapely.Point(122.26, 43.799107),
    ...               shapely.Point(122.26, 43.800907)], crs=4326)
    >>> out = coverage(villages, school, 20_000)
    >>> out[["nearest_facility", "covered", "band"]].values.tolist()
    [['甲校', True, 1], ['甲校', False, 2]]
    >>> out.distance_m.round().tolist()
    [19900.0, 20100.0]
    """
    position, distance = nearest_of(places, facilities, places_m)
    names = (
        facilities[label].to_numpy(dtype=object)
        if label in facilities
        else facilities.index.to_numpy(dtype=object)
    )
    found = position >= 0
    nearest_name = np.full(len(places), None, dtype=object)
    nearest_name[found] = names[position[found]]
    out = places.copy()
    out["nearest_facility"] = nearest_name
    out["distance_m"] = distance
    out["covered"] = found & (np.nan_to_num(distance, nan=np.inf) <= radius_m)
    out["band"] = distance_band(distance, radius_m)
    return out


def summarize(covered: pd.DataFrame) -> CoverageSummary:
    """Counts and distances of a frame :func:`coverage` returned.

    Examples
    --------
    >>> import pandas as pd
    >>> s = summarize(pd.DataFrame({"covered": [True, False, False],
    ...                             "distance_m": [1000.0, 30000.0, 50000.0]}))
    >>> s.covered, s.places, round(s.share, 3), s.median_m, s.max_m
    (1, 3, 0.333, 30000.0, 50000.0)
    >>> summarize(pd.DataFrame({"covered": [], "distance_m": []})).share
    0.0
    """
    distance = pd.to_numeric(covered["distance_m"], errors="coerce").dropna()
    return CoverageSummary(
        places=len(covered),
        covered=int(covered["covered"].sum()),
        median_m=float(distance.median()) if len(distance) else math.nan,
        max_m=float(distance.max()) if len(distance) else math.nan,
    )


def by_banner(covered: pd.DataFrame, banners: tuple[str, ...]) -> pd.DataFrame:
    """Places and covered places per banner (by the places' ``banner`` field).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"banner": ["奈曼旗", "奈曼旗", "库伦旗"],
    ...                   "covered": [True, False, False]})
    >>> by_banner(f, ("奈曼旗", "库伦旗", "开鲁县")).to_dict("index")["奈曼旗"]
    {'places': 2, 'covered': 1, 'covered_share': 0.5}
    """
    groups = covered.groupby("banner")["covered"] if len(covered) else None
    places = groups.size() if groups is not None else pd.Series(dtype=int)
    hits = groups.sum() if groups is not None else pd.Series(dtype=int)
    out = pd.DataFrame(index=pd.Index(banners, name="banner"))
    out["places"] = places.reindex(out.index, fill_value=0).astype(int)
    out["covered"] = hits.reindex(out.index, fill_value=0).astype(int)
    share = out["covered"] / out["places"].where(out["places"] > 0)
    out["covered_share"] = share.astype(float)
    return out


def reach(facilities: gpd.GeoDataFrame, radius_m: float) -> shapely.Geometry:
    """The area within ``radius_m`` of any facility, in metres (empty without any).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> f = gpd.GeoDataFrame(geometry=[shapely.Point(121.485, 43.95)], crs=4326)
    >>> round(reach(f, 1000).area / (math.pi * 1000**2), 4)
    0.9996
    """
    geoms = to_metres(facilities)
    geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
    if len(geoms) == 0:
        return shapely.Polygon()
    return shapely.union_all(shapely.buffer(geoms, radius_m, quad_segs=QUAD_SEGS))


def uncovered_area(
    areas: gpd.GeoDataFrame,
    facilities: gpd.GeoDataFrame,
    radius_m: float,
    *,
    key: str = "banner",
) -> gpd.GeoDataFrame:
    """Per area (banner): its area, the part farther than ``radius_m`` from a facility.

    Parameters
    ----------
    areas : GeoDataFrame
        Polygons in EPSG:4326 with a ``key`` column (the admin areas' banners).
    facilities : GeoDataFrame
        Facilities in EPSG:4326; those outside an area cover it too.
    radius_m : float
        Radius of each facility's reach.

    Returns
    -------
    GeoDataFrame
        One row per area: ``key``, ``area_km2``, ``uncovered_km2``,
        ``uncovered_share`` and the uncovered part as geometry (EPSG:4326,
        simplified to about 50 m for drawing; the areas are computed unsimplified).

    Examples
    --------
    A 100 km square with one facility at its centre, radius 20 km: uncovered is
    10,000 − π·20² = 8,743.4 km² (8,743.9 with the 128-gon buffer).

    >>> import geopandas as gpd, shapely
    >>> from geodata.analysis.projection import ANALYSIS_CRS
    >>> square = gpd.GeoDataFrame({"banner": ["甲"]},
    ...     geometry=[shapely.box(-50e3, -50e3, 50e3, 50e3)], crs=ANALYSIS_CRS)
    >>> centre = gpd.GeoDataFrame(geometry=[shapely.Point(0, 0)], crs=ANALYSIS_CRS)
    >>> out = uncovered_area(square.to_crs(4326), centre.to_crs(4326), 20_000)
    >>> round(float(out.area_km2[0])), round(float(out.uncovered_km2[0]), 1)
    (10000, 8743.9)
    """
    polygons = to_metres(areas)
    covered = reach(facilities, radius_m)
    left = shapely.difference(polygons, covered)
    area = shapely.area(polygons) / 1e6
    uncovered = shapely.area(left) / 1e6
    drawn = shapely.simplify(left, _DRAW_TOLERANCE_M)
    share = np.divide(uncovered, area, out=np.zeros_like(area), where=area > 0)
    return gpd.GeoDataFrame(
        {
            key: areas[key].to_numpy(),
            "area_km2": area,
            "uncovered_km2": uncovered,
            "uncovered_share": share,
        },
        geometry=from_metres(drawn).values,
        crs=4326,
    )
