import io
import json
import zipfile

import pytest
from click.testing import CliRunner

import geopandas as gpd

from geodata.auth import add_user, list_users
from geodata.catalog import LAYER_IDS
from geodata.cli import main
from geodata.config import Settings
from geodata.storage import open_store

pytestmark = pytest.mark.backends


@pytest.fixture
def run(store_env):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), catch_exceptions=False)

    return invoke


def test_layers_json_lists_all_nine_with_counts(run):
    result = run("layers", "--json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.output)}
    assert tuple(rows) == LAYER_IDS
    assert all(r["count"] > 0 for r in rows.values())
    assert rows["youth_schools"]["count"] == 9
    assert rows["unity_schools"]["count"] == 13
    assert rows["admin_areas"]["count"] == 8


def test_layers_table_has_titles_and_sensitivity_aligned(run):
    from geodata.cli.common import display_width

    result = run("layers")
    assert result.exit_code == 0
    assert "少年军校" in result.output and "Youth military schools" in result.output
    lines = result.output.splitlines()
    assert "sensitivity" in lines[0]
    # the English titles start in one column although the Chinese ones differ
    starts = {
        display_width(line[: line.index(title)])
        for line, title in zip(
            lines[1:], ["Administrative areas", "Double-support streets"], strict=False
        )
    }
    assert len(starts) == 1


def test_store_option_after_the_command(store_env, tmp_path):
    other = tmp_path / "other.gpkg"
    result = CliRunner().invoke(main, ["layers", "--store", str(other), "--json"])
    assert result.exit_code == 0, result.output
    assert other.exists()  # the store named after the command was used


def test_export_geojson_to_stdout(run):
    result = run(
        "export", "--layer", "youth_schools", "--format", "geojson", "--output", "-"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    statuses = [f["properties"]["status"] for f in data["features"]]
    assert statuses.count("built") == 3 and statuses.count("planned") == 6


def test_export_csv_to_stdout(run):
    result = run(
        "export", "--layer", "unity_schools", "--format", "csv", "--output", "-"
    )
    assert result.exit_code == 0
    lines = result.stdout_bytes.decode("utf-8-sig").splitlines()
    assert len(lines) == 14 and "lon" in lines[0]


@pytest.mark.parametrize("fmt", ["gpkg", "shp", "geojson"])
def test_export_files_read_back(run, tmp_path, fmt):
    out = tmp_path / ("out.zip" if fmt == "shp" else f"out.{fmt}")
    result = run(
        "export", "--layer", "flood_sites", "--format", fmt, "--output", str(out)
    )
    assert result.exit_code == 0
    if fmt == "shp":
        names = zipfile.ZipFile(out).namelist()
        assert any(n.endswith(".cpg") for n in names)
        shp = [n for n in names if n.endswith(".shp")]
        frames = [gpd.read_file(f"zip://{out}!{n}") for n in shp]
        total = sum(len(f) for f in frames)
        assert any(
            "辽河" in str(v) or "堤" in str(v) for f in frames for v in f["name"]
        )
    else:
        total = len(gpd.read_file(out))
    assert total == json.loads(run("layers", "--json").output)[7]["count"]


def test_export_binary_to_stdout_is_refused(run):
    result = CliRunner().invoke(
        main, ["export", "--layer", "signage", "--format", "gpkg", "--output", "-"]
    )
    assert result.exit_code != 0
    assert "geojson and csv" in result.output


def test_export_unknown_layer_is_one_clear_line(run):
    result = CliRunner().invoke(
        main, ["export", "--layer", "nope", "--format", "csv", "--output", "-"]
    )
    assert result.exit_code == 2
    assert "youth_schools" in result.output


def test_export_into_missing_folder_is_a_clear_error(run, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "export",
            "--layer",
            "signage",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "no" / "x.csv"),
        ],
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_seed_replaces_a_store_that_holds_only_the_sample(run):
    result = run("seed")
    assert result.exit_code == 0, result.output


def test_seed_refuses_a_store_with_accounts_then_forces_and_lists(run, store_env):
    store = open_store(Settings(store=str(store_env)))
    add_user(store, "wang", "pw-123456", "steward")
    result = CliRunner().invoke(main, ["seed"])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert "1 account" in result.stderr
    assert list_users(store)  # still there
    forced = run("seed", "--force")
    assert forced.exit_code == 0
    assert "deleting 1 account" in forced.stderr
    assert list_users(open_store(Settings(store=str(store_env)))) == []


def test_seed_creates_a_new_store(tmp_path):
    path = tmp_path / "fresh.gpkg"
    result = CliRunner().invoke(main, ["--store", str(path), "seed"])
    assert result.exit_code == 0, result.output
    assert path.exists()


def test_bad_store_scheme_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["--store", "ftp://x/y", "layers"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "ftp" in result.output


def test_module_entry_point_runs(store_env):
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "geodata", "layers", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(json.loads(out.stdout)) == len(LAYER_IDS)


def test_stdout_geojson_is_utf8(run):
    result = run(
        "export", "--layer", "service_sites", "--format", "geojson", "--output", "-"
    )
    assert "军供站" in io.BytesIO(result.stdout_bytes).read().decode("utf-8")
