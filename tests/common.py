"""Named sample geometries and frames used across tests (shapely's tests/common.py)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

import geopandas as gpd
import shapely

#: The dashboard's router, for AppTest (absolute: tests live in subfolders).
DASHBOARD = str(Path(__file__).resolve().parents[1] / "dashboard.py")

NAIMAN_SEAT = shapely.Point(120.66, 42.85)
KAILU_SEAT = shapely.Point(121.32, 43.60)
HORQIN_SEAT = shapely.Point(122.26, 43.62)
HOSTILE_NAME = "<img src=x onerror=alert(1)>"


def schools(
    names: list[str], banners: list[str], points: list[shapely.Point], **columns: list
) -> gpd.GeoDataFrame:
    """A small youth_schools-shaped frame in EPSG:4326 (layer-default sensitivity)."""
    data = {"name": names, "banner": banners, "sensitivity": [None] * len(names)}
    return gpd.GeoDataFrame({**data, **columns}, geometry=points, crs=4326)


#: Chinese slide titles of the bundled default deck, in order.
DEFAULT_DECK_TITLES_ZH = [
    "通辽市双拥工作概览",
    "双拥街路、公园和宣传标牌",
    "少年军校：已建与规划",
    "民族团结示范校",
    "帮扶村与帮扶资金",
    "防汛抗洪与抗雪救灾",
    "荣誉与主要数字",
]


def signed_in(at, store_path, name: str = "wang", role: str = "presenter", **kw):
    """Give ``at`` a real session of a new account (what a sign-in leaves behind).

    The dashboard re-checks it against the store on every run, as for a browser.
    """
    from geodata.auth import add_user, get_user, start_session
    from geodata.config import Settings
    from geodata.storage import open_store

    store = open_store(Settings(store=str(store_path)))
    if get_user(store, name) is None:
        add_user(store, name, "correct horse", role, **kw)
    at.session_state["auth_session"] = start_session(store, name, role)
    return at


def shown(widget):
    """The label(s) a run told the browser to show in a choice widget, else None.

    A browser keeps showing its own label (of the language it was drawn in)
    unless the server sends a value; AppTest reads the value either way.
    """
    proto = widget.proto
    if not proto.set_value:
        return None
    return list(proto.raw_values) if widget.type == "multiselect" else proto.raw_value


def from_metres(xy: list[tuple[float, float]], **columns: list) -> gpd.GeoDataFrame:
    """Points given in metres of the analysis projection, as an EPSG:4326 frame.

    Analysis tests place points at known ground distances this way: (0, 0) is the
    projection's centre in Tongliao, (1000, 0) lies 1 km east of it.
    """
    from geodata.analysis.projection import ANALYSIS_CRS

    coords = np.asarray(xy, dtype=float).reshape(-1, 2)
    geoms = gpd.GeoSeries(shapely.points(coords), crs=ANALYSIS_CRS).to_crs(4326)
    return gpd.GeoDataFrame(columns, geometry=geoms.values, crs=4326)


def geodesic_offset(
    lon: float, lat: float, azimuth: float, metres: float
) -> shapely.Point:
    """The point ``metres`` from (lon, lat) along ``azimuth`` on WGS 84."""
    import pyproj

    x, y, _ = pyproj.Geod(ellps="WGS84").fwd(lon, lat, azimuth, metres)
    return shapely.Point(x, y)
