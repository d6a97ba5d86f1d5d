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
    frame.loc[2, "状态"] = "烂尾"
    return str(fx.shapefile_zip(tmp_path, frame))


def test_errors_exit_non_zero_with_one_line_per_problem(cli, tmp_path):
    version = cli.store.current_version("youth_schools")
    result = cli(
        "ingest", _two_bad_rows(tmp_path), "--layer", "youth_schools", lang="en"
    )
    assert result.exit_code == 1
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    assert errors[0].startswith("error: row 1:") and errors[1].startswith(
        "error: row 3:"
    )
    assert cli.store.current_version("youth_schools") == version


def test_error_lines_in_chinese_by_default(cli, tmp_path):
    result = cli("ingest", _two_bad_rows(tmp_path), "--layer", "youth_schools")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == t(
        "cli.ingest.error_row",
        "zh",
        row=1,
        message=t("issue.required_missing", "zh", field="name"),
    )
    assert lines[1].startswith("错误：第 3 行：")
    assert not [ln for ln in lines if "error" in ln.lower()]


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
    assert cli("user", "list").stdout == "wang\tsteward\n"
    again = cli(
        "user", "add", "wang", "--role", "admin", stdin="correct horse\n", lang="en"
    )
    assert again.exit_code == 1 and "exists" in again.stderr
    assert cli("user", "remove", "wang").exit_code == 0
