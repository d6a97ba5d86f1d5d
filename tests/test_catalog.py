import pytest

from geodata.catalog import (
    BANNER_NAMES,
    BANNERS,
    CITY_BOUNDS,
    LAYER_IDS,
    LAYERS,
    Sensitivity,
    banner,
    get_layer,
)
from geodata.errors import CatalogError, UnknownLayerError

EXPECTED_IDS = (
    "admin_areas",
    "support_streets",
    "support_parks",
    "signage",
    "youth_schools",
    "unity_schools",
    "partner_villages",
    "flood_sites",
    "service_sites",
)
COMMON = (
    "name",
    "banner",
    "township",
    "status",
    "year",
    "unit",
    "funding_wan",
    "note",
    "source",
    "illustrative",
)


def test_layer_ids_are_the_agreed_nine():
    assert LAYER_IDS == EXPECTED_IDS


@pytest.mark.parametrize("spec", LAYERS, ids=lambda s: s.id)
def test_every_layer_has_common_fields_titles_style_and_sensitivity(spec):
    assert spec.field_names[: len(COMMON)] == COMMON
    assert len(set(spec.field_names)) == len(spec.field_names)
    assert spec.title_zh and spec.title_en and spec.title_zh != spec.title_en
    assert spec.style.color.startswith("#") and len(spec.style.color) == 7
    assert isinstance(spec.sensitivity, Sensitivity)
    for field in spec.fields:
        assert field.dtype in ("str", "int", "float", "bool")
        assert field.title_zh and field.title_en
        for alias_target in field.value_aliases.values():
            assert field.allowed is None or alias_target in field.allowed


def test_geometry_types_follow_the_issue():
    assert get_layer("admin_areas").geometry_types == ("Polygon", "MultiPolygon")
    assert get_layer("signage").is_point_layer
    assert "LineString" in get_layer("flood_sites").geometry_types
    assert "Polygon" in get_layer("partner_villages").geometry_types


def test_unknown_layer_names_the_known_ones():
    with pytest.raises(UnknownLayerError, match="youth_schools") as info:
        get_layer("schools")
    assert isinstance(info.value, CatalogError)
    assert isinstance(info.value, KeyError)
    assert str(info.value).startswith("Layer 'schools' not in catalog")


def test_header_aliases_include_chinese():
    spec = get_layer("youth_schools")
    assert "名称" in spec.field("name").aliases
    assert "旗县" in spec.field("banner").aliases
    assert "状态" in spec.field("status").aliases
    assert "年份" in spec.field("year").aliases
    assert spec.field("status").value_aliases["已建成"] == "built"


def test_banners_are_eight_and_seats_inside_city_bounds():
    assert len(BANNERS) == 8 == len(set(BANNER_NAMES))
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    for b in BANNERS:
        assert lon_min < b.seat_lon < lon_max and lat_min < b.seat_lat < lat_max
    assert banner("Kulun Banner").name_zh == "库伦旗"
    assert banner("150581").name_zh == "霍林郭勒市"
    with pytest.raises(KeyError):
        banner("Beijing")
