"""Tests of geodata.coords: reference values, round trips, masking, vectorisation."""

from __future__ import annotations

import numpy as np
import pytest

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon

from geodata import coords

# Published results of wandergis/coordtransform (test/app.js), the reference
# implementation most Chinese GIS code copies, for the input (116.404, 39.915) next to
# Tiananmen. Its GCJ->WGS and BD->GCJ are the single-step approximations; ours iterate,
# so those two are compared loosely and checked for being the better inverse.
REF_INPUT = (116.404, 39.915)
REF_WGS84_TO_GCJ02 = (116.41024449916938, 39.91640428150164)
REF_GCJ02_TO_BD09 = (116.41036949371029, 39.92133699351021)
REF_BD09_TO_GCJ02_APPROX = (116.39762729119315, 39.90865673957631)
REF_GCJ02_TO_WGS84_APPROX = (116.39775550083061, 39.91359571849836)

# Points far from China, including ones whose numbers would be shifted if not masked.
OUTSIDE = {
    "Paris": (2.3522, 48.8566),
    "New York": (-74.006, 40.7128),
    "Sydney": (151.2093, -33.8688),
}

FORWARD_INVERSE = [
    (coords.wgs84_to_gcj02, coords.gcj02_to_wgs84),
    (coords.gcj02_to_bd09, coords.bd09_to_gcj02),
    (coords.wgs84_to_bd09, coords.bd09_to_wgs84),
]
ALL_FUNCS = [f for pair in FORWARD_INVERSE for f in pair]


def _china_grid(n: int = 20_000) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    return rng.uniform(73.0, 135.0, n), rng.uniform(18.0, 53.0, n)


def test_wgs84_to_gcj02_matches_published_value() -> None:
    assert coords.wgs84_to_gcj02(*REF_INPUT) == pytest.approx(
        REF_WGS84_TO_GCJ02, abs=1e-9
    )


def test_gcj02_to_bd09_matches_published_value() -> None:
    assert coords.gcj02_to_bd09(*REF_INPUT) == pytest.approx(
        REF_GCJ02_TO_BD09, abs=1e-9
    )


def test_gcj02_to_wgs84_inverts_the_published_forward_value() -> None:
    assert coords.gcj02_to_wgs84(*REF_WGS84_TO_GCJ02) == pytest.approx(
        REF_INPUT, abs=1e-9
    )


def test_iterative_inverse_is_close_to_and_better_than_single_step() -> None:
    ours = coords.gcj02_to_wgs84(*REF_INPUT)
    assert ours == pytest.approx(REF_GCJ02_TO_WGS84_APPROX, abs=1e-5)

    def residual(lonlat: tuple[float, float]) -> float:
        back = coords.wgs84_to_gcj02(*lonlat)
        return float(np.hypot(back[0] - REF_INPUT[0], back[1] - REF_INPUT[1]))

    assert residual(ours) < 1e-9 < residual(REF_GCJ02_TO_WGS84_APPROX)


def test_bd09_to_gcj02_is_close_to_published_approximation() -> None:
    assert coords.bd09_to_gcj02(*REF_INPUT) == pytest.approx(
        REF_BD09_TO_GCJ02_APPROX, abs=5e-6
    )


def test_gcj02_offset_in_tongliao_is_a_few_hundred_metres() -> None:
    lon, lat = 122.26, 43.62
    glon, glat = coords.wgs84_to_gcj02(lon, lat)
    metres = np.hypot(
        (glon - lon) * 111_320 * np.cos(np.radians(lat)), (glat - lat) * 110_950
    )
    assert 100 < metres < 1000


@pytest.mark.parametrize(("forward", "inverse"), FORWARD_INVERSE)
def test_round_trip_over_china_is_below_1e_minus_6(forward, inverse) -> None:
    lon, lat = _china_grid()
    back_lon, back_lat = inverse(*forward(lon, lat))
    assert np.abs(back_lon - lon).max() < 1e-6
    assert np.abs(back_lat - lat).max() < 1e-6
    # The inversions iterate to far better than the 1e-6 target.
    assert max(np.abs(back_lon - lon).max(), np.abs(back_lat - lat).max()) < 1e-8


@pytest.mark.parametrize("func", ALL_FUNCS)
@pytest.mark.parametrize("place", sorted(OUTSIDE))
def test_points_outside_china_are_unchanged(func, place) -> None:
    lon, lat = OUTSIDE[place]
    assert func(lon, lat) == (lon, lat)


def test_out_of_china_flags() -> None:
    lons = [OUTSIDE["Paris"][0], 122.26, OUTSIDE["Sydney"][0]]
    lats = [OUTSIDE["Paris"][1], 43.62, OUTSIDE["Sydney"][1]]
    assert coords.out_of_china(lons, lats).tolist() == [True, False, True]
    assert not coords.out_of_china(122.26, 43.62)


@pytest.mark.parametrize("func", ALL_FUNCS)
def test_vectorised_matches_scalar_and_keeps_shape(func) -> None:
    lon = np.array([[116.404, 122.26, 2.3522], [121.32, 119.66, -74.006]])
    lat = np.array([[39.915, 43.62, 48.8566], [43.60, 45.53, 40.7128]])
    out_lon, out_lat = func(lon, lat)
    assert out_lon.shape == out_lat.shape == lon.shape
    for idx in np.ndindex(lon.shape):
        assert (out_lon[idx], out_lat[idx]) == pytest.approx(
            func(lon[idx], lat[idx]), abs=1e-12
        )


def test_scalars_in_scalars_out_and_broadcasting() -> None:
    lon, lat = coords.wgs84_to_gcj02(122.26, 43.62)
    assert np.ndim(lon) == 0
    assert np.ndim(lat) == 0
    blon, blat = coords.wgs84_to_gcj02([122.0, 122.5], 43.62)
    assert blon.shape == blat.shape == (2,)
    assert blon[1] == pytest.approx(coords.wgs84_to_gcj02(122.5, 43.62)[0])


def test_empty_and_nan_input() -> None:
    lon, lat = coords.gcj02_to_wgs84([], [])
    assert lon.shape == lat.shape == (0,)
    nan_lon, nan_lat = coords.gcj02_to_wgs84([np.nan, 122.26], [np.nan, 43.62])
    assert np.isnan([nan_lon[0], nan_lat[0]]).all()
    assert np.isfinite([nan_lon[1], nan_lat[1]]).all()


def test_convert_dispatch() -> None:
    assert coords.convert(*REF_INPUT, "WGS84", "gcj02") == pytest.approx(
        REF_WGS84_TO_GCJ02
    )
    assert coords.convert(*REF_INPUT, "bd09", "bd09") == pytest.approx(REF_INPUT)
    with pytest.raises(ValueError, match="Unknown coordinate system"):
        coords.convert(*REF_INPUT, "wgs84", "epsg3857")


def test_convert_geometry_moves_every_vertex() -> None:
    polygon = Polygon(
        [(122.0, 43.5), (122.5, 43.5), (122.5, 43.8), (122.0, 43.8)],
        holes=[[(122.1, 43.6), (122.2, 43.6), (122.2, 43.7)]],
    )
    for geom in (
        polygon,
        LineString([(121.3, 43.6), (122.26, 43.62)]),
        MultiPoint([(120.66, 42.85), (2.3522, 48.8566)]),
    ):
        out = coords.convert_geometry(geom, "gcj02", "wgs84")
        assert out.geom_type == geom.geom_type
        xy = shapely.get_coordinates(geom)
        expected = np.column_stack(coords.gcj02_to_wgs84(xy[:, 0], xy[:, 1]))
        np.testing.assert_allclose(shapely.get_coordinates(out), expected, atol=1e-12)
        back = coords.convert_geometry(out, "wgs84", "gcj02")
        np.testing.assert_allclose(shapely.get_coordinates(back), xy, atol=1e-9)


def test_convert_geometry_keeps_z_and_arrays() -> None:
    out = coords.convert_geometry(Point(122.26, 43.62, 180.0), "wgs84", "bd09")
    assert out.has_z
    assert out.z == 180.0
    arr = coords.convert_geometry(
        np.array([Point(122.26, 43.62), None]), "wgs84", "gcj02"
    )
    assert arr[1] is None
    assert (arr[0].x, arr[0].y) == pytest.approx(coords.wgs84_to_gcj02(122.26, 43.62))


def test_convert_geoseries_keeps_index_and_crs() -> None:
    series = gpd.GeoSeries(
        [Point(116.404, 39.915), Point(*OUTSIDE["Paris"])],
        index=["beijing", "paris"],
        crs="EPSG:4326",
    )
    out = coords.convert_geoseries(series, "wgs84", "gcj02")
    assert list(out.index) == ["beijing", "paris"]
    assert out.crs == series.crs
    assert (out["beijing"].x, out["beijing"].y) == pytest.approx(REF_WGS84_TO_GCJ02)
    assert out["paris"].equals(series["paris"])
