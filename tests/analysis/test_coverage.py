"""Nearest facility, coverage and uncovered area on hand-computed cases."""

import math

import numpy as np
import pandas as pd
import pytest

import geopandas as gpd
import shapely

from geodata.analysis.coverage import by_banner, coverage, summarize, uncovered_area
from geodata.analysis.distance import nearest
from geodata.analysis.projection import ANALYSIS_CRS
from tests.common import HORQIN_SEAT, from_metres, geodesic_offset

SCHOOL = gpd.GeoDataFrame({"name": ["甲校"]}, geometry=[HORQIN_SEAT], crs=4326)


def _villages(*specs):
    """Villages at (azimuth, metres) from the Horqin seat, geodesically."""
    return gpd.GeoDataFrame(
        {"name": [f"v{i}" for i in range(len(specs))]},
        geometry=[
            geodesic_offset(HORQIN_SEAT.x, HORQIN_SEAT.y, a, m) for a, m in specs
        ],
        crs=4326,
    )


@pytest.mark.parametrize("azimuth", [0, 45, 90, 180, 270])
@pytest.mark.parametrize("metres", [1_000, 20_000, 75_000])
def test_distance_is_the_known_ground_distance(azimuth, metres):
    out = nearest(_villages((azimuth, metres)), SCHOOL)
    assert out.distance_m[0] == pytest.approx(metres, rel=3e-4)
    assert out.facility[0] == 0


def test_the_nearest_of_several_is_chosen_with_its_label():
    schools = gpd.GeoDataFrame(
        {"name": ["north", "east"]},
        geometry=[
            geodesic_offset(HORQIN_SEAT.x, HORQIN_SEAT.y, 0, 10_000),
            geodesic_offset(HORQIN_SEAT.x, HORQIN_SEAT.y, 90, 4_000),
        ],
        crs=4326,
        index=["s-n", "s-e"],
    )
    out = coverage(gpd.GeoDataFrame(geometry=[HORQIN_SEAT], crs=4326), schools, 5_000)
    assert out.nearest_facility[0] == "east"
    assert out.distance_m[0] == pytest.approx(4_000, rel=3e-4)
    assert bool(out.covered[0])
    assert (
        nearest(gpd.GeoDataFrame(geometry=[HORQIN_SEAT], crs=4326), schools)[
            "facility"
        ][0]
        == "s-e"
    )


def test_the_radius_is_inclusive_within_metres():
    out = coverage(_villages((0, 19_990), (0, 20_010)), SCHOOL, 20_000)
    assert out.covered.tolist() == [True, False]
    assert out.band.tolist() == [1, 2]


def test_a_polygon_place_is_as_near_as_its_edge():
    square = from_metres([(0, 0)]).geometry  # a point at the centre
    place = gpd.GeoDataFrame(
        geometry=gpd.GeoSeries(
            [shapely.box(-5_000, -5_000, 5_000, 5_000)], crs=ANALYSIS_CRS
        ).to_crs(4326),
    )
    facility = from_metres([(8_000, 0)])
    inside = gpd.GeoDataFrame(geometry=square, crs=4326)
    assert nearest(place, facility).distance_m[0] == pytest.approx(3_000, abs=1)
    assert nearest(place, inside).distance_m[0] == 0


def test_missing_geometry_and_no_facility_are_no_distance():
    places = gpd.GeoDataFrame(
        {"name": ["a", "b"]}, geometry=[None, HORQIN_SEAT], crs=4326
    )
    out = coverage(places, SCHOOL, 1_000)
    assert math.isnan(out.distance_m[0]) and out.band[0] == 4
    assert pd.isna(out.nearest_facility[0]) and not out.covered[0]
    none = coverage(places, SCHOOL.iloc[0:0], 1_000)
    assert none.distance_m.isna().all() and not none.covered.any()
    assert summarize(none).covered == 0 and math.isnan(summarize(none).median_m)


def test_summary_and_banner_counts():
    places = from_metres(
        [(0, 0), (0, 3_000), (0, 50_000)], banner=["奈曼旗", "奈曼旗", "库伦旗"]
    )
    out = coverage(places, from_metres([(0, 1_000)]), 5_000)
    s = summarize(out)
    assert (s.places, s.covered) == (3, 2)
    assert s.median_m == pytest.approx(2_000, abs=1)
    assert s.max_m == pytest.approx(49_000, abs=1)
    table = by_banner(out, ("奈曼旗", "库伦旗", "开鲁县"))
    assert table.loc["奈曼旗"].tolist() == [2, 2, 1.0]
    assert table.loc["库伦旗", "covered"] == 0
    assert table.loc["开鲁县", "places"] == 0 and np.isnan(
        table.loc["开鲁县", "covered_share"]
    )


def _square(side_m: float, name: str = "甲", x0: float = 0.0) -> gpd.GeoDataFrame:
    half = side_m / 2
    box = shapely.box(x0 - half, -half, x0 + half, half)
    return gpd.GeoDataFrame(
        {"banner": [name]}, geometry=[box], crs=ANALYSIS_CRS
    ).to_crs(4326)


def test_uncovered_area_is_the_square_minus_the_circle():
    out = uncovered_area(_square(100_000), from_metres([(0, 0)]), 20_000)
    assert out.area_km2[0] == pytest.approx(10_000, rel=1e-9)
    assert out.uncovered_km2[0] == pytest.approx(10_000 - math.pi * 400, rel=1e-3)
    assert out.uncovered_share[0] == pytest.approx(out.uncovered_km2[0] / 10_000)


def test_a_facility_outside_still_covers_and_circles_overlap_once():
    # Two facilities 10 km apart just west of the square's edge: the square keeps
    # everything but the part of the two overlapping circles inside it.
    square = _square(100_000)
    facilities = from_metres([(-55_000, -5_000), (-55_000, 5_000)])
    out = uncovered_area(square, facilities, 20_000)
    union = shapely.union(
        shapely.Point(-55_000, -5_000).buffer(20_000, 256),
        shapely.Point(-55_000, 5_000).buffer(20_000, 256),
    )
    inside = union.intersection(shapely.box(-50_000, -50_000, 50_000, 50_000)).area
    assert out.uncovered_km2[0] == pytest.approx(10_000 - inside / 1e6, rel=1e-3)


def test_without_facilities_everything_is_uncovered():
    out = uncovered_area(_square(10_000), from_metres([]), 5_000)
    assert out.uncovered_share[0] == pytest.approx(1.0)
    assert not out.geometry[0].is_empty


def test_inputs_are_left_as_they_were():
    places = from_metres([(0, 0)], name=["a"])
    before = places.copy()
    coverage(places, from_metres([(10, 0)]), 100)
    pd.testing.assert_frame_equal(places, before)
