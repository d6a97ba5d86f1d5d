"""A map of incoming features (red) over the current layer, for the upload page."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

import folium
import geopandas as gpd

from geodata.i18n import t
from geodata.mapping.basemaps import BasemapData
from geodata.mapping.payload import LayerData, LayerPayload, layer_payload
from geodata.mapping.render import LayerDataElement, build_map, layer_payload_for
from geodata.view import MapView

#: Incoming features drawn at most; a preview, not the data.
PREVIEW_LIMIT = 2000
_INCOMING = "#e0002a"
#: Where a payload is served (``None``: inside the page, standalone HTML only).
Publish = Callable[[LayerPayload], "str | None"]


def preview_map(
    layer_id: str,
    current: gpd.GeoDataFrame,
    incoming: gpd.GeoDataFrame,
    lang: str,
    *,
    basemap_data: BasemapData | None = None,
    role: str = "steward",
    publish: Publish | None = None,
    context: LayerData | None = None,
) -> folium.Map:
    """The layer as the map page draws it, plus up to ``PREVIEW_LIMIT`` new features.

    Names from the uploaded file travel as data and show as text. ``publish``
    says where each payload is served (the upload page publishes them).
    """
    place = publish or (lambda _p: None)
    payload = layer_payload_for(layer_id, current, "offline", role)
    fmap = build_map(
        MapView(layers=(layer_id,), lang=lang),
        {layer_id: current},
        basemap_data=basemap_data,
        layers={layer_id: LayerData(layer_id, payload, url=place(payload))},
        context=context,
    )
    shown = incoming[~incoming.geometry.isna() & ~incoming.geometry.is_empty]
    if len(shown) > PREVIEW_LIMIT:
        shown = shown.sample(PREVIEW_LIMIT, random_state=0)
    names = shown["name"] if "name" in shown else pd.Series(None, index=shown.index)
    if not shown.empty:
        frame = gpd.GeoDataFrame(
            {"name": names.to_numpy(dtype=object)},
            geometry=shown.geometry.to_crs(4326).values,
            crs=4326,
        )
        new = layer_payload(frame)
        # the overlay's name in the layer switch, which the steward reads
        group = folium.FeatureGroup(name=t("upload.preview_incoming", lang))
        LayerDataElement(
            LayerData("incoming", new, url=place(new)),
            lang,
            color=_INCOMING,
            symbol="●",
            styles={"": {"color": _INCOMING, "weight": 3, "fillOpacity": 0.3}},
            circles={"radius": 5, "fill": True, "fillOpacity": 0.9, "color": _INCOMING},
        ).add_to(group)
        _add_before_controls(fmap, group)
        minx, miny, maxx, maxy = frame.total_bounds
        fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


def _add_before_controls(fmap: folium.Map, layer: folium.FeatureGroup) -> None:
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
