"""Seeding at the edges: create a missing store from the bundled sample data.

Opening a store never seeds it (``geodata.storage.open_store`` has no side
effects); the CLI (:func:`open_or_seed`, ``geodata seed``) and the dashboard's
first start call these instead. The sample is built by ``python -m
geodata.sample.build``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

import geopandas as gpd

from geodata.catalog import LAYER_IDS, SAMPLE_DIR, get_layer
from geodata.config import Settings
from geodata.errors import StorageError, StoreMissingError
from geodata.storage import CommitInfo, Store, create_store, open_store

SAMPLE_AUTHOR = "sample"


def load_sample_layer(layer_id: str, sample_dir: Path = SAMPLE_DIR) -> gpd.GeoDataFrame:
    """Read the bundled sample of one layer (EPSG:4326, catalog fields only)."""
    spec = get_layer(layer_id)
    path = sample_dir / f"{spec.id}.geojson"
    if not path.exists():
        raise StorageError(code="store.sample_missing", path=str(path))
    frame = gpd.read_file(path)
    return frame.set_crs(4326, allow_override=True)


def load_sample_indicators(sample_dir: Path = SAMPLE_DIR) -> pd.DataFrame:
    """Read the bundled headline-figure table."""
    return pd.read_csv(
        sample_dir / "indicators.csv", dtype={"id": str, "period": str, "value": float}
    )


def seed_store(store: Store, sample_dir: Path = SAMPLE_DIR) -> Store:
    """Write every sample layer and the indicators into ``store``; return it."""
    commit = CommitInfo(
        author=SAMPLE_AUTHOR,
        note="bundled sample data",
        file_name="geodata/data/sample",
    )
    for layer_id in LAYER_IDS:
        store.write_layer(
            layer_id,
            load_sample_layer(layer_id, sample_dir),
            mode="replace",
            commit=commit,
        )
    store.write_indicators(load_sample_indicators(sample_dir))
    from geodata.present.decks import ensure_default_deck  # the deck frames the sample

    ensure_default_deck(store)
    return store


@dataclass(frozen=True)
class Holdings:
    """What a store holds beyond the bundled sample: what re-seeding would delete."""

    accounts: int = 0
    decks: int = 0
    versions: int = 0
    layers: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when re-seeding loses nothing."""
        return not (self.accounts or self.decks or self.versions)


def holdings(store: Store) -> Holdings:
    """Count what ``store`` holds that the sample does not bring."""
    from geodata.auth import USER_KIND
    from geodata.present.decks import DECK_KIND, DEFAULT_DECK

    decks = [
        d
        for d in store.list_documents(DECK_KIND)
        if d.key != DEFAULT_DECK or d.revision > 1
    ]
    versions = {
        layer_id: sum(1 for v in store.history(layer_id) if v.author != SAMPLE_AUTHOR)
        for layer_id in LAYER_IDS
    }
    return Holdings(
        accounts=len(store.list_documents(USER_KIND)),
        decks=len(decks),
        versions=sum(versions.values()),
        layers=tuple(layer_id for layer_id, n in versions.items() if n),
    )


def open_or_seed(settings: Settings) -> Store:
    """Open the store, creating it from the sample when it does not exist yet.

    For the CLI and the dashboard's first start. An existing file is opened as it
    is: an empty, damaged or foreign file is reported
    (:class:`~geodata.errors.StoreDamagedError`), never rebuilt.
    """
    try:
        return open_store(settings)
    except StoreMissingError:
        return create_store(settings, seed_store)


def seed_location(settings: Settings, *, force: bool = False) -> Store:
    """(Re)create the store from the bundled sample.

    A store holding accounts, edited decks or layer versions beyond the sample's is
    replaced only with ``force``; without it the error counts what would be lost.
    """
    try:
        existing: Store | None = open_store(settings)
    except StoreMissingError:
        existing = None
    # A file that is not a readable store raised above and is never replaced, even
    # with force: it may be someone's data under the wrong name.
    if existing is not None and not force:
        held = holdings(existing)
        if not held.is_empty:
            raise StorageError(
                code="store.seed_refused",
                path=existing.label,
                accounts=held.accounts,
                decks=held.decks,
                versions=held.versions,
            )
    return create_store(settings, seed_store, replace=True)
