"""Stores that fail the way real ones do: locked, read-only, full, cut short, damaged.

Each is the real condition, not a mock: a second SQLite connection holding the
write lock, a read-only or full file system (a small tmpfs mounted for the test,
which needs root; .ci/run runs as root), a file cut short or overwritten. Without
root, a read-only store falls back to file modes, which bind every other user.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from tests.conftest import require_or_skip

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def write_lock(location: str | Path) -> Iterator[object]:
    """Hold the store's write lock from a second connection, as a long commit does.

    A GeoPackage has one lock for the file; a PostGIS store one per layer table,
    all of which are taken here.
    """
    if "://" in str(location) and not str(location).startswith("gpkg://"):
        with _pg_write_lock(str(location)) as conn:
            yield conn
        return
    conn = sqlite3.connect(location, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
    finally:
        conn.close()  # closing without COMMIT rolls back and frees the lock


@contextlib.contextmanager
def _pg_write_lock(url: str) -> Iterator[object]:
    import psycopg

    from geodata.catalog import LAYER_IDS

    with psycopg.connect(url) as conn:  # not autocommit: the lock lasts till close
        for layer_id in LAYER_IDS:
            conn.execute(f'LOCK TABLE geodata."{layer_id}" IN EXCLUSIVE MODE')
        yield conn
        conn.rollback()


@contextlib.contextmanager
def tmpfs(folder: Path, size_kb: int = 8192) -> Iterator[Path]:
    """A fresh tmpfs of ``size_kb`` mounted at ``folder`` for the duration."""
    can = IS_ROOT and shutil.which("mount") is not None
    require_or_skip(can, "mounting a small file system for this test needs root")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        check=True,
    )
    try:
        yield folder
    finally:
        # Lazy: a connection a failing test left open must not keep the mount.
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@contextlib.contextmanager
def read_only_store(store: Path, folder: Path) -> Iterator[Path]:
    """A copy of ``store`` that cannot be written: on a read-only file system.

    Root ignores file modes, so as root the copy sits on a tmpfs remounted
    read-only; any other user gets a read-only file in a read-only folder.
    """
    if not IS_ROOT:
        folder.mkdir(parents=True)
        copy = Path(shutil.copy(store, folder / store.name))
        copy.chmod(0o444)
        folder.chmod(0o555)
        try:
            yield copy
        finally:
            folder.chmod(0o755)
        return
    size = store.stat().st_size // 1024 + 1024
    with tmpfs(folder, size):
        copy = Path(shutil.copy(store, folder / store.name))
        _remount_read_only(folder)
        yield copy


@contextlib.contextmanager
def store_in_read_only_folder(store: Path, folder: Path) -> Iterator[Path]:
    """A writable copy of ``store`` in a folder where no file can be created.

    SQLite needs to create its journal beside the store to write. As root: the
    copy lives on one tmpfs and is bind-mounted into a second, read-only one.
    """
    require_or_skip(IS_ROOT, "bind-mounting a file needs root")
    size = store.stat().st_size // 1024 + 1024
    with tmpfs(folder / "rw", size) as rw, tmpfs(folder / "ro", 1024) as ro:
        copy = Path(shutil.copy(store, rw / store.name))
        target = ro / store.name
        target.touch()
        _remount_read_only(ro)
        subprocess.run(["mount", "--bind", str(copy), str(target)], check=True)
        try:
            yield target
        finally:
            subprocess.run(["umount", "-l", str(target)], check=False)


@contextlib.contextmanager
def store_on_full_disk(store: Path, folder: Path) -> Iterator[Path]:
    """A copy of ``store`` on a small file system with no byte left free."""
    size = store.stat().st_size // 1024 + 256
    with tmpfs(folder, size):
        copy = Path(shutil.copy(store, folder / store.name))
        fill_disk(folder)
        yield copy


def fill_disk(folder: Path) -> None:
    """Write a filler file in ``folder`` until its file system refuses more."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):  # ENOSPC is the point
            while True:
                os.write(fd, b"\0" * 65536)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 512)
    finally:
        os.close(fd)


def truncated_copy(store: Path, dest: Path) -> Path:
    """``store`` cut to half its size, as an interrupted copy leaves it."""
    data = store.read_bytes()
    dest.write_bytes(data[: len(data) // 2])
    return dest


def corrupted_copy(store: Path, dest: Path) -> Path:
    """``store`` with its pages after the schema overwritten by junk."""
    shutil.copy(store, dest)
    size = dest.stat().st_size
    with open(dest, "r+b") as f:
        # Page 1 (the header and schema) stays readable, so the store opens and
        # the damage shows on the first read of a layer, as on a failing disk.
        page = int.from_bytes(f.read(18)[16:18], "big")
        f.seek(page * 2)
        f.write(bytes(range(256)) * ((size - page * 2) // 256))
    return dest


def foreign_geopackage(dest: Path) -> Path:
    """A valid GeoPackage made by GDAL that is not a geodata store."""
    frame = gpd.GeoDataFrame(
        {"name": ["x"]}, geometry=[shapely.Point(122, 43)], crs=4326
    )
    pyogrio.write_dataframe(frame, dest, layer="roads", driver="GPKG")
    return dest


def plain_sqlite(dest: Path) -> Path:
    """A SQLite database that is not a GeoPackage."""
    with contextlib.closing(sqlite3.connect(dest)) as conn, conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
    return dest
