"""GeoPackage geometry blobs (GPKG header + ISO WKB) and GDAL's trigger functions.

The ``ST_*`` SQL functions are the ones GDAL's R-tree triggers call, so a plain
``sqlite3`` connection can write a standard file.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Sequence

import numpy as np

import shapely

_SRS_ID = 4326
# flags: bit 0 little-endian, bits 1-3 envelope code (1 = minx,maxx,miny,maxy),
# bit 4 empty
_FLAGS_ENVELOPE = 0x01 | (1 << 1)
_FLAGS_EMPTY = 0x01 | 0x10
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_HEADER = struct.Struct("<2sBBi")
_ENVELOPE = struct.Struct("<dddd")


_HEADER_DTYPE = np.dtype(
    [
        ("magic", "S2"),
        ("version", "u1"),
        ("flags", "u1"),
        ("srs", "<i4"),
        ("envelope", "<f8", (4,)),
    ]
)


def encode(
    geometries: Sequence[shapely.Geometry | None] | np.ndarray,
) -> list[bytes | None]:
    """Encode shapely geometries (EPSG:4326, 2D) as GeoPackage blobs.

    Headers are built for all rows at once in a NumPy record array; only the
    final concatenation runs per row (a struct.pack per row cost 4x as much).

    Examples
    --------
    >>> blob = encode([shapely.Point(1, 2)])[0]
    >>> blob[:2], len(blob), decode([blob])[0].wkt
    (b'GP', 61, 'POINT (1 2)')
    """
    geoms = np.asarray(geometries, dtype=object)
    if shapely.has_z(geoms).any():
        geoms = shapely.force_2d(geoms)
    wkbs = shapely.to_wkb(geoms, byte_order=1, flavor="iso")
    n = len(geoms)
    head = np.zeros(n, dtype=_HEADER_DTYPE)
    head["magic"] = b"GP"
    head["flags"] = _FLAGS_ENVELOPE
    head["srs"] = _SRS_ID
    # shapely gives (minx, miny, maxx, maxy); GeoPackage wants minx, maxx, miny, maxy.
    head["envelope"] = shapely.bounds(geoms)[:, [0, 2, 1, 3]]
    raw = head.tobytes()
    size = _HEADER_DTYPE.itemsize
    out: list[bytes | None] = [
        None if wkb is None else raw[i * size : (i + 1) * size] + wkb
        for i, wkb in enumerate(wkbs)
    ]
    for i in np.flatnonzero(shapely.is_empty(geoms)):
        out[i] = _HEADER.pack(b"GP", 0, _FLAGS_EMPTY, _SRS_ID) + wkbs[i]
    return out


def _header_length(blob: bytes) -> int:
    return 8 + _ENVELOPE_BYTES[(blob[3] >> 1) & 0x07]


def decode(blobs: Sequence[bytes | None]) -> np.ndarray:
    """Decode GeoPackage blobs into an array of shapely geometries."""
    wkbs = [None if b is None else bytes(b[_header_length(b) :]) for b in blobs]
    return shapely.from_wkb(np.asarray(wkbs, dtype=object))


def _envelope(blob: bytes | None) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) from the header, or computed when it has none."""
    if blob is None or (blob[3] >> 4) & 1:
        return None
    if (blob[3] >> 1) & 0x07:
        return _ENVELOPE.unpack_from(blob, 8)
    minx, miny, maxx, maxy = shapely.bounds(shapely.from_wkb(bytes(blob[8:])))
    return (minx, maxx, miny, maxy)


def _coordinate(index: int):
    def func(blob: bytes | None) -> float | None:
        env = _envelope(blob)
        return None if env is None else env[index]

    return func


def register_functions(conn: sqlite3.Connection) -> None:
    """Register the ``ST_*`` functions that GDAL's GeoPackage R-tree triggers use."""
    conn.create_function(
        "ST_IsEmpty",
        1,
        lambda b: None if b is None else (b[3] >> 4) & 1,
        deterministic=True,
    )
    for index, name in enumerate(("ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY")):
        conn.create_function(name, 1, _coordinate(index), deterministic=True)
