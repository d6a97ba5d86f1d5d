"""The embedded default backend: one GeoPackage file.

Each catalog layer is a standard GeoPackage feature table (readable by QGIS and
GDAL) that keeps every version of every feature: a row is valid from version
``_vfrom`` until ``_vto`` (NULL while current). A write closes old rows and
inserts new ones inside one SQLite transaction, so a crash leaves the previous
version intact, and rollback to any version is a query, not a restore.

Bounding-box reads use plain indexed ``_minx/_maxx/_miny/_maxy`` columns rather
than the GeoPackage R-tree: SQLite's R-tree costs ~15 µs per inserted row, which
made a 200k-feature commit several times slower than GDAL's own write, and it
would also index every historical row.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
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
from geodata.errors import (
    StorageError,
    StoreDamagedError,
    StoreLockedError,
    StoreMissingError,
)
from geodata.query import filter_frame
from geodata.storage import gpkg_codec, gpkg_gate, rows
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
from geodata.storage.gpkg_errors import translate_gdal, translate_os, translate_sqlite

_GEOM = "geom"
_BOUNDS = ("_minx", "_maxx", "_miny", "_maxy")
_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER"}
_VERSIONS = "geodata_layer_versions"
_DOCUMENTS = "geodata_documents"
_INDICATORS = "geodata_indicators"
_VERSION_COLUMNS = tuple(f.name for f in dataclasses.fields(LayerVersion))
#: How long a write waits for another writer's lock before saying so. A commit of
#: a typical agency file holds the lock well under a second (200,000 points: about
#: 3 s, bench/ingest.py), so most collisions pass unnoticed; a person who clicked
#: "commit" waits about this long before thinking it hung, and "try again in a
#: moment" then beats a spinner (it was 30 s, then a raw traceback).
BUSY_TIMEOUT_S = 5.0


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _lower(text: str | None) -> str | None:
    return None if text is None else str(text).lower()


def _q(name: str) -> str:
    """Quote an identifier; names come from the catalog, never from users."""
    return '"' + name.replace('"', '""') + '"'


class GeoPackageStore:
    """A :class:`~geodata.storage.base.Store` kept in one GeoPackage file."""

    def __init__(self, path: str | Path, *, label: str | None = None) -> None:
        """Open an existing store; reading it changes nothing.

        Raises
        ------
        StoreMissingError
            When there is no file at ``path`` (seeding is the caller's choice).
        StoreDamagedError
            When the file is empty, cut short, damaged, or not a store.
        """
        self.path = Path(path)
        self.location = str(self.path)
        self.label = label or str(self.path)
        self.key = f"gpkg://{os.path.realpath(self.path)}"
        # mode=rw: a connection never creates a missing file (a plain connect
        # would leave a 0-byte "store" behind for the next open to trip over).
        self._uri = self.path.absolute().as_uri() + "?mode=rw"
        self._check_file()
        self._ensure_schema()

    @classmethod
    def create(cls, path: str | Path, *, label: str | None = None) -> GeoPackageStore:
        """Create an empty store file at ``path`` with every catalog layer."""
        path = Path(path)
        label = label or str(path)
        if path.exists():
            raise StorageError(code="store.exists", path=label)
        try:
            for spec in LAYERS:
                create_layer_table(path, spec)
                # Owner only, before any account or hash is written: the file
                # holds password hashes and sign-in sessions.
                path.chmod(0o600)
            with (
                gpkg_gate.use(path, "sqlite"),
                contextlib.closing(sqlite3.connect(path)) as conn,
            ):
                conn.executescript(_META_SCHEMA)
        except sqlite3.Error as exc:
            raise translate_sqlite(exc, path, label) from exc
        except OSError as exc:
            raise translate_os(exc, label) from exc
        except RuntimeError as exc:  # pyogrio's errors are RuntimeErrors
            raise translate_gdal(exc, path, label) from exc
        return cls(path, label=label)

    # --- connection and schema ------------------------------------------
    @contextlib.contextmanager
    def _connect(self, layer: str | None = None) -> Iterator[sqlite3.Connection]:
        """A connection whose SQLite errors leave as StorageErrors.

        ``layer`` is the layer being written, so a locked store names it.
        """
        with gpkg_gate.use(self.path, "sqlite"), self._connection(layer) as conn:
            yield conn

    @contextlib.contextmanager
    def _connection(self, layer: str | None) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(
                self._uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise translate_sqlite(exc, self.path, self.label, layer) from exc
        try:
            # QGIS or GDAL may add an R-tree to a layer later; its triggers call these.
            gpkg_codec.register_functions(conn)
            conn.create_function("geodata_lower", 1, _lower, deterministic=True)
            conn.execute("PRAGMA cache_size=-262144")
            yield conn
        except sqlite3.Error as exc:
            raise translate_sqlite(exc, self.path, self.label, layer) from exc
        finally:
            conn.close()

    @contextlib.contextmanager
    def _transaction(self, layer: str | None = None) -> Iterator[sqlite3.Connection]:
        with self._connect(layer) as conn:
            # IMMEDIATE takes the write lock up front, so the version check and the
            # write that depends on it cannot interleave with another writer.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                # SQLite may have rolled back already (a full disk does): a second
                # ROLLBACK would raise "no transaction is active" and hide the real
                # cause. A failing ROLLBACK is left to close(), which rolls back too.
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _check_file(self) -> None:
        """Refuse a folder, a missing file and an empty one before SQLite sees it."""
        if self.path.is_dir():
            raise StorageError(code="store.folder", path=self.label)
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            raise StoreMissingError(code="store.missing", path=self.label) from None
        except OSError as exc:
            raise translate_os(exc, self.label) from exc
        if size == 0:
            # SQLite would take a 0-byte file as a new, empty database: reported,
            # never rebuilt, since it most likely was a store before a bad copy.
            raise StoreDamagedError(code="store.empty_file", path=self.label)

    def _ensure_schema(self) -> None:
        """Check the file is a store; add tables a newer catalog has, if any.

        Only a store made before a catalog change is written to here; an
        up-to-date store is only read, so opening a read-only store works.
        """
        with self._connect() as conn:
            tables = {
                name
                for (name,) in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
        if "gpkg_contents" not in tables:
            raise StoreDamagedError(code="store.not_geopackage", path=self.label)
        if _VERSIONS not in tables:
            raise StoreDamagedError(code="store.not_a_store", path=self.label)
        missing = [spec for spec in LAYERS if spec.id not in tables]
        try:
            for spec in missing:
                create_layer_table(self.path, spec)
        except sqlite3.Error as exc:
            raise translate_sqlite(exc, self.path, self.label) from exc
        except RuntimeError as exc:  # pyogrio's errors are RuntimeErrors
            raise translate_gdal(exc, self.path, self.label) from exc
        if {_DOCUMENTS, _INDICATORS} - tables:
            with self._connect() as conn:
                conn.executescript(_META_SCHEMA)
        with self._connect() as conn:
            _add_version_columns(conn)
            add_missing_fields(conn)

    # --- reads ----------------------------------------------------------
    def is_empty(self) -> bool:
        """True when no layer holds any current feature."""
        return all(self.count(spec.id) == 0 for spec in LAYERS)

    def count(self, layer_id: str, query: LayerQuery | None = None) -> int:
        """Number of current features of a layer matching ``query``."""
        spec = get_layer(layer_id)
        where, params = _where(spec, query, None)
        with self._connect() as conn:
            (n,) = conn.execute(
                f"SELECT count(*) FROM {_q(spec.id)} WHERE {where}", params
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
        """Features of a layer as a GeoDataFrame in EPSG:4326.

        Read column by column through pyogrio's Arrow path (GDAL runs the SQL on
        the file); sqlite3's row-by-row fetch cost 5-8x as much. The rules SQL
        cannot carry to GDAL (see :func:`_split_for_gdal`) are applied to the
        result with the reference :func:`~geodata.query.filter_frame`.
        """
        spec = get_layer(layer_id)
        asked = rows.check_columns(spec, columns)
        pushed, residual = _split_for_gdal(query or LayerQuery())
        # the columns the rules applied afterwards test, read even when not asked for
        wanted = (*asked, *(c for c in _residual_columns(residual) if c not in asked))
        where, params = _where(spec, pushed, version, name=False)
        texts = [c for c in wanted if _dtype(spec, c) == "str"]
        for _ in range(3):
            frame = self._read_columns(spec, wanted, texts, where, params)
            if frame is not None:
                break
        else:  # another writer kept changing the rows between the two reads
            raise StoreLockedError(code="store.busy", path=self.label)
        if not residual.is_empty:
            frame = filter_frame(frame, residual).reset_index(drop=True)
        if wanted != asked:
            frame = frame[[*asked, frame.geometry.name]]
        return frame

    def _read_columns(
        self,
        spec: LayerSpec,
        wanted: tuple[str, ...],
        texts: list[str],
        where: str,
        params: list[Any],
    ) -> gpd.GeoDataFrame | None:
        """The rows of ``where`` through GDAL, texts with a NUL mended by SQLite.

        GDAL hands text over as C strings, cutting a value at its first NUL;
        rows holding one (rare: a pasted control character) are flagged in the
        same query and read again with sqlite3. ``None`` when the two reads saw
        different rows (a commit came between): the caller reads again.
        """
        flag = " + ".join(f"instr(coalesce({_q(c)}, ''), char(0))" for c in texts)
        select = ", ".join(_q(c) for c in wanted)
        sql = (
            f"SELECT {select}, ({flag or '0'}) > 0 AS _nul, {_GEOM} "
            f"FROM {_q(spec.id)} WHERE {_inline(where, params)} ORDER BY fid"
        )
        table = self._read_arrow(sql, spec.id)
        frame = rows.arrow_frame(spec, table, wanted, _GEOM)
        cut = table.column("_nul").to_numpy(zero_copy_only=False).astype(bool)
        if not cut.any():
            return frame
        with self._connect() as conn:
            whole = conn.execute(
                f"SELECT {', '.join(_q(c) for c in texts)} FROM {_q(spec.id)} "
                f"WHERE {where} AND ({flag}) > 0 ORDER BY fid",
                params,
            ).fetchall()
        at = np.flatnonzero(cut)
        if len(whole) != len(at):
            return None
        for i, column in enumerate(texts):
            values = [row[i] for row in whole]
            seen = [None if pd.isna(v) else v for v in frame[column].iloc[at]]
            if [_cut_at_nul(v) for v in values] != seen:
                return None
            frame.iloc[at, frame.columns.get_loc(column)] = values
        return frame

    def _read_arrow(self, sql: str, layer_id: str) -> pa.Table:
        """Run ``sql`` through GDAL; on failure, let SQLite name the cause."""
        import pyogrio

        try:
            with gpkg_gate.use(self.path, "gdal"):
                _, table = pyogrio.read_arrow(self.path, sql=sql)
        except (RuntimeError, OSError) as exc:  # pyogrio's errors are RuntimeErrors
            # GDAL's messages name the SQL, not the cause: ask SQLite, whose errors
            # say locked, damaged, cut short... in the user's language.
            with self._connect() as conn:
                conn.execute(f"SELECT count(*) FROM {_q(layer_id)}").fetchone()
            raise StorageError(
                code="store.sqlite", path=self.label, reason=str(exc)
            ) from exc
        return table

    def current_version(self, layer_id: str) -> int:
        """The newest version number of a layer (0 before any write)."""
        get_layer(layer_id)
        with self._connect() as conn:
            return _current_version(conn, layer_id)

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
        where, params = _where(spec, query, None)
        names = ", ".join(_q(c) for c in columns)
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT {names}, count(*) FROM {_q(spec.id)} WHERE {where} "
                f"GROUP BY {names}",
                params,
            ).fetchall()
        return rows.typed_counts(spec, columns, found)

    def grid_counts(
        self, layer_id: str, cell: float, query: LayerQuery | None = None
    ) -> pd.DataFrame:
        """Current features matching ``query`` per grid cell (see ``Store``)."""
        spec = get_layer(layer_id)
        where, params = _where(spec, query, None)
        # SQLite has no floor() in every build: CAST truncates, minus one below 0.
        x, y = "((_minx + _maxx) / 2.0)", "((_miny + _maxy) / 2.0)"
        ix = f"(CAST({x} / ? AS INTEGER) - ({x} / ? < CAST({x} / ? AS INTEGER)))"
        iy = f"(CAST({y} / ? AS INTEGER) - ({y} / ? < CAST({y} / ? AS INTEGER)))"
        sql = (
            f"SELECT {ix} AS ix, {iy} AS iy, count(*), avg({x}), avg({y}) "
            f"FROM {_q(spec.id)} WHERE {where} AND _minx IS NOT NULL "
            "GROUP BY 1, 2 ORDER BY 1, 2"
        )
        with self._connect() as conn:
            found = conn.execute(sql, [cell] * 6 + params).fetchall()
        return rows.grid_frame(found)

    def versions(self) -> dict[str, int]:
        """The newest version of every layer, in one query (0 before any write)."""
        with self._connect() as conn:
            found = dict(
                conn.execute(
                    f"SELECT layer, max(version) FROM {_VERSIONS} GROUP BY layer"
                ).fetchall()
            )
        return {spec.id: int(found.get(spec.id, 0)) for spec in LAYERS}

    def close(self) -> None:
        """Nothing to release: each call opens and closes its own connection."""

    def history(self, layer_id: str) -> list[LayerVersion]:
        """The version log of a layer, oldest first."""
        get_layer(layer_id)
        cols = ", ".join(_VERSION_COLUMNS)
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT {cols} FROM {_VERSIONS} WHERE layer=? ORDER BY version",
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
        columns = _insert_columns(incoming)
        ids = incoming.ids
        with self._transaction(layer=spec.id) as conn:
            new = rows.next_version(
                spec.id, _current_version(conn, spec.id), base_version
            )
            old_ids = _current_ids(conn, spec.id)
            if mode == "append":
                rows.check_append(spec.id, old_ids, ids)
            with _bulk_triggers(conn, spec.id):
                if mode == "replace":
                    conn.execute(
                        f"UPDATE {_q(spec.id)} SET _vto=? WHERE _vto IS NULL", (new,)
                    )
                else:
                    _close_rows(conn, spec.id, old_ids & set(ids), new)
                _insert_rows(conn, spec, columns, itertools.repeat(new))
            rows.pause_for_tests("write_layer")
            changes = rows.count_changes(old_ids, ids, mode)
            record = rows.version_record(spec.id, new, mode, changes, commit)
            _insert_version(conn, record)
        return record

    def rollback(
        self, layer_id: str, to_version: int, *, commit: CommitInfo
    ) -> LayerVersion:
        """Make the layer look as it did at ``to_version``, as a new version."""
        spec = get_layer(layer_id)
        table = _q(spec.id)
        with self._transaction(layer=spec.id) as conn:
            current = _current_version(conn, spec.id)
            rows.check_rollback(spec.id, current, to_version)
            new = current + 1
            old_ids = _current_ids(conn, spec.id)
            cols = ", ".join(
                _q(c)
                for c in (_GEOM, FEATURE_ID, *spec.field_names, EXTRA_ATTRS, *_BOUNDS)
            )
            with _bulk_triggers(conn, spec.id):
                conn.execute(
                    f"INSERT INTO {table} ({cols}, _vfrom, _vto) "
                    f"SELECT {cols}, ?, NULL "
                    f"FROM {table} WHERE _vfrom <= ? AND (_vto IS NULL OR _vto > ?) "
                    "ORDER BY fid",
                    (new, to_version, to_version),
                )
                conn.execute(
                    f"UPDATE {table} SET _vto=? WHERE _vto IS NULL AND _vfrom < ?",
                    (new, new),
                )
            restored = _current_ids(conn, spec.id)
            changes = rows.count_changes(old_ids, restored, "rollback")
            record = rows.version_record(
                spec.id, new, "rollback", changes, commit, rolled_back_to=to_version
            )
            _insert_version(conn, record)
        return record

    # --- non-spatial ----------------------------------------------------
    def read_indicators(self) -> pd.DataFrame:
        """The headline-figure table, in insertion order."""
        names = [c.name for c in INDICATOR_COLUMNS]
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {', '.join(_q(n) for n in names)} FROM {_INDICATORS} "
                "ORDER BY rowid"
            ).fetchall()
        return pd.DataFrame(rows, columns=names)

    def write_indicators(self, table: pd.DataFrame) -> None:
        """Replace the headline-figure table in one transaction."""
        names, records = rows.indicator_records(table)
        with self._transaction() as conn:
            conn.execute(f"DELETE FROM {_INDICATORS}")
            conn.executemany(
                f"INSERT INTO {_INDICATORS} VALUES ({', '.join('?' * len(names))})",
                records.itertuples(index=False, name=None),
            )

    def list_documents(self, kind: str) -> list[Document]:
        """All documents of a kind, ordered by key."""
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT kind, key, body, revision, updated_at FROM {_DOCUMENTS} "
                "WHERE kind=? ORDER BY key",
                (kind,),
            ).fetchall()
        return [_document(r) for r in rows]

    def get_document(self, kind: str, key: str) -> Document | None:
        """One document, or ``None``."""
        with self._connect() as conn:
            return _select_document(conn, kind, key)

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
        with self._transaction() as conn:
            row = conn.execute(
                f"SELECT revision FROM {_DOCUMENTS} WHERE kind=? AND key=?", (kind, key)
            ).fetchone()
            current = 0 if row is None else row[0]
            rows.check_revision(kind, key, current, expected_revision)
            stamp = _now()
            conn.execute(
                f"INSERT OR REPLACE INTO {_DOCUMENTS} VALUES (?, ?, ?, ?, ?)",
                (kind, key, text, current + 1, stamp),
            )
        return Document(kind, key, json.loads(text), current + 1, stamp)

    def delete_document(self, kind: str, key: str) -> bool:
        """Delete a document; return whether it existed."""
        with self._transaction() as conn:
            cur = conn.execute(
                f"DELETE FROM {_DOCUMENTS} WHERE kind=? AND key=?", (kind, key)
            )
        return cur.rowcount > 0

    def update_document(
        self,
        kind: str,
        key: str,
        change: Callable[[Document | None], Mapping[str, Any] | None],
    ) -> Document | None:
        """Read, change and write one document inside one write transaction."""
        # BEGIN IMMEDIATE takes the write lock before the read, so two updates of
        # the same document run one after the other, each seeing the other's write.
        with self._transaction() as conn:
            current = _select_document(conn, kind, key)
            body = change(current)
            if body is None:
                conn.execute(
                    f"DELETE FROM {_DOCUMENTS} WHERE kind=? AND key=?", (kind, key)
                )
                return None
            text = rows.document_text(body)
            revision, stamp = (0 if current is None else current.revision) + 1, _now()
            conn.execute(
                f"INSERT OR REPLACE INTO {_DOCUMENTS} VALUES (?, ?, ?, ?, ?)",
                (kind, key, text, revision, stamp),
            )
        return Document(kind, key, json.loads(text), revision, stamp)

    # --- moving whole stores (geodata.storage.transfer) ------------------
    def dump_layer(self, layer_id: str) -> gpd.GeoDataFrame:
        """Every row the layer ever had, ``_vfrom``/``_vto`` included, in order."""
        spec = get_layer(layer_id)
        wanted = (*rows.check_columns(spec, None), "_vfrom", "_vto")
        select = ", ".join(_q(c) for c in (*wanted, _GEOM))
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT {select} FROM {_q(spec.id)} ORDER BY fid"
            ).fetchall()
        frame = _to_frame(spec, wanted, found)
        for name in ("_vfrom", "_vto"):
            frame[name] = frame[name].astype("Int64")
        return frame

    def restore_layer(
        self, layer_id: str, dumped: gpd.GeoDataFrame, log: list[LayerVersion]
    ) -> None:
        """Load a :meth:`dump_layer` and its version log into a layer never written."""
        spec = get_layer(layer_id)
        incoming = rows.prepare_rows(
            spec, dumped.drop(columns=["_vfrom", "_vto"]), history=True
        )
        vto = [None if pd.isna(v) else int(v) for v in dumped["_vto"].tolist()]
        vfrom = [int(v) for v in dumped["_vfrom"].tolist()]
        with self._transaction(layer=spec.id) as conn:
            rows.check_restore(spec.id, _current_version(conn, spec.id))
            with _bulk_triggers(conn, spec.id):
                _insert_rows(conn, spec, _insert_columns(incoming), vfrom, vto)
            for record in log:
                _insert_version(conn, record)

    def dump_documents(self) -> list[Document]:
        """Every document of every kind, ordered by kind and key."""
        with self._connect() as conn:
            found = conn.execute(
                f"SELECT kind, key, body, revision, updated_at FROM {_DOCUMENTS} "
                "ORDER BY kind, key"
            ).fetchall()
        return [_document(r) for r in found]

    def restore_documents(self, documents: list[Document]) -> None:
        """Put documents in as they are (revision and time kept), in one transaction."""
        with self._transaction() as conn:
            conn.executemany(
                f"INSERT OR REPLACE INTO {_DOCUMENTS} VALUES (?, ?, ?, ?, ?)",
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


def build_geopackage(
    path: Path, fill: Callable[[Store], object] | None, *, replace: bool
) -> GeoPackageStore:
    """Create a store at ``path``, let ``fill`` write into it, then put it in place.

    The file is built beside ``path`` and renamed over it in one step, so nobody
    sees a half-filled store and a failed ``fill`` leaves ``path`` as it was. An
    existing file is replaced only with ``replace`` (the caller checked it).
    """
    label = str(path)
    if path.is_dir():
        raise StorageError(code="store.folder", path=label)
    if path.exists() and not replace:
        raise StorageError(code="store.exists", path=label)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.tmp.gpkg")
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise translate_os(exc, label) from exc
        store = GeoPackageStore.create(tmp, label=label)
        if fill is not None:
            fill(store)
        try:
            _put_in_place(tmp, path, replace=replace)
        except OSError as exc:
            raise translate_os(exc, label) from exc
    finally:
        with contextlib.suppress(OSError):  # nothing to remove, or cannot: as it was
            tmp.unlink(missing_ok=True)
    return GeoPackageStore(path)


def _put_in_place(tmp: Path, path: Path, *, replace: bool) -> None:
    """Rename ``tmp`` to ``path``; without ``replace``, a store made meanwhile wins."""
    if replace:
        os.replace(tmp, path)
        return
    try:
        # A hard link fails if ``path`` exists, so two dashboards starting on a
        # missing store at once do not overwrite each other's fresh store.
        os.link(tmp, path)
    except FileExistsError:
        pass
    except OSError:  # no hard links on this file system (some network shares)
        os.replace(tmp, path)


_META_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {_VERSIONS} (
    layer TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL,
    author TEXT NOT NULL, mode TEXT NOT NULL, added INTEGER NOT NULL,
    changed INTEGER NOT NULL, removed INTEGER NOT NULL, n_features INTEGER NOT NULL,
    note TEXT, file_name TEXT, file_hash TEXT, rolled_back_to INTEGER,
    skipped INTEGER NOT NULL DEFAULT 0, skipped_reasons TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (layer, version));
CREATE TABLE IF NOT EXISTS {_DOCUMENTS} (
    kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL,
    revision INTEGER NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (kind, key));
CREATE TABLE IF NOT EXISTS {_INDICATORS} (
    {", ".join(f"{_q(c.name)} {_SQL_TYPES[c.dtype]}" for c in INDICATOR_COLUMNS)});
"""


#: Columns later versions added to the version log, and how to add them.
_LATER_VERSION_COLUMNS = {
    "skipped": "INTEGER NOT NULL DEFAULT 0",
    "skipped_reasons": "TEXT NOT NULL DEFAULT ''",
}


def _add_version_columns(conn: sqlite3.Connection) -> None:
    """Give a store made by an earlier version the version-log columns it lacks.

    Only such a store is written to here (a read-only one of the same age fails
    with the store's read-only message, not on every read).
    """
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({_VERSIONS})")}
    for name, kind in _LATER_VERSION_COLUMNS.items():
        if name not in have:
            conn.execute(f"ALTER TABLE {_VERSIONS} ADD COLUMN {name} {kind}")


def create_layer_table(path: Path, spec: LayerSpec) -> None:
    """Create the empty, versioned feature table of ``spec`` through GDAL.

    GDAL writes the GeoPackage metadata, the R-tree and its triggers, so the file
    stays standard; rows are then written with plain SQLite.
    """
    data: dict[str, Any] = {FEATURE_ID: pd.Series([], dtype=object)}
    for f in spec.fields:
        data[f.name] = pd.Series(
            [],
            dtype={"str": object, "int": "int64", "float": "float64", "bool": "int64"}[
                f.dtype
            ],
        )
    data[EXTRA_ATTRS] = pd.Series([], dtype=object)
    for bound in _BOUNDS:
        data[bound] = pd.Series([], dtype="float64")
    data["_vfrom"] = pd.Series([], dtype="int64")
    data["_vto"] = pd.Series([], dtype="int64")
    empty = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries([], crs=4326))
    with gpkg_gate.use(path, "gdal"):
        _write_empty(path, spec.id, empty)
    with (
        gpkg_gate.use(path, "sqlite"),
        contextlib.closing(sqlite3.connect(path)) as conn,
        conn,
    ):
        # Keyed on (_vto, rowid), new rows append at the end of the NULL group, so
        # the index costs little to keep while reads skip all history rows.
        # Indexes on feature ids or coordinates doubled the insert time.
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {_q('idx_' + spec.id + '_current')} "
            f"ON {_q(spec.id)} (_vto)"
        )


def add_missing_fields(conn: sqlite3.Connection) -> None:
    """Add columns for catalog fields a store made by an older version lacks.

    A new field (``sensitivity``) is empty on every stored row, which means "the
    layer's default", so old stores read as they did. A store already up to date
    is only read here.
    """
    for spec in LAYERS:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({_q(spec.id)})")}
        for f in spec.fields:
            if have and f.name not in have:
                conn.execute(
                    f"ALTER TABLE {_q(spec.id)} ADD COLUMN {_q(f.name)} "
                    f"{_SQL_TYPES[f.dtype]}"
                )


def _write_empty(path: Path, layer: str, empty: gpd.GeoDataFrame) -> None:
    import pyogrio

    pyogrio.write_dataframe(
        empty,
        path,
        layer=layer,
        driver="GPKG",
        geometry_type="Unknown",
        GEOMETRY_NAME=_GEOM,
        SPATIAL_INDEX="NO",
        append=path.exists() and path.stat().st_size > 0,
    )


def _where(
    spec: LayerSpec,
    query: LayerQuery | None,
    version: int | None,
    *,
    name: bool = True,
) -> tuple[str, list[Any]]:
    """The WHERE clause of ``query`` with ``?`` parameters.

    ``name=False`` leaves out the name rule, which needs ``geodata_lower`` (a
    function of our sqlite3 connections that GDAL does not have).
    """
    if version is None:
        clauses, params = ["_vto IS NULL"], []
    else:
        clauses, params = (
            ["_vfrom <= ? AND (_vto IS NULL OR _vto > ?)"],
            [version, version],
        )
    q = query or LayerQuery()
    for column, values in (
        ("banner", q.banners),
        ("status", q.statuses),
        ("unit", q.units),
    ):
        if values:
            clause = f"{column} IN ({', '.join('?' * len(values))})"
            params.extend(values)
            if column == "status" and STATUS_OTHER in values:
                # "other": what a steward kept outside the list (query.py)
                listed = ", ".join("?" * len(STATUSES))
                unlisted = f"{column} IS NOT NULL AND {column} NOT IN ({listed})"
                clause = f"({clause} OR ({unlisted}))"
                params.extend(STATUSES)
            clauses.append(clause)
    if q.year_range is not None:
        # Same rule as geodata.query.filter_frame: no year is kept unless asked not to.
        undated = " OR year IS NULL" if q.keep_undated else ""
        clauses.append(f"(year BETWEEN ? AND ?{undated})")
        params.extend(q.year_range)
    if q.name_contains and name:
        # SQLite's lower() folds ASCII only; the query's meaning is Python's
        # str.lower (geodata.query.filter_frame), so "ärzte" finds "Ärzte".
        clauses.append("instr(geodata_lower(name), ?) > 0")
        params.append(q.name_contains.lower())
    if q.bbox is not None:
        lon_min, lat_min, lon_max, lat_max = q.bbox
        clauses.append("_minx <= ? AND _maxx >= ? AND _miny <= ? AND _maxy >= ?")
        params.extend([lon_max, lon_min, lat_max, lat_min])
    return " AND ".join(clauses), params


def _cut_at_nul(value: str | None) -> str | None:
    """``value`` as GDAL hands it over: up to its first NUL."""
    return None if value is None else value.split("\x00", 1)[0]


def _dtype(spec: LayerSpec, column: str) -> str:
    """The catalog dtype of a stored column (ids and extras are text)."""
    return next((f.dtype for f in spec.fields if f.name == column), "str")


def _residual_columns(residual: LayerQuery) -> tuple[str, ...]:
    """The columns :func:`~geodata.query.filter_frame` reads for ``residual``.

    Examples
    --------
    >>> _residual_columns(LayerQuery(name_contains="x", units=("u",)))
    ('unit', 'name')
    """
    used = [
        column
        for column, values in (
            ("banner", residual.banners),
            ("status", residual.statuses),
            ("unit", residual.units),
            ("name", residual.name_contains),
        )
        if values
    ]
    return tuple(used)


def _split_for_gdal(query: LayerQuery) -> tuple[LayerQuery, LayerQuery]:
    r"""``query`` as the part GDAL's SQL runs and the part applied afterwards.

    GDAL takes SQL as text with no parameters, and as a C string: the name rule
    (Python's ``str.lower``) and values holding a NUL character stay behind.

    Examples
    --------
    >>> pushed, rest = _split_for_gdal(LayerQuery(banners=("奈曼旗",),
    ...                                           units=("a\x00b",), name_contains="x"))
    >>> pushed.banners, pushed.units, pushed.name_contains
    (('奈曼旗',), (), '')
    >>> rest.units, rest.name_contains, rest.banners
    (('a\x00b',), 'x', ())
    """
    held = {
        f: getattr(query, f)
        for f in ("banners", "statuses", "units")
        if any("\x00" in str(v) for v in getattr(query, f))
    }
    pushed = dataclasses.replace(query, name_contains="", **dict.fromkeys(held, ()))
    residual = LayerQuery(name_contains=query.name_contains, **held)
    return pushed, residual


def _inline(clause: str, params: list[Any]) -> str:
    """``clause`` with each ``?`` replaced by its parameter as an SQL literal.

    The clause text is ours (no ``?`` but placeholders); strings are quoted the
    SQLite way, numbers written exactly (infinities as SQLite reads them).

    Examples
    --------
    >>> _inline("a IN (?, ?) AND b BETWEEN ? AND ?", ["x'y", "z", 2020, 0.1])
    "a IN ('x''y', 'z') AND b BETWEEN 2020 AND 0.1"
    >>> _inline("x <= ? AND x >= ?", [float("inf"), float("nan")])
    'x <= 9e999 AND x >= NULL'
    """
    parts = clause.split("?")
    assert len(parts) == len(params) + 1, (clause, params)
    out = [parts[0]]
    for value, rest in zip(params, parts[1:], strict=True):
        out.append(_literal(value))
        out.append(rest)
    return "".join(out)


def _literal(value: Any) -> str:
    if isinstance(value, str):
        assert "\x00" not in value, "NUL values stay behind (_split_for_gdal)"
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, (bool, int, np.integer)):
        return str(int(value))
    number = float(value)
    if np.isnan(number):
        return "NULL"  # compares as false, as NaN does in filter_frame
    if np.isinf(number):
        return "9e999" if number > 0 else "-9e999"
    return repr(number)


def _to_frame(
    spec: LayerSpec, columns: tuple[str, ...], found: list[tuple[Any, ...]]
) -> gpd.GeoDataFrame:
    """Rows fetched by sqlite3 (whole histories, :meth:`dump_layer`) as a frame."""
    blobs = [r[-1] for r in found]
    frame = pd.DataFrame([r[:-1] for r in found], columns=list(columns))
    return rows.typed_frame(spec, frame, gpkg_codec.decode(blobs))


def _insert_columns(incoming: rows.Rows) -> list[list[Any]]:
    """Insert columns in table order: geometry, id, fields..., extras, bounds."""
    return [
        gpkg_codec.encode(incoming.geometries),
        incoming.ids,
        *incoming.fields,
        incoming.extras,
        *incoming.bounds,
    ]


def _current_version(conn: sqlite3.Connection, layer_id: str) -> int:
    (v,) = conn.execute(
        f"SELECT coalesce(max(version), 0) FROM {_VERSIONS} WHERE layer=?", (layer_id,)
    ).fetchone()
    return int(v)


def _current_ids(conn: sqlite3.Connection, table: str) -> set[str]:
    rows = conn.execute(f"SELECT {FEATURE_ID} FROM {_q(table)} WHERE _vto IS NULL")
    return {r[0] for r in rows}


@contextlib.contextmanager
def _bulk_triggers(conn: sqlite3.Connection, table: str) -> Iterator[None]:
    """Suspend the table's per-row triggers inside the open transaction.

    GDAL's feature-count triggers run an UPDATE per row; dropping them for the
    write and setting the count once is what GDAL itself does for bulk loads. DDL
    is transactional in SQLite, so a crash restores the triggers with the rest.
    """
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=?",
        (table,),
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {_q(name)}")
    yield
    conn.execute(
        "UPDATE gpkg_ogr_contents SET feature_count = "
        f"(SELECT count(*) FROM {_q(table)}) "
        "WHERE lower(table_name) = lower(?)",
        (table,),
    )
    for _, sql in triggers:
        conn.execute(sql)


def _close_rows(
    conn: sqlite3.Connection, table: str, ids: set[str], version: int
) -> None:
    if not ids:
        return
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _closing (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM _closing")
    conn.executemany("INSERT INTO _closing VALUES (?)", ((i,) for i in ids))
    conn.execute(
        f"UPDATE {_q(table)} SET _vto=? WHERE _vto IS NULL "
        f"AND {FEATURE_ID} IN (SELECT id FROM _closing)",
        (version,),
    )


def _insert_rows(
    conn: sqlite3.Connection,
    spec: LayerSpec,
    columns: list[list[Any]],
    vfrom: Iterable[int],
    vto: Iterable[int | None] | None = None,
) -> None:
    if not columns[0]:  # no rows: nothing to bind
        return
    names_all = (_GEOM, FEATURE_ID, *spec.field_names, EXTRA_ATTRS, *_BOUNDS)
    # A column the file does not have stays out of the INSERT (it is NULL by
    # default): binding millions of NULLs was a third of a large commit.
    kept = [
        (name, values)
        for name, values in zip(names_all, columns, strict=True)
        if values.count(None) != len(values)
    ]
    cols = (*(name for name, _ in kept), "_vfrom")
    # vfrom (and vto) may be endless repeats: the rows set the length
    values: Iterable[tuple[Any, ...]] = zip(*(v for _, v in kept), vfrom, strict=False)
    if vto is not None:
        cols = (*cols, "_vto")
        values = zip(*(v for _, v in kept), vfrom, vto, strict=False)
    marks = ", ".join("?" * len(cols))
    names = ", ".join(_q(c) for c in cols)
    conn.executemany(f"INSERT INTO {_q(spec.id)} ({names}) VALUES ({marks})", values)


def _insert_version(conn: sqlite3.Connection, record: LayerVersion) -> None:
    values = [getattr(record, c) for c in _VERSION_COLUMNS]
    conn.execute(
        f"INSERT INTO {_VERSIONS} ({', '.join(_VERSION_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(values))})",
        values,
    )


def _select_document(conn: sqlite3.Connection, kind: str, key: str) -> Document | None:
    row = conn.execute(
        f"SELECT kind, key, body, revision, updated_at FROM {_DOCUMENTS} "
        "WHERE kind=? AND key=?",
        (kind, key),
    ).fetchone()
    return None if row is None else _document(row)


def _document(row: tuple[Any, ...]) -> Document:
    kind, key, body, revision, updated_at = row
    return Document(kind, key, json.loads(body), revision, updated_at)
