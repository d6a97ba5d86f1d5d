"""Map views -> folium maps (no streamlit).

:func:`build_map` draws a :class:`~geodata.view.MapView` (layers, filters, basemap,
centre, zoom, language) from the frames the store returned for it. The dashboard
uses the two halves separately: :func:`build_base` (basemap, boundaries, legend,
controls), which changes only with the basemap or language, and
:func:`build_layer_groups`, passed to streamlit-folium as ``feature_group_to_add``
so a filter change swaps the layers in place instead of reloading the map.

How layer data reaches the page is in one place, :class:`CompactPoints` and its
decoder: point layers are sent as one compact array per layer (integer offsets of
~1 m, the name, and small dictionaries for banner and status), ~15x smaller than a
GeoJSON of every attribute at full precision. Lines and polygons are GeoJSON with
only the properties the map shows, rounded to ~1 m. Every attribute value is
HTML-escaped in Python before it reaches the page, so a name like
``<img src=x onerror=...>`` shows as text.

What the map does with them is elsewhere: symbols and legend rows in
:mod:`geodata.mapping.symbols`, clustering, legend, labels and presenter behaviour
in the browser runtime (:mod:`geodata.mapping.runtime`, ``mapping/js/gd-map.js``).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from branca.element import MacroElement

import folium
import folium.plugins
import geopandas as gpd
import shapely
from folium.template import Template

from geodata.catalog import CITY_BOUNDS, LayerSpec, get_layer
from geodata.coords import convert
from geodata.display import prepare_for_display
from geodata.extent import fit_bounds
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.mapping import basemaps
from geodata.mapping.assets import localize, standalone_html
from geodata.mapping.basemaps import PRECISION, BasemapData, display_crs, for_display
from geodata.mapping.picking import details_html
from geodata.mapping.runtime import LegendRow, MapRuntime, SlideExtent
from geodata.mapping.safe import html_text, html_texts
from geodata.mapping.symbols import (
    base_entries,
    legend_entry,
    present_statuses,
    shape_style,
    symbol,
)
from geodata.view import REFERENCE_LAYERS, MapView

__all__ = [
    "ASSET_MODES",
    "base_view",
    "build_base",
    "build_layer_groups",
    "build_map",
    "map_html",
    "offline_map",
    "slide_group",
]

#: ``served``: assets from the app's static folder; ``inline``: inside the HTML
#: (standalone export); ``cdn``: folium's defaults (only for comparison benchmarks).
ASSET_MODES: tuple[str, ...] = ("served", "inline", "cdn")
#: Properties the map itself shows (tooltip, popup); the details panel reads the rest.
MAP_FIELDS: tuple[str, ...] = ("name", "banner", "status", "year")
DEFAULT_ZOOM = 8
#: A map of about this size (CSS pixels) shows the whole city at the default view.
CITY_PIXELS = (640, 540)
_SCALE = 10**PRECISION


class CompactPoints(MacroElement):
    """Point features of one layer as compact arrays, decoded into markers in the page.

    ``data`` holds the origin ``x0``/``y0`` and the offsets ``c`` (in 1e-5 degree
    integers, ~1 m), escaped names ``n``, banner/status as indices into small
    label lists ``B``/``S`` (``K`` the status ids), and with ``details`` the
    escaped attribute rows ``D`` (standalone HTML, which has no panel beside the
    map). See :func:`_compact`. Popups are built on demand; the markers go to the
    map's one cluster group (``geodata.mapping.runtime``).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var d = {{ this.data }}, style = {{ this.style }};
  var nb = d.R.length, x = d.x0;
  function banner(i){ var b = d.b[i]; return b >= nb ? b - nb : b; }
  function popup(layer){
    var i = layer.options.gdIndex, p = '<b>' + layer.options.gdName + '</b>';
    if (d.D) { return p + d.D[i]; }  // every attribute, once, under the name
    if (d.b.length) { p += '<br>' + d.B[banner(i)]; }
    if (d.s.length) { p += ' · ' + d.S[d.s[i]]; }
    return p + '<br><small>' + d.h + '</small>';
  }
  var markers = new Array(d.n.length);
  for (var i = 0; i < d.n.length; i++) {
    x += d.c[2 * i];
    var name = (d.b.length && d.b[i] >= nb ? d.R[d.b[i] - nb] : '') + d.n[i];
    var status = d.s.length ? d.K[d.s[i]] : '';
    var m = L.marker([(d.y0 + d.c[2 * i + 1]) / {{ this.scale }}, x / {{ this.scale }}],
                     {icon: gd.icon(style, status), gdIndex: i, gdName: name,
                      gdStatus: status});
    m.bindTooltip(name);
    m.bindPopup(popup);
    markers[i] = m;
  }
  gd.points({{ this._parent.get_name() }}, markers, style.color);
})();
{% endmacro %}
""")

    def __init__(
        self,
        frame: gpd.GeoDataFrame,
        spec: LayerSpec,
        lang: str,
        details: Sequence[str] | None = None,
    ) -> None:
        super().__init__()
        self._name = "CompactPoints"
        self.style = json.dumps({"color": spec.style.color, "symbol": symbol(spec)})
        self.scale = _SCALE
        self.data = _compact(frame, lang, details)


def _codes(
    values: pd.Series, field: str, lang: str
) -> tuple[np.ndarray, list[str], list[str]]:
    """Dictionary-encode ``values``: codes, escaped raw values, escaped labels."""
    codes, uniques = pd.factorize(values.astype("string").fillna(""), sort=True)
    raw = [html_text(u) for u in uniques]
    labels = [
        html_text(value_label(field, u, lang)) if u != "" else "" for u in uniques
    ]
    return codes, raw, labels


def _compact(
    frame: gpd.GeoDataFrame, lang: str, details: Sequence[str] | None = None
) -> str:
    """The JS literal for :class:`CompactPoints`.

    Points are sorted west to east so longitudes can be sent as small deltas;
    latitudes are offsets from the southernmost point, all in 1e-5 degrees. Names
    that start with their feature's banner (``奈曼旗…``, common in agencies' lists)
    are sent without it: the banner code is then shifted by the number of banners.
    ``details`` (escaped HTML, one per row of ``frame``) travel only when given.
    """
    xs = np.rint(shapely.get_x(frame.geometry.values) * _SCALE).astype(np.int64)
    order = np.argsort(xs, kind="stable")
    frame, xs = frame.iloc[order], xs[order]
    ys = np.rint(shapely.get_y(frame.geometry.values) * _SCALE).astype(np.int64)
    x0, y0 = (int(xs[0]), int(ys.min())) if len(xs) else (0, 0)
    offsets = np.column_stack([np.diff(xs, prepend=x0), ys - y0]).ravel()
    names = html_texts(frame["name"])
    data: dict[str, Any] = {
        "x0": x0,
        "y0": y0,
        "h": html.escape(t("map.popup_hint", lang)),
        "b": [],
        "B": [],
        "R": [],
        "s": [],
        "S": [],
        "K": [],
    }
    if details is not None:
        data["D"] = [details[i] for i in order]
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
        codes, data["K"], data["S"] = _codes(frame["status"], "status", lang)
        data["s"] = codes.tolist()
    data["n"] = names.tolist()
    # ensure_ascii=False: Chinese as 3 UTF-8 bytes, not 6 of \\uXXXX. Values are
    # escaped (safe.html_text), so none holds "<" or "{": the literal can neither
    # close the script tag nor be read as a template.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return body[:-1] + ',"c":[' + ",".join(map(str, offsets.tolist())) + "]}"


def _shape_layer(
    frame: gpd.GeoDataFrame,
    spec: LayerSpec,
    lang: str,
    details: Sequence[str] | None = None,
) -> folium.GeoJson:
    keep = [c for c in MAP_FIELDS if c in frame]
    out = frame[[*keep, frame.geometry.name]].copy()
    for column in keep:
        out[column] = html_texts(out[column])
    # the status id stays for the line style; its label is what the tooltip shows
    out["_status"] = frame["status"] if "status" in frame else None
    if "status" in out:
        out["status"] = [
            html_text(value_label("status", html.unescape(v), lang)) if v else ""
            for v in out["status"]
        ]
    if "banner" in out:
        out["banner"] = [
            html_text(banner_label(html.unescape(v), lang)) if v else ""
            for v in out["banner"]
        ]
    tooltip_fields = [c for c in ("name", "banner", "status") if c in out]
    popup = None
    if details is not None:
        out["_details"] = list(details)
        popup = folium.GeoJsonPopup(fields=["_details"], labels=False)
    return folium.GeoJson(
        json.loads(out.to_json(drop_id=True)),
        style_function=lambda f, s=spec: shape_style(s, f["properties"]["_status"]),
        highlight_function=lambda _f: {"weight": 6},
        tooltip=folium.GeoJsonTooltip(fields=tooltip_fields, labels=False),
        popup=popup,
    )


def _view_frames(
    view: MapView, frames: Mapping[str, gpd.GeoDataFrame]
) -> dict[str, gpd.GeoDataFrame]:
    return {lid: frames[lid] for lid in view.layers if lid in frames}


def _kind(shown: gpd.GeoDataFrame) -> str:
    kinds = set(shown.geom_type.str.replace("Multi", "", regex=False))
    if "Point" in kinds:
        return "point"
    return "line" if kinds == {"LineString"} else "area"


def build_layer_groups(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    role: str = "public",
    assets: str = "served",
    details: bool = False,
) -> list[folium.FeatureGroup]:
    """One feature group per layer of ``view``, in display datum, with its legend row.

    ``frames`` hold the features the view shows: the store answered the view's
    query (:func:`geodata.storage.base.read_view`); nothing is filtered here. Boundary
    layers (``REFERENCE_LAYERS``) are drawn by the basemap, not here. With
    ``assets="served"`` the groups point at the app's own copies of their plugins
    (streamlit-folium loads each group's JS and CSS links). ``details`` puts every
    attribute in the popups (standalone HTML, which has no panel beside the map).
    """
    crs = display_crs(view.basemap)
    groups = []
    for order, (layer_id, frame) in enumerate(_view_frames(view, frames).items()):
        if layer_id in REFERENCE_LAYERS or frame.empty:
            continue  # boundaries are the basemap's; an empty layer has no legend row
        spec = get_layer(layer_id)
        group = folium.FeatureGroup(name=layer_title(spec, view.lang))
        visible = prepare_for_display(frame, spec, role)
        rows = details_html(layer_id, visible, view.lang) if details else None
        # Only what the map shows travels to the browser; the panel reads the rest.
        keep = [c for c in MAP_FIELDS if c in visible]
        shown = for_display(visible[[*keep, visible.geometry.name]], crs)
        is_point = (shown.geom_type == "Point").to_numpy()
        statuses = present_statuses(shown["status"]) if "status" in shown else ()
        entry = legend_entry(spec, order, _kind(shown), statuses, view.lang)
        LegendRow(entry).add_to(group)

        def part(mask, rows=rows):
            return (
                None
                if rows is None
                else [r for r, m in zip(rows, mask, strict=True) if m]
            )

        if is_point.any():
            CompactPoints(shown[is_point], spec, view.lang, part(is_point)).add_to(
                group
            )
        if (~is_point).any():
            _shape_layer(shown[~is_point], spec, view.lang, part(~is_point)).add_to(
                group
            )
        if assets == "served":
            localize(group)
        groups.append(group)
    return groups


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
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    assets: str = "served",
    projector: bool = False,
    fill: bool = False,
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
    assets : {"served", "inline", "cdn"}
        Where Leaflet comes from; see :data:`ASSET_MODES`.
    projector : bool
        Presenter mode: symbols, labels and legend sized for a room, arrow keys
        step slides, fractional zoom so a slide's extent fills the screen.
    fill : bool
        The map fills its frame (the page sets the frame's height).

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
    # map itself needs maxZoom, or MarkerCluster throws "Map has no maxZoom".
    fmap.options.update(maxZoom=18, minZoom=5)
    if projector:
        fmap.options.update(zoomSnap=0.25, zoomDelta=0.5)
    MapRuntime(
        view.lang, projector=projector, fill=fill, base=base_entries(view.lang)
    ).add_to(fmap)
    basemaps.add_tiles(fmap, basemap, view.lang, tianditu_key)
    basemaps.add_offline_basemap(
        fmap,
        basemap_data or basemaps.load_basemap_data(),
        view.lang,
        crs,
        fill=basemap == "offline",
    )
    folium.plugins.Fullscreen(
        position="topleft",
        title=t("map.control.fullscreen", view.lang),
        title_cancel=t("map.control.fullscreen_exit", view.lang),
    ).add_to(fmap)
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
) -> folium.Map:
    """Draw ``view`` from ``frames`` (layer id -> WGS84 GeoDataFrame) as one map.

    ``frames`` are the view's features as the store returns them for its query
    (:func:`geodata.storage.base.read_view`); ``details`` puts every attribute in
    the popups.

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
    groups = build_layer_groups(view, frames, role=role, assets=assets, details=details)
    for group in groups:
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
) -> folium.Map:
    """The map for a standalone file: assets inlined, every attribute in popups.

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
    )


def map_html(
    view: MapView,
    frames: Mapping[str, gpd.GeoDataFrame],
    *,
    basemap_data: BasemapData | None = None,
    tianditu_key: str = "",
    role: str = "public",
) -> str:
    """The map of ``view`` as one standalone HTML file that opens with no internet.

    The offline report (:mod:`geodata.mapping.report`) adds title and figures.
    """
    fmap = offline_map(
        view, frames, basemap_data=basemap_data, tianditu_key=tianditu_key, role=role
    )
    return standalone_html(fmap)


def base_view(view: MapView) -> MapView:
    """``view`` without centre and zoom: the dashboard moves those without a reload."""
    return replace(view, center=None, zoom=None)
