"""Generic overlays for thematic maps: classed points, shaded areas, markers, a key.

Built from plain frames and colours (no analysis types), so any page can compose
them with :func:`geodata.mapping.render.build_base`. Every text from data is
HTML-escaped here before it reaches the page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence

import numpy as np
import pandas as pd
from branca.element import MacroElement

import folium
import geopandas as gpd
import shapely
from folium.template import Template

from geodata.mapping.safe import html_text, html_texts

_SCALE = 10**5  # 1e-5 degree integers: about 1 m


def _text(values: pd.Series | Sequence) -> list[str]:
    """Values as HTML-escaped strings (missing: ""), with the map's one escaper."""
    return html_texts(pd.Series(list(values), dtype=object)).tolist()


class ClassedPoints(MacroElement):
    """Many points coloured by class, drawn from compact arrays (fast at 100,000).

    ``classes`` index into ``colors``; ``labels`` are tooltips (escaped here), to
    which the label of the point's class is added when ``class_labels`` are given.
    Coordinates travel as integer offsets of 1e-5 degrees (about 1 m). Without a
    ``symbol`` the points are circles on one canvas; with one, each is a text
    marker (for the few hundred facilities a map marks with a star).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
(function(){
  var d = {{ this.data }}, s = {{ this.scale }};
  // Leaflet keeps canvases under SVG overlays (the basemap's filled outline), so
  // the points get a pane of their own above the overlay pane.
  var renderer = L.canvas({padding: 0.5, pane: 'gdPoints'});
  var group = L.featureGroup();
  group.beforeAdd = function(map){
    if (!map.getPane('gdPoints')) { map.createPane('gdPoints').style.zIndex = 450; }
  };
  var icons = d.S ? d.C.map(function(c){
    return L.divIcon({className: 'gd-sym', iconSize: [d.r + 2, d.r + 2],
      iconAnchor: [d.r / 2 + 1, d.r / 2 + 1],
      html: '<span style="font-size:' + d.r + 'px;color:' + c + '">' + d.S +
            '</span>'});
  }) : null;
  for (var i = 0; i < d.k.length; i++) {
    var at = [(d.y0 + d.c[2 * i + 1]) / s, (d.x0 + d.c[2 * i]) / s];
    var m = icons ? L.marker(at, {icon: icons[d.k[i]]}) :
      L.circleMarker(at, {renderer: renderer, radius: d.r, color: '#ffffff',
                          weight: 1, fillColor: d.C[d.k[i]], fillOpacity: 0.95});
    var tip = d.L.length ? d.n[i] + ' · ' + d.L[d.k[i]] : d.n[i];
    if (tip) { m.bindTooltip(tip); }
    group.addLayer(m);
  }
  {{ this._parent.get_name() }}.addLayer(group);
})();
{% endmacro %}
""")

    def __init__(
        self,
        points: gpd.GeoSeries,
        classes: Sequence[int],
        colors: Sequence[str],
        labels: Sequence[str],
        radius: float = 6,
        symbol: str = "",
        class_labels: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self._name = "ClassedPoints"
        self.scale = _SCALE
        geoms = np.asarray(points.values, dtype=object)
        kinds = shapely.get_type_id(geoms)
        keep = (kinds >= 0) & ~shapely.is_empty(geoms)
        geoms = geoms[keep]
        shapes = kinds[keep] > 0  # lines and areas: a point on them
        geoms[shapes] = shapely.point_on_surface(geoms[shapes])
        xs = np.rint(shapely.get_x(geoms) * _SCALE).astype(np.int64)
        ys = np.rint(shapely.get_y(geoms) * _SCALE).astype(np.int64)
        x0, y0 = (int(xs.min()), int(ys.min())) if len(xs) else (0, 0)
        body = {
            "x0": x0,
            "y0": y0,
            "r": radius,
            "C": [html.escape(c) for c in colors],
            "S": html.escape(symbol),
            "L": _text(class_labels),
            "k": [int(k) for k, ok in zip(classes, keep, strict=True) if ok],
            "n": [n for n, ok in zip(_text(labels), keep, strict=True) if ok],
        }
        offsets = np.column_stack([xs - x0, ys - y0]).ravel().tolist()
        # Escaped labels hold no "<", so the literal cannot close the script tag.
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        self.data = text[:-1] + ',"c":[' + ",".join(map(str, offsets)) + "]}"


def areas(
    frame: gpd.GeoDataFrame,
    *,
    color: str = "#555555",
    fill_opacity: float = 0.3,
    tooltip: str | None = None,
    dash: str | None = None,
    weight: float = 1.0,
) -> folium.GeoJson:
    """Polygons of ``frame`` shaded in ``color`` (or per feature by a ``color`` column).

    ``tooltip`` names a column whose (escaped) text shows on hover.
    """
    keep = [c for c in ("color", tooltip) if c and c in frame]
    out = frame[[*keep, frame.geometry.name]].copy()
    if tooltip:
        out[tooltip] = _text(out[tooltip])
    out = out[~(out.geometry.is_empty | out.geometry.isna())]

    def style(feature: dict) -> dict:
        fill = feature["properties"].get("color", color)
        return {
            "color": fill,
            "weight": weight,
            "fillColor": fill,
            "fillOpacity": fill_opacity,
            "dashArray": dash,
        }

    return folium.GeoJson(
        json.loads(out.to_json(drop_id=True)),
        style_function=style,
        tooltip=folium.GeoJsonTooltip(fields=[tooltip], labels=False)
        if tooltip
        else None,
    )


def markers(
    points: gpd.GeoSeries,
    labels: Sequence[str],
    *,
    symbol: str,
    color: str,
    size: int = 18,
) -> list[folium.Marker]:
    """A text-symbol marker per point (no icon font: it would come from a CDN)."""
    icon_html = (
        f'<span style="color:{html.escape(color)};'
        f'font-size:{size}px">{html.escape(symbol)}</span>'
    )
    out = []
    for point, label in zip(points.values, _text(labels), strict=True):
        if point is None or point.is_empty:
            continue
        point = point.representative_point()
        out.append(
            folium.Marker(
                [point.y, point.x],
                tooltip=label or None,
                icon=folium.DivIcon(
                    html=icon_html,
                    class_name="gd-sym",
                    icon_size=(size + 2, size + 2),
                    icon_anchor=(size // 2 + 1, size // 2 + 1),
                ),
            )
        )
    return out


def circles(
    points: gpd.GeoSeries, radius_m: float, *, color: str
) -> list[folium.Circle]:
    """A circle of ``radius_m`` ground metres around each point (outline only)."""
    return [
        folium.Circle(
            [p.y, p.x],
            radius=radius_m,
            color=color,
            weight=2,
            fill=True,
            fill_opacity=0.06,
            interactive=False,
        )
        for p in points.values
        if p is not None and not p.is_empty
    ]


class KeyLegend(MacroElement):
    """A legend control of ``(colour, symbol, label)`` rows under ``title``.

    Drawn like the layer legend (its CSS), for thematic keys.
    """

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

    def __init__(self, title: str, rows: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self._name = "KeyLegend"
        parts = [f"<b>{html_text(title)}</b>"]
        for color, symbol, label in rows:
            parts.append(
                f'<div class="gd-row"><span class="gd-sw" '
                f'style="color:{html_text(color)}">'
                f"{html_text(symbol)}</span> {html_text(label)}</div>"
            )
        self.body = "".join(parts)
