"""Map payload and speed: the planner map against a naive folium map, same run.

For 1k / 10k / 100k synthetic points in one layer (``signage``) this prints

- map HTML bytes (total, and per point above an empty map of the same kind),
- map build time (building the folium map and rendering its HTML),
- AppTest rerun time after a filter change (status = built, about a third of the
  points): the dashboard's map page against a one-file naive page,

each beside the naive approach (``folium.GeoJson`` of the whole GeoDataFrame, all
properties, full precision) with the ratio naive / ours.

Run: ``.venv/bin/python bench/map_payload.py [--sizes 1000,10000,100000]``.
Targets at 100k points: at most 40 bytes per point, a build at least 10x faster than
naive, a filter rerun under 1 s of server time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np

import folium
import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.catalog import BANNER_NAMES, CITY_BOUNDS, STATUSES  # noqa: E402
from geodata.config import Settings  # noqa: E402
from geodata.mapping.basemaps import load_basemap_data  # noqa: E402
from geodata.mapping.render import build_map  # noqa: E402
from geodata.seeding import open_or_seed  # noqa: E402
from geodata.storage import CommitInfo  # noqa: E402
from geodata.view import MapView  # noqa: E402

SOURCE = (
    "在市旗两级各主要道路进出口、主要街道和繁华地带,各苏木乡镇、街道办事处明显地段"
    "和居民小区都设立了永久性双拥宣传标牌,大力宣传拥军优属工作。"
)
UNITS = ("通辽军分区", "科尔沁区人武部", "通辽市退役军人事务局", "武警通辽支队")
SITE_TYPES = ("road_entrance", "street", "township_office", "residential")

NAIVE_PAGE = textwrap.dedent("""
    import folium
    import streamlit as st
    from streamlit_folium import st_folium

    from geodata.catalog import STATUSES
    from geodata.ui.resources import get_store


    @st.cache_resource
    def load(location, version):
        return get_store().read_layer("signage")


    store = get_store()
    frame = load(store.location, store.current_version("signage"))
    statuses = st.multiselect("status", STATUSES, key="naive_status")
    if statuses:
        frame = frame[frame["status"].isin(statuses)]
    fmap = folium.Map(location=[43.95, 121.5], zoom_start=7)
    folium.GeoJson(frame, tooltip=folium.GeoJsonTooltip(["name"])).add_to(fmap)
    st_folium(fmap, key="naive_map", height=600, returned_objects=[])
""")


def synthetic_points(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` signage-shaped points in the city's box, every catalog field filled."""
    rng = np.random.default_rng(seed)
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    banners = rng.choice(BANNER_NAMES, n)
    return gpd.GeoDataFrame(
        {
            "name": [f"{b}双拥标牌{i}" for i, b in enumerate(banners)],
            "banner": banners,
            "township": rng.choice(["大沁他拉镇", "甘旗卡镇", "保康镇", "鲁北镇"], n),
            "status": rng.choice(STATUSES, n),
            "year": rng.integers(2015, 2024, n),
            "unit": rng.choice(UNITS, n),
            "funding_wan": rng.uniform(1, 50, n).round(1),
            "note": "合成数据，用于性能测试",
            "source": SOURCE,
            "illustrative": True,
            "site_type": rng.choice(SITE_TYPES, n),
        },
        geometry=gpd.points_from_xy(
            rng.uniform(lon_min, lon_max, n), rng.uniform(lat_min, lat_max, n)
        ),
        crs=4326,
    )


def naive_map(frame: gpd.GeoDataFrame) -> folium.Map:
    """The obvious approach: a GeoJson of the whole frame, every property."""
    fmap = folium.Map(location=[43.95, 121.5], zoom_start=7)
    folium.GeoJson(frame, tooltip=folium.GeoJsonTooltip(["name"])).add_to(fmap)
    return fmap


def _timed_html(build) -> tuple[float, int]:
    start = time.perf_counter()
    page = build().get_root().render()
    return time.perf_counter() - start, len(page.encode("utf-8"))


def measure_build(frame: gpd.GeoDataFrame, basemap) -> dict[str, float]:
    """HTML bytes and build+render seconds for ours and naive."""
    view = MapView(layers=("signage",))
    ours_s, ours_b = _timed_html(
        lambda: build_map(view, {"signage": frame}, basemap_data=basemap)
    )
    _, ours_empty = _timed_html(lambda: build_map(view, {}, basemap_data=basemap))
    naive_s, naive_b = _timed_html(lambda: naive_map(frame))
    _, naive_empty = _timed_html(
        lambda: folium.Map(location=[43.95, 121.5], zoom_start=7)
    )
    n = len(frame)
    return {
        "ours_bytes": ours_b,
        "naive_bytes": naive_b,
        "ours_bpp": (ours_b - ours_empty) / n,
        "naive_bpp": (naive_b - naive_empty) / n,
        "ours_build": ours_s,
        "naive_build": naive_s,
    }


def _rerun_seconds(script: str, set_filter) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(script, default_timeout=600)
    at.run()
    at.run()  # warm: caches filled, as for a user who has the page open
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    widget = set_filter(at)
    start = time.perf_counter()
    widget.run()
    elapsed = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def measure_rerun(frame: gpd.GeoDataFrame, workdir: Path) -> dict[str, float]:
    """AppTest seconds to rerun after choosing status = built, ours and naive."""
    store_path = workdir / f"bench-{len(frame)}.gpkg"
    store = open_or_seed(Settings(store=str(store_path)))  # seeded from the sample
    store.write_layer(
        "signage", frame, mode="replace", commit=CommitInfo(author="bench")
    )
    os.environ["GEODATA_STORE"] = str(store_path)
    naive_script = workdir / "naive_page.py"
    naive_script.write_text(NAIVE_PAGE, encoding="utf-8")
    ours = _rerun_seconds(
        str(ROOT / "dashboard.py"),
        lambda at: at.sidebar.multiselect(key="map_statuses").set_value(["built"]),
    )
    naive = _rerun_seconds(
        str(naive_script),
        lambda at: at.multiselect(key="naive_status").set_value(["built"]),
    )
    return {"ours_rerun": ours, "naive_rerun": naive}


def _row(label: str, ours: float, naive: float, fmt: str) -> str:
    ratio = naive / ours if ours else float("inf")
    return (
        f"  {label:<26} {format(ours, fmt):>14} {format(naive, fmt):>14} {ratio:>8.1f}x"
    )


def main() -> None:
    """Print the table for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument(
        "--no-apptest",
        action="store_true",
        help="skip the AppTest reruns (bytes and build time only)",
    )
    args = parser.parse_args()
    basemap = load_basemap_data()
    workdir = Path(tempfile.mkdtemp(prefix="geodata-bench-"))
    print(f"{'':28} {'ours':>14} {'naive':>14} {'naive/ours':>9}")
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            frame = synthetic_points(n)
            built = measure_build(frame, basemap)
            print(f"{n:,} points in one layer")
            print(
                _row(
                    "map HTML bytes", built["ours_bytes"], built["naive_bytes"], ",.0f"
                )
            )
            print(_row("bytes per point", built["ours_bpp"], built["naive_bpp"], ".1f"))
            print(
                _row(
                    "map build + render (s)",
                    built["ours_build"],
                    built["naive_build"],
                    ".3f",
                )
            )
            if not args.no_apptest:
                rerun = measure_rerun(frame, workdir)
                print(
                    _row(
                        "AppTest filter rerun (s)",
                        rerun["ours_rerun"],
                        rerun["naive_rerun"],
                        ".3f",
                    )
                )
            sys.stdout.flush()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
