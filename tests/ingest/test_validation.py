"""Pure checks: geometry, required and allowed values, banners, ids (point 5)."""

import pandas as pd
import pytest

import geopandas as gpd
import shapely

from geodata.catalog import get_layer
from geodata.ingest.banners import check_banners
from geodata.ingest.encoding import garbled_mask
from geodata.ingest.validation import (
    ERROR,
    check_coordinates,
    check_geometries,
    check_ids,
    check_location,
    check_required,
    check_text,
    has_errors,
)

pytestmark = pytest.mark.backends

BOWTIE = shapely.Polygon([(122.0, 43.0), (122.1, 43.1), (122.1, 43.0), (122.0, 43.1)])
SQUARE = shapely.box(122.0, 43.5, 122.1, 43.6)


def _codes(issues):
    return [(i.feature_index, i.code) for i in issues]


def test_geometry_checks_on_a_point_layer():
    geoms = gpd.GeoSeries(
        [
            shapely.Point(122, 43.5),
            shapely.MultiPoint([(122, 43.5)]),  # one part: unwrapped
            shapely.MultiPoint([(122, 43.5), (121, 43)]),  # two parts: wrong type
            shapely.LineString([(122, 43), (122.1, 43.1)]),
            None,
            shapely.Point(),
        ]
    )
    out, issues = check_geometries(geoms, get_layer("signage"))
    assert out[1].geom_type == "Point"
    assert _codes(issues) == [
        (4, "geometry_missing"),
        (5, "geometry_empty"),
        (2, "wrong_geometry_type"),
        (3, "wrong_geometry_type"),
    ]


def test_invalid_polygon_is_repaired_and_reported():
    out, issues = check_geometries(
        gpd.GeoSeries([BOWTIE, SQUARE]), get_layer("support_parks")
    )
    assert _codes(issues) == [(0, "geometry_repaired")]
    assert issues[0].severity == "warning"
    assert out[0].is_valid and out[0].geom_type in ("Polygon", "MultiPolygon")
    assert out[0].area == pytest.approx(shapely.make_valid(BOWTIE).area)


def test_required_values():
    spec = get_layer("youth_schools")
    frame = pd.DataFrame(
        {
            "name": ["a", None, ""],
            "banner": ["奈曼旗", "奈曼旗", "火星"],
            "status": ["built", "maybe", None],
        }
    )
    assert _codes(check_required(frame, spec)) == [
        (1, "required_missing"),
        (2, "required_missing"),
    ]


def test_nan_infinite_and_wild_coordinates_are_row_errors_not_geos_errors():
    geoms = gpd.GeoSeries(
        [
            shapely.Point(122, 43.5),
            shapely.Point(float("nan"), 43.5),
            shapely.LineString([(122, 43), (float("inf"), 43)]),
            shapely.Point(1e308, -1e308),
            None,
        ]
    )
    out, issues = check_coordinates(geoms)
    assert _codes(issues) == [
        (1, "coordinates_invalid"),
        (2, "coordinates_invalid"),
        (3, "coordinates_invalid"),
    ]
    assert all(i.severity == ERROR for i in issues)
    assert out.isna().tolist() == [False, True, True, True, True]
    # what is left goes through GEOS without an exception
    check_geometries(out, get_layer("flood_sites"))


def test_banner_inferred_when_missing_and_checked_when_present(store):
    areas = store.read_layer("admin_areas", columns=("name",))
    naiman, kailu = (120.66, 42.85), (121.32, 43.60)
    frame = gpd.GeoDataFrame(
        {"banner": [None, "奈曼旗", "开鲁县", None]},
        geometry=[
            shapely.Point(naiman),
            shapely.Point(naiman),
            shapely.Point(naiman),
            shapely.Point(116.4, 39.9),
        ],
        crs=4326,
    )
    out, issues = check_banners(frame, areas)
    assert list(out["banner"])[:3] == ["奈曼旗", "奈曼旗", "开鲁县"]
    assert out["banner"][3] is None  # outside every banner: not invented
    assert _codes(issues) == [(0, "banner_inferred"), (2, "banner_mismatch")]
    assert issues[1].params == {"given": "开鲁县", "located": "奈曼旗"}
    assert kailu  # the given banner is kept; the steward decides


def test_duplicate_ids():
    frame = pd.DataFrame({"feature_id": ["a", "b", "a", None, None]})
    assert _codes(check_ids(frame)) == [(2, "duplicate_id")]


def test_location_checks():
    geoms = gpd.GeoSeries([shapely.Point(122, 43.5), shapely.Point(43.5, 122)])
    assert _codes(check_location(geoms)) == [(1, "axes_swapped")]


def test_garbled_text_is_an_error():
    bad = "奈曼旗".encode().decode("gb18030", errors="replace")
    frame = pd.DataFrame({"name": ["奈曼旗", bad, "ok"]})
    issues = check_text(frame, ["name"], garbled_mask)
    assert _codes(issues) == [(1, "garbled_text")]
    assert has_errors(issues) and issues[0].severity == ERROR
