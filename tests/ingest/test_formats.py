"""Every accepted format reads into the layer schema at the right place (point 2)."""

import numpy as np
import pytest

import geopandas as gpd

from geodata.errors import IngestError
from geodata.ingest import IngestOptions, inspect, prepare
from tests import fixtures as fx

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
