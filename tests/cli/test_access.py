"""The CLI's audiences, audit log, banner-limited accounts and escaped history."""

import json

import pytest
from click.testing import CliRunner

import geopandas as gpd

from geodata.audit import read_audit
from geodata.auth import get_user
from geodata.cli import main
from geodata.ingest import commit, prepare
from tests import fixtures as fx
from tests.leaks import readable


@pytest.fixture
def run(store_env):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def _has(page: str, words: str) -> bool:
    """``words`` in an HTML page, as written or as the JSON escapes folium writes."""
    return words in page or json.dumps(words)[1:-1] in page


def _names(path):
    return set(gpd.read_file(path)["name"])


def test_export_takes_an_audience_and_audits_internal_exports(run, store, tmp_path):
    public, internal = tmp_path / "public.geojson", tmp_path / "internal.geojson"
    args = ("export", "--layer", "service_sites", "--format", "geojson", "--output")
    assert run(*args, str(public), "--audience", "public").exit_code == 0
    assert run(*args, str(internal)).exit_code == 0  # internal by default
    assert "通辽军供站" in _names(internal) and "通辽军供站" not in _names(public)
    assert len(_names(internal)) - len(_names(public)) == 10
    (entry,) = read_audit(store, action="export")
    assert (entry.layer, entry.audience, entry.detail) == (
        "service_sites",
        "internal",
        "cli export geojson",
    )


def test_map_and_handout_are_public_by_default(run, store, tmp_path):
    page = tmp_path / "map.html"
    assert run("map", "--output", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    # names travel in the page's payloads: read them as the page does
    assert "通辽军供站" not in readable(text)
    assert _has(text, "Schematic map: not a basis")
    assert read_audit(store, action="export") == []
    assert run("map", "--output", str(page), "--audience", "internal").exit_code == 0
    assert "通辽军供站" in readable(page.read_text(encoding="utf-8"))
    assert _has(page.read_text(encoding="utf-8"), "Internal document")
    assert read_audit(store, action="export")[0].detail == "cli map"


def test_the_review_number_is_printed_when_set(run, tmp_path, monkeypatch):
    monkeypatch.setenv("GEODATA_MAP_REVIEW_NO", "蒙S(2024)017号")
    page = tmp_path / "map.html"
    assert run("map", "--output", str(page)).exit_code == 0
    text = page.read_text(encoding="utf-8")
    assert _has(text, "Map review no. 蒙S(2024)017号") and not _has(text, "Schematic")


def test_user_add_limits_an_account_to_banners(run, store):
    result = run(
        "user", "add", "naiman", "--role", "steward", "--banner", "Naiman Banner",
        input="correct horse\n",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert get_user(store, "naiman").banners == ("奈曼旗",)
    assert run("user", "list").stdout == "naiman\tsteward\t奈曼旗\n"
    bad = run(
        "user",
        "add",
        "x2",
        "--role",
        "steward",
        "--banner",
        "Beijing",
        input="correct horse\n",
    )
    assert bad.exit_code == 1 and "Banner 'Beijing' unknown" in bad.stderr


def test_audit_lists_entries_newest_first_with_control_characters_escaped(
    run, store, tmp_path
):
    prepared = prepare(store, fx.geojson(tmp_path), "youth_schools")
    commit(store, prepared, author="wang\nadmin\tforged", note="batch")
    table = run("audit").stdout.splitlines()
    assert table[0].split()[:3] == ["at", "who", "action"]
    assert "wang\\nadmin\\tforged" in table[1] and len(table) == 2
    entries = json.loads(run("audit", "--json", "--action", "commit").stdout)
    assert entries[0]["who"] == "wang\nadmin\tforged" and entries[0]["n"] == 3


def test_a_newline_in_a_note_cannot_forge_a_history_line(run, store, tmp_path):
    prepared = prepare(store, fx.geojson(tmp_path), "youth_schools")
    forged = "ok\n99\t2030-01-01\tadmin\treplace\t0\t0\t0\t0"
    commit(store, prepared, author="wang", note=forged)
    lines = run("history", "--layer", "youth_schools").stdout.splitlines()
    assert len(lines) == 1 + len(store.history("youth_schools"))
    assert lines[-1].endswith("ok\\n99\\t2030-01-01\\tadmin\\treplace\\t0\\t0\\t0\\t0")


def test_ingest_sets_the_sensitivity_the_file_leaves_empty(run, store, tmp_path):
    upload = fx.geojson(tmp_path)
    result = run(
        "ingest", str(upload), "--layer", "youth_schools", "--sensitivity", "internal"
    )
    assert result.exit_code == 0, result.output
    levels = store.read_layer("youth_schools").sensitivity
    assert (levels == "internal").sum() == 3
    assert levels.isna().sum() == 9  # the sample's schools keep the default


@pytest.mark.parametrize(
    ("audience", "review_no", "marks"),
    [
        ("public", "", ["示意图，不作为权属争议和划界依据"]),
        ("public", "蒙S(2024)017号", ["审图号：蒙S(2024)017号"]),
        ("internal", "蒙S(2024)017号", ["内部资料", "审图号：蒙S(2024)017号"]),
    ],
)
def test_every_handout_page_carries_its_notice(
    run, tmp_path, monkeypatch, audience, review_no, marks
):
    from pypdf import PdfReader

    monkeypatch.setenv("GEODATA_MAP_REVIEW_NO", review_no)
    pdf = tmp_path / "handout.pdf"
    result = run(
        "handout", "--output", str(pdf), "--audience", audience, "--lang", "zh"
    )
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert len(pages) >= 7
    for mark in marks:
        assert [i for i, text in enumerate(pages) if mark not in text] == [], mark
    if audience == "public":
        assert not any("内部资料" in text for text in pages)
