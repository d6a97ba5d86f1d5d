"""Find positions and names in what the app hands out (for the who-sees-what tests).

Outputs carry positions in many spellings: GeoJSON ``[lon, lat]``, Leaflet
``[lat, lon]``, WKT ``lon lat``, CSV columns, binary GeoPackage and shapefile
geometries, the maps' compact point arrays (integer offsets in 1e-5 degrees:
the planner map's with running x, the analysis overlays' with a scale ``s``), and
the count cells drawn where a layer has too many features in view
(``var rows = [[lat, lng, n], ...]``, :mod:`geodata.mapping.cells`), and the
binary layer payloads a standalone page carries (:mod:`geodata.mapping.payload`).
:func:`positions_in_text` reads the text ones, decoding the compact arrays,
cells and payloads too; :func:`readable` adds the payloads' names and details to
a page's text; :func:`positions_in_frame` reads files geopandas opens.
"""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import LAYER_IDS, get_layer
from geodata.display import feature_sensitivity
from geodata.mapping.payload import decode
from geodata.storage import Store
from tests.payloads import page_payloads, points_of

#: Two positions closer than this (degrees, ~3 m) are the same position: the map
#: rounds to 1e-5 degrees.
SAME = 3e-5
_NUMBER = re.compile(r"-?\d{2,3}\.\d+")
_COMPACT = re.compile(r'var d = (?=\{"x0")')
_SCALED = re.compile(r", s = (\d+);")
_CELLS = re.compile(r"var rows = (?=\[\[|\[\])")
_LON, _LAT = (115.0, 127.0), (39.0, 49.0)  # around Tongliao, generously


def features_at(store: Store, level: str) -> gpd.GeoDataFrame:
    """Every current feature whose sensitivity is ``level``, all layers together."""
    parts = []
    for lid in LAYER_IDS:
        frame = store.read_layer(lid)
        keep = feature_sensitivity(frame, get_layer(lid)) == level
        if keep.any():
            part = frame[keep][["name", frame.geometry.name]].copy()
            part["layer"] = lid
            parts.append(part)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=4326)


def internal_only(store: Store) -> np.ndarray:
    """Vertices of internal features that nothing public draws anyway.

    The sample's levee runs along the bundled river, so a few of its vertices are
    the public basemap's too: those are not a leak.
    """
    from geodata.catalog import SAMPLE_DIR

    public = [vertices(features_at(store, "public"))]
    for name in ("basemap_features", "city_outline", "admin_areas"):
        public.append(vertices(gpd.read_file(SAMPLE_DIR / f"{name}.geojson")))
    internal = vertices(features_at(store, "internal"))
    return internal[~exact_hits(np.vstack(public), internal)]


def spellings(name: str) -> set[str]:
    """How an output may spell a feature name: whole, or without its banner
    (the map sends "奈曼旗…" names as a banner code plus the rest)."""
    from geodata.catalog import BANNER_NAMES

    out = {name}
    out |= {name[len(b) :] for b in BANNER_NAMES if name.startswith(b) and name != b}
    return out


def vertices(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Every vertex of every geometry, as (lon, lat) rows."""
    return shapely.get_coordinates(frame.geometry.values)


def _pairs(numbers: list[float]) -> list[tuple[float, float]]:
    out = []
    for a, b in itertools.pairwise(numbers):
        if _LON[0] < a < _LON[1] and _LAT[0] < b < _LAT[1]:
            out.append((a, b))
        elif _LAT[0] < a < _LAT[1] and _LON[0] < b < _LON[1]:
            out.append((b, a))
    return out


def _compact(text: str) -> list[tuple[float, float]]:
    out = []
    decoder = json.JSONDecoder()
    for match in _COMPACT.finditer(text):
        data, end = decoder.raw_decode(text, match.end())
        offsets = np.asarray(data["c"], dtype=np.int64).reshape(-1, 2)
        scaled = _SCALED.match(text, end)
        if scaled:  # overlays: plain offsets from (x0, y0), divided by s
            scale = float(scaled.group(1))
            xs = data["x0"] + offsets[:, 0]
        else:
            scale = 1e5
            xs = data["x0"] + np.cumsum(offsets[:, 0])
        ys = data["y0"] + offsets[:, 1]
        out += list(zip((xs / scale).tolist(), (ys / scale).tolist(), strict=True))
    return out


def _cell_spans(text: str) -> list[tuple[int, int, list]]:
    """Where the count cells' ``[[lat, lng, n], ...]`` arrays are, and their rows."""
    out = []
    decoder = json.JSONDecoder()
    for match in _CELLS.finditer(text):
        rows, end = decoder.raw_decode(text, match.end())
        if text.startswith(";\n  var top", end):  # the count cells' script only
            out.append((match.end(), end, rows))
    return out


def cells_in_text(text: str) -> list[tuple[float, float, int]]:
    """Every count cell a map's HTML draws, as (lon, lat, n)."""
    return [
        (float(lng), float(lat), int(n))
        for _, _, rows in _cell_spans(text)
        for lat, lng, n in rows
    ]


def _layer_payloads(text: str) -> list[bytes]:
    """The layer payloads inside a page (the offline basemap's left out)."""
    return [
        raw
        for raw in page_payloads(text).values()
        if decode(raw)[0].get("kind") != "context"
    ]


def _payload_parts(raw: bytes) -> tuple[str, list[tuple[float, float]]]:
    """A payload's names, details and shapes as text, and its point positions."""
    header, blocks = decode(raw)
    scale = float(header.get("scale", 1e5))
    points = points_of(raw)
    words = [p[2] for p in points]
    if "dt" in blocks:
        words.append(blocks["dt"].tobytes().decode("utf-16-le"))
    words.append(json.dumps(header.get("shapes", {}), ensure_ascii=False))
    return "\n".join(words), [(x / scale, y / scale) for x, y, *_ in points]


def readable(text: str) -> str:
    """``text`` with what its payloads hold (names, details, shapes) as text."""
    return "\n".join([text, *(_payload_parts(raw)[0] for raw in _layer_payloads(text))])


def positions_in_text(text: str) -> np.ndarray:
    """Every (lon, lat) a text spells out: decimal, compact map arrays, cells.

    Cells are read as rows, not as a run of numbers: one row's longitude and
    the next one's latitude are no position.
    """
    spans = _cell_spans(text)
    plain, last = [], 0
    for start, end, _ in spans:
        plain.append(text[last:start])
        last = end
    plain.append(text[last:])
    numbers = [float(n) for n in _NUMBER.findall(" ".join(plain))]
    cells = [(lon, lat) for lon, lat, _ in cells_in_text(text)]
    found = _pairs(numbers) + _compact(text) + cells
    for raw in _layer_payloads(text):
        shapes, points = _payload_parts(raw)
        found += points + _pairs([float(n) for n in _NUMBER.findall(shapes)])
    return np.asarray(found, dtype=float).reshape(-1, 2)


def positions_in_frame(frame: gpd.GeoDataFrame) -> np.ndarray:
    """Every vertex of a file geopandas read (reprojected to EPSG:4326)."""
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return vertices(frame)


def metres_between(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Distance in metres from each point to its nearest target (equirectangular)."""
    if len(points) == 0 or len(targets) == 0:
        return np.full(len(points), np.inf)
    lat0 = np.radians(43.6)
    dx = (points[:, None, 0] - targets[None, :, 0]) * np.cos(lat0) * 111_320
    dy = (points[:, None, 1] - targets[None, :, 1]) * 110_540
    return np.sqrt(dx**2 + dy**2).min(axis=1)


def exact_hits(points: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The targets found, to ~3 m, among ``points``."""
    if len(points) == 0 or len(targets) == 0:
        return np.zeros(len(targets), dtype=bool)
    diff = np.abs(targets[:, None, :] - points[None, :, :]).max(axis=2)
    return (diff <= SAME).any(axis=1)
