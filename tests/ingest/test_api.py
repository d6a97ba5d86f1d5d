"""The package surface: one argument order, bytes or a path, its own temp folder."""

import ast
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import geodata.ingest as ingest
from geodata.errors import IngestError, MissingSidecarError
from geodata.ingest import IngestOptions, commit, inspect, prepare
from tests import fixtures as fx

pytestmark = pytest.mark.backends

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Route tempfile into a folder the test can look into afterwards."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_bytes_and_a_path_give_the_same_report(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    data = upload.read_bytes()
    by_bytes = prepare(store, data, "youth_schools", file_name="学校.zip")
    by_path = prepare(store, upload, "youth_schools", file_name="学校.zip")
    assert by_bytes.report == by_path.report
    assert by_bytes.report.file_name == "学校.zip"
    assert list(by_bytes.features["name"]) == list(by_path.features["name"])
    # the same positional order in both steps: (upload, layer_id)
    insp = inspect(data, "youth_schools", file_name="学校.zip")
    assert insp.file_name == "学校.zip" and insp.field_map["名称"] == "name"


def test_a_path_names_itself(store, tmp_path):
    path = fx.geojson(tmp_path)
    assert inspect(path, "youth_schools").file_name == "upload.geojson"
    assert prepare(store, path, "youth_schools").report.file_name == "upload.geojson"


def test_bytes_need_a_file_name(store, tmp_path):
    data = fx.geojson(tmp_path).read_bytes()
    with pytest.raises(TypeError, match="file_name"):
        inspect(data, "youth_schools")
    with pytest.raises(TypeError, match="file_name"):
        prepare(store, data, "youth_schools")


def test_the_file_name_says_the_format_of_bytes(store, tmp_path):
    data = fx.csv(tmp_path).read_bytes()
    assert prepare(store, data, "youth_schools", file_name="点位.csv").report.ok
    with pytest.raises(IngestError, match="not supported"):
        prepare(store, data, "youth_schools", file_name="点位.dat")


def test_a_very_long_file_name_is_not_a_file_name_on_disk(store, tmp_path):
    # the bytes are written under a fixed stem; the user's name is only shown
    name = "学校" * 120 + ".geojson"
    data = fx.geojson(tmp_path).read_bytes()
    assert (
        prepare(store, data, "youth_schools", file_name=name).report.file_name == name
    )


def test_work_folder_removed_after_inspect_and_prepare(store, tmp_path, private_tmp):
    data = fx.shapefile_zip(tmp_path).read_bytes()
    inspect(data, "youth_schools", file_name="a.zip")
    assert list(private_tmp.iterdir()) == []
    prepared = prepare(store, data, "youth_schools", file_name="a.zip")
    assert list(private_tmp.iterdir()) == []
    commit(store, prepared, author="wang")
    assert list(private_tmp.iterdir()) == []


@pytest.mark.parametrize("step", ["inspect", "prepare"])
def test_work_folder_removed_when_a_step_fails(store, tmp_path, private_tmp, step):
    # The archive is unpacked before the missing .dbf is found, and garbage parts
    # fail inside GDAL: both with files in the work folder.
    no_dbf = fx.shapefile_zip(tmp_path / "a", drop=(".dbf",)).read_bytes()
    junk = fx.zip_bytes({f"a.{e}": b"\x00garbage" * 10 for e in ("shp", "shx", "dbf")})

    def run(data):
        if step == "inspect":
            return inspect(data, "youth_schools", file_name="x.zip")
        return prepare(store, data, "youth_schools", file_name="x.zip")

    with pytest.raises(MissingSidecarError):
        run(no_dbf)
    assert list(private_tmp.iterdir()) == []
    with pytest.raises(IngestError):
        run(junk)
    assert list(private_tmp.iterdir()) == []


def _gbk(path: Path) -> Path:
    """The same text file re-encoded as GBK, as Chinese desktop tools write it."""
    out = path.with_name(f"gbk-{path.name}")
    out.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    return out


@pytest.mark.parametrize("builder", [fx.geojson, fx.kml])
def test_a_path_upload_is_read_in_place_and_left_as_it_was(store, tmp_path, builder):
    # GDAL reads GeoJSON and KML as UTF-8 only, so a GBK file is converted; the
    # converted copy must not land in the steward's folder.
    path = _gbk(builder(tmp_path))
    before = sorted(tmp_path.iterdir())
    assert inspect(path, "youth_schools").encoding_detected == "GB18030"
    prepared = prepare(store, path, "youth_schools")
    assert prepared.report.encoding == "GB18030"
    assert "科尔沁区第一少年军校" in list(prepared.features["name"])
    assert sorted(tmp_path.iterdir()) == before


def test_every_exported_name_exists():
    assert all(hasattr(ingest, name) for name in ingest.__all__)
    assert ingest.IngestOptions is IngestOptions
    assert ".zip" in ingest.EXTENSIONS and "GB18030" in ingest.ENCODING_CHOICES


def _ingest_imports(path: Path) -> list[str]:
    """Modules under geodata.ingest that a file imports, submodules named as such."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith("geodata.ingest."):
                found.append(node.module)
            elif node.module == "geodata.ingest":
                submodules = {p.stem for p in (ROOT / "geodata/ingest").glob("*.py")}
                found += [
                    f"geodata.ingest.{a.name}"
                    for a in node.names
                    if a.name in submodules
                ]
        elif isinstance(node, ast.Import):
            found += [
                a.name for a in node.names if a.name.startswith("geodata.ingest.")
            ]
    return found


def test_page_ui_and_cli_import_only_the_package():
    files = [
        *(ROOT / "pages").glob("*.py"),
        *(ROOT / "geodata/ui").glob("*.py"),
        *(ROOT / "geodata/cli").glob("*.py"),
    ]
    reaching_in = {
        str(f.relative_to(ROOT)): _ingest_imports(f)
        for f in files
        if _ingest_imports(f)
    }
    assert reaching_in == {}


def test_ingest_needs_no_map_renderer():
    code = (
        "import sys, geodata.ingest\n"
        "bad = [m for m in sys.modules\n"
        "       if m == 'folium' or m.startswith('geodata.mapping')]\n"
        "print(bad)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert out.stdout.strip() == "[]"
