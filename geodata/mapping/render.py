"""Map views -> folium maps (no streamlit); the layers' data is never in them.

:func:`build_map` draws a :class:`~geodata.view.MapView` (layers, filters, basemap,
centre, zoom, language) as one map. The dashboard uses the two halves separately:
:func:`build_base` (basemap, boundaries, controls), which changes only with the
basemap or language, and :func:`build_layer_groups`, passed to streamlit-folium as
``feature_group_to_add`` so a filter change swaps the layers in place instead of
reloading the map.

Neither half holds the features: each layer's group carries a
:class:`~geodata.mapping.payload.LayerData` (a payload built once per layer
version, the URL it is served at, the mask of the rows the view shows) and its
legend row; the page's runtime (``mapping/js/gd-data.js``) fetches and draws the
payload. So folium and its templates see a few hundred bytes per layer whatever
its size, and a name like ``{{ 7*7 }}`` or ``<img src=x onerror=...>`` is data,
shown as text. A standalone page (:func:`map_html`, the offline report) carries
the payloads inside it instead of their URLs, and every attribute in its popups.

What the map does with them is elsewhere: symbols and legend rows in
:mod:`geodata.mapping.symbols`, the legend, labels and presenter behaviour in
:mod:`geodata.mapping.runtime` (``mapping/js/gd-map.js``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar

import numpy as np
import pandas as pd
from branca.element import MacroElement

import folium
import folium.plugins
import geopandas as gpd
import shapely
from folium.elements import JSCSSMixin
from folium.template import Template

from geodata.catalog import CITY_BOUNDS, STATUSES, get_layer
from geodata.coords import convert
from geodata.display import prepare_for_display
from geodata.extent import fit_bounds
from geodata.i18n import layer_title, t
from geodata.mapping import basemaps
from geodata.mapping.assets import OWN_DATA_JS, localize, standalone_html
from geodata.mapping.basemaps import BasemapData, display_crs
from geodata.mapping.payload import DETAILS, LayerData, LayerPayload, layer_payload
from geodata.mapping.picking import details_html
from geodata.mapping.runtime import LegendRow, MapRuntime, SlideExtent
from geodata.mapping.safe import js_literal
from geodata.mapping.symbols import (
    base_entries,
    legend_entry,
    present_statuses,
    shape_style,
    symbol,
)
from geodata.storage.base import FEATURE_ID
from geodata.view import REFERENCE_LAYERS, MapView

__all__ = [
    "ASSET_MODES",
    "LayerDataElement",
    "base_view",
    "build_base",
    "build_layer_groups",
    "build_map",
    "inline_layers",
    "layer_payload_for",
    "map_html",
    "offline_map",
    "slide_group",
]

#: ``served``: assets from the app's static folder; ``inline``: inside the HTML
#: (standalone export).
ASSET_MODES: tuple[str, ...] = ("served", "inline")
#: Properties the map itself shows (tooltip, popup); the details panel reads the rest.
MAP_FIELDS: tuple[str, ...] = ("name", "banner", "status")
DEFAULT_ZOOM = 8
#: A map of about this size (CSS pixels) shows the whole city at the default view.
CITY_PIXELS = (640, 540)


class MapNotice(MacroElement):
    """The review number, schematic note or "内部资料" line in the map's corner.

    Set as text (never HTML); styled inline, so a standalone file needs no sheet.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var notice = L.control({position: 'bottomleft'});
  notice.onAdd = function(){
    var div = L.DomUtil.create('div', 'gd-notice');
    div.style.cssText = 'background:rgba(255,255,255,.88);padding:2px 6px;' +
      'font:11px sans-serif;color:#333;border-radius:3px;';
    div.textContent = {{ this.text|tojson }};
    return div;
  };
  notice.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "MapNotice"
        self.text = text


class _DataRuntime(JSCSSMixin):
    """Loads ``gd-data.js`` (payload decoder and drawing) on the base map."""

    _template = Template("")
    default_js: ClassVar = [("gd_data_js", OWN_DATA_JS)]


class LayerDataElement(MacroElement):
    """A layer's :class:`~geodata.mapping.payload.LayerData` in its feature group.

    Its script is a few hundred bytes whatever the layer's size: the page fetches
    the payload (or reads it from the page) and draws it. :meth:`for_layer` takes
    colour, symbol and the line styles per status from the catalog.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
gdData.points({{ this._parent.get_name() }}, {{ this.spec }});
{% endmacro %}
""")

    def __init__(
        self,
        data: LayerData,
        lang: str,
        *,
        color: str,
        symbol: str,
        styles: dict,
        circles: dict | None = None,
    ) -> None:
        super().__init__()
        self._name = "LayerData"
        self.data = data
        self.spec = js_literal(
            {
                "id": data.layer_id,
                "src": {"digest": data.payload.digest, "url": data.url},
                "mask": data.mask,
                "color": color,
                "symbol": symbol,  # HTML-escaped (symbols.symbol)
                "lang": lang,
                "hint": t("map.popup_hint", lang),
                "failed": t("map.data_failed", lang),
                "statuses": list(STATUSES),
                "shapes": len(data.payload) > data.payload.n_points,
                "styles": styles,  # path options by status ("" for none)
                "circles": circles,  # Leaflet circle style: drawn apart, unclustered
            }
        )

    @classmethod
    def for_layer(cls, data: LayerData, lang: str) -> LayerDataElement:
        """The element for a catalog layer, drawn in its catalog style."""
        spec = get_layer(data.layer_id)
        styles = {s: shape_style(spec, s) for s in ("", *STATUSES)}
        return cls(
            data, lang, color=spec.style.color, symbol=symbol(spec), styles=styles
        )


def layer_payload_for(
    layer_id: str,
    frame: gpd.GeoDataFrame,
    basemap: str,
    role: str = "public",
    details_lang: str | None = None,
) -> LayerPayload:
    """A layer's payload as ``role`` may see it, in the datum of ``basemap``.

    Only what the map shows travels (name, banner, status); the details panel
    reads the rest from the store when a feature is clicked. A standalone page
    has no panel: with ``details_lang`` every attribute goes into the popups.
    """
    visible = prepare_for_display(frame, get_layer(layer_id), role)
    keep = [c for c in (FEATURE_ID, *MAP_FIELDS) if c in visible]
    out = visible[[*keep, visible.geometry.name]]
    if details_lang is not None:
        out = out.assign(**{DETAILS: details_html(layer_id, visible, details_lang)})
    return layer_payload(out, display_crs(basemap))


def _kind(shown: gpd.GeoDataFrame) -> str:
    """``point``, ``line`` or ``area``: what a layer's rows draw (legend swatch)."""
    # the distinct geometry types, not a string per row: legends are made per rerun
    types = set(np.unique(shapely.get_type_id(shown.geometry.values)).tolist())
    if types & {0, 4}:  # (multi)points
        return "point"
    lines = types - {-1}  # -1: no geometry
    return "line" if lines and lines <= {1, 2, 5} else "area"


def build_layer_groups(
    view: MapView,
    layers: Mapping[str, LayerData],
    shown: Mapping[str, gpd.GeoDataFrame],
    *,
    assets: str = "served",
) -> list[folium.FeatureGroup]:
    """One feature group per layer of ``view``: its data's reference, its legend row.

    ``layers`` hold, per layer id, the payload and the rows the view shows (see
    :mod:`geodata.mapping.payload`); ``shown`` the same rows as frames (the store's
    answer to the view's query), from which the legend row takes the statuses
    present. Nothing is filtered here. Boundary layers (``REFERENCE_LAYERS``) are
    drawn by the basemap; a layer showing nothing has no group and no legend row.
    """
    groups = []
    for order, layer_id in enumerate(view.layers):
        frame = shown.get(layer_id)
        if layer_id in REFERENCE_LAYERS or layer_id not in layers:
            continue
        if frame is None or frame.empty:
            continue
        spec = get_layer(layer_id)
        group = folium.FeatureGroup(name=layer_title(spec, view.lang))
        statuses = (
            present_statuses(pd.unique(frame["status"].dropna()))
            if "status" in frame
            else ()
        )
        entry = legend_entry(spec, order, _kind(frame), statuses, view.lang)
        LegendRow(entry).add_to(group)
        LayerDataElement.for_layer(layers[layer_id], view.lang).add_to(group)
        if assets == "served":
            localize(group)
        groups.append(group)
    return groups


def inline_layers(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    role: str = "public",
    *,
    details: bool = False,
) -> dict[str, LayerData]:
    """Each shown layer's frame as inline data (every row shown), for whole maps.

    ``details`` puts every attribute in the popups (standalone HTML).
    """
    lang = view.lang if details else None
    return {
        lid: LayerData(lid, layer_payload_for(lid, frame, view.basemap, role, lang))
        for lid, frame in frames.items()
        if lid in view.layers and lid not in REFERENCE_LAYERS
    }


def slide_group(
    bounds: tuple[float, float, float, float], token: str, *, assets: str = "served"
) -> folium.FeatureGroup:
    """A group holding only the slide's extent (``lon_min, lat_min, lon_max, lat_max``).

    The presenter map fits it at whatever size the screen gives the map, again in
    full screen, and signals ``token`` to the page once the slide is drawn.
    """
    lon_min, lat_min, lon_max, lat_max = bounds
    group = folium.FeatureGroup(name="slide", control=False)
    SlideExtent(((lat_min, lon_min), (lat_max, lon_max)), token).add_to(group)
    if assets == "served":
        localize(group)
    return group


def build_base(
    view: MapView,
    *,
    context: LayerData | None = None,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    assets: str = "served",
    projector: bool = False,
    fill: bool = False,
    notice: str = "",
) -> folium.Map:
    """The map without its feature layers: basemap, boundaries, legend, controls.

    Parameters
    ----------
    view : MapView
        Honours ``basemap``, ``lang``, ``center`` and ``zoom`` (the city when unset).
    context : LayerData, optional
        The offline basemap's payload (:func:`basemaps.context_payload`) and where
        it is served; without it, ``basemap_data`` (or the bundled sample) inline.
    basemap_data : BasemapData, optional
        Offline basemap data when no ``context`` is given.
    tianditu_key : str
        Key for Tianditu tiles; without it a ``tianditu`` view falls back to offline.
    assets : {"served", "inline"}
        Where Leaflet comes from; see :data:`ASSET_MODES`.
    projector : bool
        Presenter mode: symbols, labels and legend sized for a room, arrow keys
        step slides, fractional zoom so a slide's extent fills the screen.
    fill : bool
        The map fills its frame (the page sets the frame's height).
    notice : str
        The map's notice for its audience (:func:`geodata.display.map_notice`).

    The legend lists the layers on the map: each feature group brings its row.
    """
    if assets not in ASSET_MODES:
        raise ValueError(f"assets={assets!r}; use one of {ASSET_MODES}")
    basemap = view.basemap
    if basemap == "tianditu" and not tianditu_key:
        basemap = "offline"
    crs = display_crs(basemap)
    # The whole city unless the view says otherwise, as a centre and zoom: a
    # fitBounds here would still be animating when the dashboard moves the map to
    # a view, and Leaflet then drops that move.
    city_center, city_zoom = fit_bounds(CITY_BOUNDS, CITY_PIXELS)
    center = view.center or city_center
    if crs != "wgs84":
        lon, lat = convert(center[1], center[0], "wgs84", crs)
        center = (float(lat), float(lon))
    fmap = folium.Map(
        location=list(center),
        zoom_start=view.zoom or (city_zoom if view.center is None else DEFAULT_ZOOM),
        tiles=None,
        control_scale=True,
    )
    # folium hands max_zoom to its default tile layer only; with no tile layer the
    # map itself needs maxZoom (clusters open up to it).
    fmap.options.update(maxZoom=18, minZoom=5)
    if projector:
        fmap.options.update(zoomSnap=0.25, zoomDelta=0.5)
    MapRuntime(
        view.lang, projector=projector, fill=fill, base=base_entries(view.lang)
    ).add_to(fmap)
    _DataRuntime().add_to(fmap)
    basemaps.add_tiles(fmap, basemap, view.lang, tianditu_key)
    if context is None:
        payload = basemaps.context_payload(
            basemap_data or basemaps.load_basemap_data(), crs
        )
        context = LayerData("admin_areas", payload)
    basemaps.add_offline_basemap(fmap, context, view.lang, fill=basemap == "offline")
    folium.plugins.Fullscreen(
        position="topleft",
        title=t("map.control.fullscreen", view.lang),
        title_cancel=t("map.control.fullscreen_exit", view.lang),
    ).add_to(fmap)
    if notice:
        MapNotice(notice).add_to(fmap)
    if assets == "served":
        localize(fmap)
    return fmap


def build_map(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    assets: str = "served",
    role: str = "public",
    details: bool = False,
    layers: Mapping[str, LayerData] | None = None,
    context: LayerData | None = None,
    notice: str = "",
) -> folium.Map:
    """Draw ``view`` from ``frames`` (layer id -> WGS84 GeoDataFrame) as one map.

    ``frames`` are the view's features as the store returns them for its query
    (:func:`geodata.storage.base.read_view`); they travel inside the page unless
    ``layers`` (and ``context``) say where they are served. ``details`` puts
    every attribute in the popups. ``role`` is the audience (or role) the map is
    drawn for, and every layer passes the display policy for it; ``notice`` is
    the audience's map notice. Payloads without a URL are put in the page by
    :func:`~geodata.mapping.assets.standalone_html`.

    Examples
    --------
    >>> from geodata.view import MapView
    >>> m = build_map(MapView(lang="en"), {}, assets="inline")
    >>> type(m).__name__
    'Map'
    """
    fmap = build_base(
        view,
        context=context,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        assets=assets,
        notice=notice,
    )
    # What ``role`` may see, for the legend as for the data.
    frames = {
        lid: prepare_for_display(frame, get_layer(lid), role)
        for lid, frame in frames.items()
    }
    if layers is None:
        layers = inline_layers(view, frames, role, details=details)
    for group in build_layer_groups(view, layers, frames, assets=assets):
        group.add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    if assets == "served":
        localize(fmap)
    return fmap


def offline_map(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    role: str = "public",
    notice: str = "",
) -> folium.Map:
    """The map for a standalone file: assets and data inlined, details in popups.

    A file has no panel beside the map, so the popups hold the details.
    """
    return build_map(
        view,
        frames,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        assets="inline",
        role=role,
        details=True,
        notice=notice,
    )


def map_html(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    role: str = "public",
    notice: str = "",
) -> str:
    """The map of ``view`` as one standalone HTML file that opens with no internet.

    Only the shown features are in it: ``frames`` are the view's query results.
    The offline report (:mod:`geodata.mapping.report`) adds title and figures.
    """
    fmap = offline_map(
        view,
        frames,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        role=role,
        notice=notice,
    )
    return standalone_html(fmap)


def base_view(view: MapView) -> MapView:
    """``view`` without centre and zoom: the dashboard moves those without a reload."""
    return replace(view, center=None, zoom=None)
