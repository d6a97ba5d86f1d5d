"""Stores: ``open_store(settings)`` picks a backend by the location's URL scheme."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from geodata.config import Settings
from geodata.errors import BackendUnavailableError, StorageError, StoreMissingError
from geodata.storage.base import (
    EXTRA_ATTRS,
    FEATURE_ID,
    WRITE_MODES,
    CommitInfo,
    Document,
    LayerQuery,
    LayerVersion,
    Store,
    WriteMode,
)
from geodata.storage.rows import Changes, count_changes

__all__ = [
    "EXTRA_ATTRS",
    "FEATURE_ID",
    "WRITE_MODES",
    "Changes",
    "CommitInfo",
    "Document",
    "LayerQuery",
    "LayerVersion",
    "Store",
    "WriteMode",
    "count_changes",
    "open_store",
    "seed_location",
]

_POSTGIS_SCHEMES = ("postgresql", "postgres", "postgis")


def _parse(location: str) -> tuple[str, str]:
    """Split a store location into (scheme, target); a bare path is a GeoPackage."""
    if "://" not in location:
        return "gpkg", location
    scheme, _, rest = location.partition("://")
    return scheme.lower(), rest


def _gpkg_path(settings: Settings) -> Path:
    scheme, target = _parse(settings.store)
    if scheme in _POSTGIS_SCHEMES:
        raise BackendUnavailableError(code="store.postgis_unavailable")
    if scheme != "gpkg":
        raise StorageError(
            code="store.unknown_scheme", location=settings.store, scheme=scheme
        )
    return Path(target).expanduser()


def open_store(settings: Settings, *, create: bool = True) -> Store:
    """Open the store named by ``settings.store``.

    An embedded GeoPackage that does not exist yet is created and seeded from the
    bundled sample data when ``create`` is true.
    """
    from geodata.storage.geopackage import GeoPackageStore

    path = _gpkg_path(settings)
    if not path.exists():
        if not create:
            raise StoreMissingError(code="store.missing", path=str(path))
        _build_geopackage(path)
    return GeoPackageStore(path)


def seed_location(settings: Settings, *, force: bool = False) -> Store:
    """(Re)create the store from the bundled sample.

    A store holding accounts, edited decks or layer versions beyond the sample's is
    replaced only with ``force``; without it the error counts what would be lost.
    """
    from geodata.seeding import holdings

    path = _gpkg_path(settings)
    # A file that is not a readable store is never replaced, even with force:
    # it may be someone's data under the wrong name.
    held = holdings(open_store(settings, create=False)) if path.exists() else None
    if held is not None and not force and not held.is_empty:
        raise StorageError(
            code="store.seed_refused",
            path=str(path),
            accounts=held.accounts,
            decks=held.decks,
            versions=held.versions,
        )
    _build_geopackage(path)
    return open_store(settings, create=False)


def _build_geopackage(path: Path) -> None:
    """Create and seed a store beside ``path``, then move it into place atomically."""
    from geodata.seeding import seed_store
    from geodata.storage.geopackage import GeoPackageStore

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.stem}.{uuid.uuid4().hex}.tmp.gpkg")
    try:
        seed_store(GeoPackageStore.create(tmp))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
