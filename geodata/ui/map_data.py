"""Cached data for map pages: layers per store version, basemap data, served assets.

Every loader here takes the request's audience and passes what it returns
through the display policy (:mod:`geodata.display`): frames (:func:`load_visible`),
what the map draws on screen (:func:`load_screen`), the store's facet counts
(:func:`load_facets`, :func:`load_tallies`, :func:`load_withheld`). So counts,
cells, details, tooltips and downloads hold only what that audience may see. The
store's raw counts are cached once per layer version and query, shared by every
audience; what each audience may see of them is made from them on each run.

Whatever a map draws reaches the page as a payload (:mod:`geodata.mapping.payload`)
the app serves: for the planner map, the features the store returns for the screen
as the audience may see them (:func:`screen_data`); for slides, whole layers built
once per version, audience and datum with a mask per query (:func:`layer_data`), so
a filter change costs a mask.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

import geopandas as gpd

from geodata.catalog import get_layer
from geodata.display import audience_for, hidden_facets, prepare_for_display
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
    COUNTED,
    FACETS,
    LayerLoad,
    Screen,
    audience_facets,
    load_for_screen,
    store_facets,
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


@st.cache_resource(show_spinner=False, max_entries=48)
def _visible(
    store_key: str, layer_id: str, version: int, query: LayerQuery, audience: str
) -> gpd.GeoDataFrame:
    frame = _layer(store_key, layer_id, version, query, None)
    return prepare_for_display(frame, get_layer(layer_id), audience)


def load_visible(
    store: Store, view: MapView, audience: str
) -> tuple[dict[str, gpd.GeoDataFrame], dict[str, dict[str, int]]]:
    """The view's layers as ``audience`` may see them, and what it sees only counted.

    The counted part is :func:`load_withheld`'s.
    """
    versions = layer_versions(store)
    visible = {
        lid: _visible(store.key, lid, versions[lid], view.query(lid), _name(audience))
        for lid in view.layers
    }
    return visible, load_withheld(store, view, audience)


def _name(audience: str | None) -> str:
    return audience_for(audience).value


def load_frames(
    store: Store, layer_ids: tuple[str, ...]
) -> dict[str, gpd.GeoDataFrame]:
    """Every current feature of each layer (cached per store and layer version)."""
    return {lid: load_layer(store, lid) for lid in layer_ids}


def load_view(store: Store, view: MapView) -> dict[str, gpd.GeoDataFrame]:
    """The view's layers as the store returns them for its filters (cached)."""
    return {lid: load_layer(store, lid, view.query(lid)) for lid in view.layers}


@st.cache_resource(show_spinner=False, max_entries=128)
@kept_on_disk(lambda store_key, layer_id, version, *_: {layer_id: version})
def _facets(
    store_key: str, layer_id: str, version: int, query: LayerQuery
) -> dict[tuple, int]:
    return store_facets(get_store(), layer_id, query)


def _store_facets(
    store: Store, layer_id: str, query: LayerQuery | None
) -> dict[tuple, int]:
    """Features per ``COUNTED`` combination, sensitivity included (cached)."""
    version = layer_versions(store)[layer_id]
    return _facets(store.key, layer_id, version, query or LayerQuery())


def load_facets(
    store: Store,
    layer_id: str,
    query: LayerQuery | None = None,
    audience: str | None = "public",
) -> dict[tuple, int]:
    """Features per banner, status, unit and year ``audience`` may count.

    One pass in the store, cached; restricted features left out for the public.
    """
    counted = _store_facets(store, layer_id, query)
    return audience_facets(counted, layer_id, audience)[0]


def load_withheld(
    store: Store, view: MapView, audience: str | None
) -> dict[str, dict[str, int]]:
    """Per layer and banner, the features ``audience`` is told of only as a number.

    Given only while the view filters by banner at most: under a name, unit,
    status or year filter, a count would tell anyone what a restricted feature is
    called or who runs it, so those features then simply do not count.
    """
    withheld = {}
    for lid in view.layers:
        query = view.query(lid)
        if query != LayerQuery(banners=query.banners):
            continue
        counted = _store_facets(store, lid, query)
        if held := audience_facets(counted, lid, audience)[1]:
            withheld[lid] = held
    return withheld


def load_hidden(store: Store, view: MapView) -> dict[str, int]:
    """For stewards: how many of the view's features the public sees coarsened or not.

    Made from the cached facet counts, as ``hidden_counts`` makes it from frames.
    """
    hidden = {"internal": 0, "restricted": 0}
    for lid in view.layers:
        counted = _store_facets(store, lid, view.query(lid))
        for level, n in hidden_facets(counted, COUNTED, get_layer(lid)).items():
            hidden[level] += n
    return hidden


def _view_versions(store: Store, view: MapView) -> tuple[int, ...]:
    versions = layer_versions(store)
    return tuple(versions[lid] for lid in view.layers)


@st.cache_resource(show_spinner=False, max_entries=64)
@kept_on_disk(
    lambda store_key, versions, view, *_: dict(zip(view.layers, versions, strict=True))
)
def _screen(
    store_key: str,
    versions: tuple[int, ...],
    view: MapView,
    screen: Screen,
    audience: str,
) -> dict[str, LayerLoad]:
    return load_for_screen(get_store(), view, screen, audience=audience)


def load_screen(
    store: Store, view: MapView, screen: Screen, audience: str | None
) -> dict[str, LayerLoad]:
    """What the map draws of ``view`` on ``screen`` for ``audience`` (cached)."""
    versions = _view_versions(store, view)
    return _screen(store.key, versions, view, screen, _name(audience))


def load_tallies(store: Store, view: MapView, audience: str | None) -> dict[str, Tally]:
    """Features per banner and status of each whole filtered layer ``audience`` counts.

    Counted in the store; the public's tallies leave restricted features out.

    Built from the same cached facet counts as the filter choices, so a view
    without filters costs one pass per layer for both.
    """
    facets = {
        lid: load_facets(store, lid, view.query(lid), audience) for lid in view.layers
    }
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
    audience: str,
) -> LayerPayload:
    # The load already holds the features as ``audience`` may see them.
    frame = _screen(store_key, versions, view, screen, audience)[layer_id].features
    return layer_payload_for(layer_id, frame, view.basemap, audience)


def screen_data(
    store: Store, view: MapView, screen: Screen, audience: str | None
) -> dict[str, LayerData]:
    """Payloads of the features :func:`load_screen` returns, served (cached)."""
    versions = _view_versions(store, view)
    name = _name(audience)
    loads = _screen(store.key, versions, view, screen, name)
    out = {}
    for layer_id, load in loads.items():
        if load.aggregated or load.features is None or layer_id in REFERENCE_LAYERS:
            continue
        payload = _screen_payload(store.key, versions, view, screen, layer_id, name)
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
    store: Store, view: MapView, audience: str | None = "public"
) -> dict[str, LayerData]:
    """The view's whole layers as a map draws them: payload, URL, mask (cached).

    The payload is the whole layer as ``audience`` may see it; the mask holds the
    rows the store returns for the view's filters (:func:`load_view`).
    """
    versions = layer_versions(store)
    name = _name(audience)
    out = {}
    for layer_id in view.layers:
        if layer_id in REFERENCE_LAYERS:
            continue
        key = (store.key, layer_id, versions[layer_id], view.basemap, name)
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
