"""Stores: ``open_store(settings)`` picks a backend by the location's URL scheme.

Opening has no side effects: a store that does not exist raises
:class:`~geodata.errors.StoreMissingError`, and creating one is an explicit
:func:`create_store` (seeding it from the sample is ``geodata.seeding``'s, at the
edges: the CLI and the dashboard's first start).
"""

from __future__ import annotations

from collections.abc import Callable
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
    redact,
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
    "create_store",
    "open_store",
    "redact",
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
            code="store.unknown_scheme",
            location=redact(settings.store),
            scheme=scheme,
        )
    return Path(target).expanduser()


def open_store(settings: Settings) -> Store:
    """Open the existing store named by ``settings.store``; nothing is written.

    Raises
    ------
    StoreMissingError
        When the store does not exist (``geodata.seeding.open_or_seed`` creates it).
    StoreDamagedError
        When the store is empty, cut short, damaged or not a store.
    StorageError
        When the location cannot name a store.
    """
    from geodata.storage.geopackage import GeoPackageStore

    return GeoPackageStore(_gpkg_path(settings))


def create_store(
    settings: Settings,
    fill: Callable[[Store], object] | None = None,
    *,
    replace: bool = False,
) -> Store:
    """Create the store named by ``settings.store``, filled by ``fill`` first.

    Nobody sees the new store before ``fill`` has run. An existing store is
    replaced only with ``replace``; deciding whether that loses anything is the
    caller's (see ``geodata.seeding.seed_location``).
    """
    from geodata.storage.geopackage import build_geopackage

    return build_geopackage(_gpkg_path(settings), fill, replace=replace)
