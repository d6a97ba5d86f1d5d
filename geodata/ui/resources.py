"""Process-wide resources for the dashboard: settings and the store."""

from __future__ import annotations

import streamlit as st

from geodata.config import Settings
from geodata.present.decks import ensure_default_deck
from geodata.storage import Store, open_store


def get_settings() -> Settings:
    """Settings from the environment (read per call: cheap, and tests change env)."""
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _store(settings: Settings) -> Store:
    store = open_store(settings)
    ensure_default_deck(store)  # the dashboard's first start on this store
    return store


def get_store() -> Store:
    """The store for the configured location, opened (and seeded) once per process."""
    return _store(get_settings())
