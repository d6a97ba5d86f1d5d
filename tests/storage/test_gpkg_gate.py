"""The gate keeping Python's sqlite3 and GDAL's SQLite apart on one store file."""

from __future__ import annotations

import sqlite3
import threading
import time

import pyogrio

from geodata.config import Settings
from geodata.storage import CommitInfo, open_store
from geodata.storage.gpkg_gate import use
from tests.common import NAIMAN_SEAT, schools


def test_gdal_reads_through_a_lock_this_process_holds(store_path):
    # Why the gate exists: the two SQLite copies do not see each other's locks.
    conn = sqlite3.connect(store_path, isolation_level=None)
    try:
        conn.execute("BEGIN EXCLUSIVE")
        _, table = pyogrio.read_arrow(store_path, sql="SELECT name FROM signage")
        assert table.num_rows > 0  # a second sqlite3 connection would wait here
    finally:
        conn.close()


def _hold(path, library, seconds, started, log, name):
    with use(path, library):
        started.set()
        log.append(f"{name} in")
        time.sleep(seconds)
        log.append(f"{name} out")


def test_a_layer_read_waits_for_this_process_s_sqlite_users(store_path):
    store = open_store(Settings(store=str(store_path)))
    started, log = threading.Event(), []
    writer = threading.Thread(
        target=_hold, args=(store_path, "sqlite", 0.6, started, log, "sqlite")
    )
    writer.start()
    started.wait()
    begun = time.monotonic()
    frame = store.read_layer("signage")
    waited = time.monotonic() - begun
    writer.join()
    assert len(frame) == store.count("signage")
    assert waited >= 0.4 and log == ["sqlite in", "sqlite out"]


def test_a_waiting_library_is_not_starved_by_newcomers_of_the_other(tmp_path):
    path = tmp_path / "x.gpkg"
    log: list[str] = []
    first = threading.Event()
    threads = [
        threading.Thread(target=_hold, args=(path, "sqlite", 0.5, first, log, "s1"))
    ]
    threads[0].start()
    first.wait()
    threads.append(
        threading.Thread(
            target=_hold, args=(path, "gdal", 0.2, threading.Event(), log, "g")
        )
    )
    threads[1].start()
    time.sleep(0.1)  # the GDAL reader is waiting now
    threads.append(
        threading.Thread(
            target=_hold, args=(path, "sqlite", 0.1, threading.Event(), log, "s2")
        )
    )
    threads[2].start()
    for thread in threads:
        thread.join()
    # s2 came while g waited: it waits its turn instead of slipping in with s1
    assert log == ["s1 in", "s1 out", "g in", "g out", "s2 in", "s2 out"]


def test_one_thread_may_nest_one_library(tmp_path):
    path = tmp_path / "x.gpkg"
    with use(path, "gdal"), use(path, "gdal"):
        pass
    with use(path, "sqlite"):
        pass  # and the gate is free again for the other library


def test_reads_and_writes_from_many_threads_stay_consistent(store_path):
    store = open_store(Settings(store=str(store_path)))
    frames = [
        schools([f"校{i}"] * n, ["奈曼旗"] * n, [NAIMAN_SEAT] * n)
        for i, n in enumerate((3, 5, 7))
    ]
    sizes = {len(f) for f in frames} | {store.count("youth_schools")}
    seen: list[int] = []
    errors: list[Exception] = []

    def write():
        for frame in frames * 3:
            store.write_layer(
                "youth_schools", frame, mode="replace", commit=CommitInfo(author="t")
            )

    def read():
        try:
            for _ in range(15):
                seen.append(len(store.read_layer("youth_schools")))
        except Exception as exc:  # reported below
            errors.append(exc)

    workers = [threading.Thread(target=write)] + [
        threading.Thread(target=read) for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    # every read saw one whole version: the sample's layer or one written here
    assert len(seen) == 45 and set(seen) <= sizes
