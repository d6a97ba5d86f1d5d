"""The metric frame of every analysis: an equal-area projection centred on Tongliao.

Distances and areas are computed in :data:`ANALYSIS_CRS`, a Lambert azimuthal
equal-area projection centred on the middle of the city's bounding box
(43.95°N, 121.485°E) on the WGS 84 datum the store keeps (CGCS2000 differs from it
by centimetres). Why this one:

- areas are exact, so uncovered areas in km² are true areas;
- straight-line distances anywhere in the city are within 0.03 % of the geodesic
  (6 m in 20 km; ``tests/analysis`` checks it against ``pyproj.Geod``). A single
  CGCS2000 Gauss-Krüger zone does worse: the city spans 119.25°–123.72°E, across
  the 3° zones of 120°E and 123°E, and the 120°E zone is 0.13 % off at the
  eastern edge.
"""

from __future__ import annotations

import functools

import numpy as np

import geopandas as gpd
import shapely
from pyproj import Transformer
from pyproj.crs import GeographicCRS, ProjectedCRS
from pyproj.crs.coordinate_operation import LambertAzimuthalEqualAreaConversion

from geodata.catalog import CITY_BOUNDS

#: Centre of the projection (lon, lat): the middle of the city's bounding box.
CENTRE: tuple[float, float] = (
    (CITY_BOUNDS[0] + CITY_BOUNDS[2]) / 2,
    (CITY_BOUNDS[1] + CITY_BOUNDS[3]) / 2,
)
ANALYSIS_CRS = ProjectedCRS(
    conversion=LambertAzimuthalEqualAreaConversion(CENTRE[1], CENTRE[0]),
    geodetic_crs=GeographicCRS(datum="WGS84"),
    name="Tongliao equal-area (LAEA 43.95N 121.485E, WGS 84)",
)
#: Largest relative error of a straight-line distance inside the city.
MAX_DISTANCE_ERROR = 0.0003


def to_metres(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> np.ndarray:
    """The geometries of ``frame`` in :data:`ANALYSIS_CRS`, as a shapely array.

    A frame without a CRS is taken to be in EPSG:4326, as the store's are.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoSeries([shapely.Point(121.485, 43.95)], crs=4326)
    >>> [round(v, 6) for v in to_metres(g)[0].coords[0]]
    [0.0, 0.0]
    """
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geoms.crs is None:
        geoms = geoms.set_crs(4326)
    return np.asarray(geoms.to_crs(ANALYSIS_CRS).values, dtype=object)


def from_metres(geoms: np.ndarray) -> gpd.GeoSeries:
    """Geometries in :data:`ANALYSIS_CRS` back in EPSG:4326 (for maps and exports)."""
    return gpd.GeoSeries(geoms, crs=ANALYSIS_CRS).to_crs(4326)


@functools.cache
def _to_analysis() -> Transformer:
    return Transformer.from_crs(4326, ANALYSIS_CRS, always_xy=True)


def point_xy(frame: gpd.GeoDataFrame | gpd.GeoSeries) -> tuple[np.ndarray, ...] | None:
    """``(x, y)`` in metres when ``frame`` holds only points in EPSG:4326, else None.

    The fast path for point layers: coordinates are projected as numbers, with no
    geometry built. Empty points give NaN.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoSeries([shapely.Point(121.485, 43.95)], crs=4326)
    >>> [v.round(6).tolist() for v in point_xy(g)]
    [[0.0], [0.0]]
    >>> point_xy(gpd.GeoSeries([shapely.box(0, 0, 1, 1)], crs=4326)) is None
    True
    """
    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    if geoms.crs is not None and not geoms.crs.equals(4326):
        return None
    values = np.asarray(geoms.values, dtype=object)
    if not (shapely.get_type_id(values) == 0).all():
        return None
    return _to_analysis().transform(shapely.get_x(values), shapely.get_y(values))
