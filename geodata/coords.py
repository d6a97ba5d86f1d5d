"""Conversions between WGS84, GCJ-02 and BD-09 longitude/latitude.

Chinese web maps do not publish WGS84 coordinates: Amap (高德), Tencent and most
government portals use GCJ-02 ("Mars coordinates", a deliberately obfuscated datum
shifted a few hundred metres from WGS84), and Baidu uses BD-09, a further shift of
GCJ-02. Everything this project stores is WGS84, so data taken from those maps must be
converted on the way in.

The forward GCJ-02 formula is the widely published one built on the Krasovsky 1940
ellipsoid. It has no closed-form inverse, so GCJ-02 -> WGS84 (and BD-09 -> GCJ-02) is
solved by fixed-point iteration to well below 1e-7 degrees instead of the common
single-step approximation, which is off by up to a few metres.

All functions are vectorised: they take scalars or array-likes (broadcast together)
and return NumPy scalars or arrays of the broadcast shape. Points outside mainland
China (the usual bounding-box ``out_of_china`` test) are returned unchanged, because
the obfuscation only applies inside China.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

import shapely

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "CRS_NAMES",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "convert",
    "convert_geometry",
    "convert_geoseries",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "out_of_china",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]

ArrayLike = npt.ArrayLike
LonLat = tuple[Any, Any]
LonLatFunc = Callable[[ArrayLike, ArrayLike], LonLat]

#: Names accepted by :func:`convert` and the geometry helpers.
CRS_NAMES: tuple[str, ...] = ("wgs84", "gcj02", "bd09")

# Krasovsky 1940 semi-major axis and first eccentricity squared, as in the published
# GCJ-02 formula (the obfuscation is defined on this ellipsoid, not on WGS84's).
_A = 6378245.0
_EE = 0.00669342162296594323
# Baidu's constant: pi * 3000 / 180.
_X_PI = np.pi * 3000.0 / 180.0
# Iteration stop: 1e-10 deg is ~0.01 mm, far below any map's accuracy.
_INVERSE_TOL = 1e-10
_INVERSE_MAX_ITER = 30


def _as_float_arrays(lon: ArrayLike, lat: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    lon_a, lat_a = np.broadcast_arrays(
        np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    )
    return lon_a, lat_a


def _unwrap(arr: np.ndarray) -> Any:
    # ``arr[()]`` turns a 0-d array into a NumPy scalar and leaves n-d arrays alone,
    # so scalar input gives scalar output.
    return arr[()]


def out_of_china(lon: ArrayLike, lat: ArrayLike) -> Any:
    """Test whether points lie outside the box where GCJ-02 applies.

    This is the coarse bounding box used by the reference implementations; it is what
    decides whether the offset is applied, so it must match them, not real borders.

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in degrees.

    Returns
    -------
    numpy.bool_ or numpy.ndarray of bool
        True where the point is outside the box.

    Examples
    --------
    >>> bool(out_of_china(122.26, 43.62))
    False
    >>> out_of_china([2.35, 122.26], [48.86, 43.62]).tolist()
    [True, False]
    """
    lon_a, lat_a = _as_float_arrays(lon, lat)
    outside = (
        (lon_a < 72.004) | (lon_a > 137.8347) | (lat_a < 0.8293) | (lat_a > 55.8271)
    )
    return _unwrap(outside)


def _transform_lat(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
    )
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (
        (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0))
        * 2.0
        / 3.0
    )
    return ret


def _transform_lon(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    ret += (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    ret += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    ret += (
        (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi))
        * 2.0
        / 3.0
    )
    return ret


def _gcj_offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the GCJ-02 offset (dlon, dlat) in degrees at WGS84 points, unmasked."""
    dlat = _transform_lat(lon - 105.0, lat - 35.0)
    dlon = _transform_lon(lon - 105.0, lat - 35.0)
    radlat = np.radians(lat)
    magic = 1.0 - _EE * np.sin(radlat) ** 2
    sqrt_magic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * np.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * np.cos(radlat) * np.pi)
    return dlon, dlat


def _wgs_to_gcj_raw(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    dlon, dlat = _gcj_offset(lon, lat)
    return lon + dlon, lat + dlat


def _gcj_to_bd_raw(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def _bd_to_gcj_approx(
    lon: np.ndarray, lat: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    # Baidu's published approximate inverse: a good starting point for iteration.
    x = lon - 0.0065
    y = lat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    return z * np.cos(theta), z * np.sin(theta)


def _invert(
    forward: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    lon: np.ndarray,
    lat: np.ndarray,
    start: tuple[np.ndarray, np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``forward(x) == (lon, lat)`` by fixed-point iteration.

    The forward maps are the identity plus a small, slowly varying shift, so
    ``x <- x - (forward(x) - target)`` contracts quickly (a handful of steps).
    """
    x_lon, x_lat = start
    for _ in range(_INVERSE_MAX_ITER):
        f_lon, f_lat = forward(x_lon, x_lat)
        err_lon, err_lat = f_lon - lon, f_lat - lat
        x_lon, x_lat = x_lon - err_lon, x_lat - err_lat
        # ``> tol`` is False for NaN, so NaN input cannot keep the loop going.
        if not (
            np.any(np.abs(err_lon) > _INVERSE_TOL)
            or np.any(np.abs(err_lat) > _INVERSE_TOL)
        ):
            break
    return x_lon, x_lat


def _masked(
    raw: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    lon: ArrayLike,
    lat: ArrayLike,
) -> LonLat:
    """Apply ``raw`` to the points inside China; copy the others unchanged."""
    lon_a, lat_a = _as_float_arrays(lon, lat)
    out_lon, out_lat = lon_a.copy(), lat_a.copy()
    # NaN compares False everywhere, so NaN points count as inside and stay NaN.
    inside = ~np.asarray(out_of_china(lon_a, lat_a))
    if inside.any():
        out_lon[inside], out_lat[inside] = raw(lon_a[inside], lat_a[inside])
    return _unwrap(out_lon), _unwrap(out_lat)


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert WGS84 longitude/latitude to GCJ-02.

    Parameters
    ----------
    lon, lat : array_like
        WGS84 longitude and latitude in degrees; broadcast together.

    Returns
    -------
    tuple
        ``(lon, lat)`` in GCJ-02: NumPy scalars for scalar input, arrays otherwise.
        Points outside China are returned unchanged.

    Examples
    --------
    >>> lon, lat = wgs84_to_gcj02(116.404, 39.915)
    >>> print(f"{lon:.6f} {lat:.6f}")
    116.410244 39.916404
    >>> wgs84_to_gcj02([2.35], [48.86])[0].tolist()
    [2.35]
    """
    return _masked(_wgs_to_gcj_raw, lon, lat)


def _gcj_to_wgs_raw(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _invert(_wgs_to_gcj_raw, lon, lat, start=(lon, lat))


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert GCJ-02 longitude/latitude to WGS84 by iterative inversion.

    Parameters
    ----------
    lon, lat : array_like
        GCJ-02 longitude and latitude in degrees; broadcast together.

    Returns
    -------
    tuple
        ``(lon, lat)`` in WGS84 such that :func:`wgs84_to_gcj02` maps them back to
        the input within about 1e-10 degrees. Points outside China are unchanged.

    Examples
    --------
    >>> lon, lat = gcj02_to_wgs84(116.41024449916938, 39.91640428150164)
    >>> print(f"{lon:.7f} {lat:.7f}")
    116.4040000 39.9150000
    """
    return _masked(_gcj_to_wgs_raw, lon, lat)


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert GCJ-02 longitude/latitude to Baidu BD-09.

    Parameters
    ----------
    lon, lat : array_like
        GCJ-02 longitude and latitude in degrees; broadcast together.

    Returns
    -------
    tuple
        ``(lon, lat)`` in BD-09. Points outside China are unchanged.

    Examples
    --------
    >>> lon, lat = gcj02_to_bd09(116.404, 39.915)
    >>> print(f"{lon:.6f} {lat:.6f}")
    116.410369 39.921337
    """
    return _masked(_gcj_to_bd_raw, lon, lat)


def _bd_to_gcj_raw(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _invert(_gcj_to_bd_raw, lon, lat, start=_bd_to_gcj_approx(lon, lat))


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert Baidu BD-09 longitude/latitude to GCJ-02.

    Starts from Baidu's published approximate inverse and refines it iteratively so
    that :func:`gcj02_to_bd09` round-trips exactly (to ~1e-10 degrees).

    Parameters
    ----------
    lon, lat : array_like
        BD-09 longitude and latitude in degrees; broadcast together.

    Returns
    -------
    tuple
        ``(lon, lat)`` in GCJ-02. Points outside China are unchanged.

    Examples
    --------
    >>> lon, lat = bd09_to_gcj02(116.404, 39.915)
    >>> print(f"{lon:.6f} {lat:.6f}")
    116.397627 39.908656
    """
    return _masked(_bd_to_gcj_raw, lon, lat)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert WGS84 longitude/latitude to BD-09 (via GCJ-02).

    Parameters
    ----------
    lon, lat : array_like
        WGS84 longitude and latitude in degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in BD-09. Points outside China are unchanged.

    Examples
    --------
    >>> lon, lat = wgs84_to_bd09(116.404, 39.915)
    >>> print(f"{lon:.4f} {lat:.4f}")
    116.4166 39.9227
    """
    return _masked(lambda x, y: _gcj_to_bd_raw(*_wgs_to_gcj_raw(x, y)), lon, lat)


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> LonLat:
    """Convert BD-09 longitude/latitude to WGS84 (via GCJ-02).

    Parameters
    ----------
    lon, lat : array_like
        BD-09 longitude and latitude in degrees.

    Returns
    -------
    tuple
        ``(lon, lat)`` in WGS84. Points outside China are unchanged.

    Examples
    --------
    >>> lon, lat = bd09_to_wgs84(*wgs84_to_bd09(122.26, 43.62))
    >>> print(f"{lon:.7f} {lat:.7f}")
    122.2600000 43.6200000
    """
    return _masked(lambda x, y: _gcj_to_wgs_raw(*_bd_to_gcj_raw(x, y)), lon, lat)


_CONVERTERS: dict[tuple[str, str], LonLatFunc] = {
    ("wgs84", "gcj02"): wgs84_to_gcj02,
    ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09,
    ("bd09", "gcj02"): bd09_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09,
    ("bd09", "wgs84"): bd09_to_wgs84,
}


def _converter(src: str, dst: str) -> LonLatFunc:
    src, dst = src.lower(), dst.lower()
    for name in (src, dst):
        if name not in CRS_NAMES:
            raise ValueError(
                f"Unknown coordinate system {name!r}; use one of {CRS_NAMES}"
            )
    if src == dst:
        return lambda lon, lat: _masked(lambda x, y: (x, y), lon, lat)
    return _CONVERTERS[(src, dst)]


def convert(lon: ArrayLike, lat: ArrayLike, src: str, dst: str) -> LonLat:
    """Convert longitude/latitude between any two of ``wgs84``, ``gcj02``, ``bd09``.

    Parameters
    ----------
    lon, lat : array_like
        Longitude and latitude in degrees in ``src``.
    src, dst : str
        Source and target system names, one of :data:`CRS_NAMES` (case-insensitive).

    Returns
    -------
    tuple
        ``(lon, lat)`` in ``dst``.

    Raises
    ------
    ValueError
        If a system name is unknown.

    Examples
    --------
    >>> lon, lat = convert([116.404, 2.35], [39.915, 48.86], "wgs84", "gcj02")
    >>> lon.round(6).tolist()
    [116.410244, 2.35]
    """
    return _converter(src, dst)(lon, lat)


def _coords_func(src: str, dst: str) -> Callable[[np.ndarray], np.ndarray]:
    func = _converter(src, dst)

    def apply(coords: np.ndarray) -> np.ndarray:
        out = coords.copy()
        # Only x/y move; a z column (if any) passes through untouched.
        out[:, 0], out[:, 1] = func(coords[:, 0], coords[:, 1])
        return out

    return apply


def convert_geometry(geometry: Any, src: str, dst: str) -> Any:
    """Convert every vertex of a shapely geometry (or array of them).

    Parameters
    ----------
    geometry : shapely.Geometry or array_like of shapely.Geometry
        Geometries with longitude/latitude coordinates in ``src``.
    src, dst : str
        Source and target system names, one of :data:`CRS_NAMES`.

    Returns
    -------
    shapely.Geometry or numpy.ndarray
        Same type and structure as the input, coordinates in ``dst``; Z values are
        kept as they are.

    Examples
    --------
    >>> from shapely import Point
    >>> p = convert_geometry(Point(116.404, 39.915), "wgs84", "gcj02")
    >>> print(f"{p.x:.6f} {p.y:.6f}")
    116.410244 39.916404
    """
    return shapely.transform(geometry, _coords_func(src, dst), include_z=None)


def convert_geoseries(series: gpd.GeoSeries, src: str, dst: str) -> gpd.GeoSeries:
    """Convert a GeoSeries (or a GeoDataFrame's geometry) between systems.

    The CRS stays EPSG:4326-like longitude/latitude: GCJ-02 and BD-09 have no EPSG
    code, so callers track which system the numbers are in.

    Parameters
    ----------
    series : geopandas.GeoSeries
        Geometries with longitude/latitude coordinates in ``src``.
    src, dst : str
        Source and target system names, one of :data:`CRS_NAMES`.

    Returns
    -------
    geopandas.GeoSeries
        A new series with the same index and CRS.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely import Point
    >>> s = gpd.GeoSeries([Point(116.404, 39.915)], crs="EPSG:4326")
    >>> out = convert_geoseries(s, "wgs84", "gcj02")
    >>> round(out.iloc[0].x, 6), out.crs.to_epsg()
    (116.410244, 4326)
    """
    import geopandas as gpd  # deferred: the scalar API must not need geopandas

    converted = convert_geometry(np.asarray(series.values, dtype=object), src, dst)
    return gpd.GeoSeries(
        converted, index=series.index, crs=series.crs, name=series.name
    )
