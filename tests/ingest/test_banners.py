"""Banners are keys, from the location; admin areas complete themselves (1, 4)."""

import geopandas as gpd
import shapely

from geodata.catalog import BANNERS, get_layer
from geodata.ingest import IngestOptions, commit, prepare
from geodata.ingest.banners import check_banners, complete_admin
from tests import fixtures as fx

NAIMAN = shapely.Point(120.66, 42.85)
BEIJING = shapely.Point(116.4, 39.9)


def test_an_unknown_banner_is_taken_from_the_location(store):
    areas = store.read_layer("admin_areas", columns=("name",))
    frame = gpd.GeoDataFrame(
        {"banner": ["奈曼", "火星旗", "月球", None]},
        geometry=[NAIMAN, NAIMAN, BEIJING, NAIMAN],
        crs=4326,
    )
    # the values arrive as coerce leaves them: known spellings already listed
    frame.loc[0, "banner"] = "奈曼旗"
    out, issues = check_banners(frame, areas)
    assert list(out["banner"]) == ["奈曼旗", "奈曼旗", "月球", "奈曼旗"]
    assert [(i.feature_index, i.code, i.severity) for i in issues] == [
        (3, "banner_inferred", "info"),
        (1, "banner_derived", "warning"),
        (2, "banner_unknown", "error"),
    ]


def test_prefixed_names_and_codes_are_banners(store, tmp_path):
    frame = fx.schools()
    frame["旗县"] = ["内蒙古自治区通辽市科尔沁区", "150525", "通辽市开鲁县"]
    prepared = prepare(store, fx.shapefile_zip(tmp_path, frame), "youth_schools")
    assert prepared.report.ok
    assert list(prepared.features["banner"]) == ["科尔沁区", "奈曼旗", "开鲁县"]


def _boxes(n):
    return [shapely.box(121 + i * 0.1, 43, 121.05 + i * 0.1, 43.05) for i in range(n)]


def test_code_name_and_banner_complete_each_other():
    no_areas = gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    frame = gpd.GeoDataFrame(
        {
            "name": [None, "奈曼旗", None, "Horqin District"],
            "adcode": ["150502", None, 150581.0, None],
            "banner": [None, None, None, None],
        },
        geometry=_boxes(4),
        crs=4326,
    )
    out, issues = complete_admin(frame, get_layer("admin_areas"), no_areas)
    assert out[["banner", "adcode", "name"]].values.tolist() == [
        ["科尔沁区", "150502", "科尔沁区"],
        ["奈曼旗", "150525", "奈曼旗"],
        ["霍林郭勒市", "150581", "霍林郭勒市"],
        ["科尔沁区", "150502", "Horqin District"],
    ]
    assert issues == []


def test_parts_that_disagree_are_reported_and_kept(store):
    frame = gpd.GeoDataFrame(
        {"name": ["奈曼旗"], "adcode": ["150502"]}, geometry=_boxes(1), crs=4326
    )
    out, issues = complete_admin(frame, get_layer("admin_areas"), fx.admin_areas(store))
    assert [i.code for i in issues] == ["admin_parts_disagree"]
    assert (out["name"][0], out["adcode"][0]) == ("奈曼旗", "150502")


def test_boundaries_with_no_attributes_are_named_by_the_stored_areas(store, tmp_path):
    areas = fx.admin_areas(store)
    bare = gpd.GeoDataFrame(
        {"OBJECTID": range(len(areas))}, geometry=areas.geometry.values, crs=4326
    )
    prepared = prepare(store, fx.shapefile_zip(tmp_path, bare), "admin_areas")
    report = prepared.report
    assert report.ok
    assert sorted(prepared.features["banner"]) == sorted(b.name_zh for b in BANNERS)
    assert {i.code for i in report.issues} >= {"admin_from_location"}


def test_a_datav_file_with_codes_and_arrays_replaces_the_boundaries(store, tmp_path):
    areas = fx.admin_areas(store)
    prepared = prepare(
        store,
        fx.datav_geojson(tmp_path, areas),
        "admin_areas",
        options=IngestOptions(mode="replace"),
    )
    assert prepared.report.ok, [i.code for i in prepared.report.issues]
    features = prepared.features
    assert list(features["adcode"]) == list(areas["adcode"])
    # arrays and objects kept as JSON text: acroutes, center, parent
    assert features["acroutes"][0] == "[100000, 150000, 150500]"
    assert features["parent"][0] == '{"adcode": 150500}'
    commit(store, prepared, author="t")
    stored = store.read_layer("admin_areas")
    assert '"acroutes": "[100000, 150000, 150500]"' in stored["extra_attrs"][0]
