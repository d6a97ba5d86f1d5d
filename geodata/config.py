"""Settings, built once at each edge (CLI, dashboard) and passed into the core."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geodata.errors import ConfigError

_APP_NAME = "geodata-shuangyong"


def default_store_path() -> Path:
    """Return the default store file: a per-user data path outside the package."""
    from platformdirs import user_data_path

    return user_data_path(_APP_NAME) / "geodata.gpkg"


def default_cache_path(kind: str) -> Path:
    """Return a per-user cache folder for ``kind``, outside the package."""
    from platformdirs import user_cache_path

    return user_cache_path(_APP_NAME) / kind


@dataclass(frozen=True)
class Settings:
    """Runtime configuration.

    Attributes
    ----------
    store : str
        Store location: a GeoPackage path, ``gpkg:///abs/path.gpkg``, or a
        ``postgresql://`` URL of a PostGIS database. Env ``GEODATA_STORE``.
    tianditu_key : str
        Tianditu (天地图) tile key; empty hides that basemap.
        Env ``GEODATA_TIANDITU_KEY``.
    default_lang : str
        ``zh`` or ``en``. Env ``GEODATA_LANG``.
    max_upload_mb : int
        Largest upload a steward may send, in MB. Env ``GEODATA_MAX_UPLOAD_MB``.
    map_review_no : str
        The map review number (审图号) printed on every map, slide, offline HTML
        and handout page; empty prints the "schematic map" note instead.
        Env ``GEODATA_MAP_REVIEW_NO``.
    session_hours : float
        How long a sign-in lasts after its last use. Env ``GEODATA_SESSION_HOURS``.
    """

    store: str
    tianditu_key: str = ""
    default_lang: str = "zh"
    max_upload_mb: int = 200
    map_review_no: str = ""
    session_hours: float = 8.0

    def __post_init__(self) -> None:
        if self.default_lang not in ("zh", "en"):
            raise ConfigError(code="config.lang", value=self.default_lang)
        if self.max_upload_mb <= 0:
            raise ConfigError(code="config.upload_mb", value=self.max_upload_mb)
        if not 0 < self.session_hours <= 24 * 30:
            raise ConfigError(code="config.session_hours", value=self.session_hours)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``GEODATA_*`` environment variables."""
        env = os.environ if environ is None else environ
        raw_mb = env.get("GEODATA_MAX_UPLOAD_MB", "200")
        try:
            max_mb = int(raw_mb)
        except ValueError:
            raise ConfigError(code="config.upload_mb", value=raw_mb) from None
        raw_hours = env.get("GEODATA_SESSION_HOURS", "8")
        try:
            hours = float(raw_hours)
        except ValueError:
            raise ConfigError(code="config.session_hours", value=raw_hours) from None
        return cls(
            store=env.get("GEODATA_STORE") or str(default_store_path()),
            tianditu_key=env.get("GEODATA_TIANDITU_KEY", ""),
            default_lang=env.get("GEODATA_LANG", "zh"),
            max_upload_mb=max_mb,
            map_review_no=env.get("GEODATA_MAP_REVIEW_NO", "").strip(),
            session_hours=hours,
        )


#: Environment variable of each settings field (kept beside the dataclass so the
#: README test can check every one is documented).
ENV_VARS: dict[str, str] = {
    "store": "GEODATA_STORE",
    "tianditu_key": "GEODATA_TIANDITU_KEY",
    "default_lang": "GEODATA_LANG",
    "max_upload_mb": "GEODATA_MAX_UPLOAD_MB",
    "map_review_no": "GEODATA_MAP_REVIEW_NO",
    "session_hours": "GEODATA_SESSION_HOURS",
}
