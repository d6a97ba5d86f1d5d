"""GeoPackage-only behaviour: the file format, SQLite's locks and journal, its errors.

What every backend must do is in ``test_contract.py``. Failures here are real:
a second connection holding the lock, read-only and full file systems, files cut
short or overwritten (see ``tests/broken_stores.py``).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

import pyogrio

from geodata.catalog import LAYER_IDS
from geodata.config import Settings
from geodata.errors import (
    StorageError,
    StoreDamagedError,
    StoreFullError,
    StoreLockedError,
    StoreMissingError,
    StoreReadOnlyError,
)
from geodata.storage import FEATURE_ID, CommitInfo, create_store, open_store
from geodata.storage.geopackage import BUSY_TIMEOUT_S, GeoPackageStore
from tests import broken_stores as broken
from tests.common import KAILU_SEAT, NAIMAN_SEAT, schools

ME = CommitInfo(author="tester", note="test")


@pytest.fixture
def empty_store(tmp_path) -> GeoPackageStore:
    return GeoPackageStore.create(tmp_path / "empty.gpkg")


def two_schools():
    return schools(
        ["甲校", "乙校"],
        ["奈曼旗", "开鲁县"],
        [NAIMAN_SEAT, KAILU_SEAT],
        status=["built", "planned"],
        year=[2020, 2022],
    )


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# --- the file -------------------------------------------------------------------
def test_file_stays_a_standard_geopackage(empty_store):
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    frame = pyogrio.read_dataframe(
        empty_store.path, layer="youth_schools", where="_vto IS NULL"
    )
    assert sorted(frame["name"]) == ["乙校", "甲校"]
    assert set(LAYER_IDS) <= {name for name, _ in pyogrio.list_layers(empty_store.path)}


def test_gdal_triggers_survive_a_write_and_the_feature_count_is_right(empty_store):
    def triggers() -> set[str]:
        with sqlite3.connect(empty_store.path) as conn:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type='trigger' AND "
                "tbl_name='youth_schools'"
            )
            return {name for (name,) in rows}

    before = triggers()
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    empty_store.write_layer("youth_schools", two_schools(), mode="replace", commit=ME)
    assert triggers() == before
    with sqlite3.connect(empty_store.path) as conn:
        (count,) = conn.execute(
            "SELECT feature_count FROM gpkg_ogr_contents "
            "WHERE table_name='youth_schools'"
        ).fetchone()
    assert count == 4  # every stored row, history included, as GDAL counts them
    assert pyogrio.read_info(empty_store.path, layer="youth_schools")["features"] == 4


def test_interrupted_transaction_is_rolled_back(empty_store):
    # A write whose transaction never commits (as when the process dies) is undone
    # by SQLite's journal on the next open.
    empty_store.write_layer("youth_schools", two_schools(), mode="append", commit=ME)
    conn = sqlite3.connect(empty_store.path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute('UPDATE "youth_schools" SET _vto = 99')
    conn.close()  # closes without COMMIT
    assert empty_store.count("youth_schools") == 2


# --- opening --------------------------------------------------------------------
def test_opening_and_reading_write_nothing(store_path):
    before = (store_path.read_bytes(), store_path.stat().st_mtime_ns)
    store = open_store(Settings(store=str(store_path)))
    for layer_id in LAYER_IDS:
        store.read_layer(layer_id)
        store.history(layer_id)
    store.list_documents("deck")
    store.read_indicators()
    assert (store_path.read_bytes(), store_path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["store.gpkg"]


def test_a_missing_store_is_reported_not_created(tmp_path):
    path = tmp_path / "sub" / "new.gpkg"
    with pytest.raises(StoreMissingError, match="python -m geodata seed") as caught:
        open_store(Settings(store=str(path)))
    assert "python -m geodata seed" in caught.value.render("zh")
    assert not path.parent.exists()


def test_gpkg_url_and_plain_path_are_the_same_store(store_path):
    by_url = open_store(Settings(store=f"gpkg://{store_path}"))
    by_path = open_store(Settings(store=str(store_path)))
    assert by_url.key == by_path.key
    assert by_url.label == str(store_path)


def test_a_folder_is_not_a_store(tmp_path):
    with pytest.raises(StorageError, match="is a folder"):
        open_store(Settings(store=str(tmp_path)))


def test_unknown_scheme_is_named_without_the_password():
    with pytest.raises(StorageError, match="'ftp'") as caught:
        open_store(Settings(store="ftp://steward:s3cret@example/x"))
    assert "s3cret" not in str(caught.value)
    assert "ftp://steward@example/x" in caught.value.render("zh")


def test_create_store_refuses_an_existing_file_and_leaves_no_temp_files(store_path):
    before = store_path.read_bytes()
    with pytest.raises(StorageError, match="the file exists"):
        create_store(Settings(store=str(store_path)))
    assert store_path.read_bytes() == before

    def fail(_store):
        raise RuntimeError("fill failed")

    target = store_path.with_name("new.gpkg")
    with pytest.raises(RuntimeError, match="fill failed"):
        create_store(Settings(store=str(target)), fail)
    # nobody sees a half-filled store, and nothing is left behind
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["store.gpkg"]


# --- damaged files ------------------------------------------------------------------
def _open_and_read_everything(path: Path) -> None:
    store = open_store(Settings(store=str(path)))
    for layer_id in LAYER_IDS:
        store.read_layer(layer_id)
    store.read_indicators()


def test_an_empty_file_is_reported_and_left_as_it_is(tmp_path):
    path = tmp_path / "store.gpkg"
    path.write_bytes(b"")
    with pytest.raises(StoreDamagedError, match=r"empty \(0 bytes\)") as caught:
        open_store(Settings(store=str(path)))
    assert caught.value.code == "store.empty_file"
    assert "0 字节" in caught.value.render("zh")
    assert path.stat().st_size == 0


@pytest.mark.parametrize(
    ("make", "code", "words"),
    [
        (lambda d, s: _text(d), "store.not_geopackage", "not a GeoPackage store"),
        (lambda d, s: broken.plain_sqlite(d), "store.not_geopackage", "GeoPackage"),
        (
            lambda d, s: broken.foreign_geopackage(d),
            "store.not_a_store",
            "no layer version log",
        ),
        (lambda d, s: broken.truncated_copy(s, d), "store.truncated", "cut short"),
    ],
    ids=["text-file", "plain-sqlite", "foreign-geopackage", "truncated"],
)
def test_a_file_that_is_no_usable_store_is_reported_and_kept(
    tmp_path, seeded_store_file, make, code, words
):
    path = make(tmp_path / "store.gpkg", seeded_store_file)
    before = path.read_bytes()
    with pytest.raises(StoreDamagedError, match=words) as caught:
        _open_and_read_everything(path)
    assert caught.value.code == code
    assert caught.value.render("zh") != caught.value.render("en")
    assert path.read_bytes() == before  # never repaired or rebuilt behind anyone's back


def _text(path: Path) -> Path:
    path.write_text("this is not a database\n", encoding="utf-8")
    return path


def test_a_truncated_store_says_how_much_is_missing(tmp_path, seeded_store_file):
    path = broken.truncated_copy(seeded_store_file, tmp_path / "store.gpkg")
    with pytest.raises(StoreDamagedError) as caught:
        _open_and_read_everything(path)
    size = seeded_store_file.stat().st_size
    assert caught.value.params["size"] == size // 2
    assert caught.value.params["expected"] == size


def test_a_store_overwritten_with_junk_is_damaged(tmp_path, seeded_store_file):
    path = broken.corrupted_copy(seeded_store_file, tmp_path / "store.gpkg")
    with pytest.raises(StoreDamagedError, match="restore it from a backup") as caught:
        _open_and_read_everything(path)
    assert caught.value.code == "store.damaged"
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)  # SQLite said so


# --- another writer -----------------------------------------------------------------
def test_a_locked_store_names_the_layer_within_the_busy_timeout(store_path):
    store = open_store(Settings(store=str(store_path)))
    count = store.count("signage")
    with broken.write_lock(store_path):
        # readers are not blocked by a writer that has not started committing
        assert store.count("signage") == count
        start = time.monotonic()
        with pytest.raises(StoreLockedError) as caught:
            store.write_layer("signage", two_schools(), mode="replace", commit=ME)
        waited = time.monotonic() - start
    assert BUSY_TIMEOUT_S - 0.5 <= waited < BUSY_TIMEOUT_S + 2
    assert str(caught.value) == (
        f"Another steward is saving to {store_path}, so layer "
        "'Permanent double-support boards' was not saved; try again in a moment"
    )
    assert "永久性双拥宣传标牌" in caught.value.render("zh")
    assert store.count("signage") == count
    # once the other writer is done, the same write goes through
    assert store.write_layer("signage", two_schools(), mode="replace", commit=ME)


def test_a_locked_store_refuses_a_document_write_with_advice(store_path, monkeypatch):
    monkeypatch.setattr("geodata.storage.geopackage.BUSY_TIMEOUT_S", 0.2)
    store = open_store(Settings(store=str(store_path)))
    with broken.write_lock(store_path), pytest.raises(StoreLockedError) as caught:
        store.put_document("deck", "x", {})
    assert caught.value.code == "store.busy"
    assert "try again in a moment" in str(caught.value)


# --- the disk -------------------------------------------------------------------
def test_a_read_only_store_can_be_read_but_a_write_says_read_only(
    tmp_path, seeded_store_file
):
    with broken.read_only_store(seeded_store_file, tmp_path / "ro") as path:
        store = open_store(Settings(store=str(path)))
        count = store.count("signage")
        assert len(store.read_layer("signage")) == count
        with pytest.raises(StoreReadOnlyError, match="read-only") as caught:
            store.write_layer("signage", two_schools(), mode="replace", commit=ME)
        assert "只读" in caught.value.render("zh")
        assert store.count("signage") == count


def test_a_store_in_a_read_only_folder_says_the_folder_is(tmp_path, seeded_store_file):
    with broken.store_in_read_only_folder(seeded_store_file, tmp_path) as path:
        store = open_store(Settings(store=str(path)))
        with pytest.raises(StoreReadOnlyError, match="folder holding") as caught:
            store.rollback("signage", 1, commit=ME)
        assert caught.value.code == "store.read_only_folder"
        assert store.current_version("signage") == 1


def test_a_full_disk_is_the_error_not_a_failed_rollback(tmp_path, seeded_store_file):
    with broken.store_on_full_disk(seeded_store_file, tmp_path / "full") as path:
        store = open_store(Settings(store=str(path)))
        version = store.current_version("youth_schools")
        big = broken_points(5000)
        with pytest.raises(StoreFullError, match="is full") as caught:
            store.write_layer("youth_schools", big, mode="replace", commit=ME)
        assert "rollback" not in str(caught.value)
        assert "磁盘已满" in caught.value.render("zh")
        # the previous version is intact, and the store works once space is freed
        assert store.current_version("youth_schools") == version
        os.remove(path.parent / "filler")
        assert _integrity(path) == "ok"
        store.write_layer("youth_schools", two_schools(), mode="replace", commit=ME)
        assert store.current_version("youth_schools") == version + 1


def broken_points(n: int):
    from tests.fixtures import points

    return points(n)


def test_creating_a_store_on_a_full_disk_says_full(tmp_path):
    with broken.tmpfs(tmp_path / "full", 512) as folder:
        broken.fill_disk(folder)
        with pytest.raises(StoreFullError):
            create_store(Settings(store=str(folder / "new.gpkg")))
        assert sorted(p.name for p in folder.iterdir()) == ["filler"]


def test_a_new_store_file_is_for_its_owner_only(tmp_path):
    from geodata.storage.geopackage import GeoPackageStore

    path = tmp_path / "new.gpkg"
    GeoPackageStore.create(path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_seeded_default_store_is_for_its_owner_only(seeded_store_file):
    assert seeded_store_file.stat().st_mode & 0o777 == 0o600


def test_a_store_from_before_the_sensitivity_field_gains_it_empty(store_path):
    import sqlite3

    from geodata.config import Settings
    from geodata.storage import open_store

    with sqlite3.connect(store_path) as conn:
        conn.execute('ALTER TABLE "service_sites" DROP COLUMN "sensitivity"')
    sites = open_store(Settings(store=str(store_path))).read_layer("service_sites")
    assert sites["sensitivity"].isna().all() and len(sites) == 24


def test_text_with_a_nul_is_read_whole_and_queried_by_it(empty_store):
    # GDAL hands text over as C strings (cut at a NUL); such rows are mended by
    # SQLite, and a query naming such a value is applied after the read.
    from geodata.query import LayerQuery

    frame = schools(["甲", "乙"], ["奈曼旗", "开鲁县"], [NAIMAN_SEAT, KAILU_SEAT])
    frame["unit"] = ["nul\x00unit", "通辽军分区"]
    empty_store.write_layer(
        "youth_schools", frame, mode="replace", commit=CommitInfo(author="t")
    )
    back = empty_store.read_layer("youth_schools")
    assert sorted(back["unit"]) == sorted(["nul\x00unit", "通辽军分区"])
    hit = empty_store.read_layer("youth_schools", LayerQuery(units=("nul\x00unit",)))
    assert hit["name"].tolist() == ["甲"]
    only = empty_store.read_layer(
        "youth_schools", LayerQuery(units=("nul\x00unit",)), columns=("year",)
    )
    assert only[FEATURE_ID].tolist() == hit[FEATURE_ID].tolist()
