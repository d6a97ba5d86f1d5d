"""Coordinates: .prj, CGCS2000 GK zones, inference asks, GCJ-02/BD-09 (point 4)."""

import numpy as np
import pytest

from geodata.coords import wgs84_to_bd09, wgs84_to_gcj02
from geodata.errors import MissingCRSError
from geodata.ingest import IngestOptions, inspect, prepare
from geodata.ingest.crs import ZONES, candidates, parse_choice
from tests import fixtures as fx

pytestmark = pytest.mark.backends


def _positions(prepared):
    frame = prepared.features
    return np.column_stack([frame.geometry.x, frame.geometry.y])


@pytest.mark.parametrize(
    "epsg",
    [
        4490,  # CGCS2000 geographic
        4549,  # 3° CM 120E, no zone in easting
        4528,  # 3° zone 40 (CM 120E), zone in easting
        4550,  # 3° CM 123E
        4499,  # 6° zone 21 (CM 123E), zone in easting
        4510,  # 6° CM 123E, no zone
    ],
)
def test_cgcs2000_file_with_prj_lands_in_the_right_place(store, tmp_path, epsg):
    upload = fx.shapefile_zip(tmp_path, fx.schools(epsg))
    prepared = prepare(store, upload, "youth_schools")
    assert prepared.report.ok, prepared.report.issues
    assert str(epsg) in prepared.report.crs
    assert np.allclose(_positions(prepared), fx.SCHOOL_LONLAT, atol=1e-6)


def test_zone_prefixed_eastings_without_prj_are_inferred_but_must_be_confirmed(
    store, tmp_path
):
    upload = fx.shapefile_zip(tmp_path, fx.schools(4528), prj=False)
    insp = inspect(upload, "youth_schools")
    assert insp.needs_crs
    assert [c.crs for c in insp.crs_candidates] == ["EPSG:4528"]
    version = store.current_version("youth_schools")
    with pytest.raises(MissingCRSError, match="EPSG:4528"):
        prepare(store, upload, "youth_schools")
    assert store.current_version("youth_schools") == version
    prepared = prepare(
        store, upload, "youth_schools", options=IngestOptions(crs="EPSG:4528")
    )
    assert np.allclose(_positions(prepared), fx.SCHOOL_LONLAT, atol=1e-6)


def test_unprefixed_eastings_list_the_zones_that_fit_tongliao(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, fx.schools(4549), prj=False)
    found = [c.crs for c in inspect(upload, "youth_schools").crs_candidates]
    assert found[0] == "EPSG:4549"
    assert all(c.startswith("EPSG:45") for c in found)
    with pytest.raises(MissingCRSError, match="EPSG:4549"):
        prepare(store, upload, "youth_schools")


def test_lonlat_without_prj_is_accepted_with_a_warning(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, prj=False)
    prepared = prepare(store, upload, "youth_schools")
    assert prepared.report.ok
    assert [i.code for i in prepared.report.issues] == ["crs_assumed_lonlat"]


@pytest.mark.parametrize(
    ("name", "shift"), [("gcj02", wgs84_to_gcj02), ("bd09", wgs84_to_bd09)]
)
def test_declared_gcj02_and_bd09_are_converted_to_wgs84(store, tmp_path, name, shift):
    shifted = [tuple(map(float, shift(x, y))) for x, y in fx.SCHOOL_LONLAT]
    upload = fx.csv(tmp_path, fx.table(lonlat=shifted))
    raw = prepare(store, upload, "youth_schools")
    assert not np.allclose(_positions(raw), fx.SCHOOL_LONLAT, atol=1e-4)
    fixed = prepare(store, upload, "youth_schools", options=IngestOptions(crs=name))
    assert np.allclose(_positions(fixed), fx.SCHOOL_LONLAT, atol=1e-6)


def test_points_outside_tongliao_are_flagged_and_swapped_axes_named(store, tmp_path):
    lonlat = [(122.26, 43.62), (116.40, 39.90), (42.85, 120.66)]
    upload = fx.csv(tmp_path, fx.table(lonlat=lonlat))
    issues = prepare(store, upload, "youth_schools").report.issues
    by_row = {(i.feature_index, i.code) for i in issues}
    assert (1, "outside_city") in by_row
    # 42.85 is no longitude and 120.66 no latitude: swapping makes sense, so say so.
    assert (2, "axes_swapped") in by_row


def test_file_with_every_point_swapped_is_read_and_flagged(store, tmp_path):
    lonlat = [(y, x) for x, y in fx.SCHOOL_LONLAT]
    upload = fx.csv(tmp_path, fx.table(lonlat=lonlat))
    report = prepare(store, upload, "youth_schools").report
    assert not report.ok
    assert [i.feature_index for i in report.issues if i.code == "axes_swapped"] == [
        0,
        1,
        2,
    ]


def test_zone_table_is_complete():
    assert len(ZONES) == 21 * 2 + 11 * 2
    assert {z.epsg for z in ZONES} == set(range(4491, 4555))


def test_candidates_for_nonsense_are_empty():
    assert candidates((1e9, 1e9, 2e9, 2e9)) == []


def test_parse_choice_rejects_garbage():
    from geodata.errors import IngestError

    with pytest.raises(IngestError, match="not understood"):
        parse_choice("EPSG:nope")


def test_a_surveyors_x_northing_y_easting_is_offered_as_a_swap(store, tmp_path):
    from geodata.errors import IngestError

    upload = fx.surveyor_csv(tmp_path)
    insp = inspect(upload, "youth_schools")
    assert insp.needs_crs
    assert [c.key for c in insp.crs_candidates][:1] == ["EPSG:4528 swap"]
    # the wrong way round, the confirmed zone cannot fit: refused, the fix named
    with pytest.raises(IngestError) as caught:
        prepare(store, upload, "youth_schools", options=IngestOptions(crs="EPSG:4528"))
    assert caught.value.code == "ingest.crs_choice_does_not_fit"
    assert "X↔Y" in str(caught.value)
    prepared = prepare(
        store, upload, "youth_schools", options=IngestOptions(crs="EPSG:4528 swap")
    )
    assert np.allclose(_positions(prepared), fx.SCHOOL_LONLAT, atol=1e-5)
    assert list(prepared.features["name"]) == list(fx.SCHOOLS["名称"])  # 点名


def test_the_wrong_gauss_kruger_variant_is_refused_with_the_one_that_fits(
    store, tmp_path
):
    from geodata.errors import IngestError

    upload = fx.shapefile_zip(tmp_path / "a", fx.schools(4528), prj=False)
    with pytest.raises(IngestError) as caught:
        prepare(store, upload, "youth_schools", options=IngestOptions(crs="EPSG:4549"))
    assert caught.value.code == "ingest.crs_choice_does_not_fit"
    assert "EPSG:4528" in str(caught.value) and "EPSG:4528" in caught.value.render("zh")
    # a .prj that names the wrong one is refused the same way
    mislabelled = fx.schools(4528).set_crs(4549, allow_override=True)
    upload = fx.shapefile_zip(tmp_path / "b", mislabelled)
    with pytest.raises(IngestError) as caught:
        prepare(store, upload, "youth_schools")
    assert caught.value.code == "ingest.crs_declared_does_not_fit"


def test_a_file_wholly_outside_tongliao_cannot_be_committed(store, tmp_path):
    far = fx.schools(lonlat=[(116.4, 39.9), (116.5, 39.9), (116.6, 39.9)])
    report = prepare(store, fx.shapefile_zip(tmp_path, far), "youth_schools").report
    assert not report.ok and not report.can_skip
    assert [i.code for i in report.blocking] == ["all_outside_city"]


def test_gcj02_is_suspected_from_the_file_name_a_column_or_the_shift(store, tmp_path):
    areas = fx.admin_areas(store)
    shifted = fx.datav_geojson(tmp_path, areas, shift=wgs84_to_gcj02)
    named = shifted.with_name("通辽_gcj02.json")
    named.write_bytes(shifted.read_bytes())
    plain = shifted.with_name("boundaries.json")
    shifted.rename(plain)

    def codes(path, **options):
        report = prepare(
            store, path, "admin_areas", options=IngestOptions(mode="replace", **options)
        ).report
        return {i.code: i for i in report.issues}

    assert "gcj02_in_file" in codes(named)
    found = codes(plain)["gcj02_shift"]
    assert 450 <= int(found.params["metres"]) <= 600
    assert "gcj02_shift" not in codes(plain, crs="gcj02")  # converted: no doubt left
    table = fx.table("lng_gcj", "lat_gcj")
    table = table.rename(columns={"lng_gcj": "经度", "lat_gcj": "纬度"})
    table["火星坐标"] = "是"
    csv = fx.csv(tmp_path, table)
    report = prepare(store, csv, "youth_schools").report
    assert "gcj02_in_column" in {i.code for i in report.issues}
    # WGS84 boundaries draw no warning
    (tmp_path / "clean").mkdir()
    clean = fx.datav_geojson(tmp_path / "clean", areas)
    assert not {"gcj02_shift", "gcj02_in_file"} & set(codes(clean))
