import pytest

from geodata.catalog import LAYER_IDS
from geodata.query import LayerQuery
from geodata.view import MapView


def test_default_view_has_all_layers_and_no_params():
    assert MapView().layers == LAYER_IDS
    assert MapView().to_params() == {}


@pytest.mark.parametrize(
    "view",
    [
        MapView(
            layers=("youth_schools", "admin_areas"),
            banners=("奈曼旗", "开鲁县"),
            statuses=("built",),
            year_range=(2019, 2022),
            units=("通辽军分区",),
            name="军校",
            lang="en",
            basemap="amap",
            center=(43.6, 122.26),
            zoom=9,
        ),
        MapView(lang="en"),
        MapView(layers=()),
        MapView(year_range=(2021, 2021), keep_undated=False),
    ],
)
def test_params_round_trip(view):
    assert MapView.from_params(view.to_params()) == view


def test_dict_round_trip():
    view = MapView(
        banners=("库伦旗",),
        zoom=8,
        indicators=("glory_plaques",),
        extent=(120.5, 42.5, 121.5, 43.25),
    )
    assert MapView.from_dict(view.to_dict()) == view


@pytest.mark.parametrize(
    "extent", [(1, 2, 3), ("a", 1, 2, 3), (121, 43, 120, 44), (0, 0, float("inf"), 1)]
)
def test_a_broken_extent_is_dropped(extent):
    assert MapView.from_dict({"extent": extent}).extent is None


@pytest.mark.parametrize(
    "params",
    [
        {"banner": "<script>"},
        {"years": "x-y"},
        {"zoom": "big"},
        {"lang": "fr"},
        {"basemap": "google"},
        {"center": "1"},
        {"layers": "nope"},
    ],
)
def test_hostile_or_broken_params_fall_back_to_defaults(params):
    view = MapView.from_params(params)
    assert view.banners == () and view.year_range is None and view.zoom is None
    assert view.lang == "zh" and view.basemap == "offline" and view.center is None


def test_query_skips_filters_for_reference_layers():
    view = MapView(banners=("奈曼旗",), statuses=("built",))
    assert view.query("admin_areas") == LayerQuery()
    assert view.query("youth_schools") == LayerQuery(
        banners=("奈曼旗",), statuses=("built",)
    )


def test_undated_features_are_kept_unless_the_view_says_otherwise():
    assert MapView(year_range=(2020, 2021)).query("signage").keep_undated
    strict = MapView(year_range=(2020, 2021), keep_undated=False)
    assert strict.to_params()["undated"] == "0"
    assert not strict.query("signage").keep_undated
    assert "undated" not in MapView(year_range=(2020, 2021)).to_params()
