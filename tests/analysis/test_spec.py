"""The analysis question: URL form, typed distances and points, checks."""

import pytest

import geodata.i18n  # noqa: F401  (installs the error texts)
from geodata.analysis.spec import AnalysisSpec, parse_distance, parse_points
from geodata.errors import AnalysisError


def test_params_round_trip():
    spec = AnalysisSpec(
        places="signage",
        facilities="unity_schools",
        statuses=(),
        radius_km=12.5,
        banners=("奈曼旗", "库伦旗"),
        candidates=(),
        points=((122.1, 43.5), (121.0, 44.0)),
        k=2,
        layer="signage",
        measure="uncovered_share",
        target=9,
    )
    params = spec.to_params()
    assert params["status"] == "all" and params["cand"] == "none"
    assert AnalysisSpec.from_params(params) == spec
    assert AnalysisSpec().to_params() == {}


@pytest.mark.parametrize(
    "params",
    [
        {"within": "-3"},
        {"within": "1000"},
        {"k": "99"},
        {"places": "admin_areas"},
        {"measure": "nope"},
        {"pts": "not a point"},
        {"target": "0"},
    ],
)
def test_a_bad_parameter_keeps_the_default(params):
    assert AnalysisSpec.from_params(params) == AnalysisSpec()


def test_a_link_with_the_same_layer_twice_falls_back():
    spec = AnalysisSpec.from_params({"places": "youth_schools"})
    assert spec.places != spec.facilities


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        (AnalysisSpec(places="youth_schools"), "analysis.same_layer"),
        (AnalysisSpec(radius_km=0), "analysis.radius"),
        (AnalysisSpec(radius_km=301), "analysis.radius"),
        (AnalysisSpec(radius_km=float("nan")), "analysis.radius"),
        (AnalysisSpec(k=21), "analysis.k"),
        (AnalysisSpec(places="admin_areas"), "analysis.layer"),
        (AnalysisSpec(points=((122.0, 43.0),) * 51), "analysis.too_many_points"),
    ],
)
def test_check_names_the_problem(spec, code):
    with pytest.raises(AnalysisError) as info:
        spec.check()
    assert info.value.code == code
    assert info.value.render("zh") != info.value.render("en")


@pytest.mark.parametrize(
    ("text", "metres"),
    [
        ("20km", 20_000),
        ("20 KM", 20_000),
        ("750m", 750),
        ("3.5", 3_500),
        ("8千米", 8_000),
        ("500米", 500),
    ],
)
def test_distances_as_people_type_them(text, metres):
    assert parse_distance(text) == metres


@pytest.mark.parametrize("text", ["", "km", "20 miles", "-5km", "0", "400km"])
def test_bad_distances(text):
    with pytest.raises(AnalysisError):
        parse_distance(text)


def test_points_in_any_common_spelling():
    assert parse_points("122.1,43.5\n121.9 43.2；120.5，42.9;") == (
        (122.1, 43.5),
        (121.9, 43.2),
        (120.5, 42.9),
    )


def test_swapped_and_outside_points_say_so():
    with pytest.raises(AnalysisError) as info:
        parse_points("43.5,122.1")
    assert "122.1,43.5" in info.value.render("zh")
    with pytest.raises(AnalysisError) as info:
        parse_points("116.4,39.9")  # Beijing
    assert info.value.code == "analysis.outside"
    with pytest.raises(AnalysisError) as info:
        parse_points("122.1")
    assert info.value.code == "analysis.bad_point"
