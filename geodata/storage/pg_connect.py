"""Reaching a PostGIS store: its URL, its names for people and caches, connections.

A store URL is a libpq URL (``postgresql://user@host:5432/db?sslmode=require``,
several hosts and ``target_session_attrs`` included); ``postgis://`` is read as
``postgresql://``. Passwords come from the URL, ``PGPASSWORD`` or ``~/.pgpass``
and are never shown (``label``) nor used as a cache key (``key``).

Connections are kept in a small idle list per store: a dashboard rerun or a CLI
command reuses one instead of paying for a new session each time, and nothing
runs in the background (no pool threads), so a store costs nothing when idle.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from geodata.storage.base import redact
from geodata.storage.pg_errors import driver_missing, translate_connect

if TYPE_CHECKING:
    import psycopg

SCHEMES: tuple[str, ...] = ("postgresql", "postgres", "postgis")
#: Seconds a connection attempt may take before the server counts as unreachable.
CONNECT_TIMEOUT_S = 5
#: An idle connection older than this is checked before use (the server may have
#: restarted meanwhile); a younger one is trusted.
_CHECK_AFTER_S = 30.0
_MAX_IDLE = 4
#: Parameters that carry secrets, dropped from labels and keys.
_SECRET_PARAMS = ("password", "sslpassword")


def conninfo(location: str) -> str:
    """The libpq URL of a store location (``postgis://`` becomes ``postgresql://``).

    Examples
    --------
    >>> conninfo("postgis://maps@db.lan/tongliao")
    'postgresql://maps@db.lan/tongliao'
    """
    _, _, rest = location.partition("://")
    return "postgresql://" + rest


def label(location: str) -> str:
    """The URL for people: no password, in the netloc or the query.

    Examples
    --------
    >>> label("postgresql://maps:pw@h1:5432,h2:5432/db?password=x&sslmode=require")
    'postgresql://maps@h1:5432,h2:5432/db?sslmode=require'
    """
    parts = urlsplit(redact(conninfo(location)))
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in _SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query)))


def key(location: str) -> str:
    """A stable, password-free identity for caches: hosts and database only.

    Connection options (``sslmode``, ``target_session_attrs``) reach the same
    data, so they do not make another key.

    Examples
    --------
    >>> key("postgresql://maps:pw@db.lan/tongliao?target_session_attrs=any")
    'postgresql://maps@db.lan/tongliao'
    """
    parts = urlsplit(label(location))
    return urlunsplit(parts._replace(query="", fragment=""))


def psycopg_module():
    """The psycopg package, or the clear error saying how to install it."""
    try:
        import psycopg
    except ImportError:
        raise driver_missing() from None
    return psycopg


class Connections:
    """A few idle connections to one server, handed out one caller at a time."""

    def __init__(self, location: str, shown_as: str) -> None:
        self._conninfo = conninfo(location)
        self._label = shown_as
        self._idle: list[tuple[psycopg.Connection, float]] = []
        self._lock = threading.Lock()

    def _open(self) -> psycopg.Connection:
        psycopg = psycopg_module()
        try:
            return psycopg.connect(
                psycopg.conninfo.make_conninfo(
                    self._conninfo,
                    **_defaults(psycopg, self._conninfo),
                ),
                autocommit=True,
            )
        except psycopg.Error as exc:
            raise translate_connect(exc, self._label) from exc

    def _take(self) -> psycopg.Connection:
        while True:
            with self._lock:
                if not self._idle:
                    break
                conn, since = self._idle.pop()
            if conn.closed or conn.broken:
                continue
            if time.monotonic() - since > _CHECK_AFTER_S and not _alive(conn):
                continue
            return conn
        return self._open()

    def _give(self, conn: psycopg.Connection) -> None:
        from psycopg.pq import TransactionStatus

        usable = not conn.closed and not conn.broken
        if usable and conn.info.transaction_status != TransactionStatus.IDLE:
            usable = False  # a caller left a transaction open: never reuse it
        with self._lock:
            if usable and len(self._idle) < _MAX_IDLE:
                self._idle.append((conn, time.monotonic()))
                return
        conn.close()

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        """A connection in autocommit mode, returned to the idle list after use."""
        conn = self._take()
        try:
            yield conn
        finally:
            self._give(conn)

    def close(self) -> None:
        """Close every idle connection (the next use opens a new one)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn, _ in idle:
            conn.close()


def _defaults(psycopg, info: str) -> dict[str, str | int]:
    """Connection options the URL does not set itself."""
    given = psycopg.conninfo.conninfo_to_dict(info)
    defaults: dict[str, str | int] = {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": "geodata",
        "client_encoding": "UTF8",
    }
    return {k: v for k, v in defaults.items() if k not in given}


def _alive(conn: psycopg.Connection) -> bool:
    import psycopg

    try:
        conn.execute("SELECT 1")
    except psycopg.Error:
        conn.close()
        return False
    return True
