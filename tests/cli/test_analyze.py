"""``geodata analyze``: coverage, scorecard and sites on the seeded store."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

import pyproj

from geodata.cli import main

pytestmark = pytest.mark.backends


@pytest.fixture
def run(store_env):
    def invoke(*args: str):
        result = CliRunner().invoke(main, ["analyze", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    return invoke


def test_coverage_json_matches_geodesic_distances(run):
    data = json.loads(run("coverage", "--within", "20km", "--json").stdout)
    assert data["summary"]["places"] == 4
    assert data["summary"]["covered"] == 3  # one village lies 21.5 km away
    geod = pyproj.Geod(ellps="WGS84")
    schools = json.loads(
        CliRunner()
        .invoke(
            main,
            [
                "export",
                "--layer",
                "youth_schools",
                "--format",
                "geojson",
                "--output",
                "-",
            ],
        )
        .stdout
    )["features"]
    built = [f for f in schools if f["properties"]["status"] == "built"]
    for place in data["places"]:
        if place["name"] == "锦绣海棠经济林（50亩）":
            continue  # a polygon: measured from its edge, not a point
        distances = {
            f["properties"]["name"]: geod.inv(
                place["lon"], place["lat"], *f["geometry"]["coordinates"]
            )[2]
            for f in built
        }
        nearest = min(distances, key=distances.get)
        assert place["nearest_facility"] == nearest
        assert place["distance_m"] == pytest.approx(distances[nearest], rel=3e-4)
        assert place["covered"] == (distances[nearest] <= 20_000)


def test_coverage_radius_and_status_change_the_answer(run):
    wide = json.loads(run("coverage", "--within", "25", "--json").stdout)
    assert wide["summary"]["covered"] == 4
    every = json.loads(run("coverage", "--status", "all", "--json").stdout)
    assert every["question"]["statuses"] == []
    assert every["summary"]["covered"] >= 3


def test_coverage_csv_is_the_page_table(run):
    text = run("coverage", "--csv", "--lang", "en").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["Name"] == "北大营子村"  # farthest first
    assert rows[0]["Covered"] == "False"
    assert float(rows[0]["Distance (km)"]) == pytest.approx(21.55, abs=0.01)


def test_coverage_table_in_chinese(run):
    out = run("coverage", "--lang", "zh").stdout
    assert out.splitlines()[0].startswith("3 / 4 个地点在 20 公里内（75%）")
    assert "最近设施" in out


def test_scorecard_counts_the_seed_schools(run):
    rows = json.loads(run("scorecard", "--layer", "youth_schools", "--json").stdout)
    city = next(r for r in rows if r["banner"] == "通辽市")
    assert (city["count"], city["built"], city["planned"]) == (9, 3, 6)
    horqin = next(r for r in rows if r["banner"] == "科尔沁区")
    assert horqin["per_1000km2"] == pytest.approx(2 / horqin["area_km2"] * 1000)
    assert 3000 < horqin["area_km2"] < 4000


def test_scorecard_table_lists_layers_when_several(run):
    out = run("scorecard", "--layer", "signage", "--layer", "youth_schools").stdout
    assert out.splitlines()[0].startswith("Layer")
    assert out.count("Tongliao (total)") == 2


def test_sites_picks_planned_schools_that_add_most(run):
    data = json.loads(
        run(
            "sites", "--places", "signage", "--within", "20km", "--k", "2", "--json"
        ).stdout
    )
    chosen = [c for c in data["candidates"] if c["step"] is not None]
    assert [c["step"] for c in chosen] == [1, 2]
    assert chosen[0]["gain"] >= chosen[1]["gain"] > 0
    assert data["covered_after"] == data["covered_before"] + sum(
        c["gain"] for c in chosen
    )
    best_alone = max(c["alone"] for c in data["candidates"])
    assert chosen[0]["gain"] == best_alone


def test_sites_takes_typed_points(run):
    out = run(
        "sites",
        "--places",
        "signage",
        "--candidates",
        "119.62,45.49;120.9,44.56",
        "--k",
        "1",
        "--lang",
        "en",
    ).stdout
    assert "1 new sites" in out.splitlines()[0]
    assert "Typed point" in out


def test_audience_public_answers_as_the_public_map_and_internal_is_audited(
    run, store_env
):
    from geodata.audit import read_audit
    from geodata.config import Settings
    from geodata.storage import open_store

    store = open_store(Settings(store=str(store_env)))
    exact = json.loads(run("coverage", "--json").stdout)  # internal by default
    public = json.loads(run("coverage", "--json", "--audience", "public").stdout)
    assert exact["places"][0]["name"] == public["places"][0]["name"] == "北大营子村"
    # partner villages are internal: the public's distances come from the grid
    assert exact["places"][0]["distance_m"] != public["places"][0]["distance_m"]
    entries = [e for e in read_audit(store) if e.action == "export"]
    assert [e.detail for e in entries] == ["cli analyze coverage"]
    assert entries[0].audience == "internal" and "partner_villages" in entries[0].layer
