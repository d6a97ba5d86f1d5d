"""Layer payloads: what the browser decodes is the layer, compactly, as data."""

import numpy as np
import pytest

import geopandas as gpd
import shapely

from geodata.coords import wgs84_to_gcj02
from geodata.mapping.payload import decode, layer_payload
from tests.common import HOSTILE_NAME, KAILU_SEAT, NAIMAN_SEAT, schools
from tests.payloads import mask_rows, points_of


def test_points_decode_to_the_features(frames):
    layer = frames["signage"]
    payload = layer_payload(layer)
    got = dict(
        zip(payload.ids[: payload.n_points], points_of(payload.data), strict=True)
    )
    assert len(got) == len(layer) == payload.n_points
    for row in layer.itertuples():
        x, y, name, banner, status = got[row.feature_id]
        assert (x, y) == (round(row.geometry.x * 1e5), round(row.geometry.y * 1e5))
        assert (name, banner, status) == (row.name, row.banner, row.status)


def test_names_that_start_with_their_banner_travel_without_it(frames):
    layer = frames["signage"]
    _, blocks = decode(layer_payload(layer).data)
    pairs = list(zip(layer.name, layer.banner, strict=True))
    starts = sum(str(n).startswith(str(b)) and len(n) > len(b) for n, b in pairs)
    assert starts > 0 and int(blocks["p"].sum()) == starts
    chars = len(blocks["t"])  # UTF-16 units sent
    assert chars == sum(len(n) for n in layer.name) - sum(
        len(b)
        for n, b in zip(layer.name, layer.banner, strict=True)
        if n.startswith(b) and len(n) > len(b)
    )


@pytest.mark.parametrize(
    "name",
    [HOSTILE_NAME, "{{ 7*7 }}", "😀 emoji 𠀀 beyond the BMP", "", "奈曼旗"],
)
def test_any_name_comes_back_unchanged(name):
    frame = schools([name, "乙"], ["奈曼旗", "开鲁县"], [NAIMAN_SEAT, KAILU_SEAT])
    names = [p[2] for p in points_of(layer_payload(frame).data)]
    assert sorted(names) == sorted([name, "乙"])


def test_banner_and_status_labels_come_in_both_languages(frames):
    header, _ = decode(layer_payload(frames["youth_schools"]).data)
    assert ["奈曼旗", "奈曼旗", "Naiman Banner"] in header["banners"]
    assert ["planned", "规划", "Planned"] in header["statuses"]


def test_points_are_in_the_display_datum():
    frame = schools(["甲"], ["奈曼旗"], [NAIMAN_SEAT])
    lon, lat = wgs84_to_gcj02(NAIMAN_SEAT.x, NAIMAN_SEAT.y)
    [(x, y, *_)] = points_of(layer_payload(frame, "gcj02").data)
    assert (x, y) == (round(float(lon) * 1e5), round(float(lat) * 1e5))
    assert x != round(NAIMAN_SEAT.x * 1e5)  # the shift is a few hundred metres


def test_shapes_are_rounded_geojson_after_the_points():
    frame = gpd.GeoDataFrame(
        {"feature_id": ["p", "l", "none"], "name": ["点", HOSTILE_NAME, "无"]},
        geometry=[
            NAIMAN_SEAT,
            shapely.LineString([(120.1234567, 42.5), (120.2, 42.6)]),
            None,
        ],
        crs=4326,
    )
    payload = layer_payload(frame)
    header, _ = decode(payload.data)
    [line] = header["shapes"]["features"]
    assert line["geometry"]["coordinates"][0] == [120.12346, 42.5]
    assert line["properties"]["n"] == HOSTILE_NAME  # data, not HTML
    assert list(payload.ids) == ["p", "l"]  # no geometry, nothing to draw


def test_a_mask_names_the_rows_a_view_shows(frames):
    layer = frames["signage"]
    payload = layer_payload(layer)
    naiman = layer[layer.banner == "奈曼旗"]
    rows = mask_rows(payload.mask(naiman.feature_id))
    assert sorted(payload.ids[rows]) == sorted(naiman.feature_id)
    assert payload.mask(layer.feature_id) is None  # everything: no mask at all
    assert mask_rows(payload.mask([])).size == 0


def test_a_mask_is_a_small_part_of_the_payload(frames):
    layer = frames["signage"]
    big = gpd.GeoDataFrame(
        {
            "feature_id": [f"id{i}" for i in range(20_000)],
            "name": [f"标牌{i}" for i in range(20_000)],
        },
        geometry=shapely.points(
            np.random.default_rng(0).uniform(119, 123, (20_000, 2))
        ),
        crs=4326,
    )
    payload = layer_payload(big)
    mask = payload.mask(big.feature_id[::3])
    assert len(mask) < len(payload.data) / 10
    assert len(layer_payload(layer).data) < 40 * len(layer)


def test_the_digest_names_the_bytes(frames):
    a = layer_payload(frames["signage"])
    b = layer_payload(frames["signage"].copy())
    c = layer_payload(frames["signage"].iloc[1:])
    assert a.digest == b.digest != c.digest  # the same rows, the same bytes
    assert len(a.digest) == 32
