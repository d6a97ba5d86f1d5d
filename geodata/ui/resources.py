"""Process-wide resources for the dashboard: settings and the store."""

from __future__ import annotations

import streamlit as st

from geodata.config import Settings
from geodata.storage import Store, open_store


def get_settings() -> Settings:
    """Settings from the environment (read per call: cheap, and tests change env)."""
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _store(settings: Settings) -> Store:
    return open_store(settings)


def get_store() -> Store:
    """The store for the configured location, opened (and seeded) once per process."""
    return _store(get_settings())
