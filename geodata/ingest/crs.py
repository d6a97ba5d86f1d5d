"""Coordinate systems of incoming files: CGCS2000 Gauss-Krüger zones, inference, GCJ-02.

Chinese survey data is mostly CGCS2000 (EPSG:4490) or its Gauss-Krüger
projections, in 3° or 6° zones, with or without the zone number prefixed to the
easting (``40 512 345.6`` versus ``512 345.6``). With the prefix the zone can be
read off the coordinates; without it only the region can narrow it down, so the
candidates are ranked by how close they put the data to Tongliao and a person
confirms one. Nothing here picks a CRS silently.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pyproj import CRS, Transformer

from geodata.catalog import CITY_BOUNDS
from geodata.coords import CRS_NAMES
from geodata.errors import IngestError

CGCS2000 = 4490
#: Names of the shifted lon/lat datums of Chinese web maps (converted to WGS84).
SHIFTED = ("gcj02", "bd09")


@dataclass(frozen=True)
class Zone:
    """One CGCS2000 Gauss-Krüger zone system."""

    epsg: int
    width: int  # 3 or 6 degrees
    central_meridian: int
    prefixed: bool  # zone number in front of the easting

    @property
    def label(self) -> str:
        """A short description, e.g. ``EPSG:4549 CGCS2000 3° GK CM 120E``."""
        prefix = " (zone in easting)" if self.prefixed else ""
        cm = self.central_meridian
        return f"EPSG:{self.epsg} CGCS2000 {self.width}° GK CM {cm}E{prefix}"


def _zones() -> tuple[Zone, ...]:
    zones = []
    for i, cm in enumerate(range(75, 136, 3)):
        zones.append(Zone(4513 + i, 3, cm, True))
        zones.append(Zone(4534 + i, 3, cm, False))
    for i, cm in enumerate(range(75, 136, 6)):
        zones.append(Zone(4491 + i, 6, cm, True))
        zones.append(Zone(4502 + i, 6, cm, False))
    return tuple(zones)


#: Every CGCS2000 Gauss-Krüger zone EPSG defines for China (CM 75E to 135E).
ZONES: tuple[Zone, ...] = _zones()


def zone_number(zone: Zone) -> int:
    """The number a prefixed easting carries: CM/3 for 3° zones, (CM+3)/6 for 6°.

    Examples
    --------
    >>> zone_number(Zone(4528, 3, 120, True)), zone_number(Zone(4499, 6, 123, True))
    (40, 21)
    """
    return (
        zone.central_meridian // 3
        if zone.width == 3
        else (zone.central_meridian + 3) // 6
    )


@dataclass(frozen=True)
class Candidate:
    """A CRS the coordinates may be in, and where it would put their centre.

    ``swap`` means x and y are the other way round: a surveyor's X is the
    northing and Y the easting (or a table gives latitude first).
    """

    crs: str  # "EPSG:4549" or "EPSG:4326"
    label: str
    lon: float
    lat: float
    in_city: bool
    swap: bool = False

    @property
    def key(self) -> str:
        """The choice as one text: ``EPSG:4528``, or ``EPSG:4528 swap``."""
        return f"{self.crs} swap" if self.swap else self.crs


def is_lonlat(bounds: tuple[float, float, float, float]) -> bool:
    """Whether bounds ``(minx, miny, maxx, maxy)`` fit longitude/latitude ranges.

    Examples
    --------
    >>> is_lonlat((119.5, 42.5, 123.0, 45.0)), is_lonlat((40_400_000, 4_700_000, 1, 1))
    (True, False)
    """
    minx, miny, maxx, maxy = bounds
    return -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def _in_city(lon: float, lat: float, margin: float = 0.5) -> bool:
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    return (
        lon_min - margin <= lon <= lon_max + margin
        and lat_min - margin <= lat <= lat_max + margin
    )


def _to_lonlat(epsg: int, x: float, y: float) -> tuple[float, float]:
    lon, lat = Transformer.from_crs(epsg, 4326, always_xy=True).transform(x, y)
    return float(lon), float(lat)


def candidates(bounds: tuple[float, float, float, float]) -> list[Candidate]:
    """CRS candidates for coordinates with no declared CRS, most plausible first.

    Lon/lat ranges give WGS84; an easting of eight digits gives the zone named by
    its prefix; a six-digit easting gives every unprefixed zone, those placing the
    data inside Tongliao first. When nothing puts projected data in Tongliao but
    the same read with x and y swapped does (a surveyor's X northing, Y easting),
    those come first, marked ``swap``. Returns an empty list when nothing fits.

    Examples
    --------
    >>> [c.crs for c in candidates((40_490_000, 4_800_000, 40_510_000, 4_830_000))]
    ['EPSG:4528']
    >>> [c.crs for c in candidates((121.0, 43.0, 122.0, 44.0))]
    ['EPSG:4326']
    >>> [c.key for c in candidates((4_800_000, 40_490_000, 4_830_000, 40_510_000))]
    ['EPSG:4528 swap']
    """
    found = _candidates(bounds)
    if any(c.in_city for c in found):
        return found
    minx, miny, maxx, maxy = bounds
    swapped = [
        dataclasses.replace(c, swap=True, label=f"{c.label} X↔Y")
        for c in _candidates((miny, minx, maxy, maxx))
        # lon/lat the wrong way round is flagged row by row (axes_swapped)
        if c.in_city and c.crs != "EPSG:4326"
    ]
    return swapped + found


def _candidates(bounds: tuple[float, float, float, float]) -> list[Candidate]:
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    if not np.isfinite([minx, miny, maxx, maxy]).all():
        return []
    if is_lonlat(bounds) or (
        -180 <= minx and maxx <= 180 and -180 <= miny and maxy <= 180
    ):
        # Degrees, perhaps with x and y swapped in some rows: read as lon/lat and
        # let the location check name the swapped rows.
        cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
        return [
            Candidate(
                "EPSG:4326",
                "EPSG:4326 WGS84 / CGCS2000 lon/lat",
                cx,
                cy,
                _in_city(cx, cy),
            )
        ]
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    if not 0 < cy < 10_000_000:
        return []
    out = []
    prefix = int(cx // 1_000_000)
    for zone in ZONES:
        if zone.prefixed and prefix != zone_number(zone):
            continue
        if not zone.prefixed and not 0 < cx < 1_000_000:
            continue
        lon, lat = _to_lonlat(zone.epsg, cx, cy)
        if not (70 <= lon <= 140 and 15 <= lat <= 56):
            continue
        out.append(
            Candidate(f"EPSG:{zone.epsg}", zone.label, lon, lat, _in_city(lon, lat))
        )
    centre_lon = (CITY_BOUNDS[0] + CITY_BOUNDS[2]) / 2
    if any(c.in_city for c in out):
        # Zones that put the data somewhere else in China are noise for Tongliao.
        out = [c for c in out if c.in_city]
    out.sort(key=lambda c: (not c.in_city, abs(c.lon - centre_lon)))
    return out


def parse_choice(text: str) -> tuple[CRS | None, str | None]:
    """Read a CRS choice: ``EPSG:4549``, ``4549``, ``wgs84``, ``gcj02``, ``bd09``.

    Returns ``(crs, shift)``: ``shift`` names a Chinese web-map datum to convert
    from after reading the lon/lat as they are.

    Examples
    --------
    >>> parse_choice("gcj02")
    (None, 'gcj02')
    >>> parse_choice("4549")[0].to_epsg()
    4549
    """
    key = text.strip().lower().replace("-", "")
    if key in SHIFTED:
        return None, key
    if key in CRS_NAMES or key == "4326":
        return CRS.from_epsg(4326), None
    try:
        crs = CRS.from_user_input(int(key) if key.isdigit() else text.strip())
    except Exception:
        raise IngestError(code="ingest.crs_unknown", choice=text) from None
    return crs, None


def describe(crs: CRS | None) -> str:
    """A short name for messages: ``EPSG:4549 (CGCS2000 / 3-degree ...)``."""
    if crs is None:
        return "none"
    epsg = crs.to_epsg(min_confidence=70)
    return f"EPSG:{epsg} ({crs.name})" if epsg else crs.name


def in_city_share(lon: np.ndarray, lat: np.ndarray, margin: float = 0.5) -> float:
    """Share of the points inside Tongliao (with ``margin`` degrees around it).

    Examples
    --------
    >>> in_city_share(np.array([122.0, 156.0]), np.array([43.5, 4.0]))
    0.5
    """
    if not len(lon):
        return 0.0
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    with np.errstate(invalid="ignore"):
        inside = (
            (lon >= lon_min - margin)
            & (lon <= lon_max + margin)
            & (lat >= lat_min - margin)
            & (lat <= lat_max + margin)
        )
    return float(inside.mean())


_GCJ_WORDS = re.compile(r"gcj|火星|高德|amap|gaode", re.IGNORECASE)
#: How far GCJ-02 moves a place in Tongliao (480 m east, 238 m north, about).
GCJ_SHIFT_METRES = (300.0, 700.0)


def gcj_in_names(file_name: str, columns: Sequence[str]) -> tuple[str, str] | None:
    """``("file", name)`` or ``("column", name)`` when a name says GCJ-02.

    Examples
    --------
    >>> gcj_in_names("边界_gcj02.geojson", []), gcj_in_names("a.csv", ["lng_GCJ02"])
    (('file', '边界_gcj02.geojson'), ('column', 'lng_GCJ02'))
    >>> gcj_in_names("a.csv", ["lon", "lat"]) is None
    True
    """
    if _GCJ_WORDS.search(file_name):
        return "file", file_name
    column = next((str(c) for c in columns if _GCJ_WORDS.search(str(c))), None)
    return ("column", column) if column else None


def gcj_shift(
    incoming: Sequence[tuple[float, float]], stored: Sequence[tuple[float, float]]
) -> float | None:
    """The offset in metres when ``incoming`` sit where GCJ-02 puts ``stored``.

    Pairs of centroids (lon, lat), the same places; ``None`` unless the median
    offset is 300-700 m and points within 30° of the way GCJ-02 shifts.

    Examples
    --------
    >>> from geodata.coords import wgs84_to_gcj02
    >>> lon, lat = wgs84_to_gcj02(122.26, 43.62)
    >>> round(gcj_shift([(lon, lat)], [(122.26, 43.62)]))
    518
    >>> gcj_shift([(122.26, 43.62)], [(122.26, 43.62)]) is None
    True
    """
    from geodata.coords import wgs84_to_gcj02

    if not incoming:
        return None
    a = np.asarray(incoming, dtype=float)
    b = np.asarray(stored, dtype=float)
    gx, gy = wgs84_to_gcj02(b[:, 0], b[:, 1])
    scale = np.array([111_320 * np.cos(np.radians(b[:, 1].mean())), 110_540])
    seen = np.median((a - b) * scale, axis=0)
    expected = np.median((np.column_stack([gx, gy]) - b) * scale, axis=0)
    size = float(np.hypot(*seen))
    if not GCJ_SHIFT_METRES[0] <= size <= GCJ_SHIFT_METRES[1]:
        return None
    cos = float(seen @ expected) / (size * float(np.hypot(*expected)))
    return size if cos >= np.cos(np.radians(30)) else None
