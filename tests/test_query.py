import pytest

from geodata.catalog import LAYER_IDS
from geodata.query import LayerQuery, filter_frame
from geodata.storage.base import read_view
from geodata.view import MapView

QUERIES = [
    LayerQuery(banners=("奈曼旗", "库伦旗")),
    LayerQuery(statuses=("planned",)),
    LayerQuery(year_range=(2022, 2023)),  # the sample dates its places 2021
    LayerQuery(year_range=(2021, 2021), keep_undated=False),
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
    for query in QUERIES[:6]:
        counts = [store.count(lid, query) for lid in LAYER_IDS if lid != "admin_areas"]
        total = [store.count(lid) for lid in LAYER_IDS if lid != "admin_areas"]
        assert 0 < sum(counts) < sum(total), query


def test_read_view_keeps_boundaries_and_view_order(store):
    shown = read_view(
        store, MapView(layers=("youth_schools", "admin_areas"), banners=("奈曼旗",))
    )
    assert list(shown) == ["youth_schools", "admin_areas"]  # view order
    assert len(shown["admin_areas"]) == 8  # reference layer: never filtered
    assert set(shown["youth_schools"].banner) == {"奈曼旗"}


def test_other_status_finds_what_a_steward_kept_outside_the_list(store, tmp_path):
    from geodata.catalog import STATUS_OTHER
    from geodata.ingest import commit, prepare
    from tests import fixtures as fx

    frame = fx.schools()
    frame.loc[2, "状态"] = "烂尾"
    upload = fx.shapefile_zip(tmp_path, frame)
    commit(store, prepare(store, upload, "youth_schools"), author="t")
    other = store.read_layer("youth_schools", LayerQuery(statuses=(STATUS_OTHER,)))
    assert list(other["status"]) == ["烂尾"]
    both = LayerQuery(statuses=("built", STATUS_OTHER))
    assert store.count("youth_schools", both) == 1 + store.count(
        "youth_schools", LayerQuery(statuses=("built",))
    )
    view = MapView.from_params({"status": "other,nonsense"})
    assert view.statuses == (STATUS_OTHER,)


def test_year_range_keeps_undated_features_unless_asked_not_to(store):
    # The sample dates only youth schools and one village: a year filter at full
    # range must not drop the other places (奈曼旗 19 -> 9 was the defect).
    every = LayerQuery(banners=("奈曼旗",))
    full = LayerQuery(banners=("奈曼旗",), year_range=(1900, 2100))
    strict = LayerQuery(
        banners=("奈曼旗",), year_range=(1900, 2100), keep_undated=False
    )
    for layer_id in LAYER_IDS:
        if layer_id == "admin_areas":
            continue
        whole = store.read_layer(layer_id, every)
        assert store.count(layer_id, full) == len(whole), layer_id
        dated = int(whole["year"].notna().sum())
        assert store.count(layer_id, strict) == dated, layer_id
