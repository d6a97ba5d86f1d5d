"""The analysis projection: distances within 0.03 % of the geodesic, exact areas."""

import numpy as np
import pytest

import geopandas as gpd
import pyproj
import shapely

from geodata.analysis.projection import ANALYSIS_CRS, MAX_DISTANCE_ERROR, to_metres
from geodata.catalog import CITY_BOUNDS


def test_distances_anywhere_in_the_city_match_the_geodesic():
    rng = np.random.default_rng(7)
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    a = np.column_stack(
        [rng.uniform(lon_min, lon_max, 2000), rng.uniform(lat_min, lat_max, 2000)]
    )
    b = np.column_stack(
        [rng.uniform(lon_min, lon_max, 2000), rng.uniform(lat_min, lat_max, 2000)]
    )
    geod = pyproj.Geod(ellps="WGS84")
    true = geod.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])[2]
    pa = to_metres(gpd.GeoSeries(shapely.points(a), crs=4326))
    pb = to_metres(gpd.GeoSeries(shapely.points(b), crs=4326))
    measured = shapely.distance(pa, pb)
    assert np.max(np.abs(measured - true) / true) < MAX_DISTANCE_ERROR


def test_a_single_gauss_kruger_zone_would_be_worse():
    # Why not CGCS2000 / 3-degree Gauss-Kruger CM 120E: the city's east is 0.1 % off.
    geod = pyproj.Geod(ellps="WGS84")
    start, end = (123.6, 44.0), (123.6, 44.2)
    true = geod.inv(*start, *end)[2]
    gk = pyproj.Transformer.from_crs(4326, 4549, always_xy=True)
    gk_m = np.hypot(*np.subtract(gk.transform(*end), gk.transform(*start)))
    ours = pyproj.Transformer.from_crs(4326, ANALYSIS_CRS, always_xy=True)
    our_m = np.hypot(*np.subtract(ours.transform(*end), ours.transform(*start)))
    assert abs(gk_m - true) / true > 0.001
    assert abs(our_m - true) / true < MAX_DISTANCE_ERROR


def test_areas_are_true_areas():
    # A 1 degree x 1 degree cell at 43-44 N: its ellipsoidal area from pyproj.Geod.
    cell = shapely.box(121, 43, 122, 44)
    true = abs(
        pyproj.Geod(ellps="WGS84").geometry_area_perimeter(
            shapely.segmentize(cell, 0.01)
        )[0]
    )
    ours = shapely.area(
        to_metres(gpd.GeoSeries([shapely.segmentize(cell, 0.01)], crs=4326))
    )[0]
    assert ours == pytest.approx(true, rel=1e-6)
