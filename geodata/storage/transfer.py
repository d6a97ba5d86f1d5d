"""Moving a whole store between backends, history included, and proving it arrived.

``migrate(source, target)`` copies every layer row for row (every version of
every feature, with its ``_vfrom``/``_vto``), every version log, every document
with its revision and time, and the headline figures; the target is built
aside and put in place only when complete (``create_store``). Then both stores
are read back and compared: per layer the rows ever written, the current
features, the versions, and a SHA-256 digest of every row's id, attributes,
geometry (WKB) and validity; the version logs, documents and figures must be equal.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import LAYER_IDS
from geodata.config import Settings
from geodata.errors import StorageError, StoreMissingError
from geodata.storage import create_store, open_store
from geodata.storage.base import Store, Transferable


@dataclass(frozen=True)
class Tally:
    """What one side holds of one layer: rows ever, current features, versions."""

    rows: int
    current: int
    versions: int
    digest: str


@dataclass(frozen=True)
class LayerCheck:
    """One layer of both stores, compared."""

    layer: str
    source: Tally
    target: Tally
    log_equal: bool

    @property
    def ok(self) -> bool:
        """True when the target holds exactly what the source does."""
        return self.source == self.target and self.log_equal


@dataclass(frozen=True)
class Migration:
    """The outcome of :func:`migrate`: each layer checked, and the rest."""

    source: str
    target: str
    layers: tuple[LayerCheck, ...]
    documents: tuple[int, int]
    documents_equal: bool
    indicators: tuple[int, int]
    indicators_equal: bool

    @property
    def ok(self) -> bool:
        """True when every count and digest matched."""
        return (
            all(c.ok for c in self.layers)
            and self.documents_equal
            and self.indicators_equal
        )


def rows_digest(frame: gpd.GeoDataFrame) -> str:
    """SHA-256 of a dump's rows in order: every column's values, then geometry WKB.

    Values are compared as text (missing as a NUL byte), so the same data gives the
    same digest whatever backend and dtype it was read with.

    Examples
    --------
    >>> g = gpd.GeoDataFrame({"name": ["甲", None], "year": pd.array([1, None],
    ...     dtype="Int64")}, geometry=[shapely.Point(1, 2), None], crs=4326)
    >>> same = g.assign(year=[1.0, np.nan])
    >>> rows_digest(g) == rows_digest(same), rows_digest(g) == rows_digest(g.iloc[:1])
    (True, False)
    """
    h = hashlib.sha256()
    for name in sorted(c for c in frame.columns if c != frame.geometry.name):
        h.update(name.encode() + b"\x1e")
        for value in frame[name].tolist():
            h.update(_canonical(value) + b"\x1f")
    wkb = shapely.to_wkb(
        np.asarray(frame.geometry.values, dtype=object), output_dimension=2, hex=True
    )
    for value in wkb.tolist():
        h.update(b"\x00" if value is None else value.encode())
        h.update(b"\x1f")
    return h.hexdigest()


def _canonical(value: object) -> bytes:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return b"\x00"
    if isinstance(value, bool | np.bool_):
        return b"1" if value else b"0"
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value)).encode()
    return str(value).encode()


def _transferable(store: Store) -> Transferable:
    if not isinstance(store, Transferable):
        raise StorageError(code="store.not_transferable", path=store.label)
    return store


def _copy_into(source: Store):
    """The ``fill`` of ``create_store`` that copies ``source`` into a new store."""
    src = _transferable(source)

    def fill(target: Store) -> None:
        dst = _transferable(target)
        for layer_id in LAYER_IDS:
            dst.restore_layer(
                layer_id, src.dump_layer(layer_id), source.history(layer_id)
            )
        dst.restore_documents(src.dump_documents())
        target.write_indicators(source.read_indicators())

    return fill


def _holds_anything(store: Store) -> bool:
    versions = store.versions()
    return (
        any(versions.values())
        or bool(_transferable(store).dump_documents())
        or not store.read_indicators().empty
    )


def migrate(source: Settings, target: Settings) -> Migration:
    """Copy the store at ``source`` into a new store at ``target``, then verify.

    The target must not exist yet, or be empty (``db upgrade`` made its tables).

    Raises
    ------
    StorageError
        When the target holds data already, or a store refuses (see ``open_store``).
    """
    src = open_store(source)
    try:
        existing: Store | None = open_store(target)
    except StoreMissingError:
        existing = None
    if existing is not None:
        if _holds_anything(existing):
            raise StorageError(code="store.migrate_target_used", path=existing.label)
        existing.close()
    dst = create_store(target, _copy_into(src), replace=existing is not None)
    try:
        return verify(src, dst)
    finally:
        dst.close()
        src.close()


def _tally(store: Store, layer_id: str) -> Tally:
    dumped = _transferable(store).dump_layer(layer_id)
    return Tally(
        rows=len(dumped),
        current=int(dumped["_vto"].isna().sum()),
        versions=store.current_version(layer_id),
        digest=rows_digest(dumped),
    )


def verify(source: Store, target: Store) -> Migration:
    """Compare two stores layer by layer, and their documents and figures."""
    checks = []
    for layer_id in LAYER_IDS:
        same_log = source.history(layer_id) == target.history(layer_id)
        checks.append(
            LayerCheck(
                layer_id, _tally(source, layer_id), _tally(target, layer_id), same_log
            )
        )
    docs_a = _transferable(source).dump_documents()
    docs_b = _transferable(target).dump_documents()
    ind_a, ind_b = source.read_indicators(), target.read_indicators()
    return Migration(
        source=source.label,
        target=target.label,
        layers=tuple(checks),
        documents=(len(docs_a), len(docs_b)),
        documents_equal=docs_a == docs_b,
        indicators=(len(ind_a), len(ind_b)),
        indicators_equal=ind_a.astype(object).equals(ind_b.astype(object)),
    )
