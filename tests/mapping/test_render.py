import json
import re

import numpy as np
import pytest

import geopandas as gpd
import shapely

from geodata.coords import wgs84_to_gcj02
from geodata.mapping.basemaps import load_basemap_data
from geodata.mapping.render import (
    CompactPoints,
    build_layer_groups,
    build_map,
    map_html,
)
from geodata.storage.base import read_view
from geodata.view import MapView
from tests.common import HOSTILE_NAME, NAIMAN_SEAT, schools


@pytest.fixture(scope="module")
def basemap():
    return load_basemap_data()


def _render(fmap) -> str:
    return fmap.get_root().render()


def _compact_data(view, frames, layer_id):
    for group in build_layer_groups(view, {layer_id: frames[layer_id]}):
        for child in group._children.values():
            if isinstance(child, CompactPoints):
                return json.loads(child.data)
    return None


def _decoded(data):
    """What the client-side callback draws: (lon, lat, name) per point, 1e-5 degrees."""
    lons = data["x0"] + np.cumsum(data["c"][0::2])
    lats = [data["y0"] + dy for dy in data["c"][1::2]]
    nb = len(data["R"])
    names = [
        (data["R"][b - nb] if data["b"] and b >= nb else "") + n
        for b, n in zip(data["b"] or [0] * len(data["n"]), data["n"], strict=True)
    ]
    return list(zip(lons.tolist(), lats, names, strict=True))


def test_compact_points_decode_to_the_features(frames):
    data = _compact_data(MapView(), frames, "signage")
    layer = frames["signage"]
    expected = sorted(
        zip(
            (round(x * 1e5) for x in layer.geometry.x),
            (round(y * 1e5) for y in layer.geometry.y),
            layer["name"],
            strict=True,
        )
    )
    got = sorted(_decoded(data), key=lambda p: p[2])
    want = sorted(expected, key=lambda p: p[2])
    assert [n for _, _, n in got] == [n for _, _, n in want]
    # within one unit (~1 m): the display copy is snapped to the 1e-5 grid first
    assert all(
        abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1
        for a, b in zip(got, want, strict=True)
    )
    # names that start with their banner are sent without it
    assert sum(len(n) for n in data["n"]) < sum(len(n) for n in layer["name"]) - 100


def test_hostile_name_is_text_in_popups_tooltips_and_shapes(basemap):
    points = schools([HOSTILE_NAME], ["奈曼旗"], [NAIMAN_SEAT])
    line = gpd.GeoDataFrame(
        {"name": [HOSTILE_NAME], "banner": ["奈曼旗"]},
        geometry=[shapely.LineString([(120.6, 42.8), (120.7, 42.9)])],
        crs=4326,
    )
    page = _render(
        build_map(
            MapView(),
            {"youth_schools": points, "support_streets": line},
            basemap_data=basemap,
        )
    )
    assert HOSTILE_NAME not in page
    # folium's tojson writes "&" as \u0026; both spell the escaped text.
    escaped = page.replace("\\u0026", "&").count("&lt;img src=x onerror=alert(1)&gt;")
    assert escaped >= 2  # the point layer and the line layer


def test_map_uses_catalog_style_and_legend(frames, basemap):
    page = _render(build_map(MapView(lang="en"), frames, basemap_data=basemap))
    assert "#2980b9" in page  # youth schools' colour
    assert "★" in page or "\\u2605" in page  # and symbol (tojson escapes it)
    assert "Youth military schools" in page and "Legend" in page
    assert '"maxZoom": 18' in page  # MarkerCluster throws without it on a tile-less map


def test_what_the_store_returns_for_a_view_is_what_is_drawn(store):
    everything = _compact_data(MapView(), read_view(store, MapView()), "signage")
    view = MapView(banners=("奈曼旗",))
    naiman = _compact_data(view, read_view(store, view), "signage")
    assert 0 < len(naiman["n"]) < len(everything["n"])
    assert naiman["B"] == ["奈曼旗"]
    nothing = MapView(name="no such name")
    none = build_layer_groups(nothing, read_view(store, nothing))
    assert none == []  # nothing drawn, no legend row for an empty layer


def test_coordinates_are_rounded_to_about_a_metre(frames):
    data = _compact_data(MapView(), frames, "youth_schools")
    assert all(isinstance(v, int) for v in data["c"])
    first = frames["youth_schools"].geometry.iloc[0]
    assert round(first.x * 1e5) in [lon for lon, _, _ in _decoded(data)]


def test_amap_shifts_overlays_to_gcj02(frames):
    data = _compact_data(MapView(basemap="amap"), frames, "youth_schools")
    point = frames["youth_schools"].geometry.iloc[0]
    lon, _ = wgs84_to_gcj02(point.x, point.y)
    xs = [x for x, _, _ in _decoded(data)]
    assert round(float(lon) * 1e5) in xs
    assert round(point.x * 1e5) not in xs  # the shift is a few hundred metres


def test_tianditu_needs_a_key(frames, basemap):
    without = _render(build_map(MapView(basemap="tianditu"), {}, basemap_data=basemap))
    assert "tianditu.gov.cn" not in without
    with_key = _render(
        build_map(
            MapView(basemap="tianditu"), {}, basemap_data=basemap, tianditu_key="abc123"
        )
    )
    assert "tianditu.gov.cn" in with_key and "tk=abc123" in with_key


def test_view_centre_and_zoom_are_honoured(basemap):
    page = _render(
        build_map(MapView(center=(43.6, 122.3), zoom=11), {}, basemap_data=basemap)
    )
    assert "[43.6, 122.3]" in page and '"zoom": 11' in page
    assert "fitBounds" not in page


def test_standalone_html_has_no_external_fetch_and_escapes_names(basemap):
    points = schools([HOSTILE_NAME], ["奈曼旗"], [NAIMAN_SEAT])
    page = map_html(MapView(), {"youth_schools": points}, basemap_data=basemap)
    assert not re.search(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="https?://', page)
    assert HOSTILE_NAME not in page


def test_template_syntax_in_data_is_never_evaluated(basemap):
    # folium compiles rendered scripts as Jinja templates: data must not reach one.
    name = "{{ 7*191 }}{% if 1 %}x{% endif %}"
    points = schools([name], ["奈曼旗"], [NAIMAN_SEAT])
    line = gpd.GeoDataFrame(
        {"name": [name], "banner": ["奈曼旗"], "status": ["planned"]},
        geometry=[shapely.LineString([(120.6, 42.8), (120.7, 42.9)])],
        crs=4326,
    )
    page = _render(
        build_map(
            MapView(),
            {"youth_schools": points, "support_streets": line},
            basemap_data=basemap,
        )
    )
    assert "1337" not in page  # 7*191 was not computed
    shown = page.replace("\\u0026", "&")  # folium writes "&" as \u0026
    assert shown.count("&#123;&#123; 7*191 &#125;&#125;") >= 2


def test_status_changes_the_symbol_and_the_line(frames, basemap):
    page = _render(build_map(MapView(lang="en"), frames, basemap_data=basemap))
    assert '"K":["built","planned"]' in page  # youth schools: ids for the symbols
    assert '"statuses": [["built", "Built"], ["planned", "Planned"]]' in page
    assert '"dashArray": "9 6"' in page  # the parks under construction are dashed
