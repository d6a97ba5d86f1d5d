"""Stores: ``open_store(settings)`` picks a backend by the location's URL scheme.

Opening has no side effects: a store that does not exist raises
:class:`~geodata.errors.StoreMissingError`, and creating one is an explicit
:func:`create_store` (seeding it from the sample is ``geodata.seeding``'s, at the
edges: the CLI and the dashboard's first start).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    "Upgrade",
    "WriteMode",
    "backend_of",
    "count_changes",
    "create_store",
    "open_store",
    "redact",
    "upgrade_store",
]

_POSTGIS_SCHEMES = ("postgresql", "postgres", "postgis")


def _parse(location: str) -> tuple[str, str]:
    """Split a store location into (scheme, target); a bare path is a GeoPackage."""
    if "://" not in location:
        return "gpkg", location
    scheme, _, rest = location.partition("://")
    return scheme.lower(), rest


def backend_of(location: str) -> str:
    """``"gpkg"`` or ``"postgis"``: the backend a store location names.

    Examples
    --------
    >>> backend_of("/data/store.gpkg"), backend_of("postgresql://db.lan/maps")
    ('gpkg', 'postgis')
    """
    scheme, _ = _parse(location)
    if scheme in _POSTGIS_SCHEMES:
        return "postgis"
    if scheme != "gpkg":
        raise StorageError(
            code="store.unknown_scheme", location=redact(location), scheme=scheme
        )
    return "gpkg"


def _gpkg_path(location: str) -> Path:
    return Path(_parse(location)[1]).expanduser()


def _postgis():
    """The PostGIS backend module; a missing driver is one clear error."""
    try:
        from geodata.storage import postgis
    except ImportError as exc:
        if (exc.name or "").split(".")[0] != "psycopg":
            raise
        raise BackendUnavailableError(code="store.pg_driver") from None
    return postgis


def open_store(settings: Settings) -> Store:
    """Open the existing store named by ``settings.store``; nothing is written.

    Raises
    ------
    StoreMissingError
        When the store does not exist (``geodata.seeding.open_or_seed`` creates it).
    StoreDamagedError
        When the store is empty, cut short, damaged, not a store, or (PostGIS) of
        an older schema than this release (``python -m geodata db upgrade``).
    BackendUnavailableError
        When a PostGIS store's driver is not installed or its server unreachable.
    StorageError
        When the location cannot name a store.
    """
    if backend_of(settings.store) == "postgis":
        return _postgis().PostGISStore(settings.store)
    from geodata.storage.geopackage import GeoPackageStore

    return GeoPackageStore(_gpkg_path(settings.store))


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
    if backend_of(settings.store) == "postgis":
        return _postgis().build_postgis(settings.store, fill, replace=replace)
    from geodata.storage.geopackage import build_geopackage

    return build_geopackage(_gpkg_path(settings.store), fill, replace=replace)


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade_store`` did: the schema version before (``None``: created)."""

    backend: str
    before: int | None
    after: int | None


def upgrade_store(settings: Settings) -> Upgrade:
    """Create or migrate the store's schema (``python -m geodata db upgrade``).

    A PostGIS store's tables are created and migrated here only (opening never
    changes them); a GeoPackage brings its tables up to date when opened, so it
    is only opened.
    """
    if backend_of(settings.store) == "postgis":
        from geodata.storage.pg_schema import SCHEMA_VERSION

        before = _postgis().upgrade_postgis(settings.store)
        return Upgrade("postgis", before, SCHEMA_VERSION)
    open_store(settings)
    return Upgrade("gpkg", None, None)
