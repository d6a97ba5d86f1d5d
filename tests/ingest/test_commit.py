"""Commit: modes, version log, rollback, two stewards, killed writer (point 6)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from geodata.errors import ConflictError
from geodata.ingest import IngestOptions, commit, prepare
from geodata.storage import CommitInfo
from tests import fixtures as fx

pytestmark = pytest.mark.backends

ROOT = Path(__file__).resolve().parents[2]


def _with_ids(ids, names=None):
    frame = fx.schools()
    frame["feature_id"] = ids
    if names:
        frame["名称"] = names
    return frame


def test_append_records_who_when_file_hash_counts_and_note(store, tmp_path):
    before = store.count("youth_schools")
    upload = fx.shapefile_zip(tmp_path)
    version = commit(
        store,
        prepare(store, upload, "youth_schools"),
        author="wang",
        note="first batch",
    )
    last = store.history("youth_schools")[-1]
    assert last == version
    assert (last.author, last.note, last.file_name) == (
        "wang",
        "first batch",
        "upload.zip",
    )
    assert len(last.file_hash) == 64 and last.created_at
    assert (last.added, last.changed, last.removed) == (3, 0, 0)
    assert store.count("youth_schools") == before + 3


def test_update_by_id_and_replace_count_what_changes(store, tmp_path):
    base = fx.shapefile_zip(tmp_path / "a", _with_ids(["s1", "s2", "s3"]))
    commit(
        store,
        prepare(store, base, "youth_schools", options=IngestOptions(mode="replace")),
        author="t",
    )
    changed = _with_ids(["s1", "s2", "s9"], ["新一", "新二", "新九"])
    upload = fx.shapefile_zip(tmp_path / "b", changed)
    prepared = prepare(
        store, upload, "youth_schools", options=IngestOptions(mode="update")
    )
    report = prepared.report
    assert (report.added, report.changed, report.removed) == (1, 2, 0)
    version = commit(store, prepared, author="t")
    assert (version.added, version.changed, version.removed) == (1, 2, 0)
    names = dict(store.read_layer("youth_schools")[["feature_id", "name"]].values)
    assert names == {
        "s1": "新一",
        "s2": "新二",
        "s3": fx.SCHOOLS["名称"][2],
        "s9": "新九",
    }

    only = fx.shapefile_zip(tmp_path / "c", _with_ids(["s1", "x", "y"]))
    prepared = prepare(
        store, only, "youth_schools", options=IngestOptions(mode="replace")
    )
    assert (
        prepared.report.added,
        prepared.report.changed,
        prepared.report.removed,
    ) == (2, 1, 3)
    commit(store, prepared, author="t")
    assert set(store.read_layer("youth_schools")["feature_id"]) == {"s1", "x", "y"}


def test_update_without_ids_and_append_with_existing_ids_are_errors(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path / "a")
    report = prepare(
        store, upload, "youth_schools", options=IngestOptions(mode="update")
    ).report
    assert {i.code for i in report.issues} == {"id_missing"}
    existing = store.read_layer("youth_schools")["feature_id"].iloc[0]
    clash = fx.shapefile_zip(tmp_path / "b", _with_ids([existing, "n1", "n2"]))
    report = prepare(store, clash, "youth_schools").report
    assert [(i.feature_index, i.code) for i in report.issues] == [(0, "id_exists")]


def test_rollback_to_any_version_is_a_new_version(store, tmp_path):
    v0 = store.current_version("youth_schools")
    original = store.read_layer("youth_schools")
    commit(
        store,
        prepare(
            store,
            fx.shapefile_zip(tmp_path / "a"),
            "youth_schools",
            options=IngestOptions(mode="replace"),
        ),
        author="t",
    )
    commit(
        store,
        prepare(store, fx.shapefile_zip(tmp_path / "b"), "youth_schools"),
        author="t",
    )
    assert store.count("youth_schools") == 6
    back = store.rollback("youth_schools", v0, commit=CommitInfo(author="t"))
    assert back.version == v0 + 3 and back.rolled_back_to == v0
    restored = store.read_layer("youth_schools")
    pd.testing.assert_frame_equal(
        restored.drop(columns="geometry").reset_index(drop=True),
        original.drop(columns="geometry").reset_index(drop=True),
    )


def test_second_steward_is_told_the_layer_moved_on(store, tmp_path):
    first = prepare(store, fx.shapefile_zip(tmp_path / "a"), "youth_schools")
    second = prepare(store, fx.shapefile_zip(tmp_path / "b"), "youth_schools")
    commit(store, first, author="wang")
    count = store.count("youth_schools")
    with pytest.raises(ConflictError, match="moved on to version"):
        commit(store, second, author="li")
    assert store.count("youth_schools") == count  # nothing lost, nothing doubled
    again = prepare(store, fx.shapefile_zip(tmp_path / "b"), "youth_schools")
    assert commit(store, again, author="li").version == first.report.base_version + 2


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@pytest.mark.slow
def test_killed_commit_leaves_the_previous_version(store, store_location, tmp_path):
    upload = fx.geopackage(tmp_path, {"points": fx.points(20_000)})
    version = store.current_version("youth_schools")
    count = store.count("youth_schools")
    marker = tmp_path / "paused"
    env = {
        **os.environ,
        "GEODATA_STORE": store_location,
        "GEODATA_TEST_PAUSE": f"write_layer:{marker}",
    }
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "geodata",
            "ingest",
            str(upload),
            "--layer",
            "youth_schools",
            "--mode",
            "replace",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, child.stderr.read().decode()
            assert time.monotonic() < deadline, "writer never reached the transaction"
            time.sleep(0.1)
        # The rows are inserted but not committed: kill the writer right there.
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert store.current_version("youth_schools") == version
    assert store.count("youth_schools") == count
    if "://" not in store_location:  # the GeoPackage file itself is sound
        assert _integrity(Path(store_location)) == "ok"
    # And the store takes the next write normally.
    prepared = prepare(store, fx.shapefile_zip(tmp_path / "z"), "youth_schools")
    assert commit(store, prepared, author="t").version == version + 1


def test_committing_the_same_file_again_is_warned(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path)
    version = commit(store, prepare(store, upload, "youth_schools"), author="wang")
    again = prepare(store, upload, "youth_schools").report
    same = [i for i in again.issues if i.code == "same_file"]
    assert len(same) == 1 and same[0].severity == "warning"
    assert same[0].params == {"version": version.version, "author": "wang"}
