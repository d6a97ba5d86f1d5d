"""Process-wide resources for the dashboard: settings and the store."""

from __future__ import annotations

import streamlit as st

from geodata.config import Settings
from geodata.present.decks import ensure_default_deck
from geodata.seeding import open_or_seed
from geodata.storage import Store


def get_settings() -> Settings:
    """Settings from the environment (read per call: cheap, and tests change env)."""
    return Settings.from_env()


@st.cache_resource(show_spinner=False)
def _store(settings: Settings) -> Store:
    store = open_or_seed(settings)  # the dashboard's first start seeds a new store
    ensure_default_deck(store)
    return store


def get_store() -> Store:
    """The store for the configured location, opened (or seeded) once per process."""
    return _store(get_settings())
