"""Columns to fields: aliases, cut dBase names, generic headers, hints (point 3)."""

import pandas as pd
import pytest

from geodata.catalog import get_layer
from geodata.errors import IngestError
from geodata.ingest import IngestOptions, inspect, prepare
from geodata.ingest.fieldmap import merge, suggest
from tests import fixtures as fx


@pytest.mark.parametrize(
    ("header", "layer", "field"),
    [
        ("NAME", "admin_areas", "name"),
        ("FCNAME", "admin_areas", "name"),
        ("名称", "signage", "name"),
        ("POI名称", "service_sites", "name"),
        ("县名", "admin_areas", "banner"),
        ("区域", "service_sites", "banner"),
        ("行政区划代码", "admin_areas", "adcode"),
        ("PAC", "admin_areas", "adcode"),
        ("地址", "service_sites", "note"),
    ],
)
def test_headers_real_files_use(header, layer, field):
    assert suggest([header], get_layer(layer)).mapping == {header: field}


def test_an_address_is_a_note_only_where_no_note_column_is():
    spec = get_layer("service_sites")
    assert suggest(["地址", "备注"], spec).mapping == {"备注": "note"}


@pytest.mark.parametrize(
    ("cut", "field"),
    [
        ("行政区划代", "adcode"),  # GBK: 12 bytes cut to 10
        ("行政区", "adcode"),  # UTF-8: 18 bytes, cut inside the fourth character
        ("illustrati", "illustrative"),
        ("funding_wa", "funding_wan"),
        ("extra_attr", "extra_attrs"),
    ],
)
def test_names_a_dbase_header_cut_to_ten_bytes_find_their_field(cut, field):
    found = suggest([cut], get_layer("admin_areas"))
    assert found.mapping == {cut: field}
    assert [(n.code, n.params["field"]) for n in found.notes] == [("column_cut", field)]


def test_a_short_name_is_not_taken_for_a_cut_one():
    assert suggest(["代码x"], get_layer("admin_areas")).mapping == {}


def test_a_generic_header_goes_where_its_values_fit():
    spec = get_layer("signage")
    placements = pd.DataFrame({"类型": ["道路进出口", "主要街道", "宣传牌"]})
    boards = pd.DataFrame({"类型": ["宣传牌", "LED屏", "宣传牌"]})
    fits = suggest(["类型"], spec, placements)
    assert fits.mapping == {"类型": "site_type"}
    assert [n.code for n in fits.notes] == ["column_by_values"]
    kept = suggest(["类型"], spec, boards)
    assert kept.mapping == {}
    assert [(n.code, n.params) for n in kept.notes] == [
        ("column_kept", {"column": "类型", "field": "site_type"})
    ]


def test_a_near_miss_gets_a_hint_naming_the_field():
    found = suggest(["名程", "备往"], get_layer("youth_schools"))
    assert found.mapping == {}
    hints = {n.params["column"]: n.params["field"] for n in found.notes}
    assert hints == {"名程": "name", "备往": "note"}


def test_the_stewards_choices_go_over_the_suggestion():
    assert merge({"a": "name", "b": "note"}, {"c": "name", "b": ""}) == {"c": "name"}


def test_a_board_type_in_a_column_called_type_is_kept_not_an_error(store, tmp_path):
    frame = fx.schools()
    frame["类型"] = ["宣传牌", "LED屏", "宣传牌"]
    prepared = prepare(store, fx.shapefile_zip(tmp_path, frame), "signage")
    report = prepared.report
    assert report.ok
    assert "类型" not in report.field_map
    assert list(prepared.features["类型"]) == ["宣传牌", "LED屏", "宣传牌"]
    assert any(i.code == "column_kept" for i in report.issues)


def test_a_gbk_admin_file_with_cut_names_reads_whole(store, tmp_path):
    areas = fx.admin_areas(store)
    import geopandas as gpd

    frame = gpd.GeoDataFrame(
        {"行政区划代码": areas["adcode"], "FCNAME": areas["name"]},
        geometry=areas.geometry.values,
        crs=4326,
    )
    upload = fx.shapefile_zip(tmp_path, frame, encoding="GBK", cpg=False)
    insp = inspect(upload, "admin_areas")
    assert insp.field_map == {"FCNAME": "name", "行政区划代": "adcode"}
    assert [n.code for n in insp.notes] == ["column_cut"]
    prepared = prepare(store, upload, "admin_areas")
    assert prepared.report.ok
    assert list(prepared.features["adcode"]) == list(areas["adcode"])
    assert list(prepared.features["banner"]) == list(areas["name"])


def test_mapping_onto_a_field_the_layer_lacks_is_refused(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path)
    with pytest.raises(IngestError, match="has no such field"):
        prepare(
            store,
            upload,
            "youth_schools",
            options=IngestOptions(field_map={"备注": "notes"}),
        )
    with pytest.raises(IngestError, match="has no column"):
        prepare(
            store,
            upload,
            "youth_schools",
            options=IngestOptions(field_map={"联系人": "note"}),
        )
