"""Documents' atomic read-modify-write, written as a backend contract test.

``update_document`` is what the sign-in throttle and one-time grants rely on:
no update may be lost however many run at once. (These tests take the ``store``
fixture, so they join the contract suite every backend runs.)
"""

import sqlite3
import threading

import pytest

from geodata.config import Settings
from geodata.storage import open_store


def test_update_creates_changes_and_deletes(store):
    created = store.update_document(
        "t", "k", lambda doc: {"n": 1 if doc is None else 0}
    )
    assert (created.body, created.revision) == ({"n": 1}, 1)
    changed = store.update_document("t", "k", lambda doc: {"n": doc.body["n"] + 1})
    assert (changed.body, changed.revision) == ({"n": 2}, 2)
    assert store.update_document("t", "k", lambda doc: None) is None
    assert store.get_document("t", "k") is None
    assert store.update_document("t", "missing", lambda doc: None) is None


def test_an_error_in_the_change_writes_nothing(store):
    store.put_document("t", "k", {"n": 1})

    def boom(doc):
        raise RuntimeError("no")

    with pytest.raises(RuntimeError):
        store.update_document("t", "k", boom)
    assert store.get_document("t", "k").body == {"n": 1}


def test_parallel_updates_lose_no_count(settings):
    stores = [open_store(settings) for _ in range(20)]
    start = threading.Barrier(len(stores))

    def bump(store):
        start.wait()
        for _ in range(5):
            store.update_document(
                "t", "k", lambda d: {"n": (d.body["n"] if d else 0) + 1}
            )

    threads = [threading.Thread(target=bump, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert stores[0].get_document("t", "k").body == {"n": 100}


def test_a_new_store_file_is_for_its_owner_only(tmp_path):
    path = tmp_path / "new.gpkg"
    from geodata.storage.geopackage import GeoPackageStore

    GeoPackageStore.create(path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_the_seeded_default_store_is_for_its_owner_only(seeded_store_file):
    assert seeded_store_file.stat().st_mode & 0o777 == 0o600


def test_a_store_from_before_the_sensitivity_field_gains_it_empty(store_path):
    with sqlite3.connect(store_path) as conn:
        conn.execute('ALTER TABLE "service_sites" DROP COLUMN "sensitivity"')
    store = open_store(Settings(store=str(store_path)))
    sites = store.read_layer("service_sites")
    assert sites["sensitivity"].isna().all() and len(sites) == 24
