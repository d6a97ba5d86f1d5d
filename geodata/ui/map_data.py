"""Cached data for map pages: layers per store version, basemap data, served assets."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import geopandas as gpd

from geodata.mapping.assets import write_assets
from geodata.mapping.basemaps import BasemapData, load_basemap_data
from geodata.mapping.counts import Tally, tallies_from
from geodata.mapping.screen import (
    FACETS,
    LayerLoad,
    Screen,
    facet_counts,
    load_for_screen,
)
from geodata.query import LayerQuery
from geodata.storage import Store
from geodata.ui.resources import get_store, layer_versions
from geodata.view import MapView


def app_root() -> Path:
    """Folder of the main script (``dashboard.py``): Streamlit serves its ``static``."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.main_script_path:
        return Path(ctx.main_script_path).resolve().parent
    return Path.cwd()


@st.cache_resource(show_spinner=False)
def _assets(root: str) -> str:
    return str(write_assets(root))


def ensure_assets() -> Path:
    """Write Leaflet and plugin files under ``static/vendor`` once per process."""
    return Path(_assets(str(app_root())))


# cache_resource, not cache_data: a 100k-row frame would be pickled on every hit.
# Frames are shared between sessions, so callers must not modify them in place.
# Keyed by layer version and query: a commit or a new filter asks the store again.
@st.cache_resource(show_spinner=False, max_entries=48)
def _layer(
    store_key: str,
    layer_id: str,
    version: int,
    query: LayerQuery,
    columns: tuple[str, ...] | None,
) -> gpd.GeoDataFrame:
    return get_store().read_layer(layer_id, query, columns=columns)


def load_layer(
    store: Store,
    layer_id: str,
    query: LayerQuery | None = None,
    columns: tuple[str, ...] | None = None,
) -> gpd.GeoDataFrame:
    """Features of a layer the store returns for ``query``, cached per version."""
    version = layer_versions(store)[layer_id]
    return _layer(store.key, layer_id, version, query or LayerQuery(), columns)


def load_frames(
    store: Store, layer_ids: tuple[str, ...]
) -> dict[str, gpd.GeoDataFrame]:
    """Every current feature of each layer (cached per store and layer version)."""
    return {lid: load_layer(store, lid) for lid in layer_ids}


def load_view(store: Store, view: MapView) -> dict[str, gpd.GeoDataFrame]:
    """The view's layers as the store returns them for its filters (cached)."""
    return {lid: load_layer(store, lid, view.query(lid)) for lid in view.layers}


@st.cache_resource(show_spinner=False, max_entries=128)
def _facets(
    store_key: str, layer_id: str, version: int, query: LayerQuery
) -> dict[tuple, int]:
    return facet_counts(get_store(), layer_id, query)


def load_facets(
    store: Store, layer_id: str, query: LayerQuery | None = None
) -> dict[tuple, int]:
    """Features per banner, unit and year (one pass in the store, cached)."""
    version = layer_versions(store)[layer_id]
    return _facets(store.key, layer_id, version, query or LayerQuery())


def _view_versions(store: Store, view: MapView) -> tuple[int, ...]:
    versions = layer_versions(store)
    return tuple(versions[lid] for lid in view.layers)


@st.cache_resource(show_spinner=False, max_entries=64)
def _screen(
    store_key: str, versions: tuple[int, ...], view: MapView, screen: Screen
) -> dict[str, LayerLoad]:
    return load_for_screen(get_store(), view, screen)


def load_screen(store: Store, view: MapView, screen: Screen) -> dict[str, LayerLoad]:
    """What the map draws of ``view`` on ``screen`` (cached per layer versions)."""
    return _screen(store.key, _view_versions(store, view), view, screen)


def load_tallies(store: Store, view: MapView) -> dict[str, Tally]:
    """Features per banner and status of each whole filtered layer (in the store).

    Built from the same cached facet counts as the filter choices, so a view
    without filters costs one pass per layer for both.
    """
    facets = {lid: load_facets(store, lid, view.query(lid)) for lid in view.layers}
    return tallies_from(facets, FACETS)


@st.cache_resource(show_spinner=False, max_entries=8)
def _basemap(store_key: str, version: int) -> BasemapData:
    return load_basemap_data(get_store())


def load_basemap(store: Store) -> BasemapData:
    """The offline basemap, re-read when the boundary layer gets a new version."""
    return _basemap(store.key, layer_versions(store)["admin_areas"])
