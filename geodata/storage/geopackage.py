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
import time
from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import INDICATOR_COLUMNS, LAYERS, LayerSpec, get_layer
from geodata.errors import ConflictError, StorageError
from geodata.storage import gpkg_codec
from geodata.storage.base import (
    EXTRA_ATTRS,
    FEATURE_ID,
    CommitInfo,
    Document,
    LayerQuery,
    LayerVersion,
    WriteMode,
)

_GEOM = "geom"
_BOUNDS = ("_minx", "_maxx", "_miny", "_maxy")
_SQL_TYPES = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER"}
_VERSIONS = "geodata_layer_versions"
_DOCUMENTS = "geodata_documents"
_INDICATORS = "geodata_indicators"
_VERSION_COLUMNS = tuple(f.name for f in dataclasses.fields(LayerVersion))


#: Crash tests set ``GEODATA_TEST_PAUSE=<stage>:<marker path>``: the writer creates
#: the marker and sleeps inside its open transaction so a test can kill it there.
_PAUSE_ENV = "GEODATA_TEST_PAUSE"


def _pause_for_tests(stage: str) -> None:
    """Hold a write mid-transaction when a crash test asks (see ``_PAUSE_ENV``)."""
    wanted = os.environ.get(_PAUSE_ENV, "")
    if not wanted.startswith(stage + ":"):
        return
    Path(wanted.partition(":")[2]).write_text(str(os.getpid()))
    time.sleep(600)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _q(name: str) -> str:
    """Quote an identifier; names come from the catalog, never from users."""
    return '"' + name.replace('"', '""') + '"'


def _translate(exc: sqlite3.Error, path: Path) -> StorageError:
    """A SQLite error as a :class:`StorageError` a steward can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            f"Another user is saving to the store {path}; try again in a moment"
        )
    if "not a database" in text or "malformed" in text:
        return StorageError(
            f"{path} is not a GeoPackage store or is damaged; restore it from a "
            "backup, or point GEODATA_STORE at another file"
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(
            f"The store {path} is read-only; ask for write access or copy it"
        )
    if "full" in text:
        return StorageError(f"The disk holding the store {path} is full; free space")
    return StorageError(f"The store {path} cannot be used: {exc}")


class GeoPackageStore:
    """A :class:`~geodata.storage.base.Store` kept in one GeoPackage file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        if not self.path.exists():
            raise StorageError(
                f"Store file {self.path} does not exist; run `python -m geodata seed` "
                "to create it"
            )
        self._ensure_schema()

    @classmethod
    def create(cls, path: str | Path) -> GeoPackageStore:
        """Create an empty store file at ``path`` with every catalog layer."""
        path = Path(path)
        if path.exists():
            raise StorageError(f"Cannot create store {path}: the file exists")
        for spec in LAYERS:
            create_layer_table(path, spec)
        return cls(path)

    # --- connection and schema ------------------------------------------
    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StorageError(f"Cannot open store {self.path}: {exc}") from exc
        try:
            # QGIS or GDAL may add an R-tree to a layer later; its triggers call these.
            gpkg_codec.register_functions(conn)
            conn.execute("PRAGMA cache_size=-262144")
            yield conn
        except sqlite3.Error as exc:
            raise _translate(exc, self.path) from exc
        finally:
            conn.close()

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            # IMMEDIATE takes the write lock up front, so the version check and the
            # write that depends on it cannot interleave with another writer.
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                # SQLite may have rolled back already (a full disk does): a second
                # ROLLBACK would raise and hide the real cause
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def _ensure_schema(self) -> None:
        missing = [spec for spec in LAYERS if not self._has_table(spec.id)]
        for spec in missing:
            create_layer_table(self.path, spec)
        with self._connect() as conn:
            conn.executescript(_META_SCHEMA)
            _add_version_columns(conn)

    def _has_table(self, name: str) -> bool:
        with self._connect() as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)
            ).fetchone()
        return row is not None

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
        """Features of a layer as a GeoDataFrame in EPSG:4326."""
        spec = get_layer(layer_id)
        wanted = _columns(spec, columns)
        where, params = _where(spec, query, version)
        select = ", ".join(_q(c) for c in (*wanted, _GEOM))
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {select} FROM {_q(spec.id)} WHERE {where} ORDER BY fid", params
            ).fetchall()
        return _to_frame(spec, wanted, rows)

    def current_version(self, layer_id: str) -> int:
        """The newest version number of a layer (0 before any write)."""
        get_layer(layer_id)
        with self._connect() as conn:
            return _current_version(conn, layer_id)

    def history(self, layer_id: str) -> list[LayerVersion]:
        """The version log of a layer, oldest first."""
        get_layer(layer_id)
        cols = ", ".join(_VERSION_COLUMNS)
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT {cols} FROM {_VERSIONS} WHERE layer=? ORDER BY version",
                (layer_id,),
            ).fetchall()
        return [
            LayerVersion(**dict(zip(_VERSION_COLUMNS, r, strict=True))) for r in rows
        ]

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
        if mode not in ("append", "replace", "update"):
            raise StorageError(
                f"Write mode {mode!r} unknown; use append, replace or update"
            )
        columns, ids = _rows_for_insert(spec, features)
        with self._transaction() as conn:
            new = _next_version(conn, spec.id, base_version)
            old_ids = _current_ids(conn, spec.id)
            if mode == "append" and (clash := old_ids & set(ids)):
                raise StorageError(
                    f"{len(clash)} incoming feature ids already exist in {spec.id!r} "
                    f"(e.g. {sorted(clash)[0]!r}); use mode 'update' to change them"
                )
            closed = old_ids if mode == "replace" else old_ids & set(ids)
            with _bulk_triggers(conn, spec.id):
                if mode == "replace":
                    conn.execute(
                        f"UPDATE {_q(spec.id)} SET _vto=? WHERE _vto IS NULL", (new,)
                    )
                else:
                    _close_rows(conn, spec.id, closed, new)
                _insert_rows(conn, spec, columns, new)
            _pause_for_tests("write_layer")
            n_now = len(old_ids - closed) + len(ids)
            record = LayerVersion(
                layer=spec.id,
                version=new,
                created_at=_now(),
                author=commit.author,
                mode=mode,
                added=len(set(ids) - old_ids),
                changed=len(set(ids) & old_ids),
                removed=len(closed - set(ids)),
                n_features=n_now,
                note=commit.note,
                file_name=commit.file_name,
                file_hash=commit.file_hash,
                skipped=commit.skipped,
                skipped_reasons=commit.skipped_reasons,
            )
            _insert_version(conn, record)
        return record

    def rollback(
        self, layer_id: str, to_version: int, *, commit: CommitInfo
    ) -> LayerVersion:
        """Make the layer look as it did at ``to_version``, as a new version."""
        spec = get_layer(layer_id)
        table = _q(spec.id)
        with self._transaction() as conn:
            current = _current_version(conn, spec.id)
            if not 1 <= to_version <= current:
                raise StorageError(
                    f"Layer {spec.id!r} has versions 1 to {current}; "
                    f"cannot roll back to {to_version}"
                )
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
            record = LayerVersion(
                layer=spec.id,
                version=new,
                created_at=_now(),
                author=commit.author,
                mode="rollback",
                added=len(restored - old_ids),
                changed=len(restored & old_ids),
                removed=len(old_ids - restored),
                n_features=len(restored),
                note=commit.note or f"rollback to {to_version}",
                rolled_back_to=to_version,
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
        names = [c.name for c in INDICATOR_COLUMNS]
        missing = [n for n in names if n not in table.columns]
        if missing:
            raise StorageError(f"Indicator table lacks columns: {', '.join(missing)}")
        records = table[names].astype(object).where(table[names].notna(), None)
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
            row = conn.execute(
                f"SELECT kind, key, body, revision, updated_at FROM {_DOCUMENTS} "
                "WHERE kind=? AND key=?",
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
        text = json.dumps(dict(body), ensure_ascii=False, sort_keys=True)
        with self._transaction() as conn:
            row = conn.execute(
                f"SELECT revision FROM {_DOCUMENTS} WHERE kind=? AND key=?", (kind, key)
            ).fetchone()
            current = 0 if row is None else row[0]
            if expected_revision is not None and expected_revision != current:
                raise ConflictError(
                    f"{kind} {key!r} was changed by someone else (revision {current}, "
                    f"you edited revision {expected_revision}); reload and apply again"
                )
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
    """Give a store made by an earlier version the version-log columns it lacks."""
    have = {row[1] for row in conn.execute(f"PRAGMA table_info({_VERSIONS})")}
    for name, kind in _LATER_VERSION_COLUMNS.items():
        if name not in have:
            conn.execute(f"ALTER TABLE {_VERSIONS} ADD COLUMN {name} {kind}")


def create_layer_table(path: Path, spec: LayerSpec) -> None:
    """Create the empty, versioned feature table of ``spec`` through GDAL.

    GDAL writes the GeoPackage metadata, the R-tree and its triggers, so the file
    stays standard; rows are then written with plain SQLite.
    """
    import pyogrio

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
    pyogrio.write_dataframe(
        empty,
        path,
        layer=spec.id,
        driver="GPKG",
        geometry_type="Unknown",
        GEOMETRY_NAME=_GEOM,
        SPATIAL_INDEX="NO",
        append=path.exists() and path.stat().st_size > 0,
    )
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        # Keyed on (_vto, rowid), new rows append at the end of the NULL group, so
        # the index costs little to keep while reads skip all history rows.
        # Indexes on feature ids or coordinates doubled the insert time.
        conn.execute(
            f"CREATE INDEX IF NOT EXISTS {_q('idx_' + spec.id + '_current')} "
            f"ON {_q(spec.id)} (_vto)"
        )


def _columns(spec: LayerSpec, columns: tuple[str, ...] | None) -> tuple[str, ...]:
    every = (FEATURE_ID, *spec.field_names, EXTRA_ATTRS)
    if columns is None:
        return every
    unknown = [c for c in columns if c not in every]
    if unknown:
        raise StorageError(
            f"Layer {spec.id!r} has no column {unknown[0]!r}; "
            f"columns: {', '.join(every)}"
        )
    return (FEATURE_ID, *[c for c in columns if c != FEATURE_ID])


def _where(
    spec: LayerSpec, query: LayerQuery | None, version: int | None
) -> tuple[str, list[Any]]:
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
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if q.year_range is not None:
        clauses.append("year BETWEEN ? AND ?")
        params.extend(q.year_range)
    if q.name_contains:
        clauses.append("instr(lower(name), lower(?)) > 0")
        params.append(q.name_contains)
    if q.bbox is not None:
        lon_min, lat_min, lon_max, lat_max = q.bbox
        clauses.append("_minx <= ? AND _maxx >= ? AND _miny <= ? AND _maxy >= ?")
        params.extend([lon_max, lon_min, lat_max, lat_min])
    return " AND ".join(clauses), params


def _to_frame(
    spec: LayerSpec, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
) -> gpd.GeoDataFrame:
    blobs = [r[-1] for r in rows]
    frame = pd.DataFrame([r[:-1] for r in rows], columns=list(columns))
    dtypes = {"int": "Int64", "float": "float64", "bool": "boolean", "str": object}
    for f in spec.fields:
        if f.name in frame:
            frame[f.name] = frame[f.name].astype(dtypes[f.dtype])
    return gpd.GeoDataFrame(frame, geometry=gpkg_codec.decode(blobs), crs=4326)


def _rows_for_insert(
    spec: LayerSpec, features: gpd.GeoDataFrame
) -> tuple[list[list[Any]], list[str]]:
    """Turn a frame into insert columns (geometry, id, fields..., extras, bounds).

    Columns, not rows: ``_insert_rows`` zips them lazily in C, so no per-row
    Python tuple is built twice.
    """
    if features.crs is not None and features.crs.to_epsg() != 4326:
        features = features.to_crs(4326)
    n = len(features)
    ids = _feature_ids(features)
    if len(set(ids)) != n:
        raise StorageError(f"Incoming {FEATURE_ID} values repeat; each must be unique")
    geoms = features.geometry.values
    columns: list[list[Any]] = [gpkg_codec.encode(geoms), ids]
    for f in spec.fields:
        columns.append(_column_values(features, f.name, f.dtype, n))
    columns.append(_extras(spec, features))
    bounds = shapely.bounds(np.asarray(geoms, dtype=object))
    for i in (0, 2, 1, 3):  # shapely gives minx, miny, maxx, maxy
        column = bounds[:, i]
        columns.append(np.where(np.isnan(column), None, column).tolist())
    return columns, ids


def _new_ids(n: int) -> list[str]:
    """``n`` random 128-bit hex ids (uuid4 one by one is 6 µs each)."""
    # One hex string sliced: an "S16" array would drop trailing zero bytes.
    text = os.urandom(16 * n).hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


def _feature_ids(features: pd.DataFrame) -> list[str]:
    if FEATURE_ID not in features:
        return _new_ids(len(features))
    values = features[FEATURE_ID].tolist()
    fresh = iter(_new_ids(len(values)))
    return [
        next(fresh) if v is None or v is pd.NA or v != v else str(v) for v in values
    ]


def _column_values(frame: pd.DataFrame, name: str, dtype: str, n: int) -> list[Any]:
    if name not in frame:
        return [None] * n
    series = frame[name]
    present = series.notna()
    if not present.any():  # a field the file does not have: no per-value work
        return [None] * n
    values = series.astype(object).where(present, None).tolist()
    cast = {"int": int, "float": float, "bool": lambda v: int(bool(v)), "str": str}[
        dtype
    ]
    return [None if v is None else cast(v) for v in values]


def _extras(spec: LayerSpec, frame: pd.DataFrame) -> list[str | None]:
    known = {FEATURE_ID, EXTRA_ATTRS, *spec.field_names, frame.geometry.name}
    extra_cols = [c for c in frame.columns if c not in known]
    base = frame[EXTRA_ATTRS].tolist() if EXTRA_ATTRS in frame else [None] * len(frame)
    if not extra_cols:
        return base
    out: list[str | None] = []
    for prior, values in zip(
        base, frame[extra_cols].itertuples(index=False), strict=True
    ):
        merged = json.loads(prior) if prior else {}
        for col, value in zip(extra_cols, values, strict=True):
            if value is not None and value == value:
                merged[str(col)] = (
                    value.item() if isinstance(value, np.generic) else value
                )
        out.append(
            json.dumps(merged, ensure_ascii=False, default=str) if merged else None
        )
    return out


def _current_version(conn: sqlite3.Connection, layer_id: str) -> int:
    (v,) = conn.execute(
        f"SELECT coalesce(max(version), 0) FROM {_VERSIONS} WHERE layer=?", (layer_id,)
    ).fetchone()
    return int(v)


def _next_version(conn: sqlite3.Connection, layer_id: str, base: int | None) -> int:
    current = _current_version(conn, layer_id)
    if base is not None and base != current:
        raise ConflictError(
            f"Layer {layer_id!r} moved on to version {current} while your change was "
            f"prepared against version {base}; review the new version and apply again"
        )
    return current + 1


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
    conn: sqlite3.Connection, spec: LayerSpec, columns: list[list[Any]], version: int
) -> None:
    cols = (_GEOM, FEATURE_ID, *spec.field_names, EXTRA_ATTRS, *_BOUNDS, "_vfrom")
    marks = ", ".join("?" * len(cols))
    names = ", ".join(_q(c) for c in cols)
    conn.executemany(
        f"INSERT INTO {_q(spec.id)} ({names}) VALUES ({marks})",
        zip(*columns, itertools.repeat(version)),
    )


def _insert_version(conn: sqlite3.Connection, record: LayerVersion) -> None:
    values = [getattr(record, c) for c in _VERSION_COLUMNS]
    conn.execute(
        f"INSERT INTO {_VERSIONS} ({', '.join(_VERSION_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(values))})",
        values,
    )


def _document(row: tuple[Any, ...]) -> Document:
    kind, key, body, revision, updated_at = row
    return Document(kind, key, json.loads(body), revision, updated_at)
