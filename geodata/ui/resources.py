"""Process-wide resources for the dashboard: settings, the store, layer versions.

And the store's answers kept on disk across restarts (:func:`kept_on_disk`).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Mapping
from typing import TypeVar

import streamlit as st

from geodata.config import Settings, default_cache_path
from geodata.mapping.answers import AnswerCache, version_stamps
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


#: The store's layer versions as this script run first asked for them.
_VERSIONS = "_geodata_layer_versions"
#: A page run without the router (Streamlit runs ``pages/x.py`` alone at ``/x``)
#: never clears the versions; they are asked again after this many seconds.
_VERSIONS_MAX_AGE_S = 2.0


def start_run() -> None:
    """Forget the layer versions of the previous run (the router calls this first).

    So each rerun asks the store once, and sees a commit another dashboard process
    made since (caches keyed by version then read the new rows).
    """
    st.session_state.pop(_VERSIONS, None)


def layer_versions(store: Store) -> Mapping[str, int]:
    """Every layer's current version, from one query per script run."""
    held = st.session_state.get(_VERSIONS)
    now = time.monotonic()
    if held is None or held[0] != store.key or now - held[1] > _VERSIONS_MAX_AGE_S:
        held = (store.key, now, store.versions())
        st.session_state[_VERSIONS] = held
    return held[2]


T = TypeVar("T")


def kept_on_disk(
    versions_of: Callable[..., Mapping[str, int]],
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Keep a store question's answers on disk per layer version, for restarts.

    Goes under ``st.cache_resource``: a process asks the disk once per key, and
    a restarted one reads what an earlier one counted. The key is the function,
    every argument it is called with and the version stamps of the layers
    ``versions_of(*args)`` names (:mod:`geodata.mapping.answers`), so an
    argument added later keys the answers too.
    """

    def decorate(question: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(question)
        def kept(*args, **kwargs) -> T:
            stamps = version_stamps(get_store(), versions_of(*args, **kwargs))
            asked = (args, tuple(sorted(kwargs.items())))
            key = (question.__module__, question.__qualname__, asked, stamps)
            cache = AnswerCache(default_cache_path("answers"))
            return cache.get_or_make(key, lambda: question(*args, **kwargs))

        return kept

    return decorate
