import pytest

from geodata.catalog import BANNER_NAMES, LAYER_IDS
from geodata.mapping.counts import counts_by_banner, counts_by_layer
from geodata.query import LayerQuery, apply_view, filter_frame
from geodata.view import MapView

QUERIES = [
    LayerQuery(banners=("奈曼旗", "库伦旗")),
    LayerQuery(statuses=("planned",)),
    LayerQuery(year_range=(2020, 2021)),
    LayerQuery(units=("通辽军分区",)),
    LayerQuery(name_contains="少年军校"),
    LayerQuery(banners=("科尔沁区",), statuses=("built",), name_contains="双拥"),
    LayerQuery(bbox=(122.0, 43.4, 122.6, 43.8)),
]


@pytest.mark.parametrize("query", QUERIES)
def test_in_memory_filter_matches_the_store_query(store, query):
    for layer_id in LAYER_IDS:
        whole = store.read_layer(layer_id)
        expected = set(store.read_layer(layer_id, query).feature_id)
        assert set(filter_frame(whole, query).feature_id) == expected, layer_id


def test_queries_select_something_and_not_everything(store):
    # Otherwise the comparison above would prove nothing.
    for query in QUERIES[:5]:
        counts = [store.count(lid, query) for lid in LAYER_IDS if lid != "admin_areas"]
        total = [store.count(lid) for lid in LAYER_IDS if lid != "admin_areas"]
        assert 0 < sum(counts) < sum(total), query


def test_apply_view_keeps_boundaries_and_view_order(store):
    frames = {lid: store.read_layer(lid) for lid in LAYER_IDS}
    shown = apply_view(
        MapView(layers=("youth_schools", "admin_areas"), banners=("奈曼旗",)), frames
    )
    assert list(shown) == ["youth_schools", "admin_areas"]  # view order
    assert len(shown["admin_areas"]) == 8  # reference layer: never filtered
    assert set(shown["youth_schools"].banner) == {"奈曼旗"}


def test_counts_per_layer_and_banner(store):
    frames = {lid: store.read_layer(lid) for lid in LAYER_IDS}
    shown = apply_view(MapView(banners=("奈曼旗",)), frames)
    by_layer = counts_by_layer(shown, "en")
    assert list(by_layer.columns) == ["Layer", "Features"]
    assert len(by_layer) == len(LAYER_IDS)
    by_banner = counts_by_banner(shown, "en")
    assert len(by_banner) == len(BANNER_NAMES)
    assert "Administrative areas" not in by_banner.columns
    assert by_banner.loc["Naiman Banner"].sum() == sum(
        len(f) for lid, f in shown.items() if lid != "admin_areas"
    )
    assert by_banner.drop(index="Naiman Banner").to_numpy().sum() == 0
