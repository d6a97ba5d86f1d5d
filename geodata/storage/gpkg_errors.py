"""SQLite, GDAL and file-system errors of the GeoPackage backend as StorageErrors.

Nothing from ``sqlite3`` leaves the backend: each error becomes the
:class:`~geodata.errors.StorageError` subclass that names its cause (locked, full,
read-only, damaged) with advice that fits it, rendered from ``error.store.*``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path

from geodata.errors import (
    StorageError,
    StoreDamagedError,
    StoreFullError,
    StoreLockedError,
    StoreMissingError,
    StoreReadOnlyError,
)

# SQLite primary result codes (https://sqlite.org/rescode.html).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT = 5, 6, 8, 10, 11
_FULL, _CANTOPEN, _NOTADB = 13, 14, 26

#: sqlite3_errstr() texts, for Pythons before 3.11 that carry no error code.
_TEXTS = {
    "database is locked": _BUSY,
    "database table is locked": _LOCKED,
    "attempt to write a readonly database": _READONLY,
    "disk i/o error": _IOERR,
    "database disk image is malformed": _CORRUPT,
    "database or disk is full": _FULL,
    "unable to open database file": _CANTOPEN,
    "file is not a database": _NOTADB,
}

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF  # extended codes keep the primary one in the low byte
    return _TEXTS.get(str(exc).lower())


def translate_sqlite(
    exc: sqlite3.Error, path: Path, label: str, layer: str | None = None
) -> StorageError:
    """The StorageError for a SQLite error on the store at ``path``.

    ``label`` names the store to people; ``layer`` is the layer being written, if
    any, so a locked store can say what was not saved.
    """
    code = _primary_code(exc)
    if code in (_BUSY, _LOCKED):
        if layer is not None:
            return StoreLockedError(code="store.locked", path=label, layer=layer)
        return StoreLockedError(code="store.busy", path=label)
    if code == _FULL:
        return StoreFullError(code="store.full", path=label)
    if code == _READONLY:
        return StoreReadOnlyError(code="store.read_only", path=label)
    if code == _CANTOPEN:
        return _cannot_open(path, label, exc)
    if code == _NOTADB:
        return StoreDamagedError(code="store.not_geopackage", path=label)
    if code == _CORRUPT:
        short = truncation(path)
        if short is not None:
            size, expected = short
            return StoreDamagedError(
                code="store.truncated", path=label, size=size, expected=expected
            )
        return StoreDamagedError(code="store.damaged", path=label)
    if code == _IOERR:
        return StorageError(code="store.io", path=label, reason=str(exc))
    return StorageError(code="store.sqlite", path=label, reason=str(exc))


def _cannot_open(path: Path, label: str, exc: sqlite3.Error) -> StorageError:
    # SQLite says "unable to open database file" both when the store vanished and
    # when it cannot create its journal beside the store in a read-only folder.
    if not path.exists():
        return StoreMissingError(code="store.missing", path=label)
    if not os.access(path.parent, os.W_OK):
        return StoreReadOnlyError(code="store.read_only_folder", path=label)
    return StorageError(code="store.io", path=label, reason=str(exc))


def translate_os(exc: OSError, label: str) -> StorageError:
    """The StorageError for a file-system error while creating the store."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreFullError(code="store.full", path=label)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return StoreReadOnlyError(code="store.read_only", path=label)
    return StorageError(
        code="store.create_failed", path=label, reason=exc.strerror or str(exc)
    )


def translate_gdal(exc: Exception, path: Path, label: str) -> StorageError:
    """The StorageError for a GDAL (pyogrio) error while creating ``path``'s tables.

    GDAL's messages name the SQL that failed, not the cause (on a full disk it
    reports "no such table: gpkg_contents"), so the folder itself is asked.
    """
    folder = path.parent
    with contextlib.suppress(OSError):
        if os.statvfs(folder).f_bavail == 0:
            return StoreFullError(code="store.full", path=label)
    if not os.access(folder, os.W_OK):
        return StoreReadOnlyError(code="store.read_only", path=label)
    return StorageError(code="store.create_failed", path=label, reason=str(exc))


def truncation(path: Path) -> tuple[int, int] | None:
    """``(size, expected)`` when the file is shorter than its SQLite header says.

    The header's page count is trusted only when its "version-valid-for" number
    matches the change counter (https://sqlite.org/fileformat.html#in_header_database_size).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     p = Path(d) / "x.db"
    ...     with sqlite3.connect(p) as c:
    ...         _ = c.execute("CREATE TABLE t (x)")
    ...     c.close()
    ...     whole = truncation(p)
    ...     os.truncate(p, 100)
    ...     whole, truncation(p)
    (None, (100, 8192))
    """
    try:
        with open(path, "rb") as f:
            head = f.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(_SQLITE_MAGIC):
        return None
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    if head[24:28] != head[92:96] or pages == 0:
        return None
    expected = pages * page_size
    return (size, expected) if size < expected else None
