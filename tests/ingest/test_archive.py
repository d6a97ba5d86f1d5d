"""Limits and hostile files: refused with a clear message, store unchanged (point 8)."""

import tempfile
import zipfile

import pandas as pd
import pytest

from geodata.errors import IngestError, InvalidArchiveError, MissingSidecarError
from geodata.ingest import Limits, inspect, prepare
from geodata.ingest.archive import extract
from tests import fixtures as fx

pytestmark = pytest.mark.backends


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Route tempfile into a folder the test can inspect afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def unchanged(store):
    """Assert after the test that no layer got a new version."""
    from geodata.catalog import LAYER_IDS

    before = {lid: store.current_version(lid) for lid in LAYER_IDS}
    yield store
    assert {lid: store.current_version(lid) for lid in LAYER_IDS} == before


def _refused(store, path, error, match, limits=None, **options):
    with pytest.raises(error, match=match):
        prepare(store, path, "youth_schools", limits=limits or Limits(), **options)


def test_zip_bomb_refused_before_extracting(unchanged, tmp_path, private_tmp):
    bomb = fx.zip_bomb(tmp_path, megabytes=64)
    assert bomb.stat().st_size < 1_000_000
    _refused(unchanged, bomb, InvalidArchiveError, "zip bomb")
    assert list(private_tmp.iterdir()) == []  # the work folder is gone, nothing written


def test_total_uncompressed_size_is_limited(unchanged, tmp_path, private_tmp):
    bomb = fx.zip_bomb(tmp_path, megabytes=8)
    limits = Limits(max_uncompressed_bytes=4 << 20, max_ratio=1e9)
    _refused(unchanged, bomb, InvalidArchiveError, "would expand to 8 MB", limits)
    assert list(private_tmp.iterdir()) == []


def test_extraction_counts_real_bytes_when_the_directory_lies(tmp_path):
    bomb = fx.zip_bomb(tmp_path, megabytes=8)
    data = bytearray(bomb.read_bytes())
    with zipfile.ZipFile(bomb) as zf:
        info = zf.infolist()[0]
    # Patch the central directory's uncompressed size (zip64 extra) down to 1 KB.
    true_size = info.file_size.to_bytes(8, "little")
    at = data.rfind(true_size)
    data[at : at + 8] = (1024).to_bytes(8, "little")
    lying = tmp_path / "lying.zip"
    lying.write_bytes(bytes(data))
    out = tmp_path / "out"
    with pytest.raises(InvalidArchiveError):
        extract(lying, out, Limits(max_uncompressed_bytes=2 << 20, max_ratio=1e9))
    assert sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) <= 2 << 20


def test_member_count_is_limited(unchanged, tmp_path):
    path = tmp_path / "many.zip"
    path.write_bytes(fx.zip_bytes({f"f{i}.txt": b"x" for i in range(30)}))
    _refused(unchanged, path, InvalidArchiveError, "30 entries", Limits(max_members=20))


@pytest.mark.parametrize(
    "member",
    [
        "../../evil.shp",
        "/etc/evil.shp",
        "a/../../evil.shp",
        "C:\\evil.shp",
        "..\\evil.shp",
    ],
)
def test_zip_slip_refused_with_nothing_written(
    unchanged, tmp_path, private_tmp, member
):
    slip = fx.zip_slip(tmp_path, member)
    _refused(unchanged, slip, InvalidArchiveError, "outside the archive|absolute path")
    assert list(private_tmp.iterdir()) == []
    assert not list(tmp_path.parent.rglob("evil.shp"))


def test_upload_size_limit(unchanged, tmp_path):
    upload = fx.shapefile_zip(tmp_path)
    _refused(
        unchanged, upload, IngestError, "the limit is", Limits(max_upload_bytes=100)
    )


def test_empty_file(unchanged, tmp_path):
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    _refused(unchanged, empty, IngestError, "is empty")


def test_truncated_archive(unchanged, tmp_path):
    broken = fx.truncated(fx.shapefile_zip(tmp_path))
    _refused(unchanged, broken, InvalidArchiveError, "truncated|not a readable zip")


def test_archive_without_geodata(unchanged, tmp_path):
    path = tmp_path / "docs.zip"
    path.write_bytes(fx.zip_bytes({"readme.txt": b"hello", "photo.jpg": b"\xff\xd8"}))
    _refused(unchanged, path, InvalidArchiveError, "no single vector dataset")


@pytest.mark.parametrize(
    ("drop", "message"), [(".dbf", "lacks its .dbf"), (".shx", "lacks its .shx")]
)
def test_missing_sidecar(unchanged, tmp_path, drop, message):
    upload = fx.shapefile_zip(tmp_path, drop=(drop,))
    _refused(unchanged, upload, MissingSidecarError, message)


def test_bare_shp_upload(unchanged, tmp_path):
    shp = fx.write_shapefile(tmp_path, fx.schools())
    _refused(unchanged, shp, MissingSidecarError, "bare .shp")


def test_two_shapefiles_ask_which(unchanged, tmp_path):
    a = fx.write_shapefile(tmp_path / "a", fx.schools(), stem="学校")
    b = fx.write_shapefile(tmp_path / "b", fx.schools(), stem="标牌")
    upload = fx.zip_shapefiles(tmp_path / "two.zip", [a, b])
    insp = inspect(upload, "youth_schools")
    assert insp.needs_member and set(insp.members) == {"学校.shp", "标牌.shp"}
    _refused(unchanged, upload, InvalidArchiveError, "choose one")
    from geodata.ingest import IngestOptions

    prepared = prepare(
        unchanged, upload, "youth_schools", options=IngestOptions(member="标牌.shp")
    )
    assert prepared.report.ok


def test_shapefile_with_no_features(unchanged, tmp_path):
    upload = fx.shapefile_zip(tmp_path, fx.schools().iloc[:0])
    _refused(unchanged, upload, IngestError, "holds no features")


def test_garbage_pretending_to_be_a_geopackage(unchanged, tmp_path):
    path = tmp_path / "fake.gpkg"
    path.write_bytes(b"this is not sqlite" * 10)
    _refused(unchanged, path, IngestError, "not a readable GeoPackage|Cannot read")


@pytest.mark.parametrize(
    "name",
    [
        "x.geojson",
        "x.json",
        "x.kml",
        "x.kmz",
        "x.csv",
        "x.xlsx",
        "x.gpkg",
        "x.zip",
        "x.txt",
    ],
)
@pytest.mark.parametrize(
    "data",
    [b"\x00\xff" * 64, b"PK\x03\x04" + b"\x00" * 60, b'{"type": "Feature'],
    ids=["binary", "zip-header", "cut-json"],
)
def test_garbage_in_any_format_is_an_ingest_error(unchanged, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(IngestError):
        prepare(unchanged, path, "youth_schools")
    with pytest.raises(IngestError):
        inspect(path, "youth_schools")


def test_shapefile_parts_full_of_garbage(unchanged, tmp_path):
    path = tmp_path / "junk.zip"
    junk = {f"a.{ext}": b"\x00\x01garbage" * 10 for ext in ("shp", "shx", "dbf", "prj")}
    path.write_bytes(fx.zip_bytes(junk))
    with pytest.raises(IngestError):
        prepare(unchanged, path, "youth_schools")


def test_windows_zip_names_are_decoded_and_chosen_by_their_real_name(
    unchanged, tmp_path
):
    from geodata.ingest import IngestOptions

    a = fx.write_shapefile(tmp_path / "a", fx.schools(), stem="通辽少年军校")
    b = fx.write_shapefile(tmp_path / "b", fx.schools(), stem="学校")
    members = {f"数据/{k}": v for k, v in fx.shapefile_members(a).items()}
    members.update(fx.shapefile_members(b))
    upload = fx.windows_zip(tmp_path / "打包.zip", members)
    with zipfile.ZipFile(upload) as zf:  # what zipfile alone makes of them
        assert any("╡" in i.filename or "═" in i.filename for i in zf.infolist())
    insp = inspect(upload, "youth_schools")
    assert set(insp.members) == {"数据/通辽少年军校.shp", "学校.shp"}
    prepared = prepare(
        unchanged,
        upload,
        "youth_schools",
        options=IngestOptions(member="数据/通辽少年军校.shp"),
    )
    assert prepared.report.ok


def test_a_member_with_a_300_character_name_is_read(unchanged, tmp_path):
    shp = fx.write_shapefile(tmp_path / "src", fx.schools())
    stem = "通辽市少年军校点位" * 34  # 306 characters, 918 bytes
    upload = fx.windows_zip(tmp_path / "long.zip", fx.shapefile_members(shp, stem))
    # listed under its own name; on disk it has a short one
    assert inspect(upload, "youth_schools").members == (f"{stem}.shp",)
    report = prepare(unchanged, upload, "youth_schools").report
    assert report.ok and report.n_features == 3
    data = fx.geojson(tmp_path).read_bytes()
    name = "学" * 300 + ".geojson"
    assert prepare(unchanged, data, "youth_schools", file_name=name).report.ok


def test_an_xlsx_bomb_is_refused_before_a_sheet_is_read(
    unchanged, tmp_path, private_tmp
):
    import time

    bomb = fx.xlsx_bomb(tmp_path)
    assert bomb.stat().st_size < 1_000_000
    start = time.perf_counter()
    _refused(unchanged, bomb, InvalidArchiveError, "zip bomb")
    assert time.perf_counter() - start < 10
    with pytest.raises(InvalidArchiveError):
        inspect(bomb, "youth_schools")


def test_every_upload_has_a_feature_budget(unchanged, tmp_path):
    upload = fx.geopackage(tmp_path, {"points": fx.points(50)})
    _refused(
        unchanged,
        upload,
        IngestError,
        "more than 20 features",
        Limits(max_features=20),
    )
    path = fx.csv(tmp_path, pd.concat([fx.table()] * 10, ignore_index=True))
    _refused(unchanged, path, IngestError, "more than 20", Limits(max_features=20))


def test_every_upload_has_a_memory_budget(unchanged, tmp_path):
    upload = fx.shapefile_zip(tmp_path)
    _refused(
        unchanged,
        upload,
        IngestError,
        "would take about .* MB of memory",
        Limits(max_memory_bytes=1000),
    )
