"""What every backend does the same: rows in, frames out, and the version record.

A backend turns an incoming frame into :class:`Rows` with :func:`prepare_rows`,
builds the frames it returns with :func:`typed_frame` (from Python values) or
:func:`arrow_frame` (from an Arrow table, column by column), checks a write with the
``check_*`` functions, and records it with :func:`count_changes` and
:func:`version_record`. Only the SQL and the geometry encoding are its own, so the
GeoPackage and PostGIS backends cannot drift apart on what a write means.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Collection, Set
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

import geopandas as gpd
import shapely

from geodata.catalog import LayerSpec
from geodata.errors import ConflictError, StorageError
from geodata.storage.base import (
    EXTRA_ATTRS,
    FEATURE_ID,
    GRID_COLUMNS,
    WRITE_MODES,
    CommitInfo,
    LayerVersion,
)

#: pandas dtype of each catalog dtype in frames a store returns (nullable, so a
#: missing year stays missing instead of turning the column into floats).
_READ_DTYPES = {"int": "Int64", "float": "float64", "bool": "boolean", "str": object}
_CASTS = {"int": int, "float": float, "bool": lambda v: int(bool(v)), "str": str}


@dataclass(frozen=True)
class Rows:
    """An incoming frame ready to insert, column by column.

    Columns, not rows: a backend zips them lazily in C, so no per-row Python tuple
    is built twice. ``fields`` holds one list per catalog field in catalog order;
    ``bounds`` is ``(minx, maxx, miny, maxy)``, ``None`` for empty geometries.
    """

    ids: list[str]
    geometries: np.ndarray
    fields: tuple[list[Any], ...]
    extras: list[str | None]
    bounds: tuple[list[float | None], ...]

    def __len__(self) -> int:
        return len(self.ids)


def prepare_rows(
    spec: LayerSpec, features: gpd.GeoDataFrame, *, history: bool = False
) -> Rows:
    """Reproject to EPSG:4326, mint missing ids, cast fields and pack extras.

    ``history`` takes every version of a layer (a dump being restored), where an
    id repeats once per version it changed in.

    Raises
    ------
    StorageError
        When incoming ``feature_id`` values repeat.
    ValueError
        When a value cannot be cast to its field's type (ingest checks first).

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> frame = gpd.GeoDataFrame({"name": ["甲"], "year": [2020.0], "校长": ["张"]},
    ...                          geometry=[shapely.Point(122, 43)], crs=4326)
    >>> rows = prepare_rows(get_layer("youth_schools"), frame)
    >>> len(rows.ids[0]), rows.fields[4], rows.extras, rows.bounds[0]
    (32, [2020], ['{"校长": "张"}'], [122.0])
    """
    if features.crs is not None and features.crs.to_epsg() != 4326:
        features = features.to_crs(4326)
    n = len(features)
    ids = _feature_ids(features)
    if not history and len(set(ids)) != n:
        raise StorageError(code="store.ids_repeat", column=FEATURE_ID)
    geoms = np.asarray(features.geometry.values, dtype=object)
    box = shapely.bounds(geoms)
    bounds = tuple(
        np.where(np.isnan(box[:, i]), None, box[:, i]).tolist()
        for i in (0, 2, 1, 3)  # shapely gives minx, miny, maxx, maxy
    )
    return Rows(
        ids=ids,
        geometries=geoms,
        fields=tuple(_field_values(features, f.name, f.dtype, n) for f in spec.fields),
        extras=_extras(spec, features),
        bounds=bounds,
    )


def typed_frame(
    spec: LayerSpec, frame: pd.DataFrame, geometry: np.ndarray
) -> gpd.GeoDataFrame:
    """A frame read from a backend with the catalog's dtypes, in EPSG:4326."""
    for f in spec.fields:
        if f.name in frame:
            frame[f.name] = _as(frame[f.name], _READ_DTYPES[f.dtype])
    for name in (FEATURE_ID, EXTRA_ATTRS):
        if name in frame:
            frame[name] = _as(frame[name], object)
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)


def arrow_frame(
    spec: LayerSpec, table: pa.Table, columns: tuple[str, ...], geometry: str
) -> gpd.GeoDataFrame:
    """A frame from an Arrow table of stored columns and WKB ``geometry``.

    Text in pandas' string dtype (missing: NA), integers as ``Int64``, booleans
    as ``boolean``, as :func:`typed_frame` gives; every conversion runs over whole
    columns, none per value.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> t = pa.table({"feature_id": ["a", "b"], "year": [2020, None],
    ...               "illustrative": [1, None],
    ...               "geom": [shapely.Point(1, 2).wkb, None]})
    >>> f = arrow_frame(get_layer("signage"), t, ("feature_id", "year",
    ...                 "illustrative"), "geom")
    >>> f["year"].tolist(), f["illustrative"].tolist(), f.geometry.iloc[1]
    ([2020, <NA>], [True, <NA>], None)
    """
    dtypes = {f.name: f.dtype for f in spec.fields}
    data = {c: _arrow_column(table.column(c), dtypes.get(c, "str")) for c in columns}
    wkb = table.column(geometry).combine_chunks()
    if isinstance(wkb.type, pa.ExtensionType):
        wkb = wkb.storage
    geoms = shapely.from_wkb(wkb.to_numpy(zero_copy_only=False))
    return gpd.GeoDataFrame(pd.DataFrame(data), geometry=geoms, crs=4326)


def _arrow_column(column: pa.ChunkedArray, dtype: str) -> Any:
    values = column.combine_chunks()
    if dtype == "str":
        if not pa.types.is_string(values.type) and not pa.types.is_large_string(
            values.type
        ):
            values = values.cast(pa.string())
        # pandas' own string column, as pyogrio and read_csv give: no per-value work
        return values.to_pandas()
    if dtype == "float":
        return values.cast(pa.float64()).to_numpy(zero_copy_only=False)
    missing = values.is_null().to_numpy(zero_copy_only=False)
    ints = values.cast(pa.int64()).fill_null(0).to_numpy(zero_copy_only=False)
    if dtype == "bool":
        return pd.arrays.BooleanArray(ints != 0, missing)
    return pd.arrays.IntegerArray(ints, missing)


def _as(values: pd.Series, dtype: Any) -> pd.Series:
    """``values`` as ``dtype``; text as objects, ``None`` where missing."""
    if dtype is not object:
        return values.astype(dtype)
    out = values.astype(object)
    return out.where(out.notna(), None) if out.hasnans else out


def typed_counts(
    spec: LayerSpec, columns: tuple[str, ...], found: list[tuple[Any, ...]]
) -> dict[Any, int]:
    """``{value: count}`` from a backend's GROUP BY, typed as the catalog says.

    One column gives plain values as keys, several give tuples of values.
    """
    dtypes = {f.name: f.dtype for f in spec.fields}
    casts = [
        {"int": int, "float": float, "bool": bool}.get(dtypes.get(c, "str"))
        for c in columns
    ]

    def typed(values: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            None if v is None else cast(v) if cast else v
            for v, cast in zip(values, casts, strict=True)
        )

    out = {typed(r[:-1]): int(r[-1]) for r in found}
    return {k[0]: n for k, n in out.items()} if len(columns) == 1 else out


def grid_frame(found: list[tuple[Any, ...]]) -> pd.DataFrame:
    """A backend's grid rows ``(ix, iy, n, lon, lat)`` as ``grid_reference`` has."""
    frame = pd.DataFrame(found, columns=list(GRID_COLUMNS))
    return frame.astype(
        {"ix": "int64", "iy": "int64", "n": "int64", "lon": "float64", "lat": "float64"}
    )


def check_columns(spec: LayerSpec, columns: tuple[str, ...] | None) -> tuple[str, ...]:
    """The columns a read returns: ``feature_id`` first, then those asked for.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> check_columns(get_layer("signage"), ("name",))
    ('feature_id', 'name')
    """
    every = (FEATURE_ID, *spec.field_names, EXTRA_ATTRS)
    if columns is None:
        return every
    unknown = [c for c in columns if c not in every]
    if unknown:
        raise StorageError(
            code="store.no_column",
            layer=spec.id,
            column=unknown[0],
            columns=", ".join(every),
        )
    return (FEATURE_ID, *[c for c in columns if c != FEATURE_ID])


def check_mode(mode: str) -> None:
    """Refuse a write mode other than append, replace or update."""
    if mode not in WRITE_MODES:
        raise StorageError(code="store.bad_mode", mode=mode)


def next_version(layer_id: str, current: int, base: int | None) -> int:
    """The version a write creates; ``ConflictError`` when ``base`` is stale."""
    if base is not None and base != current:
        raise ConflictError(
            code="store.conflict.layer", layer=layer_id, current=current, base=base
        )
    return current + 1


def check_append(layer_id: str, old_ids: Set[str], ids: Collection[str]) -> None:
    """Refuse an append that brings ids the layer already has (that is an update)."""
    clash = old_ids & set(ids)
    if clash:
        raise StorageError(
            code="store.ids_exist",
            layer=layer_id,
            n=len(clash),
            example=sorted(clash)[0],
        )


def check_rollback(layer_id: str, current: int, to_version: int) -> None:
    """Refuse a rollback to a version the layer's history does not hold."""
    if current == 0:
        raise StorageError(code="store.rollback_empty", layer=layer_id)
    if not 1 <= to_version <= current:
        raise StorageError(
            code="store.rollback_range", layer=layer_id, current=current, to=to_version
        )


def indicator_records(table: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """The indicator columns and the rows to insert (``None`` for missing values)."""
    from geodata.catalog import INDICATOR_COLUMNS

    names = [c.name for c in INDICATOR_COLUMNS]
    missing = [n for n in names if n not in table.columns]
    if missing:
        raise StorageError(code="store.indicator_columns", missing=", ".join(missing))
    return names, table[names].astype(object).where(table[names].notna(), None)


def document_text(body: Any) -> str:
    """A document body as the stores keep it: JSON, keys sorted, text unescaped."""
    return json.dumps(dict(body), ensure_ascii=False, sort_keys=True)


def check_revision(kind: str, key: str, current: int, expected: int | None) -> None:
    """Refuse a document write based on a revision someone else replaced."""
    if expected is not None and expected != current:
        raise ConflictError(
            code="store.conflict.document",
            kind=kind,
            document=key,
            current=current,
            expected=expected,
        )


def version_log(
    columns: tuple[str, ...], found: list[tuple[Any, ...]]
) -> list[LayerVersion]:
    """Version-log rows (in ``columns`` order) as :class:`LayerVersion` values."""
    return [LayerVersion(**dict(zip(columns, r, strict=True))) for r in found]


def check_restore(layer_id: str, current: int) -> None:
    """Refuse to restore a dumped layer over one that has versions of its own."""
    if current:
        raise StorageError(
            code="store.restore_not_empty", layer=layer_id, current=current
        )


@dataclass(frozen=True)
class Changes:
    """What a write does to a layer: features added, changed, removed, and after."""

    added: int
    changed: int
    removed: int
    n_features: int


def count_changes(
    old_ids: Set[str], new_ids: Collection[str | None], mode: str
) -> Changes:
    """Count what writing ``new_ids`` over the current ``old_ids`` in ``mode`` does.

    ``None`` in ``new_ids`` stands for a feature that has no id yet (one is minted
    on write): it is always added. ``"rollback"`` counts like ``"replace"``: the
    restored version replaces the current one. Ingest previews a commit with this
    and the backends record it, so the report and the history agree.

    Examples
    --------
    >>> count_changes({"a", "b"}, ["b", "c", None], "update")
    Changes(added=2, changed=1, removed=0, n_features=4)
    >>> count_changes({"a", "b"}, ["b", "c", None], "replace")
    Changes(added=2, changed=1, removed=1, n_features=3)
    >>> count_changes({"a"}, ["x", None], "append")
    Changes(added=2, changed=0, removed=0, n_features=3)
    """
    if mode == "append":
        return Changes(len(new_ids), 0, 0, len(old_ids) + len(new_ids))
    named = {i for i in new_ids if i is not None}
    unnamed = sum(1 for i in new_ids if i is None)
    changed = len(named & old_ids)
    added = len(named - old_ids) + unnamed
    if mode == "update":
        return Changes(added, changed, 0, len(old_ids) + added)
    if mode in ("replace", "rollback"):
        return Changes(added, changed, len(old_ids - named), len(named) + unnamed)
    raise StorageError(code="store.bad_mode", mode=mode)


def version_record(
    layer_id: str,
    version: int,
    mode: str,
    changes: Changes,
    commit: CommitInfo,
    *,
    rolled_back_to: int | None = None,
) -> LayerVersion:
    """The version-log entry of a write, stamped now (UTC, to the second)."""
    note = commit.note
    if rolled_back_to is not None and not note:
        note = f"rollback to {rolled_back_to}"
    return LayerVersion(
        layer=layer_id,
        version=version,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        author=commit.author,
        mode=mode,
        added=changes.added,
        changed=changes.changed,
        removed=changes.removed,
        n_features=changes.n_features,
        note=note,
        file_name=commit.file_name,
        file_hash=commit.file_hash,
        rolled_back_to=rolled_back_to,
        skipped=commit.skipped,
        skipped_reasons=commit.skipped_reasons,
    )


#: Crash tests set ``GEODATA_TEST_PAUSE=<stage>:<marker path>``: the writer creates
#: the marker and sleeps inside its open transaction so a test can kill it there.
_PAUSE_ENV = "GEODATA_TEST_PAUSE"


def pause_for_tests(stage: str) -> None:
    """Hold a write mid-transaction when a crash test asks (see ``_PAUSE_ENV``)."""
    wanted = os.environ.get(_PAUSE_ENV, "")
    if not wanted.startswith(stage + ":"):
        return
    Path(wanted.partition(":")[2]).write_text(str(os.getpid()))
    time.sleep(600)


def new_ids(n: int) -> list[str]:
    """``n`` random 128-bit hex ids (uuid4 one by one is 6 µs each)."""
    # One hex string sliced: an "S16" array would drop trailing zero bytes.
    text = os.urandom(16 * n).hex()
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


def _feature_ids(features: pd.DataFrame) -> list[str]:
    if FEATURE_ID not in features:
        return new_ids(len(features))
    values = features[FEATURE_ID].tolist()
    fresh = iter(new_ids(len(values)))
    return [
        next(fresh) if v is None or v is pd.NA or v != v else str(v) for v in values
    ]


def _field_values(frame: pd.DataFrame, name: str, dtype: str, n: int) -> list[Any]:
    if name not in frame:
        return [None] * n
    series = frame[name]
    present = series.notna()
    if not present.any():  # a field the file does not have: no per-value work
        return [None] * n
    values = series.astype(object).where(present, None).tolist()
    cast = _CASTS[dtype]
    return [None if v is None else cast(v) for v in values]


def _missing(value: Any) -> bool:
    """None, NaN or NA (a list or dict from a file is a value, not missing)."""
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and value != value


def _extras(spec: LayerSpec, frame: gpd.GeoDataFrame) -> list[str | None]:
    """Columns the catalog has no field for, kept as one JSON object per row."""
    known = {FEATURE_ID, EXTRA_ATTRS, *spec.field_names, frame.geometry.name}
    extra_cols = [c for c in frame.columns if c not in known]
    base = (
        [v if isinstance(v, str) and v else None for v in frame[EXTRA_ATTRS].tolist()]
        if EXTRA_ATTRS in frame
        else [None] * len(frame)
    )
    if not extra_cols:
        return base
    out: list[str | None] = []
    for prior, values in zip(
        base, frame[extra_cols].itertuples(index=False), strict=True
    ):
        merged = json.loads(prior) if prior else {}
        for col, value in zip(extra_cols, values, strict=True):
            if not _missing(value):
                merged[str(col)] = (
                    value.item() if isinstance(value, np.generic) else value
                )
        out.append(
            json.dumps(merged, ensure_ascii=False, default=str) if merged else None
        )
    return out
