"""Analysis speed: coverage of 100,000 places by 1,000 facilities, and the page.

Prints, in one run on one machine:

- coverage time (nearest facility, distance and covered flag for every place,
  from EPSG:4326 frames: the projection is included) against geopandas
  ``sjoin_nearest`` doing the nearest join in the same projection, and the ratio;
- uncovered area per banner and the greedy choice of 3 sites among 1,000
  candidates, for scale;
- the analysis page's server time in AppTest with those layers in the store: a
  first run, a rerun after changing the radius (the analysis runs again) and a
  rerun after changing only the section shown (cached).

Run: ``.venv/bin/python bench/analysis.py [--places 100000] [--facilities 1000]``.
Target: coverage at most 1 s here (``sjoin_nearest`` took 0.47 s for this size).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.analysis.coverage import coverage, uncovered_area  # noqa: E402
from geodata.analysis.projection import ANALYSIS_CRS  # noqa: E402
from geodata.analysis.sites import choose_sites  # noqa: E402
from geodata.catalog import BANNER_NAMES, CITY_BOUNDS  # noqa: E402
from geodata.config import Settings  # noqa: E402
from geodata.seeding import open_or_seed  # noqa: E402
from geodata.storage import CommitInfo, open_store  # noqa: E402

RADIUS_M = 20_000.0


def points(n: int, seed: int, prefix: str, **columns) -> gpd.GeoDataFrame:
    """``n`` named points spread over the city's bounding box."""
    rng = np.random.default_rng(seed)
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    banners = rng.choice(BANNER_NAMES, n)
    return gpd.GeoDataFrame(
        {
            "name": [f"{prefix}{i}" for i in range(n)],
            "banner": banners,
            "illustrative": True,
            **{k: v(rng, n) if callable(v) else v for k, v in columns.items()},
        },
        geometry=gpd.points_from_xy(
            rng.uniform(lon_min, lon_max, n), rng.uniform(lat_min, lat_max, n)
        ),
        crs=4326,
    )


def _best_of(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _sjoin(places: gpd.GeoDataFrame, facilities: gpd.GeoDataFrame) -> None:
    gpd.sjoin_nearest(
        places.to_crs(ANALYSIS_CRS),
        facilities.to_crs(ANALYSIS_CRS),
        how="left",
        distance_col="distance_m",
    )


def measure_core(n_places: int, n_facilities: int, repeats: int) -> None:
    places = points(n_places, 1, "村")
    facilities = points(n_facilities, 2, "校")
    ours = _best_of(repeats, lambda: coverage(places, facilities, RADIUS_M))
    theirs = _best_of(repeats, lambda: _sjoin(places, facilities))
    # the same answer: distances agree with sjoin_nearest's
    mine = coverage(places, facilities, RADIUS_M)["distance_m"].to_numpy()
    joined = gpd.sjoin_nearest(
        places.to_crs(ANALYSIS_CRS),
        facilities.to_crs(ANALYSIS_CRS),
        distance_col="d",
    )
    joined = joined[~joined.index.duplicated()]["d"].to_numpy()
    assert np.allclose(mine, joined), "coverage and sjoin_nearest disagree"
    print(f"{n_places:,} places x {n_facilities:,} facilities (median of {repeats})")
    print(f"  coverage (ours)            {ours:8.3f} s")
    print(f"  geopandas sjoin_nearest    {theirs:8.3f} s")
    print(f"  sjoin_nearest / ours       {theirs / ours:8.2f}x")
    admin = open_store(Settings(store=str(_seeded()))).read_layer("admin_areas")
    area = _best_of(1, lambda: uncovered_area(admin, facilities, RADIUS_M))
    print(f"  uncovered area, 8 banners  {area:8.3f} s")
    covered = coverage(places, facilities, RADIUS_M)["covered"].to_numpy()
    candidates = points(n_facilities, 3, "候选")
    greedy = _best_of(1, lambda: choose_sites(places, candidates, RADIUS_M, 3, covered))
    print(f"  choose 3 of {n_facilities:,} sites      {greedy:8.3f} s")
    sys.stdout.flush()


_SEEDED: list[Path] = []


def _seeded() -> Path:
    if not _SEEDED:
        folder = Path(tempfile.mkdtemp(prefix="geodata-bench-"))
        path = folder / "store.gpkg"
        open_or_seed(Settings(store=str(path)))
        _SEEDED.append(path)
    return _SEEDED[0]


def _timed_run(at) -> float:
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def measure_page(n_places: int, n_facilities: int) -> None:
    from streamlit.testing.v1 import AppTest

    store_path = _seeded().with_name("page.gpkg")
    shutil.copy(_seeded(), store_path)
    store = open_store(Settings(store=str(store_path)))
    commit = CommitInfo(author="bench")
    store.write_layer(
        "partner_villages", points(n_places, 1, "村"), mode="replace", commit=commit
    )
    statuses = lambda rng, n: rng.choice(["built", "planned"], n, p=[0.8, 0.2])  # noqa: E731
    store.write_layer(
        "youth_schools",
        points(n_facilities, 2, "校", status=statuses, year=2021),
        mode="replace",
        commit=commit,
    )
    os.environ["GEODATA_STORE"] = str(store_path)
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)
    at.run()
    at.query_params.clear()
    at.switch_page("app_pages/analysis.py")
    first = _timed_run(at)
    at.sidebar.number_input(key="analysis_radius").set_value(25.0)
    radius = _timed_run(at)
    at.radio(key="analysis_section").set_value("scorecard")
    cached = _timed_run(at)
    at.radio(key="analysis_section").set_value("coverage")
    back = _timed_run(at)
    print(f"analysis page, {n_places:,} partner villages x {n_facilities:,} schools")
    print(f"  first run                  {first:8.3f} s")
    print(f"  rerun, new radius          {radius:8.3f} s")
    print(f"  rerun, scorecard (cached)  {cached:8.3f} s")
    print(f"  rerun, coverage (cached)   {back:8.3f} s")


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=100_000)
    parser.add_argument("--facilities", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--no-page", action="store_true", help="skip the AppTest")
    args = parser.parse_args()
    try:
        measure_core(args.places, args.facilities, args.repeats)
        if not args.no_page:
            measure_page(args.places, args.facilities)
    finally:
        for path in _SEEDED:
            shutil.rmtree(path.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
