"""The agency files of issue 10 through ``python -m geodata ingest`` (built in code)."""

import json

import pytest
from click.testing import CliRunner

from geodata.cli import main
from geodata.config import Settings
from geodata.coords import wgs84_to_gcj02
from geodata.export import EXTENSIONS, FORMATS
from geodata.storage import open_store
from tests import fixtures as fx


@pytest.fixture
def cli(store_env):
    runner = CliRunner()

    def invoke(*args: str, lang: str = "en"):
        return runner.invoke(
            main, list(args), catch_exceptions=False, env={"GEODATA_LANG": lang}
        )

    invoke.store = open_store(Settings(store=str(store_env)))
    return invoke


def _checked(cli, path, layer, *options):
    """A dry run with --json: exit code and the parsed report (or stderr)."""
    result = cli("ingest", str(path), "--layer", layer, "--dry-run", "--json", *options)
    if result.exit_code:
        return result.exit_code, result.stderr
    return 0, json.loads(result.stdout)


def _codes(report):
    return {i["code"] for i in report["issues"]}


def test_admin_boundaries_from_datav_and_without_a_banner_column(cli, tmp_path):
    areas = fx.admin_areas(cli.store)
    code, report = _checked(
        cli, fx.datav_geojson(tmp_path, areas), "admin_areas", "--mode", "replace"
    )
    assert code == 0 and report["ok"], report
    assert report["field_map"].get("adcode") == "adcode"
    bare = areas[["geometry"]].assign(FCNAME=list(areas["name"]))
    (tmp_path / "bare").mkdir()
    upload = fx.shapefile_zip(tmp_path / "bare", bare)
    code, report = _checked(cli, upload, "admin_areas", "--mode", "replace")
    assert code == 0 and report["ok"], report
    assert report["field_map"] == {"FCNAME": "name"}


def test_big5_on_a_gbk_file_is_refused_naming_the_clean_encoding(cli, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    code, err = _checked(cli, upload, "youth_schools", "--encoding", "BIG5")
    assert code == 1 and "GB18030" in err and err.count("\n") == 1


def test_the_wrong_gauss_kruger_variant_names_the_one_that_fits(cli, tmp_path):
    upload = fx.shapefile_zip(tmp_path, fx.schools(4528), prj=False)
    code, err = _checked(cli, upload, "youth_schools", "--crs", "EPSG:4549")
    assert code == 1 and "EPSG:4528" in err
    assert "Traceback" not in err


def test_gcj02_named_file_is_warned_and_converted_on_request(cli, tmp_path):
    shifted = fx.schools(lonlat=[wgs84_to_gcj02(a, b) for a, b in fx.SCHOOL_LONLAT])
    upload = fx.shapefile_zip(tmp_path, shifted)
    named = upload.with_name("学校_gcj02.zip")
    upload.rename(named)
    code, report = _checked(cli, named, "youth_schools")
    assert code == 0 and "gcj02_in_file" in _codes(report)
    code, report = _checked(cli, named, "youth_schools", "--crs", "gcj02")
    assert code == 0 and "gcj02_in_file" not in _codes(report)
    assert report["crs"] == "gcj02"


def test_amap_export_with_wgs84_and_gcj02_pairs(cli, tmp_path):
    code, report = _checked(cli, fx.amap_csv(tmp_path), "youth_schools")
    assert code == 0 and report["ok"], report
    assert report["field_map"]["POI名称"] == "name"
    assert "lng_GCJ02" not in report["field_map"]


def test_pinyin_names_are_not_garbled(cli, tmp_path):
    frame = fx.schools()
    frame["名称"] = ["Nêdong School", "Maqên School", "Xigazê School"]
    code, report = _checked(cli, fx.shapefile_zip(tmp_path, frame), "youth_schools")
    assert code == 0 and report["ok"] and "text_garbled" not in _codes(report)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_apps_own_export_comes_back_with_no_change(cli, tmp_path, fmt):
    out = tmp_path / f"signage{EXTENSIONS[fmt]}"
    done = cli("export", "--layer", "signage", "--format", fmt, "--output", str(out))
    assert done.exit_code == 0, done.output
    code, report = _checked(cli, out, "signage", "--mode", "update")
    assert code == 0, report
    assert (report["added"], report["changed"], report["removed"]) == (0, 0, 0)
    assert report["unchanged"] == cli.store.count("signage")
