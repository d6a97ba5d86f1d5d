"""The analysis answers each audience from what that audience may see.

A public answer (its tables and its PNG pictures) is the same whether the store
holds restricted features or not, and whether internal features sit exactly
where they are or elsewhere in their grid cell: nothing in it can tell where a
hidden feature is. An internal answer changes with both, so the comparison can
fail. (Positions and names spelt out in the analysis's outputs are checked in
``tests/test_public_outputs.py``.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import shapely

from geodata.analysis import charts, tables
from geodata.analysis.run import run_analysis
from geodata.analysis.spec import AnalysisSpec
from geodata.catalog import get_layer
from geodata.config import Settings
from geodata.display import feature_sensitivity, snap_to_grid
from geodata.storage import CommitInfo, open_store

COVERAGE = AnalysisSpec(
    places="partner_villages", facilities="service_sites", statuses=(), k=0
)
SITES = AnalysisSpec(
    places="partner_villages", facilities="service_sites", k=3, layer="service_sites"
)


def _hide(store, layer_id: str) -> int:
    """Drop the layer's restricted features and move each internal point halfway
    to its grid node (so it stays in its cell); return how many changed."""
    frame = store.read_layer(layer_id)
    level = feature_sensitivity(frame, get_layer(layer_id))
    keep = level != "restricted"
    frame, level = frame[keep].copy(), level[keep]
    geoms = frame.geometry.to_numpy().copy()
    moved = (level == "internal") & (shapely.get_type_id(geoms) == 0)
    old = shapely.get_coordinates(geoms[moved])
    node = shapely.get_coordinates(snap_to_grid(geoms[moved]))
    geoms[moved] = shapely.points((old + node) / 2)
    frame = frame.set_geometry(geoms, crs=4326)
    store.write_layer(
        layer_id, frame, mode="replace", commit=CommitInfo("test", note="hide")
    )
    return int((~keep).sum() + moved.sum())


@pytest.fixture
def stores(store_path, tmp_path):
    """The sample store, and a copy without what the public may not see."""
    import shutil

    hidden_path = tmp_path / "hidden.gpkg"
    shutil.copy(store_path, hidden_path)
    hidden = open_store(Settings(store=str(hidden_path)))
    changed = _hide(hidden, "service_sites") + _hide(hidden, "partner_villages")
    assert changed > 10  # restricted sites gone, internal points moved
    return open_store(Settings(store=str(store_path))), hidden


def _answer(store, audience: str) -> dict[str, object]:
    coverage = run_analysis(store, COVERAGE, audience)
    sites = run_analysis(store, SITES, audience)
    assert coverage.audience == sites.audience == audience
    return {
        "distances": tables.distance_table(coverage, "en"),
        "sites": tables.sites_table(sites, "en"),
        "banners": tables.banner_measures(sites, "en"),
        "scorecard": tables.scorecard_table(sites, "en"),
        "coverage png": charts.coverage_map_png(coverage, "en"),
        "sites png": charts.coverage_map_png(sites, "en"),
        "choropleth png": charts.choropleth_png(sites, "en"),
        "progress png": charts.progress_png(sites, "en"),
    }


def _same(a: object, b: object) -> bool:
    if isinstance(a, pd.DataFrame):
        return a.shape == b.shape and a.astype(str).equals(b.astype(str))
    return a == b


def test_a_public_answer_does_not_depend_on_what_the_public_may_not_see(stores):
    full, hidden = stores
    seen, without = _answer(full, "public"), _answer(hidden, "public")
    differ = [name for name in seen if not _same(seen[name], without[name])]
    assert differ == []


def test_an_internal_answer_does(stores):
    full, hidden = stores
    seen, without = _answer(full, "internal"), _answer(hidden, "internal")
    differ = {name for name in seen if not _same(seen[name], without[name])}
    # positions and distances show in these; the progress of a layer with no
    # years, and the status scorecard of a layer without status, stay the same
    assert {"distances", "sites", "coverage png", "sites png"} <= differ


def test_the_public_gets_fewer_facilities_and_coarse_places(store):
    public = run_analysis(store, COVERAGE, "public")
    internal = run_analysis(store, COVERAGE, "internal")
    level = feature_sensitivity(internal.facilities, get_layer("service_sites"))
    assert (
        len(public.facilities)
        == (level != "restricted").sum()
        < len(internal.facilities)
    )
    points = internal.places.geom_type.to_numpy() == "Point"
    exact = shapely.get_coordinates(internal.places.geometry.values[points])
    shown = shapely.get_coordinates(public.places.geometry.values[points])
    assert not np.isclose(exact, shown, atol=3e-5).all(axis=1).any()
    assert np.abs(exact - shown).max() < 0.01  # coarsened to ~1 km, not dropped


@pytest.mark.parametrize("draw", [charts.coverage_map_png, charts.progress_png])
def test_a_picture_carries_its_audiences_notice(store, draw):
    result = run_analysis(store, COVERAGE, "internal")
    plain = draw(result, "en")
    marked = draw(result, "en", None, "Internal · schematic map")
    assert plain != marked and marked.startswith(b"\x89PNG")
