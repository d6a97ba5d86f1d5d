"""The team backend: a PostGIS database that several dashboards share.

Same semantics as the GeoPackage backend, row for row: every write is one
transaction creating a new layer version, history is kept in the layer tables
(``_vfrom``/``_vto``, see ``pg_schema``), rollback is a query, ``base_version``
guards lost updates. Bulk rows move through ``COPY`` in CSV built and parsed by
Arrow (``pg_copy``). Writers of one layer queue on a table lock for at most
``BUSY_TIMEOUT_S`` and then hear that another steward is saving; readers never
wait and never see half a write (MVCC).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

import geopandas as gpd

from geodata.catalog import (
    INDICATOR_COLUMNS,
    LAYERS,
    STATUS_OTHER,
    STATUSES,
    LayerSpec,
    get_layer,
)
from geodata.errors import StorageError
from geodata.storage import pg_connect, pg_copy, pg_schema, rows
from geodata.storage.base import (
    EXTRA_ATTRS,
    FEATURE_ID,
    CommitInfo,
    Document,
    LayerQuery,
    LayerVersion,
    Store,
    WriteMode,
)
from geodata.storage.pg_errors import translate_pg
from geodata.storage.pg_schema import GEOM, NAME_LOWER, q, table

if TYPE_CHECKING:
    import psycopg

#: How long a write waits for another writer of the same layer (as GeoPackage's).
BUSY_TIMEOUT_S = 5.0
#: Rows from which a write VACUUMs and ANALYZEs its layer afterwards.
_VACUUM_ROWS = 50_000
_VERSION_COLUMNS = tuple(f.name for f in dataclasses.fields(LayerVersion))


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class PostGISStore:
    """A :class:`~geodata.storage.base.Store` kept in a PostGIS database."""

    def __init__(
        self, location: str, *, schema: str = pg_schema.DEFAULT_SCHEMA
    ) -> None:
        """Open the store in ``schema`` of the database; nothing is written.

        Raises
        ------
        BackendUnavailableError
            When psycopg is not installed, or the server cannot be reached.
        StoreMissingError
            When the database, or the store in it, does not exist yet.
        StoreDamagedError
            When the store's schema is older than this release (``db upgrade``).
        """
        self.location = location
        self.label = pg_connect.label(location)
        self.key = pg_connect.key(location)
        if schema != pg_schema.DEFAULT_SCHEMA:
            self.key += f"#{schema}"
        self.schema = schema
        self._pool = pg_connect.Connections(location, self.label)
        with self._connect() as conn:
            pg_schema.check(conn, schema, self.label)

    @classmethod
    def create(
        cls, location: str, *, schema: str = pg_schema.DEFAULT_SCHEMA
    ) -> PostGISStore:
        """Create (or upgrade) the store's tables in ``schema`` and open it."""
        pool = pg_connect.Connections(location, pg_connect.label(location))
        try:
            with _translated(pool) as conn:
                pg_schema.upgrade(conn, schema, pg_connect.label(location))
        finally:
            pool.close()
        return cls(location, schema=schema)

    def close(self) -> None:
        """Close idle connections; the store reconnects when used again."""
        self._pool.close()

    # --- connections ----------------------------------------------------
    @contextlib.contextmanager
    def _connect(self, layer: str | None = None) -> Iterator[psycopg.Connection]:
        with _translated(self._pool, layer) as conn:
            yield conn

    @contextlib.contextmanager
    def _transaction(self, layer: str | None = None) -> Iterator[psycopg.Connection]:
        with self._connect(layer) as conn, conn.transaction():
            conn.execute(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
            yield conn

    def _t(self, name: str) -> str:
        return table(self.schema, name)

    # --- reads ----------------------------------------------------------
    def is_empty(self) -> bool:
        """True when no layer holds any current feature."""
        union = " UNION ALL ".join(
            f"SELECT 1 FROM {self._t(spec.id)} WHERE _vto IS NULL" for spec in LAYERS
        )
        with self._connect() as conn:
            return conn.execute(f"SELECT NOT EXISTS ({union})").fetchone()[0]

    def count(self, layer_id: str, query: LayerQuery | None = None) -> int:
        """Number of current features of a layer matching ``query``."""
        spec = get_layer(layer_id)
        where, params = where_clause(query, None, points=spec.is_point_layer)
        with self._connect() as conn:
            (n,) = conn.execute(
                f"SELECT count(*) FROM {self._t(spec.id)} WHERE {where}", params
            ).fetchone()
        return int(n)

    def read_layer(
        self,
        layer_id: str,
        query: LayerQuery | None = None,
        *,
        version: int | None = None,
        columns: tuple[str, ...] | None = None,
    ) -> gpd.GeoDataFrame:
        """Features of a layer as a GeoDataFrame in EPSG:4326."""
        spec = get_layer(layer_id)
        wanted = rows.check_columns(spec, columns)
        where, params = where_clause(query, version, points=spec.is_point_layer)
        select = ", ".join(q(c) for c in (*wanted, GEOM))
        sql = f"SELECT {select} FROM {self._t(spec.id)} WHERE {where} ORDER BY fid"
        with self._connect() as conn:
            data = copy_out(conn, sql, params)
        found = pg_copy.read_csv(
            data, [*pg_copy.read_columns(spec, wanted), (GEOM, pa.string())]
        )
        frame = pg_copy.to_pandas(found.drop_columns([GEOM]))
        return rows.typed_frame(
            spec, frame, pg_copy.decode_geometries(found.column(GEOM))
        )

    def count_by(
        self,
        layer_id: str,
        column: str | tuple[str, ...],
        query: LayerQuery | None = None,
    ) -> dict[Any, int]:
        """Current features matching ``query`` per value of ``column`` (or columns)."""
        spec = get_layer(layer_id)
        columns = (column,) if isinstance(column, str) else tuple(column)
        rows.check_columns(spec, columns)
        where, params = where_clause(query, None, points=spec.is_point_layer)
        names = ", ".join(q(c) for c in columns)
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT {names}, count(*) FROM {self._t(spec.id)} WHERE {where} "
                f"GROUP BY {names}",
                params,
            ).fetchall()
        return rows.typed_counts(spec, columns, found)

    def grid_counts(
        self, layer_id: str, cell: float, query: LayerQuery | None = None
    ) -> pd.DataFrame:
        """Current features matching ``query`` per grid cell, counted in PostGIS."""
        spec = get_layer(layer_id)
        where, params = where_clause(query, None, points=spec.is_point_layer)
        g = q(GEOM)
        if spec.is_point_layer:
            x, y = f"ST_X({g})", f"ST_Y({g})"
        else:  # the bounding box's centre, as the GeoPackage backend computes it
            x = f"((ST_XMin({g}::box3d) + ST_XMax({g}::box3d)) / 2)"
            y = f"((ST_YMin({g}::box3d) + ST_YMax({g}::box3d)) / 2)"
        sql = (
            f"SELECT floor({x} / %s)::bigint AS ix, floor({y} / %s)::bigint AS iy, "
            f"count(*), avg({x}), avg({y}) FROM {self._t(spec.id)} "
            f"WHERE {where} AND {g} IS NOT NULL AND NOT ST_IsEmpty({g}) "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        with self._connect() as conn, conn.transaction():
            # Enough memory to group a million rows by hash instead of sorting
            # them on disk (the default 4 MB spills).
            conn.execute("SET LOCAL work_mem = '64MB'")
            found = conn.execute(sql, [cell, cell, *params]).fetchall()
        return rows.grid_frame(found)

    def versions(self) -> dict[str, int]:
        """The newest version of every layer, in one query (0 before any write)."""
        with self._connect() as conn:
            found = dict(
                conn.execute(
                    f"SELECT layer, max(version) FROM {self._t(pg_schema.VERSIONS)} "
                    "GROUP BY layer"
                ).fetchall()
            )
        return {spec.id: int(found.get(spec.id, 0)) for spec in LAYERS}

    def current_version(self, layer_id: str) -> int:
        """The newest version number of a layer (0 before any write)."""
        get_layer(layer_id)
        with self._connect() as conn:
            return self._current_version(conn, layer_id)

    def history(self, layer_id: str) -> list[LayerVersion]:
        """The version log of a layer, oldest first."""
        get_layer(layer_id)
        cols = ", ".join(_VERSION_COLUMNS)
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT {cols} FROM {self._t(pg_schema.VERSIONS)} WHERE layer = %s "
                "ORDER BY version",
                (layer_id,),
            ).fetchall()
        return rows.version_log(_VERSION_COLUMNS, found)

    # --- writes ---------------------------------------------------------
    def write_layer(
        self,
        layer_id: str,
        features: gpd.GeoDataFrame,
        *,
        mode: WriteMode,
        commit: CommitInfo,
        base_version: int | None = None,
    ) -> LayerVersion:
        """Write features as a new layer version in one transaction."""
        spec = get_layer(layer_id)
        rows.check_mode(mode)
        incoming = rows.prepare_rows(spec, features)
        t = self._t(spec.id)
        with self._transaction(layer=spec.id) as conn:
            self._lock_layer(conn, spec.id)
            new = rows.next_version(
                spec.id, self._current_version(conn, spec.id), base_version
            )
            old_ids = self._current_ids(conn, spec.id)
            if mode == "append":
                rows.check_append(spec.id, old_ids, incoming.ids)
            if mode == "replace":
                conn.execute(f"UPDATE {t} SET _vto = %s WHERE _vto IS NULL", (new,))
            else:
                closing = sorted(old_ids & set(incoming.ids))
                if closing:
                    conn.execute(
                        f"UPDATE {t} SET _vto = %s WHERE _vto IS NULL "
                        f"AND {q(FEATURE_ID)} = ANY(%s)",
                        (new, closing),
                    )
            self._copy_in(conn, spec, _insert_columns(spec, incoming, new))
            rows.pause_for_tests("write_layer")
            changes = rows.count_changes(old_ids, incoming.ids, mode)
            record = rows.version_record(spec.id, new, mode, changes, commit)
            self._insert_version(conn, record)
        if len(incoming) >= _VACUUM_ROWS:
            self._tidy(spec.id)
        return record

    def rollback(
        self, layer_id: str, to_version: int, *, commit: CommitInfo
    ) -> LayerVersion:
        """Make the layer look as it did at ``to_version``, as a new version."""
        spec = get_layer(layer_id)
        t = self._t(spec.id)
        cols = ", ".join(
            q(c) for c in (FEATURE_ID, *spec.field_names, EXTRA_ATTRS, NAME_LOWER, GEOM)
        )
        with self._transaction(layer=spec.id) as conn:
            self._lock_layer(conn, spec.id)
            current = self._current_version(conn, spec.id)
            rows.check_rollback(spec.id, current, to_version)
            new = current + 1
            old_ids = self._current_ids(conn, spec.id)
            # Close first: the unique index allows one current row per feature id.
            conn.execute(f"UPDATE {t} SET _vto = %s WHERE _vto IS NULL", (new,))
            conn.execute(
                f"INSERT INTO {t} ({cols}, _vfrom) SELECT {cols}, %s FROM {t} "
                "WHERE _vfrom <= %s AND (_vto IS NULL OR _vto > %s) ORDER BY fid",
                (new, to_version, to_version),
            )
            restored = self._current_ids(conn, spec.id)
            changes = rows.count_changes(old_ids, restored, "rollback")
            record = rows.version_record(
                spec.id, new, "rollback", changes, commit, rolled_back_to=to_version
            )
            self._insert_version(conn, record)
        return record

    # --- non-spatial ----------------------------------------------------
    def read_indicators(self) -> pd.DataFrame:
        """The headline-figure table, in insertion order."""
        names = [c.name for c in INDICATOR_COLUMNS]
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT {', '.join(q(n) for n in names)} "
                f"FROM {self._t(pg_schema.INDICATORS)} ORDER BY _row"
            ).fetchall()
        return pd.DataFrame(found, columns=names)

    def write_indicators(self, table: pd.DataFrame) -> None:
        """Replace the headline-figure table in one transaction."""
        names, records = rows.indicator_records(table)
        t = self._t(pg_schema.INDICATORS)
        with self._transaction() as conn:
            conn.execute(f"DELETE FROM {t}")
            with conn.cursor() as cur:
                cur.executemany(
                    f"INSERT INTO {t} ({', '.join(q(n) for n in names)}) "
                    f"VALUES ({', '.join(['%s'] * len(names))})",
                    list(records.itertuples(index=False, name=None)),
                )

    def list_documents(self, kind: str) -> list[Document]:
        """All documents of a kind, ordered by key."""
        with self._connect() as conn:
            found = conn.execute(
                "SELECT kind, key, body, revision, updated_at "
                f"FROM {self._t(pg_schema.DOCUMENTS)} WHERE kind = %s "
                'ORDER BY key COLLATE "C"',
                (kind,),
            ).fetchall()
        return [_document(r) for r in found]

    def _lock_document(self, conn: psycopg.Connection, kind: str, key: str) -> None:
        """Hold this document's advisory lock until the transaction ends.

        Every document write takes it, so a read followed by a write in one
        transaction (put's revision check, update's change) is never interleaved.
        """
        conn.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            (f"{self.schema}/{kind}/{key}",),
        )

    def get_document(self, kind: str, key: str) -> Document | None:
        """One document, or ``None``."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT kind, key, body, revision, updated_at "
                f"FROM {self._t(pg_schema.DOCUMENTS)} WHERE kind = %s AND key = %s",
                (kind, key),
            ).fetchone()
        return None if row is None else _document(row)

    def put_document(
        self,
        kind: str,
        key: str,
        body: Mapping[str, Any],
        *,
        expected_revision: int | None = None,
    ) -> Document:
        """Create or replace a document; ``expected_revision`` guards lost updates."""
        text = rows.document_text(body)
        t = self._t(pg_schema.DOCUMENTS)
        with self._transaction() as conn:
            # One writer per document at a time, so the revision read below is the
            # one the write replaces (two creators of a new key included).
            self._lock_document(conn, kind, key)
            row = conn.execute(
                f"SELECT revision FROM {t} WHERE kind = %s AND key = %s", (kind, key)
            ).fetchone()
            current = 0 if row is None else row[0]
            rows.check_revision(kind, key, current, expected_revision)
            stamp = _now()
            conn.execute(
                f"INSERT INTO {t} VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, key) "
                "DO UPDATE SET body = excluded.body, revision = excluded.revision, "
                "updated_at = excluded.updated_at",
                (kind, key, text, current + 1, stamp),
            )
        return Document(kind, key, json.loads(text), current + 1, stamp)

    def update_document(
        self,
        kind: str,
        key: str,
        change: Callable[[Document | None], Mapping[str, Any] | None],
    ) -> Document | None:
        """Read, change and write one document inside one transaction.

        The document's advisory lock (as :meth:`put_document` takes) is held from
        the read to the write, so concurrent updates run one after the other.
        """
        t = self._t(pg_schema.DOCUMENTS)
        with self._transaction() as conn:
            self._lock_document(conn, kind, key)
            row = conn.execute(
                "SELECT kind, key, body, revision, updated_at "
                f"FROM {t} WHERE kind = %s AND key = %s",
                (kind, key),
            ).fetchone()
            current = None if row is None else _document(row)
            body = change(current)
            if body is None:
                conn.execute(
                    f"DELETE FROM {t} WHERE kind = %s AND key = %s", (kind, key)
                )
                return None
            text = rows.document_text(body)
            revision, stamp = (0 if current is None else current.revision) + 1, _now()
            conn.execute(
                f"INSERT INTO {t} VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, key) "
                "DO UPDATE SET body = excluded.body, revision = excluded.revision, "
                "updated_at = excluded.updated_at",
                (kind, key, text, revision, stamp),
            )
        return Document(kind, key, json.loads(text), revision, stamp)

    def delete_document(self, kind: str, key: str) -> bool:
        """Delete a document; return whether it existed."""
        with self._transaction() as conn:
            self._lock_document(conn, kind, key)
            cur = conn.execute(
                f"DELETE FROM {self._t(pg_schema.DOCUMENTS)} "
                "WHERE kind = %s AND key = %s",
                (kind, key),
            )
        return cur.rowcount > 0

    # --- moving whole stores (geodata.storage.transfer) ------------------
    def dump_layer(self, layer_id: str) -> gpd.GeoDataFrame:
        """Every row the layer ever had, ``_vfrom``/``_vto`` included, in order."""
        spec = get_layer(layer_id)
        wanted = (*rows.check_columns(spec, None), "_vfrom", "_vto")
        select = ", ".join(q(c) for c in (*wanted, GEOM))
        with self._connect() as conn:
            data = copy_out(
                conn, f"SELECT {select} FROM {self._t(spec.id)} ORDER BY fid", ()
            )
        types = [
            *pg_copy.read_columns(spec, wanted[:-2]),
            ("_vfrom", pa.int64()),
            ("_vto", pa.int64()),
            (GEOM, pa.string()),
        ]
        found = pg_copy.read_csv(data, types)
        frame = pg_copy.to_pandas(found.drop_columns([GEOM]))
        return rows.typed_frame(
            spec, frame, pg_copy.decode_geometries(found.column(GEOM))
        )

    def restore_layer(
        self, layer_id: str, dumped: gpd.GeoDataFrame, log: list[LayerVersion]
    ) -> None:
        """Load a :meth:`dump_layer` and its version log into a layer never written."""
        spec = get_layer(layer_id)
        incoming = rows.prepare_rows(
            spec, dumped.drop(columns=["_vfrom", "_vto"]), history=True
        )
        with self._transaction(layer=spec.id) as conn:
            self._lock_layer(conn, spec.id)
            rows.check_restore(spec.id, self._current_version(conn, spec.id))
            columns = _insert_columns(spec, incoming, dumped["_vfrom"].tolist())
            columns.append(("_vto", pa.int64(), _optional_ints(dumped["_vto"])))
            self._copy_in(conn, spec, columns)
            for record in log:
                self._insert_version(conn, record)

    def dump_documents(self) -> list[Document]:
        """Every document of every kind, ordered by kind and key."""
        with self._connect() as conn:
            found = conn.execute(
                "SELECT kind, key, body, revision, updated_at "
                f"FROM {self._t(pg_schema.DOCUMENTS)} "
                'ORDER BY kind COLLATE "C", key COLLATE "C"'
            ).fetchall()
        return [_document(r) for r in found]

    def restore_documents(self, documents: list[Document]) -> None:
        """Put documents in as they are (revision and time kept), in one transaction."""
        t = self._t(pg_schema.DOCUMENTS)
        with self._transaction() as conn, conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {t} VALUES (%s, %s, %s, %s, %s) ON CONFLICT (kind, key) "
                "DO UPDATE SET body = excluded.body, revision = excluded.revision, "
                "updated_at = excluded.updated_at",
                [
                    (
                        d.kind,
                        d.key,
                        rows.document_text(d.body),
                        d.revision,
                        d.updated_at,
                    )
                    for d in documents
                ],
            )

    # --- helpers ----------------------------------------------------------
    def _tidy(self, layer_id: str) -> None:
        """VACUUM and ANALYZE a layer after a large write, outside its transaction.

        The first reader of a million fresh rows would otherwise pay for setting
        their visibility bits (seconds on the map's first render), and the planner
        would plan on the old row count. Only an optimisation: a role that may not
        vacuum leaves it to autovacuum, and the write stands either way.
        """
        import psycopg

        try:
            with self._pool.connection() as conn:
                conn.execute(f"VACUUM (ANALYZE) {self._t(layer_id)}")
        except psycopg.Error:
            pass  # the commit is done; autovacuum will tidy up later

    def _lock_layer(self, conn: psycopg.Connection, layer_id: str) -> None:
        # SHARE ROW EXCLUSIVE: one writer per layer; readers are never blocked.
        conn.execute(f"LOCK TABLE {self._t(layer_id)} IN SHARE ROW EXCLUSIVE MODE")

    def _current_version(self, conn: psycopg.Connection, layer_id: str) -> int:
        (v,) = conn.execute(
            f"SELECT coalesce(max(version), 0) FROM {self._t(pg_schema.VERSIONS)} "
            "WHERE layer = %s",
            (layer_id,),
        ).fetchone()
        return int(v)

    def _current_ids(self, conn: psycopg.Connection, layer_id: str) -> set[str]:
        data = copy_out(
            conn,
            f"SELECT {q(FEATURE_ID)} FROM {self._t(layer_id)} WHERE _vto IS NULL",
            (),
        )
        found = pg_copy.read_csv(data, [(FEATURE_ID, pa.string())])
        return set(found.column(0).to_pylist())

    def _copy_in(
        self,
        conn: psycopg.Connection,
        spec: LayerSpec,
        columns: list[tuple[str, pa.DataType, list[Any]]],
    ) -> None:
        import psycopg

        names = ", ".join(q(name) for name, _, _ in columns)
        try:
            with (
                conn.cursor() as cur,
                cur.copy(
                    f"COPY {self._t(spec.id)} ({names}) FROM STDIN (FORMAT csv)"
                ) as copy,
            ):
                for chunk in pg_copy.csv_chunks(columns):
                    copy.write(chunk)
        except psycopg.errors.CharacterNotInRepertoire:
            # PostgreSQL text cannot hold NUL (GeoPackage can): name where it is.
            for name, _, values in columns:
                for row, value in enumerate(values, start=1):
                    if isinstance(value, str) and "\x00" in value:
                        raise StorageError(
                            code="store.pg_nul", layer=spec.id, column=name, row=row
                        ) from None
            raise

    def _insert_version(self, conn: psycopg.Connection, record: LayerVersion) -> None:
        values = [getattr(record, c) for c in _VERSION_COLUMNS]
        conn.execute(
            f"INSERT INTO {self._t(pg_schema.VERSIONS)} "
            f"({', '.join(_VERSION_COLUMNS)}) "
            f"VALUES ({', '.join(['%s'] * len(values))})",
            values,
        )


@contextlib.contextmanager
def _translated(
    pool: pg_connect.Connections, layer: str | None = None
) -> Iterator[psycopg.Connection]:
    """A pooled connection whose psycopg errors leave as StorageErrors."""
    psycopg = pg_connect.psycopg_module()
    label = pool._label
    try:
        with pool.connection() as conn:
            yield conn
    except psycopg.Error as exc:
        raise translate_pg(exc, label, layer) from exc


def copy_out(conn: psycopg.Connection, sql: str, params: Any) -> bytes:
    """The bytes ``COPY (sql) TO STDOUT`` sends, parameters bound client-side."""
    out = bytearray()
    with (
        conn.cursor() as cur,
        cur.copy(f"COPY ({sql}) TO STDOUT (FORMAT csv)", params or None) as copy,
    ):
        for block in copy:
            out += block
    return bytes(out)


def where_clause(
    query: LayerQuery | None, version: int | None, *, points: bool = False
) -> tuple[str, list[Any]]:
    """SQL condition and parameters of ``query`` (the rules of ``geodata.query``).

    Examples
    --------
    >>> where_clause(LayerQuery(banners=("奈曼旗",), year_range=(2000, 2010)), None)
    ('_vto IS NULL AND "banner" = ANY(%s) AND ("year" BETWEEN %s AND %s OR "year" IS NULL)', [['奈曼旗'], 2000, 2010])
    """  # noqa: E501
    if version is None:
        clauses, params = ["_vto IS NULL"], []
    else:
        clauses = ["_vfrom <= %s AND (_vto IS NULL OR _vto > %s)"]
        params = [version, version]
    query = query or LayerQuery()
    for column, values in (
        ("banner", query.banners),
        ("status", query.statuses),
        ("unit", query.units),
    ):
        if values:
            clause = f"{q(column)} = ANY(%s)"
            params.append(list(values))
            if column == "status" and STATUS_OTHER in values:
                # "other": what a steward kept outside the list (geodata.query)
                unlisted = f"{q(column)} IS NOT NULL AND NOT {q(column)} = ANY(%s)"
                clause = f"({clause} OR ({unlisted}))"
                params.append(list(STATUSES))
            clauses.append(clause)
    if query.year_range is not None:
        # Same rule as geodata.query.filter_frame: no year is kept unless asked not to.
        undated = f" OR {q('year')} IS NULL" if query.keep_undated else ""
        clauses.append(f"({q('year')} BETWEEN %s AND %s{undated})")
        params.extend(query.year_range)
    if query.name_contains:
        clauses.append(f"strpos({q(NAME_LOWER)}, %s) > 0")
        params.append(query.name_contains.lower())
    if query.bbox is not None:
        lon_min, lat_min, lon_max, lat_max = query.bbox
        # && finds candidates in the index (boxes kept as float4, a little wide);
        # the exact box of each geometry then decides, as in the reference. A
        # point layer's box is its point (ST_X is far cheaper than a box3d).
        g = q(GEOM)
        if points:
            x0, x1, y0, y1 = (f"ST_X({g})", f"ST_X({g})", f"ST_Y({g})", f"ST_Y({g})")
        else:
            x0, x1 = f"ST_XMin({g}::box3d)", f"ST_XMax({g}::box3d)"
            y0, y1 = f"ST_YMin({g}::box3d)", f"ST_YMax({g}::box3d)"
        clauses.append(
            f"{g} && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
            f"AND {x0} <= %s AND {x1} >= %s AND {y0} <= %s AND {y1} >= %s"
        )
        params.extend([lon_min, lat_min, lon_max, lat_max])
        params.extend([lon_max, lon_min, lat_max, lat_min])
    return " AND ".join(clauses), params


def _insert_columns(
    spec: LayerSpec, incoming: rows.Rows, vfrom: int | list[int]
) -> list[tuple[str, pa.DataType, list[Any]]]:
    """COPY columns of prepared rows: id, fields, extras, lowered name, geometry."""
    names = incoming.fields[spec.field_names.index("name")]
    n = len(incoming)
    return [
        (FEATURE_ID, pa.string(), incoming.ids),
        *(
            (f.name, pg_copy.arrow_type(f.dtype if f.dtype != "bool" else "int"), v)
            for f, v in zip(spec.fields, incoming.fields, strict=True)
        ),
        (EXTRA_ATTRS, pa.string(), incoming.extras),
        (NAME_LOWER, pa.string(), [None if s is None else s.lower() for s in names]),
        (GEOM, pa.string(), pg_copy.encode_geometries(incoming.geometries)),
        ("_vfrom", pa.int64(), vfrom if isinstance(vfrom, list) else [vfrom] * n),
    ]


def _optional_ints(series: pd.Series) -> list[int | None]:
    return [None if pd.isna(v) else int(v) for v in series.tolist()]


def _document(row: tuple[Any, ...]) -> Document:
    kind, key, body, revision, updated_at = row
    return Document(kind, key, json.loads(body), revision, updated_at)


def build_postgis(
    location: str, fill: Callable[[Store], object] | None, *, replace: bool
) -> PostGISStore:
    """Create the store, let ``fill`` write into it, then put it in place.

    The store is built in a schema of its own and renamed over the real one in
    one transaction, so nobody sees a half-filled store and a failed ``fill``
    leaves the database as it was (as ``build_geopackage`` does with files).
    """
    shown = pg_connect.label(location)
    pool = pg_connect.Connections(location, shown)
    try:
        with _translated(pool) as conn:
            if not replace and pg_schema.schema_exists(conn, pg_schema.DEFAULT_SCHEMA):
                raise StorageError(code="store.pg_exists", path=shown)
        built = f"geodata_build_{uuid.uuid4().hex[:12]}"
        try:
            store = PostGISStore.create(location, schema=built)
            if fill is not None:
                fill(store)
            store.close()
            with _translated(pool) as conn:
                pg_schema.swap_in(
                    conn, built, pg_schema.DEFAULT_SCHEMA, replace=replace
                )
        finally:
            with _translated(pool) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {q(built)} CASCADE")
    finally:
        pool.close()
    return PostGISStore(location)


def upgrade_postgis(location: str) -> int | None:
    """Create or migrate the store's tables; the schema version they had before."""
    shown = pg_connect.label(location)
    pool = pg_connect.Connections(location, shown)
    try:
        with _translated(pool) as conn:
            return pg_schema.upgrade(conn, pg_schema.DEFAULT_SCHEMA, shown)
    finally:
        pool.close()
