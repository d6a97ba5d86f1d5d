"""Running a question on the seeded store: what is counted, before and after."""

import pytest

from geodata.analysis.coverage import coverage
from geodata.analysis.run import read_inputs, run_analysis, with_sites
from geodata.analysis.spec import AnalysisSpec

pytestmark = pytest.mark.backends


def test_the_seed_partner_villages_against_built_schools(store):
    result = run_analysis(store, AnalysisSpec())
    assert len(result.facilities) == 3  # built only: the 6 planned are candidates
    assert set(result.candidates["kind"]) == {"planned"}
    assert len(result.candidates) == 6
    assert (result.summary.places, result.summary.covered) == (4, 3)
    assert result.progress.target == 9 and result.progress.built == 3
    city = result.scorecard.query("layer == 'youth_schools' and banner == '通辽市'")
    assert city[["count", "built", "planned"]].values.tolist() == [[9, 3, 6]]
    assert result.versions["partner_villages"] >= 1


def test_after_is_coverage_with_the_chosen_sites(store):
    result = run_analysis(
        store, AnalysisSpec(places="signage", candidates=("planned", "seats"), k=3)
    )
    choice = result.choice
    assert len(choice.chosen) == 3
    gains = choice.steps["gain"].tolist()
    assert gains == sorted(gains, reverse=True) and gains[0] > 0
    assert choice.covered_after == result.summary.covered + sum(gains)
    # recomputing coverage with the chosen sites added gives the same "after"
    grown = with_sites(result.facilities, result.chosen)
    again = coverage(result.places.drop(columns=["covered"]), grown, 20_000)
    assert int(again["covered"].sum()) == result.after.covered == choice.covered_after
    assert (
        result.uncovered_after["uncovered_km2"].sum()
        < result.uncovered["uncovered_km2"].sum()
    )


def test_banners_limit_places_and_tables_not_facilities(store):
    result = run_analysis(store, AnalysisSpec(places="signage", banners=("开鲁县",)))
    assert set(result.places["banner"]) == {"开鲁县"}
    assert list(result.admin["banner"]) == ["开鲁县"]
    assert len(result.facilities) == 3  # schools elsewhere still count
    assert list(result.banners.index) == ["开鲁县"]


def test_every_status_counted_leaves_no_planned_candidates(store):
    result = run_analysis(store, AnalysisSpec(statuses=(), candidates=("planned",)))
    assert len(result.facilities) == 9 and len(result.candidates) == 0
    assert result.choice is None


def test_typed_points_are_candidates(store):
    spec = AnalysisSpec(places="signage", candidates=(), points=((119.62, 45.49),), k=1)
    result = run_analysis(store, spec)
    assert result.candidates["kind"].tolist() == ["point"]
    assert result.choice.steps["gain"].tolist() == [5]  # Huolinguole's 5 boards


def test_inputs_are_what_the_audience_may_see(store):
    # The public reads no restricted site and no exact internal village; every
    # signed-in role reads them as stored (tests/analysis/test_audiences.py
    # checks the answers built on them).
    spec = AnalysisSpec(places="partner_villages", facilities="service_sites")
    stored = store.read_layer("service_sites")
    restricted = set(stored.loc[stored["sensitivity"] == "restricted", "name"])
    assert restricted
    public = read_inputs(store, spec, role="public")
    assert public.audience == "public"
    assert restricted.isdisjoint(public.facilities["name"])
    assert restricted.isdisjoint(public.layers["service_sites"].get("name", []))
    villages = store.read_layer("partner_villages")
    assert not public.places.geometry.geom_equals(villages.geometry).any()
    for role in ("viewer", "steward"):
        inputs = read_inputs(store, spec, role=role)
        assert inputs.audience != "public"
        assert restricted <= set(inputs.facilities["name"])
        assert inputs.places.geometry.geom_equals(villages.geometry).all()


def test_a_bad_question_is_refused_before_reading(store):
    from geodata.errors import AnalysisError

    with pytest.raises(AnalysisError):
        run_analysis(store, AnalysisSpec(places="youth_schools"))
