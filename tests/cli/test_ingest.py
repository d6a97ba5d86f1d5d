"""``python -m geodata ingest/user/history/rollback`` (point 7)."""

import getpass
import json

import pytest
from click.testing import CliRunner

from geodata.auth import authenticate
from geodata.cli import main
from geodata.config import Settings
from geodata.i18n import t
from geodata.storage import open_store
from tests import fixtures as fx

pytestmark = pytest.mark.backends


@pytest.fixture
def cli(store_env):
    runner = CliRunner()

    def invoke(*args: str, stdin: str | None = None, lang: str = "zh"):
        return runner.invoke(
            main,
            list(args),
            input=stdin,
            catch_exceptions=False,
            env={"GEODATA_LANG": lang},
        )

    invoke.store = open_store(Settings(store=str(store_env)))
    return invoke


def test_dry_run_reports_and_writes_nothing(cli, tmp_path):
    version = cli.store.current_version("youth_schools")
    result = cli(
        "ingest",
        str(fx.shapefile_zip(tmp_path)),
        "--layer",
        "youth_schools",
        "--dry-run",
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] and report["n_features"] == 3 and report["added"] == 3
    assert cli.store.current_version("youth_schools") == version
    assert result.stderr == t("cli.ingest.dry_run", "zh") + "\n"


def test_dry_run_line_follows_geodata_lang(cli, tmp_path):
    upload = str(fx.shapefile_zip(tmp_path))
    result = cli("ingest", upload, "--layer", "youth_schools", "--dry-run", lang="en")
    assert result.exit_code == 0, result.output
    assert result.stderr == "dry run: nothing written\n"
    assert "3 features: 3 added" in result.stdout


def test_commit_records_the_operating_system_user(cli, tmp_path):
    result = cli(
        "ingest",
        str(fx.csv(tmp_path)),
        "--layer",
        "youth_schools",
        "--note",
        "from excel",
    )
    assert result.exit_code == 0, result.output
    last = cli.store.history("youth_schools")[-1]
    assert last.author == f"{getpass.getuser()} (cli)"
    assert (last.note, last.file_name, last.added) == ("from excel", "upload.csv", 3)
    assert result.stderr == (
        t(
            "cli.ingest.committed",
            "zh",
            layer="youth_schools",
            version=last.version,
            added=3,
            changed=0,
            removed=0,
        )
        + "\n"
    )
    assert result.stderr.startswith("已提交 youth_schools 第")


def _two_bad_rows(tmp_path):
    frame = fx.schools()
    frame.loc[0, "名称"] = None
    frame["年份"] = frame["年份"].astype(object)
    frame.loc[2, "年份"] = "去年"  # not a year: an error
    return str(fx.shapefile_zip(tmp_path, frame))


def test_errors_exit_non_zero_with_one_line_per_kind_of_problem(cli, tmp_path):
    version = cli.store.current_version("youth_schools")
    result = cli(
        "ingest", _two_bad_rows(tmp_path), "--layer", "youth_schools", lang="en"
    )
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors == [
        "Error: 1 rows (row 3 (开鲁县少年军校)): year value '去年' is not a valid int",
        "Error: 1 rows (row 1): Required attribute name is empty",
    ]
    assert cli.store.current_version("youth_schools") == version


def test_error_lines_in_chinese_by_default(cli, tmp_path):
    result = cli("ingest", _two_bad_rows(tmp_path), "--layer", "youth_schools")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[1] == t(
        "report.group",
        "zh",
        severity="错误",
        n=1,
        rows="第 1 行",
        message=t("issue.required_missing", "zh", field="name"),
    )
    assert lines[0].startswith("错误：1 行（第 3 行（开鲁县少年军校））")
    assert not [ln for ln in lines if "error" in ln.lower()]


def _many_bad_rows(tmp_path, n=925):
    frame = fx.points(n)
    frame.loc[::2, "name"] = None  # 463 rows without a name
    frame = frame.rename(columns={"name": "名称"})
    return fx.geopackage(tmp_path, {"schools": frame})


def test_many_bad_rows_are_a_few_lines_and_the_json_keeps_every_row(cli, tmp_path):
    upload = str(_many_bad_rows(tmp_path))
    result = cli("ingest", upload, "--layer", "youth_schools", lang="en")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: 463 rows (row 1, row 3, row 5, row 7, row 9…): "
        "Required attribute name is empty"
    ]
    assert len(result.stdout.splitlines()) < 10
    report = json.loads(
        cli("ingest", upload, "--layer", "youth_schools", "--json").stdout
    )
    missing = [i for i in report["issues"] if i["code"] == "required_missing"]
    assert [i["feature_index"] for i in missing] == list(range(0, 925, 2))


def test_skip_invalid_commits_the_rest_and_the_version_says_why(cli, tmp_path):
    upload = str(_many_bad_rows(tmp_path, 40))
    result = cli(
        "ingest", upload, "--layer", "youth_schools", "--skip-invalid", lang="en"
    )
    assert result.exit_code == 0, result.output
    assert "20 rows skipped: required_missing 20" in result.stderr
    last = cli.store.history("youth_schools")[-1]
    assert (last.added, last.skipped) == (20, 20)
    assert last.skipped_reasons == "required_missing:20"
    history = json.loads(cli("history", "--layer", "youth_schools", "--json").stdout)
    assert history[-1]["skipped"] == 20


def test_field_and_value_options(cli, tmp_path):
    frame = fx.schools().rename(columns={"名称": "叫法"})
    frame["类型"] = ["宣传牌", "道路进出口", "主要街道"]
    upload = str(fx.shapefile_zip(tmp_path, frame))
    plain = json.loads(
        cli("ingest", upload, "--layer", "signage", "--dry-run", "--json").stdout
    )
    assert "叫法" not in plain["field_map"] and not plain["ok"]  # no name column
    hint = [i for i in plain["issues"] if i["code"] == "column_kept"]
    assert hint == []  # 类型 fits site_type here: two of three values are placements
    assert plain["unknown_values"] == [
        {"field": "site_type", "value": "宣传牌", "count": 1, "mapped_to": None}
    ]
    mapped = cli(
        "ingest",
        upload,
        "--layer",
        "signage",
        "--field",
        "叫法=name",
        "--map-value",
        "site_type:宣传牌=street",
        "--dry-run",
        "--json",
    )
    assert mapped.exit_code == 0, mapped.output
    report = json.loads(mapped.stdout)
    assert report["ok"] and report["field_map"]["叫法"] == "name"
    assert report["unknown_values"][0]["mapped_to"] == "street"
    bad = cli(
        "ingest", upload, "--layer", "signage", "--map-value", "site_type:x", lang="en"
    )
    assert bad.exit_code == 2 and "FIELD:FROM=TO" in bad.output
    wrong = cli(
        "ingest",
        upload,
        "--layer",
        "signage",
        "--map-value",
        "site_type:宣传牌=billboard",
        lang="en",
    )
    assert wrong.exit_code == 1
    assert "not one of the field's values" in wrong.stderr


def test_member_by_its_real_name_in_a_windows_zip(cli, tmp_path):
    a = fx.write_shapefile(tmp_path / "a", fx.schools(), stem="学校")
    b = fx.write_shapefile(tmp_path / "b", fx.schools(), stem="标牌")
    upload = fx.windows_zip(
        tmp_path / "两个.zip",
        {**fx.shapefile_members(a), **fx.shapefile_members(b)},
    )
    asked = cli("ingest", str(upload), "--layer", "youth_schools", lang="en")
    assert asked.exit_code == 1 and "学校.shp" in asked.stderr
    chosen = cli(
        "ingest", str(upload), "--layer", "youth_schools", "--member", "标牌.shp"
    )
    assert chosen.exit_code == 0, chosen.output


def test_surveyor_table_with_swap(cli, tmp_path):
    upload = str(fx.surveyor_csv(tmp_path))
    asked = cli("ingest", upload, "--layer", "youth_schools", lang="en")
    assert asked.exit_code == 1 and "EPSG:4528" in asked.stderr
    assert "X↔Y" in asked.stderr
    swapped = cli(
        "ingest",
        upload,
        "--layer",
        "youth_schools",
        "--crs",
        "EPSG:4528",
        "--swap-xy",
        "--dry-run",
    )
    assert swapped.exit_code == 0, swapped.output


def test_nothing_to_commit_is_said_and_not_an_error(cli, tmp_path):
    out = tmp_path / "schools.geojson"
    assert (
        cli(
            "export",
            "--layer",
            "youth_schools",
            "--format",
            "geojson",
            "--output",
            str(out),
        ).exit_code
        == 0
    )
    version = cli.store.current_version("youth_schools")
    again = cli(
        "ingest", str(out), "--layer", "youth_schools", "--mode", "update", lang="en"
    )
    assert again.exit_code == 0, again.output
    n = cli.store.count("youth_schools")
    assert f"0 added, 0 changed, {n} unchanged" in again.stdout
    assert again.stderr.endswith("the same as the layer holds: no version written\n")
    assert cli.store.current_version("youth_schools") == version


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "outside the archive"), ("zh", "指向压缩包之外")]
)
def test_unusable_file_is_one_line_in_the_cli_language(cli, tmp_path, lang, words):
    result = cli(
        "ingest", str(fx.zip_slip(tmp_path)), "--layer", "youth_schools", lang=lang
    )
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and words in result.stderr


def test_crs_and_encoding_options(cli, tmp_path):
    upload = fx.shapefile_zip(
        tmp_path, fx.schools(4528), prj=False, encoding="GBK", cpg=False
    )
    refused = cli("ingest", str(upload), "--layer", "youth_schools", "--dry-run")
    assert refused.exit_code == 1 and "EPSG:4528" in refused.stderr
    ok = cli(
        "ingest",
        str(upload),
        "--layer",
        "youth_schools",
        "--crs",
        "EPSG:4528",
        "--encoding",
        "GBK",
        "--dry-run",
        "--json",
    )
    assert ok.exit_code == 0, ok.output
    assert "4528" in json.loads(ok.stdout)["crs"]


def test_history_and_rollback_commands(cli, tmp_path):
    v0 = cli.store.current_version("youth_schools")
    cli("ingest", str(fx.geojson(tmp_path)), "--layer", "youth_schools")
    history = json.loads(cli("history", "--layer", "youth_schools", "--json").stdout)
    assert [v["version"] for v in history][-1] == v0 + 1
    assert history[-1]["file_name"] == "upload.geojson"
    table = cli("history", "--layer", "youth_schools").stdout.splitlines()
    assert table[0].startswith("version\tcreated_at\tauthor")
    result = cli("rollback", "--layer", "youth_schools", "--to", str(v0))
    assert result.exit_code == 0, result.output
    assert cli.store.history("youth_schools")[-1].rolled_back_to == v0
    bad = cli("rollback", "--layer", "youth_schools", "--to", "99", lang="en")
    assert bad.exit_code == 1 and "cannot roll back to 99" in bad.stderr


def test_user_add_reads_password_from_stdin(cli):
    result = cli("user", "add", "wang", "--role", "steward", stdin="correct horse\n")
    assert result.exit_code == 0, result.output
    assert authenticate(cli.store, "wang", "correct horse").role == "steward"
    assert cli("user", "list").stdout == "wang\tsteward\t*\n"
    again = cli(
        "user", "add", "wang", "--role", "admin", stdin="correct horse\n", lang="en"
    )
    assert again.exit_code == 1 and "exists" in again.stderr
    assert cli("user", "remove", "wang").exit_code == 0
