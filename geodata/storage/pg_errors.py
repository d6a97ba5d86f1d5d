"""psycopg errors of the PostGIS backend as StorageErrors, by cause.

Nothing from ``psycopg`` leaves the backend: each error becomes the
:class:`~geodata.errors.StorageError` subclass that names its cause, as the
GeoPackage backend's do (``gpkg_errors``), with text in ``geodata/i18n/storage.py``.
SQLSTATE classes: https://www.postgresql.org/docs/current/errcodes-appendix.html
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from geodata.errors import (
    BackendUnavailableError,
    StorageError,
    StoreDamagedError,
    StoreFullError,
    StoreLockedError,
    StoreMissingError,
    StoreReadOnlyError,
)

if TYPE_CHECKING:
    import psycopg

#: Another writer held a lock past ``lock_timeout``, or two writers deadlocked.
_LOCKED = {"55P03", "40P01", "40001"}
#: A hot standby (read replica) or a transaction declared read-only.
_READ_ONLY = {"25006"}
_FULL = {"53100", "53200", "53400"}
_AUTH = {"28P01", "28000"}
_NO_DATABASE = {"3D000"}
_NO_SCHEMA = {"3F000", "42P01", "42703", "42883"}
_SHUTDOWN = {"57P01", "57P02", "57P03"}


def driver_missing() -> BackendUnavailableError:
    """The error for a ``postgresql://`` store without psycopg installed."""
    return BackendUnavailableError(code="store.pg_driver")


def translate_pg(
    exc: psycopg.Error, label: str, layer: str | None = None
) -> StorageError:
    """The StorageError for a psycopg error on the store ``label``.

    ``layer`` is the layer being written, if any, so a locked layer is named.
    """
    state = exc.sqlstate or ""
    if state in _LOCKED:
        if layer is not None:
            return StoreLockedError(code="store.locked", path=label, layer=layer)
        return StoreLockedError(code="store.busy", path=label)
    if state in _READ_ONLY:
        return StoreReadOnlyError(code="store.pg_standby", path=label)
    if state == "42501":
        return StoreReadOnlyError(code="store.pg_privilege", path=label)
    if state in _FULL:
        return StoreFullError(code="store.pg_full", path=label)
    if state in _AUTH:
        return BackendUnavailableError(code="store.pg_auth", path=label)
    if state in _NO_DATABASE:
        return StoreMissingError(code="store.pg_no_database", path=label)
    if state in _NO_SCHEMA:
        return StoreDamagedError(code="store.pg_schema", path=label)
    if state in _SHUTDOWN or (not state and _is_connection_error(exc)):
        return BackendUnavailableError(
            code="store.pg_unreachable", path=label, reason=_first_line(exc)
        )
    return StorageError(code="store.pg", path=label, reason=_first_line(exc))


def translate_connect(exc: psycopg.Error, label: str) -> StorageError:
    """The StorageError for a failed connection attempt.

    libpq reports an unknown database and a refused password with the same class
    as an unreachable server, so its message is read for the cause.
    """
    text = str(exc).lower()
    if exc.sqlstate in _NO_DATABASE or ("database" in text and "not exist" in text):
        return StoreMissingError(code="store.pg_no_database", path=label)
    if exc.sqlstate in _AUTH or "password" in text or "authentication" in text:
        return BackendUnavailableError(code="store.pg_auth", path=label)
    if exc.sqlstate and exc.sqlstate not in _SHUTDOWN:
        return translate_pg(exc, label)
    return BackendUnavailableError(
        code="store.pg_unreachable", path=label, reason=_first_line(exc)
    )


def _is_connection_error(exc: psycopg.Error) -> bool:
    import psycopg

    return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
