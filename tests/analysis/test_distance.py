"""The fast nearest search for points gives the tree's answer on every layout."""

import numpy as np
import pytest

import shapely

from geodata.analysis.distance import nearest_positions, nearest_xy


def _tree(x, y, fx, fy):
    return nearest_positions(shapely.points(x, y), shapely.points(fx, fy))


@pytest.mark.parametrize(
    "layout", ["uniform", "clustered", "one_spot", "few", "far_places"]
)
def test_grid_matches_the_tree(layout):
    rng = np.random.default_rng(11)
    x, y = rng.uniform(-200e3, 200e3, (2, 20_000))
    if layout == "uniform":
        fx, fy = rng.uniform(-200e3, 200e3, (2, 500))
    elif layout == "clustered":  # most facilities in two towns, a few spread out
        town = rng.normal(0, 2e3, (2, 400)) + np.array([[50e3], [-30e3]])
        spread = rng.uniform(-200e3, 200e3, (2, 20))
        fx, fy = np.concatenate([town, spread], axis=1)
    elif layout == "one_spot":  # more than a cell holds: the tree answers alone
        fx, fy = np.zeros(100), np.zeros(100)
    elif layout == "few":
        fx, fy = rng.uniform(-200e3, 200e3, (2, 3))
    else:  # places far outside the facilities' box
        fx, fy = rng.uniform(-1e3, 1e3, (2, 50))
        x, y = x * 10, y * 10
    pos, dist = nearest_xy(x, y, fx, fy)
    tree_pos, tree_dist = _tree(x, y, fx, fy)
    np.testing.assert_allclose(dist, tree_dist, rtol=1e-12, atol=1e-6)
    # where two facilities are equally near either answer is right
    same = pos == tree_pos
    np.testing.assert_allclose(
        np.hypot(x - fx[pos], y - fy[pos])[~same], tree_dist[~same], atol=1e-6
    )


def test_missing_places_and_facilities():
    x = np.array([0.0, np.nan, 5.0])
    pos, dist = nearest_xy(x, np.zeros(3), np.array([np.nan, 4.0]), np.zeros(2))
    assert pos.tolist() == [1, -1, 1]
    assert dist[0] == 4.0 and np.isnan(dist[1]) and dist[2] == 1.0
    pos, dist = nearest_xy(x, np.zeros(3), np.array([]), np.array([]))
    assert pos.tolist() == [-1, -1, -1] and np.isnan(dist).all()


def test_ties_go_to_the_first_facility():
    pos, _ = nearest_xy(
        np.array([0.0]),
        np.array([0.0]),
        np.array([1.0, -1.0, 0.0]),
        np.array([0.0, 0.0, 1.0]),
    )
    assert pos.tolist() == [0]
