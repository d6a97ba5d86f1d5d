"""Cached data for map pages: layers per store version, basemap data, served assets.

Whatever a map draws reaches the page as a payload (:mod:`geodata.mapping.payload`)
the app serves: for the planner map, the features the store returns for the screen
(:func:`screen_data`); for slides, whole layers built once per version, role and
datum with a mask per query (:func:`layer_data`), so a filter change costs a mask.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

import geopandas as gpd

from geodata.mapping.assets import publish_payload, write_assets
from geodata.mapping.basemaps import (
    BasemapData,
    context_payload,
    display_crs,
    load_basemap_data,
)
from geodata.mapping.counts import Tally, tallies_from
from geodata.mapping.payload import LayerData, LayerPayload
from geodata.mapping.render import layer_payload_for
from geodata.mapping.screen import (
    FACETS,
    LayerLoad,
    Screen,
    facet_counts,
    load_for_screen,
)
from geodata.query import LayerQuery, filter_frame
from geodata.storage import FEATURE_ID, Store
from geodata.ui.resources import get_store, kept_on_disk, layer_versions
from geodata.view import REFERENCE_LAYERS, MapView


def app_root() -> Path:
    """Folder of the main script (``dashboard.py``): Streamlit serves its ``static``."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None and ctx.main_script_path:
        return _folder(ctx.main_script_path)
    return Path.cwd()


@functools.lru_cache(maxsize=8)
def _folder(script: str) -> Path:
    return Path(script).resolve().parent


@st.cache_resource(show_spinner=False)
def _assets(root: str) -> str:
    return str(write_assets(root))


def ensure_assets() -> Path:
    """Write Leaflet and plugin files under ``static/vendor`` once per process."""
    return Path(_assets(str(app_root())))


# cache_resource, not cache_data: a 100k-row frame would be pickled on every hit.
# Frames are shared between sessions, so callers must not modify them in place.
# Keyed by layer version and query: a commit asks the store again.
@st.cache_resource(show_spinner=False, max_entries=48)
def _layer(
    store_key: str,
    layer_id: str,
    version: int,
    query: LayerQuery,
    columns: tuple[str, ...] | None,
) -> gpd.GeoDataFrame:
    if query.is_empty or columns is not None:
        return get_store().read_layer(layer_id, query, columns=columns)
    # A filter over the whole layer this version already holds in memory: the
    # reference meaning of the query, which every backend's answer equals
    # (tests/storage/test_contract.py), in a few ms instead of a new read.
    whole = _layer(store_key, layer_id, version, LayerQuery(), None)
    return filter_frame(whole, query)


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
@kept_on_disk(lambda store_key, layer_id, version, query: {layer_id: version})
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
@kept_on_disk(
    lambda store_key, versions, view, screen: dict(
        zip(view.layers, versions, strict=True)
    )
)
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


def publish(payload: LayerPayload) -> str:
    """Serve ``payload`` from the app's static folder; its URL."""
    return publish_payload(payload.data, payload.digest, app_root())


@st.cache_resource(show_spinner=False, max_entries=64)
def _screen_payload(
    store_key: str,
    versions: tuple[int, ...],
    view: MapView,
    screen: Screen,
    layer_id: str,
    role: str,
) -> LayerPayload:
    frame = _screen(store_key, versions, view, screen)[layer_id].features
    return layer_payload_for(layer_id, frame, view.basemap, role)


def screen_data(
    store: Store, view: MapView, screen: Screen, role: str = "public"
) -> dict[str, LayerData]:
    """Payloads of the features :func:`load_screen` returns, served (cached)."""
    versions = _view_versions(store, view)
    loads = _screen(store.key, versions, view, screen)
    out = {}
    for layer_id, load in loads.items():
        if load.aggregated or load.features is None or layer_id in REFERENCE_LAYERS:
            continue
        payload = _screen_payload(store.key, versions, view, screen, layer_id, role)
        out[layer_id] = LayerData(layer_id, payload, url=publish(payload))
    return out


@st.cache_resource(show_spinner=False, max_entries=32)
def _payload(
    store_key: str, layer_id: str, version: int, basemap: str, role: str
) -> LayerPayload:
    frame = _layer(store_key, layer_id, version, LayerQuery(), None)
    return layer_payload_for(layer_id, frame, basemap, role)


@st.cache_resource(show_spinner=False, max_entries=256)
def _mask(
    store_key: str,
    layer_id: str,
    version: int,
    basemap: str,
    role: str,
    query: LayerQuery,
) -> str | None:
    if query.is_empty:
        return None
    shown = _layer(store_key, layer_id, version, query, None)
    return _payload(store_key, layer_id, version, basemap, role).mask(shown[FEATURE_ID])


def layer_data(
    store: Store, view: MapView, role: str = "public"
) -> dict[str, LayerData]:
    """The view's whole layers as a map draws them: payload, URL, mask (cached).

    The payload is the whole layer as ``role`` may see it; the mask holds the
    rows the store returns for the view's filters (:func:`load_view`).
    """
    versions = layer_versions(store)
    out = {}
    for layer_id in view.layers:
        if layer_id in REFERENCE_LAYERS:
            continue
        key = (store.key, layer_id, versions[layer_id], view.basemap, role)
        payload = _payload(*key)
        mask = _mask(*key, view.query(layer_id))
        out[layer_id] = LayerData(layer_id, payload, mask, publish(payload))
    return out


@st.cache_resource(show_spinner=False, max_entries=8)
def _context(store_key: str, version: int, crs: str) -> LayerPayload:
    return context_payload(_basemap(store_key, version), crs)


def context_data(store: Store, basemap: str) -> LayerData:
    """The offline basemap's payload in ``basemap``'s datum, served (cached)."""
    version = layer_versions(store)["admin_areas"]
    payload = _context(store.key, version, display_crs(basemap))
    return LayerData("admin_areas", payload, url=publish(payload))
