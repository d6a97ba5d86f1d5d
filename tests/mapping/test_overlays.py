"""Thematic overlays: compact classed points decode to the input, text is escaped."""

import json
import re

import folium
import geopandas as gpd
import shapely

from geodata.mapping.overlays import ClassedPoints, KeyLegend, areas, markers
from tests.common import HOSTILE_NAME


def _payload(element: ClassedPoints) -> dict:
    return json.loads(element.data)


def test_classed_points_decode_to_the_input_within_a_metre():
    points = gpd.GeoSeries(
        [shapely.Point(122.26, 43.62), shapely.Point(119.66123, 45.53456)], crs=4326
    )
    element = ClassedPoints(
        points, [0, 3], ["#111", "#222", "#333", "#444"], ["a", "b"]
    )
    d = _payload(element)
    lon = [(d["x0"] + d["c"][2 * i]) / 1e5 for i in range(2)]
    lat = [(d["y0"] + d["c"][2 * i + 1]) / 1e5 for i in range(2)]
    assert lon == [122.26, 119.66123] and lat == [43.62, 43.62 + 1.91456]
    assert d["k"] == [0, 3] and d["C"][3] == "#444"


def test_labels_are_escaped_in_the_page():
    element = ClassedPoints(
        gpd.GeoSeries([shapely.Point(122, 43)], crs=4326), [0], ["#111"], [HOSTILE_NAME]
    )
    fmap = folium.Map()
    group = folium.FeatureGroup(name="x")
    element.add_to(group)
    group.add_to(fmap)
    page = fmap.get_root().render()
    assert HOSTILE_NAME not in page and "&lt;img src=x" in page
    assert re.search(r"createPane\('gdPoints'\)", page)  # above SVG overlays


def test_markers_areas_and_legend_escape_data():
    frame = gpd.GeoDataFrame(
        {"tip": [HOSTILE_NAME]}, geometry=[shapely.box(122, 43, 122.1, 43.1)], crs=4326
    )
    fmap = folium.Map()
    areas(frame, tooltip="tip").add_to(fmap)
    for marker in markers(frame.geometry, [HOSTILE_NAME], symbol="★", color="#123"):
        marker.add_to(fmap)
    KeyLegend(HOSTILE_NAME, [("#123", "●", HOSTILE_NAME)]).add_to(fmap)
    page = fmap.get_root().render()
    assert HOSTILE_NAME not in page
