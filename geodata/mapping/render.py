"""Map views -> folium maps (no streamlit); the layers' data is never in them.

:func:`build_map` draws a :class:`~geodata.view.MapView` (layers, filters, basemap,
centre, zoom, language) as one map. The dashboard uses the two halves separately:
:func:`build_base` (basemap, legend, controls), which changes only with the
basemap or language, and :func:`build_layer_groups`, passed to streamlit-folium as
``feature_group_to_add`` so a filter change swaps the layers in place instead of
reloading the map.

Neither half holds the features: each layer's group carries a
:class:`~geodata.mapping.payload.LayerData` (a payload built once per layer
version, the URL it is served at, the mask of the rows the view shows), and the
page's runtime (``mapping/js/gd-data.js``) fetches and draws it. So folium and its
templates see a few hundred bytes per layer whatever its size, and a name like
``{{ 7*7 }}`` or ``<img src=x onerror=...>`` is data, shown as text. A standalone
page (:func:`map_html`) carries the payloads inside it instead of their URLs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import ClassVar

import pandas as pd
from branca.element import Element, MacroElement

import folium
import folium.plugins
import geopandas as gpd
from folium.elements import JSCSSMixin
from folium.template import Template

from geodata.catalog import CITY_BOUNDS, LAYER_IDS, STATUSES, get_layer
from geodata.coords import convert
from geodata.display import prepare_for_display
from geodata.i18n import layer_title, t
from geodata.mapping import basemaps
from geodata.mapping.assets import OWN_DATA_JS, localize, standalone_html
from geodata.mapping.basemaps import BasemapData, display_crs
from geodata.mapping.payload import LayerData, LayerPayload, layer_payload, spec_json
from geodata.storage.base import FEATURE_ID
from geodata.view import REFERENCE_LAYERS, MapView

__all__ = [
    "ASSET_MODES",
    "LayerDataElement",
    "all_layers",
    "base_view",
    "build_base",
    "build_layer_groups",
    "build_map",
    "inline_layers",
    "layer_payload_for",
    "map_html",
]

#: ``served``: assets from the app's static folder; ``inline``: inside the HTML
#: (standalone export).
ASSET_MODES: tuple[str, ...] = ("served", "inline")
#: Properties the map itself shows (tooltip, popup); the details panel reads the rest.
MAP_FIELDS: tuple[str, ...] = ("name", "banner", "status")
DEFAULT_ZOOM = 8
_DEFAULT_SYMBOL = "●"


class _MapStyle(Element):
    """CSS for symbols and labels, in the page header (also in standalone HTML)."""

    _template = Template("""
<style>
.gd-sym{font-size:17px;line-height:18px;text-align:center;
  text-shadow:0 0 2px #fff,0 0 2px #fff,0 0 3px #fff;cursor:pointer;}
.gd-banner-label{font:600 12px sans-serif;color:#3d4650;text-align:center;
  text-shadow:0 0 3px #fff,0 0 3px #fff;white-space:nowrap;pointer-events:none;}
.gd-seat-label{font:11px sans-serif;color:#333;white-space:nowrap;
  text-shadow:0 0 2px #fff;pointer-events:none;}
.gd-legend{background:rgba(255,255,255,.92);padding:6px 9px;font:12px sans-serif;
  border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);line-height:18px;}
.gd-legend b{display:block;margin-bottom:2px;}
.gd-legend .gd-sw{display:inline-block;width:18px;text-align:center;}
.gd-cluster{background:none;}
.gd-cluster div{width:100%;height:100%;border-radius:50%;display:flex;
  align-items:center;justify-content:center;box-shadow:0 0 0 1px rgba(0,0,0,.25);}
.gd-cluster span{display:block;width:66%;height:66%;border-radius:50%;background:#fff;
  font:600 12px/1 sans-serif;color:#222;display:flex;align-items:center;
  justify-content:center;}
.gd-data-notice{background:#fff8e1;padding:4px 8px;border:1px solid #c9a227;}
</style>
""")


class Legend(MacroElement):
    """A legend control: each layer's symbol or colour and its title in ``lang``."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function(){
    var div = L.DomUtil.create('div', 'gd-legend');
    div.innerHTML = {{ this.body|tojson }};
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(self, layer_ids: tuple[str, ...], lang: str) -> None:
        super().__init__()
        self._name = "Legend"
        rows = [f"<b>{html.escape(t('map.legend', lang))}</b>"]
        for layer_id in layer_ids:
            spec = get_layer(layer_id)
            symbol = html.escape(spec.style.symbol or "▬")
            rows.append(
                f'<div><span class="gd-sw" style="color:{spec.style.color}">{symbol}'
                f"</span> {html.escape(layer_title(spec, lang))}</div>"
            )
        self.body = "".join(rows)


class _DataRuntime(JSCSSMixin):
    """Loads ``gd-data.js`` (payload decoder and drawing) on the base map."""

    _template = Template("")
    default_js: ClassVar = [("gd_data_js", OWN_DATA_JS)]


class LayerDataElement(MacroElement):
    """A layer's :class:`~geodata.mapping.payload.LayerData` in its feature group.

    Its script is a few hundred bytes whatever the layer's size: the page fetches
    the payload (or reads it from the page) and draws it. :meth:`for_layer` takes
    colour and symbol from the catalog.
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
        style: dict,
        circles: dict | None = None,
    ) -> None:
        super().__init__()
        self._name = "LayerData"
        self.data = data
        self.spec = spec_json(
            {
                "id": data.layer_id,
                "src": {"digest": data.payload.digest, "url": data.url},
                "mask": data.mask,
                "color": _color(color),
                "symbol": symbol or _DEFAULT_SYMBOL,
                "lang": lang,
                "hint": t("map.popup_hint", lang),
                "failed": t("map.data_failed", lang),
                "statuses": list(STATUSES),
                "shapes": len(data.payload) > data.payload.n_points,
                "style": style,
                "circles": circles,  # Leaflet circle style: drawn apart, unclustered
            }
        )

    @classmethod
    def for_layer(cls, data: LayerData, lang: str) -> LayerDataElement:
        """The element for a catalog layer, drawn in its catalog style."""
        style = get_layer(data.layer_id).style
        color = _color(style.color)
        return cls(
            data,
            lang,
            color=color,
            symbol=style.symbol,
            style={
                "color": color,
                "weight": style.weight,
                "fillColor": color,
                "fillOpacity": style.fill_opacity,
            },
        )


_HTML_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("'", "&#x27;"),
)


def _escaped(values: pd.Series) -> pd.Series:
    """``html.escape`` of every value as strings (missing -> ""), vectorised.

    For the thematic overlays (:mod:`geodata.mapping.overlays`); layer data
    travels as payloads and is set as text in the page.

    Examples
    --------
    >>> import pandas as pd
    >>> _escaped(pd.Series(["<b>&", None, 3])).tolist()
    ['&lt;b&gt;&amp;', '', '3']
    """
    text = values.astype("string").fillna("")
    for char, entity in _HTML_ESCAPES:  # "&" first, so entities are not escaped twice
        text = text.str.replace(char, entity, regex=False)
    return text


def _color(value: str) -> str:
    """A CSS hex colour, or grey: colours end up in style attributes."""
    return value if re.fullmatch(r"#[0-9a-fA-F]{3,8}", value or "") else "#666666"


def layer_payload_for(
    layer_id: str, frame: gpd.GeoDataFrame, basemap: str, role: str = "public"
) -> LayerPayload:
    """A layer's payload as ``role`` may see it, in the datum of ``basemap``.

    Only what the map shows travels (name, banner, status); the details panel
    reads the rest from the store when a feature is clicked.
    """
    visible = prepare_for_display(frame, get_layer(layer_id), role)
    keep = [c for c in (FEATURE_ID, *MAP_FIELDS) if c in visible]
    return layer_payload(visible[[*keep, visible.geometry.name]], display_crs(basemap))


def build_layer_groups(
    view: MapView,
    layers: Mapping[str, LayerData],
    *,
    assets: str = "served",
) -> list[folium.FeatureGroup]:
    """One feature group per layer of ``view``, holding only its data's reference.

    ``layers`` hold, per layer id, the payload and the rows the view shows (see
    :mod:`geodata.mapping.payload`); nothing is filtered here. Boundary layers
    (``REFERENCE_LAYERS``) are drawn by the basemap, not here.
    """
    groups = []
    for layer_id in view.layers:
        if layer_id in REFERENCE_LAYERS or layer_id not in layers:
            continue
        group = folium.FeatureGroup(name=layer_title(layer_id, view.lang))
        LayerDataElement.for_layer(layers[layer_id], view.lang).add_to(group)
        if assets == "served":
            localize(group)
        groups.append(group)
    return groups


def inline_layers(
    view: MapView, frames: Mapping[str, gpd.GeoDataFrame], role: str = "public"
) -> dict[str, LayerData]:
    """Each shown layer's frame as inline data (every row shown), for whole maps."""
    return {
        lid: LayerData(lid, layer_payload_for(lid, frame, view.basemap, role))
        for lid, frame in frames.items()
        if lid in view.layers and lid not in REFERENCE_LAYERS
    }


def build_base(
    view: MapView,
    *,
    context: LayerData | None = None,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    legend_layers: tuple[str, ...] | None = None,
    assets: str = "served",
    legend: bool = True,
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
    legend_layers : tuple of str, optional
        Layers listed in the legend (default: ``view.layers``).
    assets : {"served", "inline"}
        Where Leaflet comes from; see :data:`ASSET_MODES`.
    legend : bool
        Whether to add the layer legend (thematic maps bring their own key).
    """
    if assets not in ASSET_MODES:
        raise ValueError(f"assets={assets!r}; use one of {ASSET_MODES}")
    basemap = view.basemap
    if basemap == "tianditu" and not tianditu_key:
        basemap = "offline"
    crs = display_crs(basemap)
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    center = view.center or ((lat_min + lat_max) / 2, (lon_min + lon_max) / 2)
    if crs != "wgs84":
        lon, lat = convert(center[1], center[0], "wgs84", crs)
        center = (float(lat), float(lon))
    fmap = folium.Map(
        location=list(center),
        zoom_start=view.zoom or DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
    )
    # folium hands max_zoom to its default tile layer only; with no tile layer the
    # map itself needs maxZoom (clusters open up to it).
    fmap.options.update(maxZoom=18, minZoom=5)
    fmap.get_root().header.add_child(_MapStyle(), name="gd_style")
    _DataRuntime().add_to(fmap)
    basemaps.add_tiles(fmap, basemap, view.lang, tianditu_key)
    if context is None:
        payload = basemaps.context_payload(
            basemap_data or basemaps.load_basemap_data(), crs
        )
        context = LayerData("admin_areas", payload)
    basemaps.add_offline_basemap(fmap, context, view.lang, fill=basemap == "offline")
    folium.plugins.Fullscreen(position="topleft").add_to(fmap)
    if legend:
        shown = legend_layers or view.layers
        Legend(
            tuple(lid for lid in shown if lid not in REFERENCE_LAYERS), view.lang
        ).add_to(fmap)
    if view.center is None and view.zoom is None:
        fmap.fit_bounds([[lat_min, lon_min], [lat_max, lon_max]])
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
    layers: Mapping[str, LayerData] | None = None,
    context: LayerData | None = None,
) -> folium.Map:
    """Draw ``view`` from ``frames`` (layer id -> WGS84 GeoDataFrame) as one map.

    ``frames`` are the view's features as the store returns them for its query
    (:func:`geodata.storage.base.read_view`); they travel inside the page unless
    ``layers`` (and ``context``) say where they are served. Payloads without a URL
    are filled in by :func:`map_html`; see :func:`inline_payloads`.

    Examples
    --------
    >>> from geodata.view import MapView
    >>> m = build_map(MapView(lang="en"), {}, assets="inline")
    >>> type(m).__name__, len(inline_payloads(m))  # the basemap's own payload
    ('Map', 1)
    """
    fmap = build_base(
        view,
        context=context,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        assets=assets,
    )
    if layers is None:
        layers = inline_layers(view, frames, role)
    for group in build_layer_groups(view, layers, assets=assets):
        group.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    if assets == "served":
        localize(fmap)
    return fmap


def inline_payloads(fmap: folium.Map) -> dict[str, LayerPayload]:
    """The payloads ``fmap`` refers to that have no URL, by digest."""
    found: dict[str, LayerPayload] = {}
    stack = [fmap]
    while stack:
        element = stack.pop()
        data = getattr(element, "data", None)
        if isinstance(data, LayerData) and data.url is None:
            found[data.payload.digest] = data.payload
        stack.extend(element._children.values())
    return found


def map_html(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    role: str = "public",
) -> str:
    """The map of ``view`` as one standalone HTML file that opens with no internet.

    Only the shown features are in it: ``frames`` are the view's query results.
    """
    fmap = build_map(
        view,
        frames,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        assets="inline",
        role=role,
    )
    data = {d: p.data for d, p in inline_payloads(fmap).items()}
    return standalone_html(fmap, data)


def base_view(view: MapView) -> MapView:
    """``view`` without centre and zoom: the dashboard moves those without a reload."""
    return replace(view, center=None, zoom=None)


def all_layers() -> tuple[str, ...]:
    """Every catalog layer id except boundary layers (for legends)."""
    return tuple(lid for lid in LAYER_IDS if lid not in REFERENCE_LAYERS)
