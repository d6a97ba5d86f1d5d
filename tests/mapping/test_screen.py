"""What the map loads for the screen, asked of each backend's store."""

from __future__ import annotations

import numpy as np
import pytest

import folium
import geopandas as gpd
import shapely

from geodata.catalog import BANNERS, CITY_BOUNDS
from geodata.mapping.cells import cell_rows, screen_groups
from geodata.mapping.counts import counts_by_banner, frame_tallies, total
from geodata.mapping.screen import (
    Screen,
    load_for_screen,
    opening_screen,
    payload_features,
    pick,
    view_tallies,
)
from geodata.query import LayerQuery, filter_frame
from geodata.storage import CommitInfo
from geodata.view import MapView

pytestmark = pytest.mark.backends
N = 3000
BUDGET = 500


def _signs(n: int, seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    pick_banner = rng.integers(0, len(BANNERS), n)
    lon = np.array([b.seat_lon for b in BANNERS])[pick_banner] + rng.normal(0, 0.15, n)
    lat = np.array([b.seat_lat for b in BANNERS])[pick_banner] + rng.normal(0, 0.15, n)
    return gpd.GeoDataFrame(
        {
            "name": [f"标牌{i}" for i in range(n)],
            "banner": np.array([b.name_zh for b in BANNERS])[pick_banner],
            "status": np.where(rng.random(n) < 0.7, "built", "planned"),
        },
        geometry=shapely.points(lon, lat),
        crs=4326,
    )


@pytest.fixture
def big(store):
    store.write_layer(
        "signage", _signs(N), mode="replace", commit=CommitInfo(author="t")
    )
    return store


VIEW = MapView(layers=("admin_areas", "signage", "youth_schools"))
#: The whole city, as the planner map opens on it.
CITY = opening_screen()


def test_low_zoom_draws_counts_per_cell_computed_in_the_store(big):
    loads = load_for_screen(big, VIEW, CITY, budget=BUDGET)
    signs = loads["signage"]
    assert signs.aggregated and signs.features is None
    assert signs.in_view == N == int(signs.cells["n"].sum())
    assert len(signs.cells) < N / 10  # a few cells, not thousands of points
    # small layers still come as features, boundaries whole
    assert not loads["youth_schools"].aggregated
    assert len(loads["admin_areas"].features) == 8
    assert payload_features(loads) <= BUDGET + len(signs.cells)


def test_high_zoom_draws_the_features_in_view_only(big):
    seat = BANNERS[0]
    box = (
        seat.seat_lon - 0.05,
        seat.seat_lat - 0.03,
        seat.seat_lon + 0.05,
        seat.seat_lat + 0.03,
    )
    screen = Screen(box, 13)
    loads = load_for_screen(big, VIEW, screen, budget=BUDGET)
    signs = loads["signage"]
    assert not signs.aggregated
    assert 0 < len(signs.features) <= BUDGET
    expected = filter_frame(
        big.read_layer("signage"), LayerQuery(bbox=screen.widened())
    )
    assert sorted(signs.features["feature_id"]) == sorted(expected["feature_id"])


def test_filters_apply_to_cells_and_totals_cover_the_whole_layer(big):
    view = MapView(layers=("signage",), banners=(BANNERS[1].name_zh,))
    loads = load_for_screen(big, view, CITY, budget=100)
    whole = filter_frame(big.read_layer("signage"), view.query("signage"))
    assert int(loads["signage"].cells["n"].sum()) == len(whole)
    # zoomed far in elsewhere, the counts still describe the whole filtered layer:
    # they are the store's, per banner and status, as counted from the frame
    far = Screen((119.3, 45.5, 119.31, 45.51), 16)
    assert load_for_screen(big, view, far)["signage"].in_view == 0
    tallies = view_tallies(big, view)
    assert tallies == frame_tallies({"signage": whole})
    assert total(tallies) == len(whole)
    assert counts_by_banner(tallies, "zh").to_numpy().sum() == len(whole)


def test_a_click_picks_a_feature_at_every_zoom(big):
    frame = big.read_layer("signage")
    target = frame.iloc[123]
    x, y = target.geometry.x, target.geometry.y
    # on the marker itself, zoomed in
    hits = pick(big, VIEW, y, x, Screen((x - 0.01, y - 0.01, x + 0.01, y + 0.01), 15))
    assert hits[0].row["feature_id"] == target["feature_id"]
    # on a count cell at city zoom: the nearest feature under the finger
    cells = load_for_screen(big, VIEW, CITY, budget=BUDGET)["signage"].cells
    lon, lat = cells.sort_values("n").iloc[-1][["lon", "lat"]]
    (hit,) = pick(big, VIEW, lat, lon, CITY)
    assert hit.layer_id == "signage"
    assert hit.row.geometry.distance(shapely.Point(lon, lat)) < CITY.tolerance()


def test_groups_follow_the_view_and_carry_counts_not_attributes(big):
    loads = load_for_screen(big, VIEW, CITY, budget=BUDGET)
    groups = screen_groups(VIEW, loads)
    assert len(groups) == 2  # signage (cells) and youth_schools; boundaries are base
    html = groups[0].add_to(folium.Map(tiles=None)).get_root().render()
    assert "gd-cell" in html and "标牌1" not in html
    rows = cell_rows(loads["signage"].cells, "amap")  # shifted to GCJ-02 for Amap
    plain = cell_rows(loads["signage"].cells, "offline")
    assert rows[0][2] == plain[0][2] and rows[0][:2] != plain[0][:2]


def test_a_screen_comes_from_what_the_map_reports():
    seen = {
        "zoom": 11,
        "bounds": {
            "_southWest": {"lat": 43.0, "lng": 121.0},
            "_northEast": {"lat": 43.5, "lng": 122.0},
        },
    }
    opening = opening_screen()
    assert Screen.from_map(seen, opening) == Screen((121.0, 43.0, 122.0, 43.5), 11)
    for broken in (None, {}, {"zoom": "x", "bounds": seen["bounds"]}):
        assert Screen.from_map(broken, opening) == opening
    # the screen the map opens at holds the whole city at its zoom
    assert Screen(CITY_BOUNDS, opening.zoom).shows_within(opening)
