"""Exception hierarchy; every error carries a code and parameters, rendered at the edge.

A core function raises ``StorageError(code="store.locked", path=..., layer=...)``;
the page or the CLI shows ``exc.render(lang)``, the text of ``error.<code>`` from the
i18n tables in the user's language. ``str(exc)`` is the English text (for logs and
tests). A class's ``code`` is its default, used when a raise names none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

#: Set by :mod:`geodata.i18n` when it loads (errors sit below it and cannot import
#: it): ``(code, params, lang, fallback) -> text``.
_renderer: Callable[[str, Mapping[str, Any], str, str], str] | None = None


def set_renderer(renderer: Callable[[str, Mapping[str, Any], str, str], str]) -> None:
    """Install the function that turns a code and parameters into text."""
    global _renderer
    _renderer = renderer


class GeodataError(Exception):
    """Base of every error the core raises on purpose."""

    code: ClassVar[str] = "geodata"

    def __init__(self, message: str = "", *, code: str | None = None, **params: Any):
        self.code = code or type(self).code
        self.params = params
        # A message given in code is only a fallback for codes without a text.
        self._fallback = message
        super().__init__(message or self.code)

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` from the i18n tables (``error.<code>``)."""
        if self.code == type(self).code and self._fallback and not self.params:
            return self._fallback  # raised with a message only, no code of its own
        if _renderer is None:
            return self._fallback or f"{self.code} {dict(self.params)}"
        return _renderer(self.code, self.params, lang, self._fallback)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.params!r})"


class ConfigError(GeodataError):
    """A setting is missing or malformed."""

    code = "config"


class CatalogError(GeodataError):
    """The layer catalog or a reference to it is wrong."""

    code = "catalog"


class UnknownLayerError(CatalogError, KeyError):
    """A layer id is not in the catalog."""

    code = "catalog.unknown_layer"


class IngestError(GeodataError):
    """An uploaded file cannot be used."""

    code = "ingest"


class InvalidArchiveError(IngestError):
    """An archive is corrupt, hostile, too large or holds no vector data."""

    code = "ingest.archive"


class MissingSidecarError(IngestError):
    """A shapefile lacks a required sidecar file (.shx, .dbf)."""

    code = "ingest.sidecar"


class MissingCRSError(IngestError):
    """Coordinates have no usable reference system and one must be chosen."""

    code = "ingest.crs_missing"


class StorageError(GeodataError):
    """The store cannot be read or written."""

    code = "store"


class BackendUnavailableError(StorageError):
    """A storage backend's optional dependency or server is missing."""

    code = "store.backend_unavailable"


class StoreMissingError(StorageError):
    """The store does not exist yet; seeding it is the caller's choice."""

    code = "store.missing"


class StoreLockedError(StorageError):
    """Another writer holds the store's write lock."""

    code = "store.locked"


class StoreFullError(StorageError):
    """The disk (or quota) holding the store has no room for the write."""

    code = "store.full"


class StoreReadOnlyError(StorageError):
    """The store can be read but not written."""

    code = "store.read_only"


class StoreDamagedError(StorageError):
    """The store file is empty, cut short, damaged or not a store at all."""

    code = "store.damaged"


class ConflictError(StorageError):
    """A layer or document changed since the version a write was based on."""

    code = "store.conflict"


class AuthError(GeodataError):
    """Sign-in failed or the role does not allow the action."""

    code = "auth"


class BannerScopeError(AuthError):
    """A banner-limited account's change touches another banner's features."""

    code = "auth.outside_banners"


class AnalysisError(GeodataError, ValueError):
    """An analysis got input it cannot work with."""

    code = "analysis"
