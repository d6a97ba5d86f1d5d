"""Every command, given bad input, fails with one line on stderr: never a traceback.

The cases cover each command of README "Command line": bad arguments, missing files,
a folder where a file is wanted, a store file that is not a GeoPackage; then each
real failure of a store (empty, cut short, damaged, foreign, read-only, full, locked).
"""

from __future__ import annotations

import contextlib
import re
import shlex
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from geodata.auth import add_user
from geodata.cli import main
from geodata.config import Settings
from geodata.storage import open_store
from geodata.storage.geopackage import BUSY_TIMEOUT_S
from tests import broken_stores as broken

README = Path(__file__).resolve().parents[2] / "README.md"

#: (case id, arguments as typed, a word the message must hold). ``{store}`` is a
#: good store, ``{bad}`` a text file posing as one, ``{dir}`` an existing folder,
#: ``{file}`` an existing ordinary file, ``{missing}`` a path that does not exist.
CASES: list[tuple[str, str, str]] = [
    ("layers-bad-option", "layers --nope", "--nope"),
    ("layers-bad-store", "layers --store {bad}", "not a GeoPackage"),
    ("layers-folder-store", "layers --store {dir}", "folder"),
    ("layers-bad-scheme", "layers --store ftp://x/y", "ftp"),
    ("export-bad-layer", "export --layer x --format csv --output -", "admin_areas"),
    ("export-bad-format", "export --layer signage --format dxf --output -", "dxf"),
    (
        "export-folder-output",
        "export --layer signage --format csv --output {dir}",
        "{dir}",
    ),
    (
        "export-missing-folder",
        "export --layer signage --format csv --output {missing}/x.csv",
        "does not exist",
    ),
    (
        "export-binary-stdout",
        "export --layer signage --format gpkg --output -",
        "geojson and csv",
    ),
    (
        "export-bad-store",
        "export --store {bad} --layer signage --format csv --output -",
        "not a GeoPackage",
    ),
    ("seed-bad-store", "seed --store {bad}", "not a GeoPackage"),
    ("seed-bad-store-forced", "seed --force --store {bad}", "not a GeoPackage"),
    ("seed-folder-store", "seed --store {dir}", "folder"),
    ("seed-holds-accounts", "seed", "account"),
    ("handout-folder-output", "handout --output {dir}", "{dir}"),
    ("handout-missing-folder", "handout --output {missing}/h.pdf", "does not exist"),
    (
        "handout-png-dir-is-file",
        "handout --output {tmp}/h.pdf --png-dir {file}",
        "{file}",
    ),
    ("handout-unknown-deck", "handout --deck nope --output {tmp}/h.pdf", "nope"),
    ("handout-bad-lang", "handout --lang fr --output {tmp}/h.pdf", "fr"),
    (
        "handout-bad-store",
        "handout --store {bad} --output {tmp}/h.pdf",
        "not a GeoPackage",
    ),
    ("ingest-missing-file", "ingest {missing}.zip --layer signage", "does not exist"),
    ("ingest-folder", "ingest {dir} --layer signage", "directory"),
    ("ingest-bad-encoding", "ingest {file} --layer signage --encoding nope", "nope"),
    ("ingest-bad-layer", "ingest {file} --layer nope", "nope"),
    ("ingest-bad-mode", "ingest {file} --layer signage --mode merge", "merge"),
    ("ingest-bad-crs", "ingest {csv} --layer signage --crs EPSG:nope", "nope"),
    ("ingest-not-a-zip", "ingest {fakezip} --layer signage", "zip"),
    ("ingest-unreadable-format", "ingest {file} --layer signage", "notes.txt"),
    (
        "ingest-bad-store",
        "ingest {csv} --layer signage --store {bad}",
        "not a GeoPackage",
    ),
    ("user-add-bad-role", "user add x --role king", "king"),
    ("user-add-exists", "user add admin --role admin", "admin"),
    (
        "user-add-bad-store",
        "user add x --role viewer --store {bad}",
        "not a GeoPackage",
    ),
    ("user-list-bad-store", "user list --store {bad}", "not a GeoPackage"),
    ("user-remove-missing", "user remove nobody", "nobody"),
    ("user-remove-bad-store", "user remove x --store {bad}", "not a GeoPackage"),
    ("user-no-such-subcommand", "user rename", "rename"),
    ("history-bad-layer", "history --layer nope", "nope"),
    ("history-bad-store", "history --layer signage --store {bad}", "not a GeoPackage"),
    ("rollback-to-zero", "rollback --layer signage --to 0", "1 to 1"),
    ("rollback-past-end", "rollback --layer signage --to 9", "1 to 1"),
    ("rollback-not-a-number", "rollback --layer signage --to one", "one"),
    (
        "rollback-bad-store",
        "rollback --layer signage --to 1 --store {bad}",
        "not a GeoPackage",
    ),
    ("map-folder-output", "map --output {dir}", "{dir}"),
    ("map-missing-folder", "map --output {missing}/m.html", "does not exist"),
    ("map-bad-banner", "map --output {tmp}/m.html --banner 北京", "北京"),
    ("map-bad-layer", "map --output {tmp}/m.html --layer roads", "roads"),
    (
        "map-tianditu-without-key",
        "map --output {tmp}/m.html --basemap tianditu",
        "GEODATA_TIANDITU_KEY",
    ),
    ("map-bad-store", "map --output {tmp}/m.html --store {bad}", "not a GeoPackage"),
    ("map-bad-audience", "map --output {tmp}/m.html --audience everyone", "everyone"),
    (
        "export-bad-audience",
        "export --layer signage --format csv --output - --audience army",
        "army",
    ),
    ("audit-bad-action", "audit --action fly", "fly"),
    ("audit-zero-limit", "audit --limit 0", "0"),
    ("audit-bad-store", "audit --store {bad}", "not a GeoPackage"),
    (
        "user-add-bad-banner",
        "user add li --role steward --banner 北京",
        "北京",
    ),
    ("analyze-bad-within", "analyze coverage --within 20parsec", "20parsec"),
    ("analyze-zero-within", "analyze coverage --within 0", "above 0"),
    ("analyze-far-within", "analyze coverage --within 900km", "at most 300 km"),
    (
        "analyze-same-layer",
        "analyze coverage --places signage --facilities signage",
        "two different layers",
    ),
    ("analyze-reference-layer", "analyze coverage --places admin_areas", "admin_areas"),
    ("analyze-bad-status", "analyze coverage --status done", "done"),
    ("analyze-bad-banner", "analyze coverage --banner 北京", "北京"),
    ("analyze-json-and-csv", "analyze coverage --json --csv", "choose one"),
    ("analyze-bad-store", "analyze coverage --store {bad}", "not a GeoPackage"),
    ("analyze-scorecard-bad-layer", "analyze scorecard --layer roads", "roads"),
    (
        "analyze-scorecard-bad-store",
        "analyze scorecard --store {bad}",
        "not a GeoPackage",
    ),
    (
        "analyze-sites-swapped-point",
        "analyze sites --candidates 43.5,122.1",
        "longitude first (122.1,43.5)",
    ),
    ("analyze-sites-not-a-point", "analyze sites --candidates nowhere", "nowhere"),
    ("analyze-sites-outside", "analyze sites --candidates 116.4,39.9", "outside"),
    ("analyze-sites-bad-k", "analyze sites --k 0", "--k"),
    ("analyze-sites-bad-store", "analyze sites --store {bad}", "not a GeoPackage"),
    ("analyze-no-such-subcommand", "analyze frob", "frob"),
    ("unknown-command", "frobnicate", "frobnicate"),
]


@pytest.fixture
def places(tmp_path: Path, store_env: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("GEODATA_TIANDITU_KEY", raising=False)
    add_user(open_store(Settings(store=str(store_env))), "admin", "pw-123456", "admin")
    (tmp_path / "folder").mkdir()
    (tmp_path / "notes.txt").write_text("not geodata\n", encoding="utf-8")
    (tmp_path / "bad.gpkg").write_text("this is not a database\n", encoding="utf-8")
    (tmp_path / "fake.zip").write_bytes(b"plain text, not a zip archive")
    (tmp_path / "sites.csv").write_text("名称,经度,纬度\n甲,122.26,43.62\n")
    return {
        "store": str(store_env),
        "bad": str(tmp_path / "bad.gpkg"),
        "dir": str(tmp_path / "folder"),
        "file": str(tmp_path / "notes.txt"),
        "csv": str(tmp_path / "sites.csv"),
        "fakezip": str(tmp_path / "fake.zip"),
        "missing": str(tmp_path / "missing"),
        "tmp": str(tmp_path),
    }


@pytest.mark.parametrize(
    ("args", "word"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_failure_is_one_line_on_stderr(places, args, word):
    args = [a.format(**places) for a in shlex.split(args)]
    before = Path(places["store"]).read_bytes()
    result = CliRunner().invoke(main, args, catch_exceptions=False, input="pw-123456\n")
    assert result.exit_code != 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: ")
    assert word.format(**places) in lines[0]
    assert "Traceback" not in result.output
    assert Path(places["store"]).read_bytes() == before  # nothing was written


def _readme_commands() -> set[str]:
    section = README.read_text(encoding="utf-8").split("## Command line", 1)[1]
    section = section.split("\n## ", 1)[0]
    found = re.findall(r"python -m geodata ((?:user )?[a-z]+)", section)
    return set(found)


def test_every_readme_command_has_failure_cases():
    words = [args.split() for _, args, _ in CASES]
    covered = {" ".join(w[:2]) if w[0] == "user" else w[0] for w in words}
    missing = _readme_commands() - covered
    assert not missing
    assert len(_readme_commands()) >= 11  # the section still lists the commands


def test_messages_follow_geodata_lang(places, monkeypatch):
    monkeypatch.setenv("GEODATA_LANG", "zh")
    result = CliRunner().invoke(main, ["layers", "--store", places["bad"]])
    assert result.exit_code == 1
    assert result.stderr.startswith("错误：")
    monkeypatch.setenv("GEODATA_LANG", "en")
    result = CliRunner().invoke(
        main, ["rollback", "--layer", "signage", "--to", "0"], catch_exceptions=False
    )
    assert "has versions 1 to 1" in result.stderr


def test_a_command_lang_option_sets_the_message_language(places, monkeypatch):
    monkeypatch.setenv("GEODATA_LANG", "en")
    result = CliRunner().invoke(
        main,
        ["map", "--lang", "zh", "--output", places["dir"]],
        catch_exceptions=False,
    )
    assert result.exit_code != 0
    assert "是文件夹" in result.stderr


#: (store made by, command, words the one line must hold): each real failure of a
#: store (see tests/broken_stores.py) on a command that meets it.
BROKEN: list[tuple[str, str, str]] = [
    ("empty", "layers", "empty (0 bytes)"),
    ("empty", "history --layer signage", "empty (0 bytes)"),
    ("empty", "seed", "empty (0 bytes)"),
    ("truncated", "layers", "cut short"),
    ("truncated", "history --layer signage", "cut short"),
    ("corrupted", "layers", "is damaged"),
    ("corrupted", "history --layer signage", "is damaged"),
    ("foreign", "layers", "not this dashboard's store"),
    ("foreign", "seed --force", "not this dashboard's store"),
    ("read-only", "rollback --layer signage --to 1", "read-only"),
    ("read-only", "user add li --role viewer", "read-only"),
    ("full", "rollback --layer signage --to 1", "is full"),
    ("full", "user add li --role viewer", "is full"),
]


@contextlib.contextmanager
def _broken_store(kind: str, seeded: Path, folder: Path) -> Iterator[Path]:
    path = folder / "store.gpkg"
    if kind == "empty":
        path.write_bytes(b"")
        yield path
    elif kind == "truncated":
        yield broken.truncated_copy(seeded, path)
    elif kind == "corrupted":
        yield broken.corrupted_copy(seeded, path)
    elif kind == "foreign":
        yield broken.foreign_geopackage(path)
    elif kind == "read-only":
        with broken.read_only_store(seeded, folder / "ro") as ro:
            yield ro
    elif kind == "full":
        with broken.store_on_full_disk(seeded, folder / "full") as full:
            yield full
    else:
        raise AssertionError(kind)


@pytest.mark.parametrize(
    ("kind", "args", "words"), BROKEN, ids=[f"{k}-{a.split()[0]}" for k, a, _ in BROKEN]
)
def test_a_broken_store_is_one_line_naming_the_cause(
    tmp_path, seeded_store_file, kind, args, words
):
    with _broken_store(kind, seeded_store_file, tmp_path) as path:
        before = path.read_bytes()
        result = CliRunner().invoke(
            main,
            [*shlex.split(args), "--store", str(path)],
            catch_exceptions=False,
            input="pw-123456\n",
        )
        after = path.read_bytes()
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [result.stderr.strip()], result.stderr
    assert result.stderr.startswith("Error: ")
    assert words in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.output and "sqlite3" not in result.output
    assert after == before  # a broken store is reported, never rebuilt


@pytest.mark.backends
def test_a_locked_store_is_one_line_naming_the_layer(store_env):
    with broken.write_lock(store_env):
        start = time.monotonic()
        result = CliRunner().invoke(
            main,
            ["rollback", "--layer", "signage", "--to", "1"],
            catch_exceptions=False,
        )
        waited = time.monotonic() - start
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"Error: Another steward is saving to {store_env}, so layer "
        "'Permanent double-support boards' was not saved; try again in a moment\n"
    )
    assert waited < BUSY_TIMEOUT_S + 3
