"""AppTest of the planner map: every filter, counts, figures, deep links."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from geodata.catalog import LAYER_IDS
from geodata.i18n import t
from geodata.view import MapView
from tests.common import DASHBOARD


@pytest.fixture
def app(store_env) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = "en"
    return at


def _total(at: AppTest) -> int:
    """The 'N features in total' caption beside the map."""
    for caption in at.caption:
        if match := re.fullmatch(r"(\d+) features in total", caption.value):
            return int(match.group(1))
    raise AssertionError("no total caption")


def _expected(store, view: MapView) -> int:
    return sum(store.count(lid, view.query(lid)) for lid in view.layers)


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
        # "other": statuses a steward kept outside the list (none in the sample)
        ("map_statuses", ["other"], MapView(statuses=("other",))),
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
    assert _total(app) == _expected(store, MapView(name="少年军校")) == 8 + 9
    assert _params(app)["q"] == "少年军校"


def test_layer_choice_and_basemap(app, store):
    app.run()
    app.sidebar.multiselect(key="map_layers").set_value(["youth_schools"]).run()
    assert len(app.dataframe[0].value) == 1
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
    app.switch_page("pages/history.py").run()
    app.switch_page("pages/map.py").run()
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
