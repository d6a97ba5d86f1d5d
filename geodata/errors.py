"""Exception hierarchy; ``str(exc)`` of every class here is safe to show a user."""

from __future__ import annotations


class GeodataError(Exception):
    """Base of every error the core raises on purpose."""


class ConfigError(GeodataError):
    """A setting is missing or malformed."""


class CatalogError(GeodataError):
    """The layer catalog or a reference to it is wrong."""


class UnknownLayerError(CatalogError, KeyError):
    """A layer id is not in the catalog."""

    def __str__(self) -> str:
        # KeyError would otherwise wrap the message in quotes.
        return str(self.args[0]) if self.args else ""


class IngestError(GeodataError):
    """An uploaded file cannot be used."""


class InvalidArchiveError(IngestError):
    """An archive is corrupt, hostile, too large or holds no vector data."""


class MissingSidecarError(IngestError):
    """A shapefile lacks a required sidecar file (.shx, .dbf)."""


class MissingCRSError(IngestError):
    """Coordinates have no usable reference system and one must be chosen."""


class StorageError(GeodataError):
    """The store cannot be read or written."""


class BackendUnavailableError(StorageError):
    """A storage backend's optional dependency or server is missing."""


class ConflictError(StorageError):
    """A layer changed since the version a write was based on."""


class AuthError(GeodataError):
    """Sign-in failed or the role does not allow the action."""


class AnalysisError(GeodataError, ValueError):
    """An analysis got input it cannot work with."""
