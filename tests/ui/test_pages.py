"""AppTest of the dashboard: every page runs without an exception."""

import pytest
from streamlit.testing.v1 import AppTest

from geodata.catalog import LAYER_IDS
from geodata.i18n import layer_title, t
from geodata.view import REFERENCE_LAYERS
from tests.common import DASHBOARD


@pytest.fixture
def app(store_env) -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=60)


def test_dashboard_runs_and_shows_the_map_page(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == t("map.heading", "zh")


def test_map_page_lists_every_layer_with_counts(app):
    app.run()
    table = app.table[0].value  # the reference layer (banner areas) is not counted
    shown = [lid for lid in LAYER_IDS if lid not in REFERENCE_LAYERS]
    assert table.index.tolist() == [layer_title(lid, "zh") for lid in shown]
    assert (table.iloc[:, 0] > 0).all()


def test_language_switch_changes_the_page(app):
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == t("map.heading", "en")
