"""Basemaps: tile servers (OSM, Tianditu, Amap) and an offline basemap of bundled data.

The offline basemap is drawn only from data shipped with the app (the city outline,
the eight banner boundaries from the store, banner seats and the West Liao River), so a
map always has context in a room with no internet. It is the default basemap, and it
stays underneath the tile basemaps too: when no tile server answers, the map still
shows where things are, and a notice says the tiles are missing.

Amap (高德) tiles are in GCJ-02, so overlays are shifted to GCJ-02 for display
(:func:`display_crs`); stored data stays WGS84. Tianditu (天地图) uses CGCS2000, which
agrees with WGS84 to well under a metre, so no shift is needed.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from branca.element import MacroElement

import folium
import geopandas as gpd
import shapely
from folium.template import Template

from geodata.catalog import SAMPLE_DIR
from geodata.coords import convert, convert_geoseries
from geodata.i18n import banner_label, t
from geodata.mapping.payload import (
    LayerData,
    LayerPayload,
    encode,
    shapes_geojson,
)
from geodata.mapping.safe import js_literal
from geodata.storage.base import Store
from geodata.view import BASEMAPS

#: Coordinates are written with this many decimals: 1e-5 degrees is about 1 m.
PRECISION = 5


@dataclass(frozen=True)
class TileSource:
    """One tile layer of a basemap."""

    url: str
    attribution: str
    subdomains: str = "abc"
    overlay: bool = False


@dataclass(frozen=True)
class Basemap:
    """A basemap: its tile sources (none for ``offline``) and its tiles' datum."""

    id: str
    crs: str = "wgs84"
    needs_key: bool = False

    def tiles(self, lang: str, tianditu_key: str = "") -> tuple[TileSource, ...]:
        """Tile sources for ``lang`` (empty for the offline basemap)."""
        if self.id == "osm":
            return (
                TileSource(
                    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                    "&copy; OpenStreetMap contributors",
                    subdomains="",
                ),
            )
        if self.id == "amap":
            amap_lang = "en" if lang == "en" else "zh_cn"
            return (
                TileSource(
                    "https://webrd0{s}.is.autonavi.com/appmaptile?lang="
                    + amap_lang
                    + "&size=1&scale=1&style=8&x={x}&y={y}&z={z}",
                    "&copy; 高德地图 AutoNavi",
                    subdomains="1234",
                ),
            )
        if self.id == "tianditu" and tianditu_key:
            # vec = streets, cva/eva = Chinese/English annotation layer on top.
            note = "eva" if lang == "en" else "cva"
            return tuple(
                TileSource(
                    f"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS"
                    f"&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default"
                    "&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}"
                    f"&TILECOL={{x}}&tk={tianditu_key}",
                    "&copy; 天地图 Tianditu",
                    subdomains="01234567",
                    overlay=layer == note,
                )
                for layer in ("vec", note)
            )
        return ()


_BASEMAPS = {
    "offline": Basemap("offline"),
    "osm": Basemap("osm"),
    "tianditu": Basemap("tianditu", needs_key=True),
    "amap": Basemap("amap", crs="gcj02"),
}
assert tuple(_BASEMAPS) == BASEMAPS, "geodata.view.BASEMAPS and basemaps disagree"


def get_basemap(basemap_id: str) -> Basemap:
    """The basemap called ``basemap_id``; unknown ids fall back to ``offline``."""
    return _BASEMAPS.get(basemap_id, _BASEMAPS["offline"])


def available_basemaps(tianditu_key: str = "") -> tuple[str, ...]:
    """Basemap ids a user may choose: Tianditu only when a key is configured.

    Examples
    --------
    >>> available_basemaps()
    ('offline', 'osm', 'amap')
    """
    return tuple(b.id for b in _BASEMAPS.values() if tianditu_key or not b.needs_key)


def display_crs(basemap_id: str) -> str:
    """The datum overlays must be drawn in to line up with the basemap's tiles.

    Examples
    --------
    >>> display_crs("amap"), display_crs("osm")
    ('gcj02', 'wgs84')
    """
    return get_basemap(basemap_id).crs


def for_display(frame: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """Shift ``frame`` (WGS84) to ``crs`` and round to ~1 m, for drawing only."""
    out = frame.copy()
    geoms = out.geometry
    if crs != "wgs84":
        geoms = convert_geoseries(geoms, "wgs84", crs)
    out[out.geometry.name] = shapely.set_precision(geoms.values, 10**-PRECISION)
    return out


@dataclass(frozen=True)
class BasemapData:
    """Bundled context for the offline basemap (all WGS84)."""

    city_outline: gpd.GeoDataFrame
    banners: gpd.GeoDataFrame
    features: gpd.GeoDataFrame

    def bounds_of(self, names: Sequence[str]) -> tuple[float, float, float, float]:
        """``(lon_min, lat_min, lon_max, lat_max)`` of the named banners (WGS84).

        Unknown names are ignored; with none known, the whole city.
        """
        chosen = self.banners[self.banners["name"].isin(list(names))]
        if chosen.empty:
            chosen = self.banners
        lon_min, lat_min, lon_max, lat_max = (float(v) for v in chosen.total_bounds)
        return lon_min, lat_min, lon_max, lat_max


def _sample(name: str) -> gpd.GeoDataFrame:
    return gpd.read_file(SAMPLE_DIR / name, engine="pyogrio")


def load_basemap_data(store: Store | None = None) -> BasemapData:
    """Read the offline basemap: city outline, banner boundaries, seats and river.

    Banner boundaries come from the store's ``admin_areas`` layer (so a steward's
    update shows), or from the bundled sample when no store is given or it is empty.
    """
    banners = store.read_layer("admin_areas") if store is not None else None
    if banners is None or banners.empty:
        banners = _sample("admin_areas.geojson")
    return BasemapData(
        _sample("city_outline.geojson"), banners, _sample("basemap_features.geojson")
    )


class TileWatch(MacroElement):
    """Shows a notice on the map when the tile server does not answer."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var map = {{ this._parent.get_name() }}, loaded = 0, failed = 0, shown = false;
  function watch(layer){
    if (!(layer instanceof L.TileLayer)) { return; }
    layer.on('tileload', function(){ loaded++; });
    layer.on('tileerror', failedTile);
  }
  function failedTile(){
    failed++;
    if (shown || loaded > 0 || failed < 4) { return; }
    shown = true;
    var box = L.control({position: 'bottomleft'});
    box.onAdd = function(){
      var div = L.DomUtil.create('div', 'gd-tile-notice');
      div.style.cssText = 'background:#fff8e1;padding:4px 8px;'
        + 'border:1px solid #c9a227;';
      div.innerHTML = {{ this.text|tojson }};
      return div;
    };
    box.addTo(map);
  }
  map.eachLayer(watch);
  map.on('layeradd', function(e){ watch(e.layer); });
})();
{% endmacro %}
""")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "TileWatch"
        self.text = html.escape(text)


def add_tiles(
    fmap: folium.Map, basemap_id: str, lang: str, tianditu_key: str = ""
) -> None:
    """Add the tile layers of a basemap (nothing for ``offline``) and the tile watch."""
    sources = get_basemap(basemap_id).tiles(lang, tianditu_key)
    for source in sources:
        kwargs = {"subdomains": source.subdomains} if source.subdomains else {}
        folium.TileLayer(
            source.url,
            attr=source.attribution,
            name=t(f"map.basemap.{basemap_id}", lang),
            overlay=source.overlay,
            control=False,
            max_zoom=18,
            **kwargs,
        ).add_to(fmap)
    if sources:
        TileWatch(t("map.tiles_unreachable", lang)).add_to(fmap)


#: How the offline basemap is drawn (the page's runtime applies these).
CONTEXT_STYLES: dict[str, dict[str, Any]] = {
    "outline": {"color": "#8a7f70", "weight": 1.5, "fillColor": "#f3efe6"},
    "banners": {
        "color": "#5b6770",
        "weight": 1.5,
        "fill": True,
        "fillOpacity": 0.0,
        "dashArray": "4 3",
    },
    "river": {"color": "#5dade2", "weight": 3},
    "seat": {
        "radius": 3.5,
        "color": "#444",
        "fill": True,
        "fillOpacity": 1,
        "weight": 1,
        "interactive": False,
    },
}


def context_payload(data: BasemapData, crs: str = "wgs84") -> LayerPayload:
    """The offline basemap as one payload drawn in datum ``crs``.

    City outline, banner boundaries (with names for tooltips and labels in both
    languages), the river and the banner seats with their names; a seat named
    like its banner (霍林郭勒市 is both) is not labelled, the banner's name says
    it. Build it once per boundary version and datum.

    Examples
    --------
    >>> from geodata.mapping.payload import decode
    >>> header, _ = decode(context_payload(load_basemap_data()).data)
    >>> header["kind"], len(header["banners"]["features"]), header["labels"][0][3]
    ('context', 8, 'Horqin District')
    >>> [s[2] for s in header["seats"] if not s[4]]
    ['霍林郭勒市']
    """
    banners = data.banners
    names = banners["name"].astype("string").fillna("").tolist()
    spots = banners.geometry.representative_point()
    lon, lat = _in_datum(spots.x.to_numpy(), spots.y.to_numpy(), crs)
    features = data.features
    rivers = features[features["kind"] == "river"]
    seats = features[features["kind"] == "seat"]
    slon, slat = _in_datum(
        seats.geometry.x.to_numpy(), seats.geometry.y.to_numpy(), crs
    )
    header = {
        "v": 1,
        "kind": "context",
        "outline": shapes_geojson(data.city_outline, crs, {}),
        "banners": shapes_geojson(
            banners,
            crs,
            {"zh": names, "en": [banner_label(n, "en") for n in names]},
        ),
        "labels": [
            [x, y, n, banner_label(n, "en")]
            for x, y, n in zip(lon, lat, names, strict=True)
        ],
        "river": shapes_geojson(rivers, crs, {}),
        "seats": [
            [x, y, str(zh), str(en), str(zh) not in set(names)]
            for x, y, zh, en in zip(
                slon, slat, seats["name_zh"], seats["name_en"], strict=True
            )
        ],
    }
    return LayerPayload(encode(header, {}), np.array([], dtype=object), 0)


def _in_datum(lon: np.ndarray, lat: np.ndarray, crs: str) -> tuple[list, list]:
    if crs != "wgs84":
        lon, lat = convert(lon, lat, "wgs84", crs)
    return (
        np.round(np.asarray(lon, dtype=float), PRECISION).tolist(),
        np.round(np.asarray(lat, dtype=float), PRECISION).tolist(),
    )


class ContextLayers(MacroElement):
    """Asks the page's runtime to draw the offline basemap into its groups."""

    _template = Template("""
{% macro script(this, kwargs) %}
gdData.context({{ this._parent.get_name() }}, {{ this.banners.get_name() }},
               {{ this.context.get_name() }}, {{ this.spec }});
{% endmacro %}
""")

    def __init__(
        self,
        data: LayerData,
        banners: folium.FeatureGroup,
        context: folium.FeatureGroup,
        spec: str,
    ) -> None:
        super().__init__()
        self._name = "ContextLayers"
        self.data, self.banners, self.context, self.spec = data, banners, context, spec


def add_offline_basemap(
    fmap: folium.Map, data: LayerData, lang: str, *, fill: bool = True
) -> None:
    """Draw the bundled context: city, banner boundaries with labels, river, seats.

    ``data`` is :func:`context_payload`'s payload and where it is served (the
    page fetches and draws it). ``fill`` paints the land (for the offline
    basemap, where nothing else is below); over tiles only lines and labels.
    Names are placed by the map's runtime around symbols and each other.
    """
    banners = folium.FeatureGroup(name=t("map.banner_boundaries", lang), control=True)
    context = folium.FeatureGroup(name=t("map.basemap.context", lang), control=True)
    banners.add_to(fmap)
    context.add_to(fmap)
    styles = {
        **CONTEXT_STYLES,
        "outline": {
            **CONTEXT_STYLES["outline"],
            "fillOpacity": 1 if fill else 0,
            "interactive": False,
        },
    }
    spec = js_literal(
        {
            "src": {"digest": data.payload.digest, "url": data.url},
            "lang": lang,
            "styles": styles,
            "failed": t("map.data_failed", lang),
        }
    )
    ContextLayers(data, banners, context, spec).add_to(fmap)
