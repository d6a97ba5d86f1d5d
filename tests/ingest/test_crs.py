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
