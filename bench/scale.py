"""Scale: 10k / 100k / 1M signage points on GeoPackage and PostGIS, same run.

For each backend and size this builds a store (the sample plus N realistic signage
points in the ``signage`` layer: Chinese names, 70 % around the banner seats), then
serves the planner map in a fresh process (the dashboard through AppTest, so each
size starts from a cold process as a server would) and prints:

- ``write``: ``write_layer`` of the N points (one transaction, COPY on PostGIS);
- ``first``: the first map render of a new process (caches cold);
- ``pan``: a rerun after the map reports a new screen (zoom 13 on a banner seat,
  features in view), and ``zoom10``: one at zoom 10 (counts per cell);
- ``filter``: a rerun after a status filter, at the city view;
- ``payload``: the map message (the component's JSON arguments, as Streamlit
  sends them) at each zoom: 8 (the city, first render), 10, 13, and the largest;
- ``bbox``: a bounding-box read of the store (``read_layer`` with the zoom-13
  screen's box, every column: rows and milliseconds, best of 5), beside the map;
- ``rss``: the serving process's resident memory after the reruns.

Run: ``.venv/bin/python bench/scale.py [--sizes 10000,100000,1000000]
[--backends gpkg,postgis]``; PostGIS needs ``GEODATA_TEST_POSTGIS`` (a server URL
whose role may create databases; ``.ci/postgres.sh start DIR PORT`` makes one).
Targets at 1M on PostGIS: first render <= 2 s, pan rerun <= 0.5 s, payload <= 1 MB
at any zoom, RSS within 1.5x from 10k to 1M.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np

import geopandas as gpd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.catalog import BANNERS, CITY_BOUNDS, STATUSES  # noqa: E402
from geodata.config import Settings  # noqa: E402
from geodata.query import LayerQuery  # noqa: E402
from geodata.seeding import seed_store  # noqa: E402
from geodata.storage import CommitInfo, create_store  # noqa: E402

UNITS = ("通辽军分区", "科尔沁区人武部", "通辽市退役军人事务局", "武警通辽支队")
SOURCE = "在市旗两级各主要道路进出口、主要街道和繁华地带都设立了永久性双拥宣传标牌。"
SEAT = BANNERS[0]


def signage(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` realistic signage points: 70 % around banner seats, names ~55 bytes."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(BANNERS), n)
    near = rng.random(n) < 0.7
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    lon = np.where(
        near,
        np.array([b.seat_lon for b in BANNERS])[pick] + rng.normal(0, 0.08, n),
        rng.uniform(lon_min, lon_max, n),
    )
    lat = np.where(
        near,
        np.array([b.seat_lat for b in BANNERS])[pick] + rng.normal(0, 0.06, n),
        rng.uniform(lat_min, lat_max, n),
    )
    banners = np.array([b.name_zh for b in BANNERS])[pick]
    return gpd.GeoDataFrame(
        {
            "name": [
                f"{b}人民路与建设大街交口双拥宣传标牌{i}号"
                for i, b in enumerate(banners)
            ],
            "banner": banners,
            "status": rng.choice(STATUSES, n),
            "year": rng.integers(2015, 2024, n),
            "unit": rng.choice(UNITS, n),
            "source": SOURCE,
            "illustrative": True,
        },
        geometry=gpd.points_from_xy(lon, lat),
        crs=4326,
    )


def _pg_database(server: str) -> str:
    import psycopg

    name = f"geodata_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = urlunsplit(urlsplit(server)._replace(path="/" + name))
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION postgis")
    return url


def _drop_pg(server: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _around_seat(half_lon: float, half_lat: float) -> tuple[float, float, float, float]:
    x, y = SEAT.seat_lon, SEAT.seat_lat
    return (x - half_lon, y - half_lat, x + half_lon, y + half_lat)


#: The screens the serving process reports: zoom 13 and zoom 10 on a banner seat.
Z13_BOX = _around_seat(0.05, 0.03)
Z10_BOX = _around_seat(0.9, 0.5)


def build(location: str, n: int) -> dict[str, float]:
    """Create a seeded store at ``location``, write ``n`` points, time a box read."""
    store = create_store(Settings(store=location), seed_store)
    frame = signage(n)
    start = time.perf_counter()
    store.write_layer("signage", frame, mode="replace", commit=CommitInfo("bench"))
    seconds = time.perf_counter() - start
    del frame
    query = LayerQuery(bbox=Z13_BOX)
    times, rows = [], 0
    for _ in range(5):
        start = time.perf_counter()
        rows = len(store.read_layer("signage", query))
        times.append(time.perf_counter() - start)
    store.close()
    return {"write": seconds, "bbox_rows": rows, "bbox_ms": min(times) * 1000}


# --- the serving process ----------------------------------------------------------
def _payload(at) -> int:
    """Bytes of the map component's arguments, as Streamlit sends them."""
    sizes = []
    for node in at._tree.children.values():
        stack = [node]
        while stack:
            el = stack.pop()
            stack.extend(getattr(el, "children", {}).values())
            proto = getattr(el, "proto", None)
            if proto is not None and getattr(el, "type", "") == "component_instance":
                sizes.append(len(proto.json_args.encode()))
    return max(sizes, default=0)


def _screen(box: tuple[float, float, float, float], zoom: int) -> dict:
    lon_min, lat_min, lon_max, lat_max = box
    return {
        "zoom": zoom,
        "bounds": {
            "_southWest": {"lat": lat_min, "lng": lon_min},
            "_northEast": {"lat": lat_max, "lng": lon_max},
        },
    }


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def serve(location: str) -> dict[str, float]:
    """Drive the map page in this process; the figures as a dict."""
    os.environ["GEODATA_STORE"] = location
    from streamlit.testing.v1 import AppTest

    import geodata.mapping.render  # noqa: F401  (imports are not the render)

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=900)

    def timed(action) -> tuple[float, int]:
        start = time.perf_counter()
        action()
        seconds = time.perf_counter() - start
        assert not at.exception, at.exception
        return seconds, _payload(at)

    first, first_bytes = timed(at.run)
    at.session_state["main_map"] = _screen(Z13_BOX, 13)
    pan, pan_bytes = timed(at.run)
    at.session_state["main_map"] = _screen(Z10_BOX, 10)
    zoom10, zoom10_bytes = timed(at.run)
    at.session_state["main_map"] = _screen(CITY_BOUNDS, 8)
    at.run()
    flt, flt_bytes = timed(
        lambda: at.multiselect(key="map_statuses").set_value(["built"]).run()
    )
    return {
        "first": first,
        "pan": pan,
        "zoom10": zoom10,
        "filter": flt,
        "first_bytes": first_bytes,
        "z10_bytes": zoom10_bytes,
        "z13_bytes": pan_bytes,
        "max_bytes": max(first_bytes, pan_bytes, zoom10_bytes, flt_bytes),
        "rss": _rss_mb(),
    }


def measure(location: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--serve", location],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default="gpkg,postgis")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(args.serve)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    server = os.environ.get("GEODATA_TEST_POSTGIS")
    if "postgis" in backends and not server:
        sys.exit("bench/scale.py: set GEODATA_TEST_POSTGIS for the PostGIS rows")
    print(
        f"{'backend':8} {'N':>9} {'write s':>8} {'bbox rows':>9} {'bbox ms':>7} "
        f"{'first s':>8} {'pan s':>6} {'zoom10 s':>8} {'filter s':>8} "
        f"{'z8 KB':>6} {'z10 KB':>6} {'z13 KB':>6} {'max KB':>6} {'RSS MB':>7}",
        flush=True,
    )
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            for n in sizes:
                if backend == "gpkg":
                    location = str(Path(tmp) / f"scale-{n}.gpkg")
                else:
                    location = _pg_database(server)
                try:
                    b = build(location, n)
                    r = measure(location)
                finally:
                    if backend == "postgis":
                        _drop_pg(server, location)
                    else:
                        Path(location).unlink(missing_ok=True)
                kb = {k: r[k] / 1024 for k in r if k.endswith("_bytes")}
                print(
                    f"{backend:8} {n:>9,} {b['write']:8.2f} {b['bbox_rows']:>9,} "
                    f"{b['bbox_ms']:7.1f} {r['first']:8.2f} {r['pan']:6.2f} "
                    f"{r['zoom10']:8.2f} {r['filter']:8.2f} {kb['first_bytes']:6.0f} "
                    f"{kb['z10_bytes']:6.0f} {kb['z13_bytes']:6.0f} "
                    f"{kb['max_bytes']:6.0f} {r['rss']:7.0f}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
