from geodata.catalog import BANNER_NAMES, LAYER_IDS
from geodata.i18n import banner_label
from geodata.mapping.counts import (
    banner_summary,
    chart_rows,
    counts_by_banner,
    counts_by_layer,
    frame_tallies,
    total,
)
from geodata.mapping.screen import view_tallies
from geodata.storage.base import read_view
from geodata.view import MapView


def test_counts_per_layer_and_banner(store):
    frames = read_view(store, MapView(banners=("奈曼旗",)))
    shown = frame_tallies(frames)
    by_layer = counts_by_layer(shown, "en")
    assert list(by_layer.columns) == ["Layer", "Features"]
    # boundaries are never counted: every banner has one
    assert len(by_layer) == len(LAYER_IDS) - 1
    assert "Administrative areas" not in set(by_layer["Layer"])
    by_banner = counts_by_banner(shown, "en")
    assert len(by_banner) == len(BANNER_NAMES)
    assert "Administrative areas" not in by_banner.columns
    assert by_banner.loc["Naiman Banner"].sum() == sum(
        len(f) for lid, f in frames.items() if lid != "admin_areas"
    )
    assert by_banner.drop(index="Naiman Banner").to_numpy().sum() == 0


def test_a_search_matching_nothing_counts_nothing(store):
    shown = view_tallies(store, MapView(name="no such place"))
    assert total(shown) == 0
    assert counts_by_layer(shown, "zh")["要素数"].sum() == 0


def test_chart_rows_label_all_eight_banners_in_map_colours(store):
    from geodata.catalog import get_layer

    shown = view_tallies(store, MapView(layers=("admin_areas", "youth_schools")))
    rows = chart_rows(shown, "en")
    assert set(rows["banner"]) == {banner_label(b, "en") for b in BANNER_NAMES}
    assert set(rows["color"]) == {get_layer("youth_schools").style.color}
    assert rows["count"].sum() == 9


def test_banner_summary_counts_and_built(store):
    frames = read_view(store, MapView(layers=("youth_schools", "signage")))
    shown = view_tallies(store, MapView(layers=("youth_schools", "signage")))
    assert shown == frame_tallies(frames)  # the store counts as the frames do
    summary = banner_summary(shown, "科尔沁区", "zh").set_index("图层")
    assert summary.loc["少年军校", "已建成"] == "2 / 2"
    assert summary.loc["永久性双拥宣传标牌", "要素数"] == int(
        (frames["signage"]["banner"] == "科尔沁区").sum()
    )
