"""A map of incoming features (red) over the current layer, for the upload page."""

from __future__ import annotations

import pandas as pd

import folium
import geopandas as gpd

from geodata.i18n import t
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.render import build_map
from geodata.mapping.safe import html_text
from geodata.view import MapView

#: Incoming features drawn at most; a preview, not the data.
PREVIEW_LIMIT = 2000
_INCOMING = "#e0002a"


def preview_map(
    layer_id: str,
    current: gpd.GeoDataFrame,
    incoming: gpd.GeoDataFrame,
    lang: str,
    *,
    basemap_data: BasemapData | None = None,
    role: str = "steward",
) -> folium.Map:
    """The layer as the map page draws it, plus up to ``PREVIEW_LIMIT`` new features.

    Names are HTML-escaped here: they come straight from an uploaded file.
    """
    fmap = build_map(
        MapView(layers=(layer_id,), lang=lang),
        {layer_id: current},
        basemap_data=basemap_data,
        role=role,
    )
    shown = incoming[~incoming.geometry.isna() & ~incoming.geometry.is_empty]
    if len(shown) > PREVIEW_LIMIT:
        shown = shown.sample(PREVIEW_LIMIT, random_state=0)
    names = shown["name"] if "name" in shown else pd.Series("", index=shown.index)
    frame = gpd.GeoDataFrame(
        {"name": names.map(lambda v: "" if v is None or v != v else html_text(v))},
        geometry=shown.geometry.values,
        crs=4326,
    )
    if not frame.empty:
        overlay = folium.GeoJson(
            frame.to_json(),
            # the overlay's name in the layer switch, which the steward reads
            name=t("upload.preview_incoming", lang),
            style_function=lambda _f: {
                "color": _INCOMING,
                "weight": 3,
                "fillOpacity": 0.3,
            },
            marker=folium.CircleMarker(
                radius=5, fill=True, fill_opacity=0.9, color=_INCOMING
            ),
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        )
        _add_before_controls(fmap, overlay)
        minx, miny, maxx, maxy = frame.total_bounds
        fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


def _add_before_controls(fmap: folium.Map, layer: folium.GeoJson) -> None:
    """Add ``layer`` ahead of the map's layer control.

    A LayerControl's script names every overlay when it runs; an overlay added
    after it is still undefined then, and Leaflet fails on ``setZIndex``.
    """
    controls = {
        name: child
        for name, child in fmap._children.items()
        if isinstance(child, folium.LayerControl)
    }
    for name in controls:
        del fmap._children[name]
    layer.add_to(fmap)
    fmap._children.update(controls)
