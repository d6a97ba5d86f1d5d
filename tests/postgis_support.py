"""Test databases on a real PostgreSQL + PostGIS server.

``GEODATA_TEST_POSTGIS`` names a server and a role that may create databases
(``.ci/run`` starts one with ``.ci/postgres.sh`` and exports it). Each test gets
its own database, cloned in ~0.1 s from a template made once per session (the
PostGIS extension alone takes a second to create), and dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

SERVER_ENV = "GEODATA_TEST_POSTGIS"


def server_url() -> str | None:
    """The test server's URL, or ``None`` when none is configured."""
    return os.environ.get(SERVER_ENV) or None


def unreachable_reason(url: str | None) -> str | None:
    """Why PostGIS tests cannot run against ``url``, or ``None`` when they can."""
    if url is None:
        return (
            f"no PostGIS test server: set {SERVER_ENV} "
            "(e.g. `.ci/postgres.sh start /tmp/pg 55432`)"
        )
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[postgis]')"
    try:
        with psycopg.connect(url, connect_timeout=3, autocommit=True) as conn:
            found = conn.execute(
                "SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'"
            ).fetchone()
    except psycopg.Error as exc:
        return f"PostGIS test server {url} unreachable: {str(exc).strip()}"
    if not found:
        return f"the server at {url} has no PostGIS installed"
    return None


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name``."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class PgServer:
    """Creates and drops the session's test databases."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"geodata_test_{os.getpid()}_"
        self._made: list[str] = []
        self._blank: str | None = None

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(sql)

    def new_name(self) -> str:
        return self.prefix + uuid.uuid4().hex[:10]

    def blank_template(self) -> str:
        """A database with the PostGIS extension and nothing else (made once)."""
        if self._blank is None:
            name = self.prefix + "blank"
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{name}"')
            self._made.append(name)
            import psycopg

            with psycopg.connect(with_database(self.url, name)) as conn:
                conn.execute("CREATE EXTENSION postgis")
            self._blank = name
        return self._blank

    def clone(self, template: str) -> str:
        """A new database copied from ``template``; its URL."""
        name = self.new_name()
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self._made.append(name)
        return with_database(self.url, name)

    def blank(self) -> str:
        """A new database with PostGIS and no store in it."""
        return self.clone(self.blank_template())

    def drop(self, url: str) -> None:
        name = urlsplit(url).path.lstrip("/")
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self._made:
            self._made.remove(name)

    def drop_all(self) -> None:
        for name in reversed(list(self._made)):
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._made.clear()


def database_name(url: str) -> str:
    """The database a URL names."""
    return urlsplit(url).path.lstrip("/")
