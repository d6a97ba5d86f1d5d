from geodata.catalog import BANNER_NAMES, LAYER_IDS
from geodata.mapping.counts import counts_by_banner, counts_by_layer
from geodata.storage.base import read_view
from geodata.view import MapView


def test_counts_per_layer_and_banner(store):
    shown = read_view(store, MapView(banners=("奈曼旗",)))
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
