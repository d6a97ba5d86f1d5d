"""Stores: ``open_store(settings)`` picks a backend by the location's URL scheme."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from geodata.config import Settings
from geodata.errors import BackendUnavailableError, StorageError
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


def open_store(settings: Settings, *, create: bool = True) -> Store:
    """Open the store named by ``settings.store``.

    An embedded GeoPackage that does not exist yet is created and seeded from the
    bundled sample data when ``create`` is true.
    """
    scheme, target = _parse(settings.store)
    if scheme == "gpkg":
        from geodata.storage.geopackage import GeoPackageStore

        path = Path(target).expanduser()
        if path.is_dir():
            raise StorageError(
                f"Store location {path} is a folder; give the store's .gpkg file"
            )
        if not path.exists():
            if not create:
                raise StorageError(f"Store file {path} does not exist")
            _build_geopackage(path)
        return GeoPackageStore(path)
    if scheme in _POSTGIS_SCHEMES:
        raise BackendUnavailableError(
            "The PostGIS backend is not available in this version; "
            "set GEODATA_STORE to a .gpkg path"
        )
    raise StorageError(
        f"Store location {settings.store!r} has unknown scheme {scheme!r}; "
        "use a .gpkg path or gpkg:///path/to/file.gpkg"
    )


def seed_location(settings: Settings, *, force: bool = False) -> Store:
    """(Re)create the store from the bundled sample.

    A store holding accounts, edited decks or layer versions beyond the sample's is
    replaced only with ``force``; without it the message lists what would be lost.
    """
    from geodata.seeding import holdings

    scheme, target = _parse(settings.store)
    if scheme != "gpkg":
        raise BackendUnavailableError(f"Seeding is not supported for {scheme!r} stores")
    path = Path(target).expanduser()
    # A file that is not a readable store is never replaced, even with force:
    # it may be someone's data under the wrong name.
    held = holdings(open_store(settings, create=False)) if path.exists() else None
    if held is not None and not force:
        if not held.is_empty:
            raise StorageError(
                f"Store {path} holds {held.describe()}; pass --force to delete "
                "them and replace the store with the sample"
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
