"""AppTest of the planner map: every filter, counts, figures, deep links."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from geodata.catalog import LAYER_IDS, get_layer
from geodata.display import feature_sensitivity
from geodata.i18n import t
from geodata.mapping.screen import Screen, opening_screen
from geodata.query import LayerQuery
from geodata.view import REFERENCE_LAYERS, MapView
from tests.common import DASHBOARD


@pytest.fixture
def app(store_env) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = "en"
    return at


def _total(at: AppTest) -> int:
    """The 'N features in total' caption beside the map."""
    for caption in at.caption:
        text = caption.value
        if match := re.fullmatch(r"(?:合计 )?(\d+) (?:个要素|features in total)", text):
            return int(match.group(1))
    raise AssertionError("no total caption")


def _expected(store, view: MapView) -> int:
    """What the public's total should be: every matching feature it may see, and
    restricted ones (counted only) while the view filters by banner at most.
    Boundaries are not counted (every banner has one)."""
    total = 0
    for lid in view.layers:
        if lid in REFERENCE_LAYERS:
            continue
        query = view.query(lid)
        frame = store.read_layer(lid, query, columns=("sensitivity",))
        level = feature_sensitivity(frame, get_layer(lid))
        by_banner_only = query == LayerQuery(banners=query.banners)
        total += int((level != "restricted").sum())
        total += int((level == "restricted").sum()) if by_banner_only else 0
    return total


def _params(at: AppTest) -> dict[str, str]:
    return {
        k: at.query_params[k][0]
        if isinstance(at.query_params[k], list)
        else at.query_params[k]
        for k in at.query_params
    }


def test_page_shows_map_figures_and_counts(app, store):
    app.run()
    assert not app.exception
    assert app.title[0].value == t("map.heading", "en")
    assert _total(app) == _expected(store, MapView())
    assert len(app.metric) == 8  # headline figure cards
    assert any(
        m.label.startswith("Glory plaques") or "plaque" in m.label.lower()
        for m in app.metric
    )


@pytest.mark.parametrize(
    ("key", "value", "view"),
    [
        ("map_banners", ["奈曼旗"], MapView(banners=("奈曼旗",))),
        ("map_statuses", ["planned"], MapView(statuses=("planned",))),
        ("map_units", ["通辽军分区"], MapView(units=("通辽军分区",))),
    ],
)
def test_each_multiselect_filter_changes_the_counts(app, store, key, value, view):
    app.run()
    before = _total(app)
    app.sidebar.multiselect(key=key).set_value(value).run()
    assert not app.exception
    assert _total(app) == _expected(store, view) < before


def test_year_range_filter(app, store):
    app.run()
    app.sidebar.toggle(key="map_use_years").set_value(True).run()
    app.sidebar.slider(key="map_years").set_range(2021, 2021).run()
    assert not app.exception
    assert _total(app) == _expected(store, MapView(year_range=(2021, 2021)))
    assert _params(app)["years"] == "2021-2021"


def test_name_search(app, store):
    app.run()
    app.sidebar.text_input(key="map_name").input("少年军校").run()
    assert _total(app) == _expected(store, MapView(name="少年军校")) == 9
    assert _params(app)["q"] == "少年军校"


def test_layer_choice_and_basemap(app, store):
    app.run()
    app.sidebar.multiselect(key="map_layers").set_value(["youth_schools"]).run()
    counts = app.table[0].value  # the per-layer counts beside the map
    assert list(counts.index) == ["Youth military schools"]
    app.sidebar.selectbox(key="map_basemap").set_value("amap").run()
    assert not app.exception
    assert _params(app)["basemap"] == "amap"
    assert _params(app)["layers"] == "youth_schools"


def test_deep_link_opens_the_same_view(store_env, store):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    view = MapView(
        layers=("signage", "youth_schools"),
        banners=("奈曼旗", "库伦旗"),
        statuses=("built",),
        year_range=None,
        lang="en",
        basemap="osm",
    )
    for key, value in view.to_params().items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="map_banners").value == ["奈曼旗", "库伦旗"]
    assert at.sidebar.multiselect(key="map_statuses").value == ["built"]
    assert at.sidebar.multiselect(key="map_layers").value == [
        "signage",
        "youth_schools",
    ]
    assert at.sidebar.selectbox(key="map_basemap").value == "osm"
    assert at.title[0].value == t("map.heading", "en")
    assert _total(at) == _expected(store, view)
    assert MapView.from_params(_params(at)) == view
    # what was loaded is where the map opens (the two banners), not the city
    loaded = at.session_state["map_state_screen"]
    naiman_hure = (119.9, 42.1, 121.7, 43.6)  # roughly, (lon, lat) corners
    assert loaded.zoom > opening_screen().zoom
    assert Screen(naiman_hure, loaded.zoom).shows_within(loaded)


def test_a_move_to_where_the_map_already_is_loads_nothing_new():
    at = AppTest.from_string(SCREEN_SCRIPT, default_timeout=30).run()
    at.session_state["target"] = ((42.89, 120.97), 8)  # banners chosen: it moves
    moved = at.run().session_state["loaded"]
    assert moved == opening_screen((42.89, 120.97), 8)
    # a language switch asks the map to stay where it was panned to (same zoom)
    at.session_state["target"] = ((43.05, 121.3), 8)
    assert at.run().session_state["loaded"] == moved
    at.session_state["target"] = ((43.05, 121.3), 10)  # somewhere it was zoomed in
    assert at.run().session_state["loaded"] == opening_screen((43.05, 121.3), 10)


def _report(bounds: tuple[float, float, float, float], zoom: int) -> dict:
    """What streamlit-folium reports for a map showing ``bounds`` at ``zoom``."""
    lon_min, lat_min, lon_max, lat_max = bounds
    return {
        "zoom": zoom,
        "center": {"lat": (lat_min + lat_max) / 2, "lng": (lon_min + lon_max) / 2},
        "bounds": {
            "_southWest": {"lat": lat_min, "lng": lon_min},
            "_northEast": {"lat": lat_max, "lng": lon_max},
        },
        "last_object_clicked": None,
    }


def test_choosing_banners_loads_where_the_map_moves(app):
    from geodata.extent import view_bounds

    app.run()
    assert app.session_state["map_state_screen"] == opening_screen()
    app.sidebar.multiselect(key="map_banners").set_value(["奈曼旗"]).run()
    center, zoom = app.session_state["map_state_target"]
    loaded = app.session_state["map_state_screen"]
    assert zoom > opening_screen().zoom
    assert loaded == opening_screen(center, zoom)  # not the city it came from
    # the map's report from there, in a 1366x768 window: nothing loaded again
    app.session_state["main_map"] = _report(view_bounds(center, zoom, (760, 578)), zoom)
    assert app.run().session_state["map_state_screen"] == loaded
    # zoomed in on the same place: loaded anew
    closer = view_bounds(center, zoom + 1, (760, 578))
    app.session_state["main_map"] = _report(closer, zoom + 1)
    assert app.run().session_state["map_state_screen"] == Screen(closer, zoom + 1)


def test_round_trip_from_widgets_to_url_and_back(app, store_env):
    app.run()
    app.sidebar.multiselect(key="map_banners").set_value(["开鲁县"]).run()
    app.sidebar.text_input(key="map_name").input("标牌").run()
    params = _params(app)
    again = AppTest.from_file(DASHBOARD, default_timeout=60)
    for key, value in params.items():
        again.query_params[key] = value
    again.run()
    assert again.sidebar.multiselect(key="map_banners").value == ["开鲁县"]
    assert again.sidebar.text_input(key="map_name").value == "标牌"
    assert _total(again) == _total(app)


def test_chinese_by_default(store_env):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert at.title[0].value == t("map.heading", "zh")
    assert at.sidebar.multiselect(key="map_layers").value == list(LAYER_IDS)


def test_filters_survive_a_visit_to_another_page(app):
    app.run()
    app.sidebar.multiselect(key="map_banners").set_value(["开鲁县"]).run()
    before = _total(app)
    app.switch_page("app_pages/history.py").run()
    app.switch_page("app_pages/map.py").run()
    assert not app.exception
    assert app.sidebar.multiselect(key="map_banners").value == ["开鲁县"]
    assert app.sidebar.multiselect(key="map_layers").value == list(LAYER_IDS)
    assert _total(app) == before


def test_export_offers_every_format_and_the_offline_map(app):
    app.run()
    buttons = app.get("download_button")
    labels = [b.proto.label for b in buttons]
    assert {"GEOJSON", "GPKG", "CSV", "SHP"} <= set(labels)
    assert t("map.export.html", "en") in labels


def test_year_filter_keeps_undated_places_unless_asked(app, store):
    app.run()
    app.sidebar.toggle(key="map_use_years").set_value(True).run()
    app.sidebar.slider(key="map_years").set_range(2021, 2021).run()
    keep = MapView(year_range=(2021, 2021))
    assert _total(app) == _expected(store, keep) > 10  # undated places stay
    app.sidebar.checkbox(key="map_undated").uncheck().run()
    strict = MapView(year_range=(2021, 2021), keep_undated=False)
    assert _total(app) == _expected(store, strict) == 10  # only dated ones
    assert _params(app)["undated"] == "0"


def _bars(at: AppTest) -> dict[str, int]:
    """What the by-banner chart draws: features per banner, summed over segments."""
    (chart,) = [h.proto.body for h in at.get("html") if "<figure" in h.proto.body]
    drawn: dict[str, int] = {}
    for title in re.findall(r'title="([^"]+)"', chart):
        banner, rest = title.split(" · ", 1)
        drawn[banner] = drawn.get(banner, 0) + int(rest.rsplit(": ", 1)[1])
    return drawn


def test_the_banner_chart_draws_the_banner_table(app):
    app.run()
    app.sidebar.multiselect(key="map_banners").set_value(["奈曼旗", "开鲁县"]).run()
    assert not app.exception
    (table,) = [
        x.value for x in app.table if x.value.index.name == t("map.counts.banner", "en")
    ]
    per_banner = {b: int(n) for b, n in table.sum(axis=1).items() if n}
    assert set(per_banner) == {"Naiman Banner", "Kailu County"}
    assert _bars(app) == per_banner


def test_a_search_that_matches_nothing_says_so(app):
    app.run()
    app.sidebar.text_input(key="map_name").input("没有这个地方").run()
    assert not app.exception
    assert app.info[0].value == t("map.counts.none", "en")
    assert not any("<figure" in h.proto.body for h in app.get("html"))  # no empty chart


def test_language_switch_keeps_every_filter(store_env, store):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["layers"] = "signage,youth_schools"
    at.query_params["banner"] = "奈曼旗"
    at.query_params["status"] = "built"
    at.run()
    before = (_total(at), _params(at))
    for lang in ("en", "zh", "en"):
        at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception
        assert at.sidebar.multiselect(key="map_layers").value == [
            "signage",
            "youth_schools",
        ]
        assert at.sidebar.multiselect(key="map_banners").value == ["奈曼旗"]
        assert at.sidebar.multiselect(key="map_statuses").value == ["built"]
        # the filters in the URL; the map's own centre and zoom may join them
        filters = ("layers", "banner", "status")
        assert {k: _params(at).get(k) for k in filters} == {
            k: before[1][k] for k in filters
        }
        assert _params(at).get("lang", "zh") == lang
        assert _total(at) == before[0]


CLICK_SCRIPT = """
import streamlit as st
from geodata.mapping.basemaps import load_basemap_data
from geodata.mapping.screen import opening_screen, view_tallies
from geodata.ui.map_panels import show_details
from geodata.ui.resources import get_store
from geodata.view import MapView

view = MapView(lang="en")
store = get_store()
clicked = {"last_object_clicked": st.session_state.get("click")}
banners = load_basemap_data(store).banners
tallies = view_tallies(store, view)
show_details(clicked, store, view, opening_screen(), tallies, banners)
"""


def test_clicking_a_banner_shows_its_figures(store_env, store):
    from tests.common import NAIMAN_SEAT

    at = AppTest.from_string(CLICK_SCRIPT, default_timeout=60)
    at.session_state["click"] = {"lat": NAIMAN_SEAT.y + 0.3, "lng": NAIMAN_SEAT.x}
    at.run()
    assert not at.exception
    assert "Naiman Banner under the current filter" in at.markdown[1].value
    table = at.table[0].value
    schools = store.read_layer("youth_schools")
    naiman = schools[schools["banner"] == "奈曼旗"]
    built = int((naiman["status"] == "built").sum())
    assert table.loc["Youth military schools", "Built"] == f"{built} / {len(naiman)}"


def test_streamlit_own_words_follow_the_language(store_env):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "按回车键确认" in styles and "上传文件" in styles
    at.sidebar.radio(key="lang").set_value("en").run()
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert "按回车键确认" not in styles
    names = at.sidebar.multiselect(key="map_banners")
    assert names.proto.placeholder == t("map.filter.any", "en")


def test_the_status_filter_offers_other_for_values_kept_outside_the_list(app):
    app.run()
    app.sidebar.radio(key="lang").set_value("zh").run()
    box = app.sidebar.multiselect(key="map_statuses")
    assert box.options[-1] == t("value.other", "zh") == "其他"
    box.set_value(["other"]).run()  # none in the sample: the map says so, no error
    assert not app.exception
    assert app.sidebar.multiselect(key="map_statuses").value == ["other"]


SCREEN_SCRIPT = """
import streamlit as st
from geodata.mapping.screen import Screen, opening_screen
from geodata.ui.map_state import screen_to_load

opening = opening_screen()
box, zoom = st.session_state.get("report", (opening.bounds, opening.zoom))
target = st.session_state.get("target", (None, None))
st.session_state["loaded"] = screen_to_load(Screen(tuple(box), zoom), target)
"""


@pytest.mark.parametrize(
    "window", [(1024, 768), (1366, 768), (1920, 1080), (2560, 1440)]
)
def test_the_layers_stay_loaded_while_they_cover_what_the_map_reports(window):
    from geodata.catalog import CITY_BOUNDS
    from geodata.extent import fit_bounds, view_bounds
    from geodata.mapping.render import CITY_PIXELS
    from geodata.mapping.screen import Screen, opening_screen

    at = AppTest.from_string(SCREEN_SCRIPT, default_timeout=30).run()
    opening = opening_screen()
    assert at.session_state["loaded"] == opening
    # The map's first report of the opening view in this window (the planner map
    # takes about 5/7 of the width beside the sidebar, the height below the
    # heading), then a small pan: inside what was loaded, nothing asked again.
    center, zoom = fit_bounds(CITY_BOUNDS, CITY_PIXELS)
    size = ((window[0] - 300) * 5 // 7, window[1] - 190)
    first = view_bounds(center, zoom, size)
    panned = (first[0] + 0.5, first[1] + 0.2, first[2] + 0.5, first[3] + 0.2)
    for box in (first, panned):
        at.session_state["report"] = (box, zoom)
        assert at.run().session_state["loaded"] == opening
    # a zoom, then a pan beyond the margin: loaded anew, and kept from there
    zoomed = Screen((121.9, 43.4, 122.6, 43.8), 10)
    at.session_state["report"] = (zoomed.bounds, 10)
    assert at.run().session_state["loaded"] == zoomed
    at.session_state["report"] = ((122.0, 43.45, 122.7, 43.85), 10)
    assert at.run().session_state["loaded"] == zoomed
    away = Screen((123.0, 43.4, 123.7, 43.8), 10)
    at.session_state["report"] = (away.bounds, 10)
    assert at.run().session_state["loaded"] == away
