import os
import re

import numpy as np
import pytest

import folium
import geopandas as gpd
import shapely

from geodata.mapping.assets import inline_payloads
from geodata.mapping.basemaps import context_payload, load_basemap_data
from geodata.mapping.payload import LayerData, decode
from geodata.mapping.render import (
    build_base,
    build_layer_groups,
    build_map,
    inline_layers,
    layer_payload_for,
    map_html,
)
from geodata.storage.base import read_view
from geodata.view import MapView
from tests.common import HOSTILE_NAME, NAIMAN_SEAT, schools
from tests.payloads import layer_names, mask_rows, page_payloads, points_of

#: A name that runs code if any template engine ever compiles it.
TEMPLATE_NAME = "{{ 7*7 }}{{ cycler.__init__.__globals__.os.getcwd() }}"


@pytest.fixture(scope="module")
def basemap():
    return load_basemap_data()


def _render(fmap) -> str:
    return fmap.get_root().render()


def _group_script(view, layers, shown) -> str:
    fmap = folium.Map(tiles=None)
    for group in build_layer_groups(view, layers, shown):
        group.add_to(fmap)
    return _render(fmap)


def test_a_layer_group_is_a_reference_whatever_the_layer_size(frames):
    view = MapView(layers=("signage",))
    rng = np.random.default_rng(0)
    sizes = {}
    for n in (10, 20_000):
        big = gpd.GeoDataFrame(
            {
                "name": [f"奈曼旗标牌{i}" for i in range(n)],
                "banner": "奈曼旗",
                "sensitivity": None,
            },
            geometry=shapely.points(rng.uniform(120, 121, (n, 2))),
            crs=4326,
        )
        page = _group_script(
            view, inline_layers(view, {"signage": big}), {"signage": big}
        )
        sizes[n] = len(page)
        assert "标牌1" not in page  # the names are in the payload, not the script
    assert abs(sizes[20_000] - sizes[10]) < 100


def test_hostile_and_template_names_are_data_never_markup_or_code(basemap):
    points = schools([HOSTILE_NAME, TEMPLATE_NAME], ["奈曼旗"] * 2, [NAIMAN_SEAT] * 2)
    line = gpd.GeoDataFrame(
        {"name": [TEMPLATE_NAME], "banner": ["奈曼旗"], "sensitivity": [None]},
        geometry=[shapely.LineString([(120.6, 42.8), (120.7, 42.9)])],
        crs=4326,
    )
    banners = basemap.banners.copy()
    banners.loc[banners.index[0], "name"] = TEMPLATE_NAME
    hostile_base = basemap.__class__(basemap.city_outline, banners, basemap.features)
    fmap = build_map(
        MapView(),
        {"youth_schools": points, "support_streets": line},
        basemap_data=hostile_base,
    )
    page = _render(fmap)
    assert HOSTILE_NAME not in page and "cycler" not in page
    assert "49" + os.getcwd() not in page  # nothing was evaluated
    # ...and every name reaches the page's decoder exactly as stored
    data = inline_payloads(fmap)
    names = layer_names(data)
    assert names.count(TEMPLATE_NAME) == 2 and names.count(HOSTILE_NAME) == 1
    headers = [decode(raw)[0] for raw in data.values()]
    [context] = [h for h in headers if h.get("kind") == "context"]
    banner_names = [f["properties"]["zh"] for f in context["banners"]["features"]]
    assert TEMPLATE_NAME in banner_names


def test_map_uses_catalog_style_legend_and_the_data_runtime(frames, basemap):
    page = _render(build_map(MapView(lang="en"), frames, basemap_data=basemap))
    assert '"color": "#2980b9"' in page  # youth schools' colour
    assert '"symbol": "★"' in page
    assert "Youth military schools" in page and "gd.legend(" in page
    assert '"maxZoom": 18' in page  # clusters open up to the map's max zoom
    assert "gd-data.js" in page and "gdData.points(" in page
    assert "gdData.context(" in page


def test_status_changes_the_legend_and_the_line_style(frames, basemap):
    page = _render(build_map(MapView(lang="en"), frames, basemap_data=basemap))
    # youth schools: built and planned, each with its own symbol in the legend
    assert '"statuses": [["built", "Built"], ["planned", "Planned"]]' in page
    # lines and areas under construction are dashed, planned dotted
    assert '"under_construction": {"color": "#' in page
    assert '"dashArray": "9 6"' in page and '"dashArray": "2 7"' in page
    # each legend row draws what its layer draws
    kinds = dict(re.findall(r'"id": "(\w+)", "order": \d+, .*?"kind": "(\w+)"', page))
    assert kinds["support_streets"] == "line" and kinds["support_parks"] == "area"
    assert kinds["signage"] == "point"


def test_what_the_store_returns_for_a_view_is_what_is_shown(store):
    everything = read_view(store, MapView())["signage"]
    payload = layer_payload_for("signage", everything, "offline")
    view = MapView(banners=("奈曼旗",))
    naiman = read_view(store, view)["signage"]
    rows = mask_rows(payload.mask(naiman.feature_id))
    assert 0 < len(rows) < len(everything)
    assert sorted(payload.ids[rows]) == sorted(naiman.feature_id)
    layers = {"signage": LayerData("signage", payload, payload.mask(naiman.feature_id))}
    script = _group_script(view, layers, {"signage": naiman})
    assert payload.mask(naiman.feature_id) in script and payload.digest in script
    nothing = MapView(name="no such name")
    none = build_layer_groups(nothing, layers, read_view(store, nothing))
    assert none == []  # nothing drawn, no legend row for an empty layer


def test_reference_layers_are_drawn_by_the_basemap_not_as_groups(frames):
    layers = inline_layers(MapView(), frames)
    assert "admin_areas" not in layers
    titles = [g.layer_name for g in build_layer_groups(MapView(), layers, frames)]
    assert len(titles) == len(frames) - 1


def test_served_layers_name_their_url_and_carry_no_inline_data(frames):
    view = MapView(layers=("signage",))
    payload = layer_payload_for("signage", frames["signage"], "offline")
    url = f"/app/static/geodata/data/{payload.digest}.gdp"
    context = LayerData("admin_areas", context_payload(load_basemap_data()), url="/c")
    fmap = build_map(
        view,
        {"signage": frames["signage"]},
        layers={"signage": LayerData("signage", payload, url=url)},
        context=context,
    )
    assert url in _render(fmap) and inline_payloads(fmap) == {}


def test_amap_shifts_overlays_and_context_to_gcj02(frames, basemap):
    payload = layer_payload_for("youth_schools", frames["youth_schools"], "amap")
    plain = layer_payload_for("youth_schools", frames["youth_schools"], "offline")
    assert payload.digest != plain.digest
    shifted = {(x, y) for x, y, *_ in points_of(payload.data)}
    raw = {(x, y) for x, y, *_ in points_of(plain.data)}
    assert not shifted & raw
    a, _ = decode(context_payload(basemap, "gcj02").data)
    w, _ = decode(context_payload(basemap, "wgs84").data)
    assert (
        a["seats"][0][:2] != w["seats"][0][:2]
        and a["seats"][0][2:] == w["seats"][0][2:]
    )


def test_tianditu_needs_a_key(basemap):
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


def test_the_base_is_small_and_holds_no_boundary_data(basemap):
    base = build_base(MapView(), basemap_data=basemap)
    page = _render(base)
    assert len(page) < 20_000  # boundaries come as a payload, fetched once
    assert "科尔沁区" not in page


def test_standalone_html_carries_its_data_and_fetches_nothing(basemap):
    points = schools([HOSTILE_NAME], ["奈曼旗"], [NAIMAN_SEAT])
    page = map_html(MapView(), {"youth_schools": points}, basemap_data=basemap)
    assert not re.search(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="https?://', page)
    assert HOSTILE_NAME not in page
    data = page_payloads(page)
    assert len(data) == 2  # the layer and the offline basemap
    assert set(re.findall(r'"digest": "([0-9a-f]+)"', page)) == set(data)
    assert layer_names(data) == [HOSTILE_NAME]


def test_standalone_popups_hold_every_attribute_escaped(basemap):
    points = schools([HOSTILE_NAME], ["奈曼旗"], [NAIMAN_SEAT])
    points["source"] = "<script>源</script>"
    page = map_html(MapView(lang="en"), {"youth_schools": points}, basemap_data=basemap)
    [layer] = [raw for raw in page_payloads(page).values() if "dt" in decode(raw)[1]]
    _, blocks = decode(layer)
    details = blocks["dt"].tobytes().decode("utf-16-le")
    assert "&lt;script&gt;源&lt;/script&gt;" in details and "<script>" not in details
    assert "Source:" in details
