"""Counts per grid cell as a map layer: one numbered dot per cell (no streamlit).

Drawn when a layer has more features in view than the map may carry
(:func:`geodata.mapping.screen.load_for_screen`): each cell's dot sits at the mean
position of its features, sized by the count and labelled with it, in the
layer's colour. The data is a compact array of ``[lat, lng, n]`` read by one
script, so a few hundred cells cost a few kilobytes. Cells carry counts only,
never a feature's attributes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd
from branca.element import MacroElement

import folium
import geopandas as gpd
import shapely
from folium.template import Template

from geodata.catalog import get_layer
from geodata.i18n import layer_title, t
from geodata.mapping.assets import localize
from geodata.mapping.basemaps import PRECISION, display_crs, for_display
from geodata.mapping.payload import LayerData
from geodata.mapping.render import build_layer_groups, inline_layers
from geodata.mapping.runtime import LegendRow
from geodata.mapping.screen import LayerLoad
from geodata.mapping.symbols import legend_entry
from geodata.view import REFERENCE_LAYERS, MapView


class CountCells(MacroElement):
    """Numbered dots for ``[lat, lng, n]`` rows, added to the parent group."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var rows = {{ this.data }};
  var top = Math.max.apply(null, rows.map(function (r) { return r[2]; }).concat([1]));
  rows.forEach(function (r) {
    var size = Math.round(18 + 22 * Math.sqrt(r[2] / top));
    var label = r[2] >= 10000 ? Math.round(r[2] / 1000) + "k" : String(r[2]);
    L.marker([r[0], r[1]], {
      icon: L.divIcon({
        className: "gd-cell",
        html: '<div style="width:' + size + 'px;height:' + size + 'px;line-height:'
          + size + 'px;background:{{ this.color }};border-radius:50%;color:#fff;'
          + 'font:600 11px sans-serif;text-align:center;opacity:.85;'
          + 'border:2px solid #fff;box-sizing:border-box">' + label + '</div>',
        iconSize: [size, size]
      }),
      title: {{ this.tip }} + r[2]
    }).addTo({{ this._parent.get_name() }});
  });
})();
{% endmacro %}
""")

    def __init__(self, rows: list[list[float]], color: str, tip: str) -> None:
        super().__init__()
        self._name = "CountCells"
        self.data = json.dumps(rows, separators=(",", ":"))
        self.color = color if color.startswith("#") else "#555"
        self.tip = json.dumps(tip, ensure_ascii=False)


def cell_rows(cells: pd.DataFrame, basemap: str) -> list[list[float]]:
    """``[lat, lng, n]`` per cell in the basemap's display datum, rounded ~1 m.

    Examples
    --------
    >>> cells = pd.DataFrame({"ix": [0], "iy": [0], "n": [7], "lon": [122.123456789],
    ...                       "lat": [43.5]})
    >>> cell_rows(cells, "offline")
    [[43.5, 122.12346, 7]]
    """
    if cells.empty:
        return []
    points = gpd.GeoDataFrame(
        {"n": cells["n"].to_numpy()},
        geometry=shapely.points(cells["lon"].to_numpy(), cells["lat"].to_numpy()),
        crs=4326,
    )
    shown = for_display(points, display_crs(basemap))
    xs = shapely.get_x(shown.geometry.values).round(PRECISION)
    ys = shapely.get_y(shown.geometry.values).round(PRECISION)
    return [
        [float(y), float(x), int(n)]
        for x, y, n in zip(xs, ys, shown["n"].tolist(), strict=True)
    ]


def cell_group(
    layer_id: str, cells: pd.DataFrame, view: MapView
) -> folium.FeatureGroup:
    """One layer's counts per cell as a feature group (named like the layer).

    It has the layer's legend row, in the layer's place in ``view``, as the
    group of its features would.
    """
    spec = get_layer(layer_id)
    title = layer_title(spec, view.lang)
    group = folium.FeatureGroup(name=title)
    order = view.layers.index(layer_id)
    LegendRow(legend_entry(spec, order, "point", (), view.lang)).add_to(group)
    tip = t("map.cells.tip", view.lang, layer=title)
    CountCells(cell_rows(cells, view.basemap), spec.style.color, tip).add_to(group)
    localize(group)
    return group


def screen_groups(
    view: MapView,
    loads: Mapping[str, LayerLoad],
    *,
    role: str = "public",
    layers: Mapping[str, LayerData] | None = None,
) -> list[folium.FeatureGroup]:
    """One group per layer of ``view`` as loaded for the screen, in view order.

    Layers that fit are drawn as features (:func:`render.build_layer_groups`; an
    empty one has no group) from ``layers`` (each load's payload and where it
    is served; inside the page when not given), the others as counts per cell;
    boundaries are the basemap's.
    """
    frames = {
        lid: load.features
        for lid, load in loads.items()
        if not load.aggregated and load.features is not None
    }
    if layers is None:  # inside the page (standalone HTML); the dashboard serves them
        layers = inline_layers(view, frames, role)
    drawn = {
        group.layer_name: group for group in build_layer_groups(view, layers, frames)
    }
    groups = []
    for layer_id in view.layers:
        load = loads.get(layer_id)
        if layer_id in REFERENCE_LAYERS or load is None:
            continue
        if load.aggregated:
            groups.append(cell_group(layer_id, load.cells, view))
        elif (group := drawn.get(layer_title(layer_id, view.lang))) is not None:
            groups.append(group)
    return groups
