"""Greedy maximal covering: a case with a known optimum, and every subset checked."""

import itertools

import numpy as np
import pytest

from geodata.analysis.sites import choose_sites, greedy_cover, reach_pairs
from tests.common import from_metres

#: Villages on a line (metres east of the projection centre). With a 2 km reach,
#: site A (x=1000) covers v0-v2, B (x=5000) v2-v4... see each test.
VILLAGES = [(0, 0), (1000, 0), (2000, 0), (5000, 0), (6000, 0), (9000, 0), (10000, 0)]


def test_a_case_with_a_known_optimum():
    # A reaches {0,1,2}, B {2,3,4}... the best pair is A + C, covering 6 of 7:
    # site:       A=1000  B=4000  C=7500  D=9500
    # reaches:    0,1,2   2,3,4   4,5     5,6
    sites = from_metres(
        [(1000, 0), (4000, 0), (7500, 0), (9500, 0)], name=["A", "B", "C", "D"]
    )
    choice = choose_sites(from_metres(VILLAGES), sites, 2100, 2)
    # optimum for k=2 by enumeration: {A, B} covers 0-4 = 5; {B, D} 2-6 = 5;
    # {A, D} covers 0,1,2,5,6 = 5 — greedy takes A (3) then B (2): 5 = optimum.
    best = _optimum(from_metres(VILLAGES), sites, 2100, 2)
    assert choice.covered_after == best == 5
    assert sites.name[choice.chosen].tolist() == ["A", "B"]
    assert choice.steps.gain.tolist() == [3, 2]
    assert choice.ranking.alone.tolist() == [3, 3, 2, 2]


def test_existing_coverage_changes_the_choice():
    sites = from_metres([(1000, 0), (9500, 0)], name=["A", "D"])
    covered = np.array([True, True, True, False, False, False, False])
    choice = choose_sites(from_metres(VILLAGES), sites, 2100, 1, covered)
    assert sites.name[choice.chosen].tolist() == ["D"]  # A adds nothing new
    assert choice.covered_before == 3 and choice.covered_after == 5
    assert choice.newly_covered.tolist() == [False] * 5 + [True, True]


def test_stops_when_no_site_adds_a_place():
    sites = from_metres([(1000, 0), (1100, 0), (50_000, 0)])
    choice = choose_sites(from_metres(VILLAGES), sites, 2100, 3)
    assert choice.chosen == [0]  # the second adds nothing, the third is too far
    assert choice.covered_after == 3


def test_ties_go_to_the_first_candidate():
    steps = greedy_cover(np.array([0, 1]), np.array([0, 1]), 2, np.zeros(2, bool), 1)
    assert steps == [(0, 1)]


def _optimum(places, sites, radius, k) -> int:
    site, place = reach_pairs(places, sites, radius)
    reach = [set(place[site == s]) for s in range(len(sites))]
    return max(
        len(set().union(*(reach[s] for s in combo)))
        for combo in itertools.combinations(range(len(sites)), k)
    )


@pytest.mark.parametrize("seed", range(12))
def test_greedy_is_optimal_or_within_the_bound_on_random_cases(seed):
    rng = np.random.default_rng(seed)
    places = from_metres(rng.uniform(-30_000, 30_000, (40, 2)).tolist())
    sites = from_metres(rng.uniform(-30_000, 30_000, (8, 2)).tolist())
    for k in (1, 2, 3):
        greedy = choose_sites(places, sites, 9_000, k).covered_after
        best = _optimum(places, sites, 9_000, k)
        assert greedy <= best
        assert greedy >= (1 - 1 / np.e) * best
        if k == 1:
            assert greedy == best  # one step of greedy is exhaustive
