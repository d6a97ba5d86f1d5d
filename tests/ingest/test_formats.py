"""Every accepted format reads into the layer schema at the right place (point 2)."""

import numpy as np
import pytest

import geopandas as gpd

from geodata.errors import IngestError
from geodata.ingest import IngestOptions, inspect, prepare
from tests import fixtures as fx

pytestmark = pytest.mark.backends

NAMES = list(fx.SCHOOLS["名称"])


def _check(prepared, names=NAMES):
    report = prepared.report
    assert report.ok, [i.message for i in report.issues]
    frame = prepared.features
    assert list(frame["name"]) == names
    xy = np.column_stack([frame.geometry.x, frame.geometry.y])
    assert np.allclose(xy, fx.SCHOOL_LONLAT[: len(names)], atol=1e-6)
    return frame


@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"prefix": "数据/学校/"},
        {"upper": True},
        {"junk": True},
        {"prefix": "Export/", "upper": True, "junk": True},
    ],
)
def test_zipped_shapefile_variants(store, tmp_path, variant):
    upload = fx.shapefile_zip(tmp_path, **variant)
    frame = _check(prepare(store, upload, "youth_schools"))
    assert list(frame["status"]) == ["built", "planned", "under_construction"]
    assert list(frame["year"]) == [2019, 2023, 2022]


def test_geopackage_with_several_layers_needs_a_choice(store, tmp_path):
    upload = fx.geopackage(tmp_path, {"学校": fx.schools(), "other": fx.schools(4549)})
    assert inspect(upload, "youth_schools").sublayers == ("学校", "other")
    with pytest.raises(IngestError, match="choose one"):
        prepare(store, upload, "youth_schools")
    _check(
        prepare(store, upload, "youth_schools", options=IngestOptions(sublayer="other"))
    )


def test_geojson(store, tmp_path):
    _check(prepare(store, fx.geojson(tmp_path), "youth_schools"))


@pytest.mark.parametrize("builder", [fx.kml, fx.kmz])
def test_kml_and_kmz(store, tmp_path, builder):
    frame = _check(prepare(store, builder(tmp_path), "youth_schools"))
    # KML carries no banner column: it is inferred from the admin areas.
    assert list(frame["banner"]) == list(fx.SCHOOLS["旗县"])


@pytest.mark.parametrize(
    ("lon", "lat", "swap"),
    [
        ("经度", "纬度", False),
        ("纬度", "经度", None),
        ("lon", "lat", True),
        ("X", "Y", False),
        ("Longitude", "LATITUDE", True),
    ],
)
def test_csv_with_coordinate_columns_in_any_order(store, tmp_path, lon, lat, swap):
    if swap is None:  # headers 纬度 first, but each column holds its own values
        table = fx.table("经度", "纬度", swap_order=True)
    else:
        table = fx.table(lon, lat, swap_order=swap)
    _check(prepare(store, fx.csv(tmp_path, table), "youth_schools"))


def test_xlsx(store, tmp_path):
    upload = fx.xlsx(tmp_path)
    assert inspect(upload, "youth_schools").sublayers == ("学校",)
    _check(prepare(store, upload, "youth_schools"))


def test_table_without_coordinates_is_refused(store, tmp_path):
    table = fx.SCHOOLS.copy()
    with pytest.raises(IngestError, match="no coordinate columns"):
        prepare(store, fx.csv(tmp_path, table), "youth_schools")


def test_unsupported_type_names_accepted_ones(store, tmp_path):
    path = tmp_path / "data.dwg"
    path.write_bytes(b"AC1027")
    with pytest.raises(IngestError, match=r"not supported; accepted: \.csv"):
        prepare(store, path, "youth_schools")


def test_unmapped_columns_are_kept_as_extra_attributes(store, tmp_path):
    frame = fx.schools()
    frame["联系人"] = ["张三", "李四", "王五"]
    prepared = prepare(store, fx.shapefile_zip(tmp_path, frame), "youth_schools")
    assert list(prepared.features["联系人"]) == ["张三", "李四", "王五"]
    from geodata.ingest import commit

    commit(store, prepared, author="t")
    stored = store.read_layer("youth_schools")
    assert stored["extra_attrs"].str.contains("张三").sum() == 1


def test_steward_field_mapping_overrides_suggestion(store, tmp_path):
    frame = fx.schools().rename(columns={"名称": "叫法"})
    upload = fx.shapefile_zip(tmp_path, frame)
    suggested = inspect(upload, "youth_schools").field_map
    assert "叫法" not in suggested
    mapping = {**suggested, "叫法": "name"}
    _check(
        prepare(
            store, upload, "youth_schools", options=IngestOptions(field_map=mapping)
        )
    )


def test_polygon_shapefile_multiparts_are_normalised(store, tmp_path):
    import shapely

    squares = [
        shapely.box(x - 0.01, y - 0.01, x + 0.01, y + 0.01) for x, y in fx.SCHOOL_LONLAT
    ]
    frame = gpd.GeoDataFrame(
        fx.SCHOOLS.copy(),
        crs=4326,
        geometry=[shapely.MultiPolygon([s]) for s in squares],
    )
    frame["类型"] = ["公园", "广场", "公园"]
    prepared = prepare(store, fx.shapefile_zip(tmp_path, frame), "support_parks")
    assert prepared.report.ok
    assert set(prepared.features.geom_type) <= {"Polygon", "MultiPolygon"}
    assert list(prepared.features["kind"]) == ["park", "square", "park"]


def test_chinese_field_name_cut_inside_a_character_still_reads(store, tmp_path):
    # 15 bytes in UTF-8: the dBase header keeps 10, the last character cut in half
    frame = fx.schools().rename(columns={"备注": "学校的叫法"})
    upload = fx.shapefile_zip(tmp_path, frame)
    prepared = prepare(store, upload, "youth_schools")
    assert prepared.report.ok
    assert list(prepared.features["学校的"]) == list(fx.SCHOOLS["备注"])


@pytest.mark.parametrize("sep", ["\t", ";", "|"])
def test_csv_delimiters(store, tmp_path, sep):
    path = tmp_path / "upload.csv"
    fx.table().to_csv(path, index=False, sep=sep)
    _check(prepare(store, path, "youth_schools"))


def test_progress_reports_every_step_with_a_translated_label(store, tmp_path):
    from geodata.i18n import TEXTS

    seen = []
    prepare(
        store,
        fx.geojson(tmp_path),
        "youth_schools",
        progress=lambda fraction, step: seen.append((fraction, step)),
    )
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [s for _, s in seen] == ["hash", "read", "crs", "map", "check", "done"]
    assert all(f"upload.step.{s}" in TEXTS for _, s in seen)


def test_amap_export_prefers_the_wgs84_pair(store, tmp_path):
    prepared = prepare(store, fx.amap_csv(tmp_path), "youth_schools")
    assert prepared.report.ok
    frame = _check(prepared)
    # the GCJ-02 copy stays as attributes, the address reads as the note
    assert {"lng_GCJ02", "lat_GCJ02"} <= set(frame.columns)
    assert list(frame["note"]) == ["和平路1号", "大沁他拉镇", "开鲁镇"]


def test_amap_export_with_gcj02_columns_only_is_converted(store, tmp_path):
    prepared = prepare(store, fx.amap_csv(tmp_path, wgs84=False), "youth_schools")
    report = prepared.report
    assert report.crs == "gcj02"
    assert any(i.code == "datum_from_columns" for i in report.issues)
    xy = np.column_stack([prepared.features.geometry.x, prepared.features.geometry.y])
    assert np.allclose(xy, fx.SCHOOL_LONLAT, atol=1e-5)  # back to WGS84


@pytest.mark.parametrize(
    ("x", "y", "datum"),
    [
        ("Lng_BD09", "Lat_BD09", "bd09"),
        ("经度_gcj", "纬度_gcj", "gcj02"),
        ("WGS84经度", "WGS84纬度", "wgs84"),
    ],
)
def test_datum_suffixes_name_the_conversion(store, tmp_path, x, y, datum):
    from geodata.coords import wgs84_to_bd09, wgs84_to_gcj02

    shift = {"bd09": wgs84_to_bd09, "gcj02": wgs84_to_gcj02}.get(datum)
    lonlat = [shift(a, b) if shift else (a, b) for a, b in fx.SCHOOL_LONLAT]
    table = fx.table(x, y, lonlat=[(float(a), float(b)) for a, b in lonlat])
    prepared = prepare(store, fx.csv(tmp_path, table), "youth_schools")
    _check(prepared) if datum == "wgs84" else None
    xy = np.column_stack([prepared.features.geometry.x, prepared.features.geometry.y])
    assert np.allclose(xy, fx.SCHOOL_LONLAT, atol=1e-5)


def test_arcgis_kml_description_tables_become_columns(store, tmp_path):
    prepared = prepare(store, fx.arcgis_kml(tmp_path), "youth_schools")
    frame = _check(prepared)
    assert list(frame["status"]) == ["built", "planned", "under_construction"]
    assert list(frame["note"]) == ["示例一", "示例二", None]  # <Null> is empty
    assert "Description" not in frame.columns  # the HTML is not kept
    tables = [i for i in prepared.report.issues if i.code == "kml_table_columns"]
    assert tables and "名称" in tables[0].params["columns"]


def test_a_recursive_view_in_a_geopackage_is_refused_at_once(store, tmp_path):
    import time

    upload = fx.recursive_view_gpkg(tmp_path)
    assert upload.stat().st_size < 200_000
    start = time.perf_counter()
    with pytest.raises(IngestError) as caught:
        prepare(store, upload, "youth_schools")
    assert caught.value.code == "ingest.gpkg_view"
    assert "big" in str(caught.value)
    assert time.perf_counter() - start < 30  # not 91 s and 2.3 GB


def test_a_csv_of_the_apps_own_export_reads_polygons_from_wkt(store, tmp_path):
    from geodata.export import to_bytes

    parks = store.read_layer("support_parks")
    prepared = prepare(
        store,
        to_bytes(parks, "csv", "support_parks"),
        "support_parks",
        file_name="parks.csv",
        options=IngestOptions(mode="update"),
    )
    assert prepared.report.ok and prepared.report.changed == 0
    assert (prepared.features.geom_type == parks.geom_type.values).all()


def test_nan_and_infinite_coordinates_are_row_errors(store, tmp_path):
    frame = fx.schools(lonlat=[(122.26, 43.62), (111.111, 42.85), (122.1, 43.1)])
    shp = fx.write_shapefile(tmp_path / "src", frame)
    fx.patch_doubles(shp, 111.111, float("nan"))
    fx.patch_doubles(shp, 122.1, 1e308)
    upload = fx.zip_shapefiles(tmp_path / "nan.zip", [shp])
    report = prepare(store, upload, "youth_schools").report
    rows = {(i.feature_index, i.code) for i in report.issues if i.severity == "error"}
    assert (2, "coordinates_invalid") in rows
    assert 1 in {r for r, _ in rows}  # GDAL reads the NaN point as empty
    assert report.can_skip  # the first school can still go in
    table = fx.table(lonlat=[(122.26, 43.62), ("nan", 42.85), ("inf", 43.6)])
    report = prepare(store, fx.csv(tmp_path, table), "youth_schools").report
    assert [
        (i.feature_index, i.code) for i in report.issues if i.severity == "error"
    ] == [
        (1, "coordinate_unreadable"),
        (2, "coordinates_invalid"),
    ]


def test_a_ring_that_does_not_close_is_closed_and_said(store, tmp_path):
    import json

    ring = [[122.2, 43.6], [122.3, 43.6], [122.3, 43.65], [122.2, 43.65]]
    body = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"名称": "双拥广场", "类型": "广场"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    path = tmp_path / "open.geojson"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    prepared = prepare(store, path, "support_parks")
    assert prepared.report.ok
    assert prepared.report.issues[0].code == "geometry_repaired"
    assert prepared.features.geometry[0].is_valid


@pytest.mark.parametrize("fmt", ["shp", "geojson", "csv"])
def test_nul_bytes_in_text_are_reported_never_cut_silently(store, tmp_path, fmt):
    frame = fx.schools()
    frame.loc[0, "名称"] = "科尔沁区 第一少年军校"
    if fmt == "shp":
        shp = fx.write_shapefile(tmp_path / "src", frame)
        fx.put_nul(shp.with_suffix(".dbf"), "科尔沁区 第一")
        upload = fx.zip_shapefiles(tmp_path / "nul.zip", [shp])
    elif fmt == "geojson":
        upload = fx.geojson(tmp_path, frame)
        text = upload.read_text(encoding="utf-8").replace(
            "科尔沁区 ", "科尔沁区\\u0000"
        )
        upload.write_text(text, encoding="utf-8")
    else:
        table = fx.table()
        table.loc[0, "名称"] = "科尔沁区\x00第一少年军校"
        upload = fx.csv(tmp_path, table)
    prepared = prepare(store, upload, "youth_schools")
    found = [(i.feature_index, i.code) for i in prepared.report.issues]
    if fmt == "csv":  # the whole text is there: the NUL goes, with a warning
        assert (0, "text_nul_removed") in found
        assert prepared.features["name"][0] == "科尔沁区第一少年军校"
    else:  # GDAL ended the text at the NUL: an error naming the row
        assert (0, "text_cut_at_nul") in found and not prepared.report.ok
