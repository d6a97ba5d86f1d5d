"""Map views -> folium maps (no streamlit).

:func:`build_map` draws a :class:`~geodata.view.MapView` (layers, filters, basemap,
centre, zoom, language) from the frames the store returned for it. The dashboard
uses the two halves separately: :func:`build_base` (basemap, boundaries, legend,
controls), which changes only with the basemap or language, and
:func:`build_layer_groups`, passed to streamlit-folium as ``feature_group_to_add``
so a filter change swaps the layers in place instead of reloading the map.

Point layers are sent as one compact array per layer (integer offsets of ~1 m, the
name, and small dictionaries for banner and status) drawn by a client-side callback
into a MarkerCluster, as folium's FastMarkerCluster does; that is ~15x smaller than a
GeoJSON of every attribute at full precision. Lines and polygons are GeoJSON with only
the properties the map shows, rounded to ~1 m. Every attribute value is HTML-escaped
in Python before it reaches the page, so a name like ``<img src=x onerror=...>``
shows as text.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from branca.element import Element, MacroElement

import folium
import folium.plugins
import geopandas as gpd
import shapely
from folium.elements import JSCSSMixin
from folium.template import Template

from geodata.catalog import CITY_BOUNDS, LAYER_IDS, LayerSpec, get_layer
from geodata.coords import convert
from geodata.display import prepare_for_display
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.mapping import basemaps
from geodata.mapping.assets import localize, standalone_html
from geodata.mapping.basemaps import PRECISION, BasemapData, display_crs, for_display
from geodata.view import REFERENCE_LAYERS, MapView

__all__ = [
    "ASSET_MODES",
    "all_layers",
    "base_view",
    "build_base",
    "build_layer_groups",
    "build_map",
    "map_html",
]

#: ``served``: assets from the app's static folder; ``inline``: inside the HTML
#: (standalone export); ``cdn``: folium's defaults (only for comparison benchmarks).
ASSET_MODES: tuple[str, ...] = ("served", "inline", "cdn")
#: Properties the map itself shows (tooltip, popup); the details panel reads the rest.
MAP_FIELDS: tuple[str, ...] = ("name", "banner", "status", "year")
DEFAULT_ZOOM = 8
_SCALE = 10**PRECISION
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
</style>
""")


class _Plugins(JSCSSMixin):
    """Declares the cluster plugin on the base map, so swapped-in layers find it."""

    _template = Template("")
    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css


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


class CompactPoints(JSCSSMixin):
    """Point features of one layer as compact arrays, clustered on the client.

    ``data`` holds the origin ``x0``/``y0`` and the offsets ``c`` (in 1e-5 degree
    integers, ~1 m), escaped names ``n``, and banner/status as indices into small
    label lists ``B``/``S`` (see :func:`_compact`). Popups are built on demand, so
    100k points cost one marker object each and nothing more until clicked.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var d = {{ this.data }};
  var icon = L.divIcon({html: {{ this.icon|tojson }}, className: 'gd-sym',
                        iconSize: [18, 18], iconAnchor: [9, 9]});
  var group = L.markerClusterGroup({chunkedLoading: true, maxClusterRadius: 30,
                                    disableClusteringAtZoom: 13,
                                    showCoverageOnHover: false});
  var nb = d.R.length, x = d.x0;
  function banner(i){ var b = d.b[i]; return b >= nb ? b - nb : b; }
  function popup(layer){
    var i = layer.options.gdIndex, p = '<b>' + layer.options.gdName + '</b>';
    if (d.b.length) { p += '<br>' + d.B[banner(i)]; }
    if (d.s.length) { p += ' · ' + d.S[d.s[i]]; }
    return p + '<br><small>' + d.h + '</small>';
  }
  var markers = new Array(d.n.length);
  for (var i = 0; i < d.n.length; i++) {
    x += d.c[2 * i];
    var name = (d.b.length && d.b[i] >= nb ? d.R[d.b[i] - nb] : '') + d.n[i];
    var m = L.marker([(d.y0 + d.c[2 * i + 1]) / {{ this.scale }}, x / {{ this.scale }}],
                     {icon: icon, gdIndex: i, gdName: name});
    m.bindTooltip(name);
    m.bindPopup(popup);
    markers[i] = m;
  }
  group.addLayers(markers);
  {{ this._parent.get_name() }}.addLayer(group);
})();
{% endmacro %}
""")
    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css

    def __init__(self, frame: gpd.GeoDataFrame, spec: LayerSpec, lang: str) -> None:
        super().__init__()
        self._name = "CompactPoints"
        symbol = html.escape(spec.style.symbol or _DEFAULT_SYMBOL)
        self.icon = f'<span style="color:{spec.style.color}">{symbol}</span>'
        self.scale = _SCALE
        self.data = _compact(frame, lang)


_HTML_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("'", "&#x27;"),
)


def _escaped(values: pd.Series) -> pd.Series:
    """``html.escape`` of every value as strings (missing -> ""), vectorised.

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


def _codes(
    values: pd.Series, field: str, lang: str
) -> tuple[np.ndarray, list[str], list[str]]:
    """Dictionary-encode ``values``: codes, escaped raw values, escaped labels."""
    codes, uniques = pd.factorize(values.astype("string").fillna(""), sort=True)
    raw = [html.escape(str(u)) for u in uniques]
    labels = [
        html.escape(value_label(field, u, lang)) if u != "" else "" for u in uniques
    ]
    return codes, raw, labels


def _compact(frame: gpd.GeoDataFrame, lang: str) -> str:
    """The JS literal for :class:`CompactPoints`.

    Points are sorted west to east so longitudes can be sent as small deltas;
    latitudes are offsets from the southernmost point, all in 1e-5 degrees. Names
    that start with their feature's banner (``奈曼旗…``, common in agencies' lists)
    are sent without it: the banner code is then shifted by the number of banners.
    """
    xs = np.rint(shapely.get_x(frame.geometry.values) * _SCALE).astype(np.int64)
    order = np.argsort(xs, kind="stable")
    frame, xs = frame.iloc[order], xs[order]
    ys = np.rint(shapely.get_y(frame.geometry.values) * _SCALE).astype(np.int64)
    x0, y0 = (int(xs[0]), int(ys.min())) if len(xs) else (0, 0)
    offsets = np.column_stack([np.diff(xs, prepend=x0), ys - y0]).ravel()
    names = _escaped(frame["name"])
    data: dict[str, Any] = {
        "x0": x0,
        "y0": y0,
        "h": html.escape(t("map.popup_hint", lang)),
        "b": [],
        "B": [],
        "R": [],
        "s": [],
        "S": [],
    }
    if "banner" in frame and frame["banner"].notna().any():
        codes, raw, data["B"] = _codes(frame["banner"], "banner", lang)
        data["R"] = raw
        # pyarrow kernels over the whole column, once per banner (a handful).
        text = pa.array(names.to_numpy(dtype=object), type=pa.string())
        lengths = pc.utf8_length(text).to_numpy(zero_copy_only=False)
        for code, prefix in enumerate(raw):
            if not prefix:
                continue
            starts = pc.starts_with(text, prefix).to_numpy(zero_copy_only=False)
            hit = (codes == code) & (lengths > len(prefix)) & starts
            text = pc.if_else(
                pa.array(hit), pc.utf8_slice_codeunits(text, len(prefix)), text
            )
            codes[hit] += len(raw)
        names = pd.Series(text.to_pylist())
        data["b"] = codes.tolist()
    if "status" in frame and frame["status"].notna().any():
        codes, _, data["S"] = _codes(frame["status"], "status", lang)
        data["s"] = codes.tolist()
    data["n"] = names.tolist()
    # ensure_ascii=False: Chinese as 3 UTF-8 bytes, not 6 of \\uXXXX. Values are
    # HTML-escaped, so none holds "<" and the literal cannot close the script tag.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return body[:-1] + ',"c":[' + ",".join(map(str, offsets.tolist())) + "]}"


def _shape_layer(frame: gpd.GeoDataFrame, spec: LayerSpec, lang: str) -> folium.GeoJson:
    keep = [c for c in MAP_FIELDS if c in frame]
    out = frame[[*keep, frame.geometry.name]].copy()
    for column in keep:
        out[column] = _escaped(out[column])
    if "status" in out:
        out["status"] = [
            html.escape(value_label("status", html.unescape(v), lang)) if v else ""
            for v in out["status"]
        ]
    if "banner" in out:
        out["banner"] = [
            banner_label(html.unescape(v), lang) if v else "" for v in out["banner"]
        ]
    style = spec.style
    tooltip_fields = [c for c in ("name", "banner", "status") if c in out]
    return folium.GeoJson(
        json.loads(out.to_json(drop_id=True)),
        style_function=lambda _f, s=style: {
            "color": s.color,
            "weight": s.weight,
            "fillColor": s.color,
            "fillOpacity": s.fill_opacity,
        },
        highlight_function=lambda _f: {"weight": 6},
        tooltip=folium.GeoJsonTooltip(fields=tooltip_fields, labels=False),
    )


def _view_frames(
    view: MapView, frames: Mapping[str, gpd.GeoDataFrame]
) -> dict[str, gpd.GeoDataFrame]:
    return {lid: frames[lid] for lid in view.layers if lid in frames}


def build_layer_groups(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    role: str = "public",
    assets: str = "served",
) -> list[folium.FeatureGroup]:
    """One feature group per layer of ``view``, in display datum.

    ``frames`` hold the features the view shows: the store answered the view's
    query (:func:`geodata.storage.base.read_view`); nothing is filtered here. Boundary
    layers (``REFERENCE_LAYERS``) are drawn by the basemap, not here. With
    ``assets="served"`` the groups point at the app's own copies of their plugins
    (streamlit-folium loads each group's JS and CSS links).
    """
    crs = display_crs(view.basemap)
    groups = []
    for layer_id, frame in _view_frames(view, frames).items():
        if layer_id in REFERENCE_LAYERS:
            continue
        spec = get_layer(layer_id)
        group = folium.FeatureGroup(name=layer_title(spec, view.lang))
        visible = prepare_for_display(frame, spec, role)
        # Only what the map shows travels to the browser; the panel reads the rest.
        keep = [c for c in MAP_FIELDS if c in visible]
        shown = for_display(visible[[*keep, visible.geometry.name]], crs)
        is_point = shown.geom_type == "Point"
        if is_point.any():
            CompactPoints(shown[is_point], spec, view.lang).add_to(group)
        if (~is_point).any():
            _shape_layer(shown[~is_point], spec, view.lang).add_to(group)
        if assets == "served":
            localize(group)
        groups.append(group)
    return groups


def build_base(
    view: MapView,
    *,
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
    basemap_data : BasemapData, optional
        Offline basemap; the bundled sample when not given.
    tianditu_key : str
        Key for Tianditu tiles; without it a ``tianditu`` view falls back to offline.
    legend_layers : tuple of str, optional
        Layers listed in the legend (default: ``view.layers``).
    assets : {"served", "inline", "cdn"}
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
    # maxZoom is required when there is no tile layer, or MarkerCluster throws.
    fmap = folium.Map(
        location=list(center),
        zoom_start=view.zoom or DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
    )
    # folium hands max_zoom to its default tile layer only; with no tile layer the
    # map itself needs maxZoom, or MarkerCluster throws "Map has no maxZoom".
    fmap.options.update(maxZoom=18, minZoom=5)
    fmap.get_root().header.add_child(_MapStyle(), name="gd_style")
    basemaps.add_tiles(fmap, basemap, view.lang, tianditu_key)
    basemaps.add_offline_basemap(
        fmap,
        basemap_data or basemaps.load_basemap_data(),
        view.lang,
        crs,
        fill=basemap == "offline",
    )
    _Plugins().add_to(fmap)
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
) -> folium.Map:
    """Draw ``view`` from ``frames`` (layer id -> WGS84 GeoDataFrame) as one map.

    ``frames`` are the view's features as the store returns them for its query
    (:func:`geodata.storage.base.read_view`).

    Examples
    --------
    >>> from geodata.view import MapView
    >>> m = build_map(MapView(lang="en"), {}, assets="inline")
    >>> type(m).__name__
    'Map'
    """
    fmap = build_base(
        view, basemap_data=basemap_data, tianditu_key=tianditu_key, assets=assets
    )
    for group in build_layer_groups(view, frames, role=role, assets=assets):
        group.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    if assets == "served":
        localize(fmap)
    return fmap


def map_html(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    role: str = "public",
) -> str:
    """The map of ``view`` as one standalone HTML file that opens with no internet."""
    fmap = build_map(
        view,
        frames,
        basemap_data=basemap_data,
        tianditu_key=tianditu_key,
        assets="inline",
        role=role,
    )
    return standalone_html(fmap)


def base_view(view: MapView) -> MapView:
    """``view`` without centre and zoom: the dashboard moves those without a reload."""
    return replace(view, center=None, zoom=None)


def all_layers() -> tuple[str, ...]:
    """Every catalog layer id except boundary layers (for legends)."""
    return tuple(lid for lid in LAYER_IDS if lid not in REFERENCE_LAYERS)
