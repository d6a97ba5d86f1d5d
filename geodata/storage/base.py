"""The store interface every backend implements, and the value types it speaks."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

# Defined in the catalog (the display policy needs them too), re-exported here.
from geodata.catalog import EXTRA_ATTRS as EXTRA_ATTRS
from geodata.catalog import FEATURE_ID as FEATURE_ID
from geodata.query import LayerQuery

if TYPE_CHECKING:
    import pandas as pd

    import geopandas as gpd

    from geodata.view import MapView

WriteMode = Literal["append", "replace", "update"]
WRITE_MODES: tuple[str, ...] = ("append", "replace", "update")


@dataclass(frozen=True)
class CommitInfo:
    """Who and what a write records in the layer's version log."""

    author: str
    note: str = ""
    file_name: str = ""
    file_hash: str = ""
    #: Rows of the file left out of the write, and why: ``code:n;code:n``.
    skipped: int = 0
    skipped_reasons: str = ""


@dataclass(frozen=True)
class LayerVersion:
    """One entry of a layer's version log."""

    layer: str
    version: int
    created_at: str
    author: str
    mode: str
    added: int
    changed: int
    removed: int
    n_features: int
    note: str = ""
    file_name: str = ""
    file_hash: str = ""
    rolled_back_to: int | None = None
    skipped: int = 0
    skipped_reasons: str = ""


#: LayerVersion fields in the order a version log is shown to people.
HISTORY_COLUMNS: tuple[str, ...] = (
    "version",
    "created_at",
    "author",
    "mode",
    "added",
    "changed",
    "removed",
    "n_features",
    "file_name",
    "file_hash",
    "skipped",
    "note",
)


@dataclass(frozen=True)
class Document:
    """A small JSON document kept in the store (users, slide decks, settings)."""

    kind: str
    key: str
    body: Mapping[str, Any] = field(default_factory=dict)
    revision: int = 1
    updated_at: str = ""


def redact(location: str) -> str:
    """``location`` with any password removed, fit to show people or log.

    Examples
    --------
    >>> redact("postgresql://steward:s3cret@db.lan:5432/maps")
    'postgresql://steward@db.lan:5432/maps'
    >>> redact("postgresql://steward:s3cret@h1:5432,h2:5432/maps")
    'postgresql://steward@h1:5432,h2:5432/maps'
    >>> redact("/data/store.gpkg")
    '/data/store.gpkg'
    """
    if "://" not in location:
        return location
    parts = urlsplit(location)
    # The netloc is split by hand: urlsplit's host and port reject libpq's
    # several-hosts form (h1:5432,h2:5432).
    userinfo, at, hosts = parts.netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return location
    user = userinfo.partition(":")[0]
    netloc = f"{user}@{hosts}" if user else hosts
    return urlunsplit(parts._replace(netloc=netloc))


@runtime_checkable
class Store(Protocol):
    """What callers may do with a store; backends hide how they do it.

    All geometries cross this interface in EPSG:4326. Every write is one
    transaction and creates a new layer version; readers never see half a write.
    """

    #: How to reach the store again (a path or a URL); may hold a password, so it
    #: is never shown to people or used as a cache key: use ``label`` and ``key``.
    location: str
    #: The location for people: a path, or a URL without its password.
    label: str
    #: A stable, password-free identity of the store, for cache keys.
    key: str

    # layers -------------------------------------------------------------
    def is_empty(self) -> bool:
        """True when no layer holds any feature."""

    def count(self, layer_id: str, query: LayerQuery | None = None) -> int:
        """Number of current features of a layer matching ``query``."""

    def read_layer(
        self,
        layer_id: str,
        query: LayerQuery | None = None,
        *,
        version: int | None = None,
        columns: tuple[str, ...] | None = None,
    ) -> gpd.GeoDataFrame:
        """Features of a layer (current, or as they were at ``version``)."""

    def write_layer(
        self,
        layer_id: str,
        features: gpd.GeoDataFrame,
        *,
        mode: WriteMode,
        commit: CommitInfo,
        base_version: int | None = None,
    ) -> LayerVersion:
        """Write features as a new version; ``base_version`` guards lost updates.

        Raises ``ConflictError`` when ``base_version`` is given and the layer has
        moved on since.
        """

    def count_by(
        self,
        layer_id: str,
        column: str | tuple[str, ...],
        query: LayerQuery | None = None,
    ) -> dict[Any, int]:
        """Current features matching ``query`` per value of ``column`` (None: missing).

        Several columns count per combination (tuple keys), in one pass. Computed
        in the store: counts and charts of a whole filtered layer without reading
        it.
        """

    def grid_counts(
        self, layer_id: str, cell: float, query: LayerQuery | None = None
    ) -> pd.DataFrame:
        """Current features matching ``query`` per square grid cell, in the store.

        Cells are ``cell`` degrees wide, anchored at 0°; a feature falls in the cell
        of its bounding box's centre. Columns: ``ix``, ``iy`` (cell indexes,
        ``floor(x / cell)``), ``n``, and ``lon``, ``lat`` (mean centre of the cell's
        features), ordered by ``ix``, ``iy``. Features without a geometry, or with an
        empty one, are in no cell. See :func:`grid_reference`.
        """

    def current_version(self, layer_id: str) -> int:
        """The newest version number of a layer (0 before any write)."""

    def versions(self) -> dict[str, int]:
        """The newest version of every catalog layer, in one cheap query.

        Caches key on these: a dashboard asks once per rerun and sees another
        process's commit on its next rerun.
        """

    def history(self, layer_id: str) -> list[LayerVersion]:
        """The version log of a layer, oldest first."""

    def rollback(
        self, layer_id: str, to_version: int, *, commit: CommitInfo
    ) -> LayerVersion:
        """Make the layer look as it did at ``to_version``, as a new version."""

    # non-spatial --------------------------------------------------------
    def read_indicators(self) -> pd.DataFrame:
        """The headline-figure table."""

    def write_indicators(self, table: pd.DataFrame) -> None:
        """Replace the headline-figure table in one transaction."""

    def list_documents(self, kind: str) -> list[Document]:
        """All documents of a kind, ordered by key."""

    def get_document(self, kind: str, key: str) -> Document | None:
        """One document, or ``None``."""

    def put_document(
        self,
        kind: str,
        key: str,
        body: Mapping[str, Any],
        *,
        expected_revision: int | None = None,
    ) -> Document:
        """Create or replace a document; ``expected_revision`` guards lost updates."""

    def delete_document(self, kind: str, key: str) -> bool:
        """Delete a document; return whether it existed."""

    def update_document(
        self,
        kind: str,
        key: str,
        change: Callable[[Document | None], Mapping[str, Any] | None],
    ) -> Document | None:
        """Read, change and write one document as one atomic step.

        ``change`` gets the document as it is (``None`` when there is none) and
        returns the new body, or ``None`` to delete it; no other writer runs in
        between, so a counter read and raised here can never lose a count. An
        exception raised by ``change`` leaves the document as it was. Returns the
        document as written (``None`` when deleted or left absent). ``change``
        runs while the store holds its write lock: keep it quick and free of I/O.
        """

    # resources ----------------------------------------------------------
    def close(self) -> None:
        """Release connections; the store reopens them when used again."""


@runtime_checkable
class Transferable(Protocol):
    """What moving a whole store needs beyond :class:`Store` (``storage.transfer``).

    History is copied row for row, so a moved store answers every old version
    and its log as the original did.
    """

    def dump_layer(self, layer_id: str) -> gpd.GeoDataFrame:
        """Every row the layer ever had, with ``_vfrom`` and ``_vto``, in order."""

    def restore_layer(
        self, layer_id: str, dumped: gpd.GeoDataFrame, log: list[LayerVersion]
    ) -> None:
        """Load a dump and its version log into a layer that was never written."""

    def dump_documents(self) -> list[Document]:
        """Every document of every kind, ordered by kind and key."""

    def restore_documents(self, documents: list[Document]) -> None:
        """Put documents in with their revisions and times, in one transaction."""


def read_view(store: Store, view: MapView) -> dict[str, gpd.GeoDataFrame]:
    """Each layer of ``view`` (in view order) as ``store`` returns it under its filters.

    Reference layers (boundaries) come whole, as in :meth:`MapView.query`.
    """
    return {lid: store.read_layer(lid, view.query(lid)) for lid in view.layers}


GRID_COLUMNS: tuple[str, ...] = ("ix", "iy", "n", "lon", "lat")


def grid_reference(frame: gpd.GeoDataFrame, cell: float) -> pd.DataFrame:
    """What :meth:`Store.grid_counts` means, computed from a frame in memory.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame(geometry=[shapely.Point(0.5, 0.5), shapely.Point(0.7, 0.1),
    ...                                shapely.Point(-0.5, 1.5), shapely.Point()])
    >>> grid_reference(g, 1.0).to_dict("list")
    {'ix': [-1, 0], 'iy': [1, 0], 'n': [1, 2], 'lon': [-0.5, 0.6], 'lat': [1.5, 0.3]}
    """
    import numpy as np
    import pandas as pd

    box = frame.geometry.bounds
    x = ((box.minx + box.maxx) / 2).to_numpy()
    y = ((box.miny + box.maxy) / 2).to_numpy()
    keep = ~(np.isnan(x) | np.isnan(y))
    cells = pd.DataFrame(
        {
            "ix": np.floor(x[keep] / cell).astype("int64"),
            "iy": np.floor(y[keep] / cell).astype("int64"),
            "lon": x[keep],
            "lat": y[keep],
        }
    )
    grouped = cells.groupby(["ix", "iy"], sort=True)
    out = grouped.agg(n=("lon", "size"), lon=("lon", "mean"), lat=("lat", "mean"))
    return out.reset_index()[list(GRID_COLUMNS)]
