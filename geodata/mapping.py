"""Layers -> folium map (no streamlit). The planner-map issue grows this module."""

from __future__ import annotations

import html
from collections.abc import Mapping

import folium
import geopandas as gpd

from geodata.catalog import CITY_BOUNDS, get_layer
from geodata.i18n import layer_title

_TOOLTIP_FIELDS = ("name", "banner")


def _escaped(frame: gpd.GeoDataFrame, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Keep ``columns`` and HTML-escape them: uploaded attributes are hostile."""
    keep = [c for c in columns if c in frame]
    out = frame[[*keep, frame.geometry.name]].copy()
    for column in keep:
        out[column] = out[column].map(lambda v: "" if v is None else html.escape(str(v)))
    return out


def build_map(layers: Mapping[str, gpd.GeoDataFrame], lang: str = "zh") -> folium.Map:
    """Draw each layer with its catalog style, a name tooltip and a layer switch."""
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    fmap = folium.Map(location=[(lat_min + lat_max) / 2, (lon_min + lon_max) / 2],
                      zoom_start=7, tiles="OpenStreetMap")
    for layer_id, frame in layers.items():
        spec = get_layer(layer_id)
        if frame.empty:
            continue
        color = spec.style.color
        folium.GeoJson(
            _escaped(frame, _TOOLTIP_FIELDS).to_json(),
            name=layer_title(spec, lang),
            style_function=lambda _f, c=color, s=spec.style: {
                "color": c, "weight": s.weight, "fillOpacity": s.fill_opacity},
            marker=folium.CircleMarker(radius=6, fill=True, fill_opacity=0.9),
            tooltip=folium.GeoJsonTooltip(fields=list(_TOOLTIP_FIELDS), labels=False),
        ).add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    fmap.fit_bounds([[lat_min, lon_min], [lat_max, lon_max]])
    return fmap
