"""Layer data for the browser: one compact payload per layer version (no streamlit).

How the map's data reaches the page, in one place:

1. :func:`layer_payload` turns a layer's frame (EPSG:4326, after the display policy)
   into a :class:`LayerPayload`: zlib-compressed bytes holding points as binary
   columns and lines/areas as rounded GeoJSON. Build it once per layer version,
   display datum and role; it does not depend on the filters or the language.
2. :meth:`LayerPayload.mask` says which of its rows a view shows (an id mask), so
   a filter change sends a few kilobytes, not the layer again.
3. A :class:`LayerData` (payload, mask, and the URL it is served at, or ``None``
   for inline in a standalone page) is what :mod:`geodata.mapping.render` draws;
   the browser runtime (``mapping/js/gd-data.js``) fetches, decodes and caches the
   payload by its digest, and draws only what is on screen.

Another source of rows (a viewport-bounded read, per-cell aggregates) joins by
building its own payload from its frame: the page reads any payload the same way.

Payload layout, before compression: ``b"GDP1"``, a little-endian ``uint32``
header length, the header (UTF-8 JSON), then the blocks, each 4-byte aligned::

    header = {"v": 1, "n": points, "x0": .., "y0": .., "scale": 100000,
              "banners": [[raw, zh, en], ...], "statuses": [[raw, zh, en], ...],
              "blocks": {name: [offset, bytes, type], ...},
              "shapes": GeoJSON FeatureCollection (properties n, b, s[, d])}

Points are sorted west to east: ``x`` holds ``int32`` steps from ``x0``, ``y``
offsets from ``y0``, both in 1e-5 degrees (~1 m). ``b``/``s`` are codes into the
banner/status tables (0: none), ``p`` flags names sent without their banner
prefix (``奈曼旗…``), ``l`` name lengths in UTF-16 units and ``t`` the names as
UTF-16LE. Rows are points first, then shapes, in :attr:`LayerPayload.ids` order.
A standalone page's payload also has ``dl``/``dt`` (and shape property ``d``):
each feature's attributes as HTML escaped here (:data:`DETAILS`), for popups.

Nothing else here is HTML: names travel as data and the page sets them as text.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import struct
import zlib
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import geopandas as gpd
import shapely

from geodata.coords import convert, convert_geoseries
from geodata.i18n import value_label

__all__ = [
    "DETAILS",
    "MAGIC",
    "LayerData",
    "LayerPayload",
    "decode",
    "encode",
    "layer_payload",
    "shapes_geojson",
]

MAGIC = b"GDP1"
#: A frame column of ready, escaped HTML per feature (every attribute) that goes
#: into the popups: only standalone pages, which have no details panel, carry it.
DETAILS = "_details"
#: Coordinates travel as integers of 1e-5 degrees: about 1 m.
SCALE = 100_000
#: zlib level: 4 compresses 100k points in 1/20 of level 9's time, 10 % larger.
_LEVEL = 4
_ASTRAL = r"[\x{10000}-\x{10FFFF}]"  # two UTF-16 units each


@dataclass(frozen=True, eq=False)
class LayerPayload:
    """One layer's drawable rows, encoded for the browser.

    ``data`` is what travels (compressed); ``ids`` the feature ids in row order,
    so a view's rows become a mask; ``digest`` names the bytes (cache key, URL).
    """

    data: bytes
    ids: np.ndarray
    n_points: int
    digest: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "digest", hashlib.blake2b(self.data, digest_size=16).hexdigest()
        )

    @functools.cached_property
    def _index(self) -> pd.Index:
        return pd.Index(self.ids)  # built on the first mask: unfiltered views need none

    def __len__(self) -> int:
        return len(self.ids)

    def mask(self, shown_ids: Any) -> str | None:
        """Base64 of the zlib-compressed bit mask of rows in ``shown_ids``.

        Bit ``i`` (byte ``i // 8``, bit ``i % 8``) is row ``i``; ``None`` when every
        row is shown. Ids the payload does not hold are ignored.

        Examples
        --------
        >>> frame = gpd.GeoDataFrame({"feature_id": ["a", "b", "c"]},
        ...     geometry=shapely.points([1, 3, 2], [0, 0, 0]), crs=4326)
        >>> p = layer_payload(frame)
        >>> list(p.ids), p.mask(["a", "b", "c"])
        (['a', 'c', 'b'], None)
        >>> bits = zlib.decompress(base64.b64decode(p.mask(["b", "zz"])))
        >>> np.unpackbits(np.frombuffer(bits, np.uint8), bitorder="little")[:3]
        array([0, 0, 1], dtype=uint8)
        """
        at = self._index.get_indexer(pd.Index(np.asarray(shown_ids, dtype=object)))
        rows = np.zeros(len(self.ids), dtype=bool)
        rows[at[at >= 0]] = True
        if rows.all():
            return None
        packed = np.packbits(rows, bitorder="little").tobytes()
        return base64.b64encode(zlib.compress(packed, _LEVEL)).decode("ascii")


@dataclass(frozen=True)
class LayerData:
    """What the map draws for one layer: a payload, its shown rows, where it is.

    ``url`` is where the page fetches ``payload.data`` (the dashboard serves it);
    ``None`` puts it inside a standalone page. ``mask`` ``None`` shows every row.
    """

    layer_id: str
    payload: LayerPayload
    mask: str | None = None
    url: str | None = None


def encode(header: dict[str, Any], blocks: dict[str, tuple[str, bytes]]) -> bytes:
    """Compress ``header`` and typed ``blocks`` (name -> (type, bytes)) into a payload.

    Examples
    --------
    >>> data = encode({"n": 1}, {"x": ("i32", np.int32([7]).tobytes())})
    >>> header, blocks = decode(data)
    >>> header["n"], blocks["x"].tolist()
    (1, [7])
    """
    index: dict[str, list[Any]] = {}
    body = bytearray()
    for name, (kind, raw) in blocks.items():
        body += b"\0" * (-len(body) % 4)
        index[name] = [len(body), len(raw), kind]
        body += raw
    text = json.dumps(
        {**header, "blocks": index}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    head = MAGIC + struct.pack("<I", len(text)) + text
    head += b"\0" * (-len(head) % 4)
    return zlib.compress(head + bytes(body), _LEVEL)


_DTYPES = {"i32": "<i4", "u8": "u1", "u16": "<u2", "u32": "<u4", "utf16": "<u2"}


def decode(data: bytes) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The header and blocks of a payload (what the page's decoder reads)."""
    raw = zlib.decompress(data)
    if raw[:4] != MAGIC:
        raise ValueError("not a geodata map payload")
    (size,) = struct.unpack_from("<I", raw, 4)
    header = json.loads(raw[8 : 8 + size].decode("utf-8"))
    start = 8 + size + (-(8 + size) % 4)
    blocks = {}
    for name, (offset, length, kind) in header["blocks"].items():
        dtype = np.dtype(_DTYPES[kind])
        blocks[name] = np.frombuffer(
            raw, dtype, length // dtype.itemsize, start + offset
        )
    return header, blocks


def _codes(values: pd.Series, field_name: str) -> tuple[np.ndarray, list[list[str]]]:
    """Codes into a table of ``[raw, zh, en]`` (0: missing), sorted by raw value."""
    text = values.astype("string")
    codes, uniques = pd.factorize(text, sort=True)
    table = [
        [str(u), value_label(field_name, u, "zh"), value_label(field_name, u, "en")]
        for u in uniques
    ]
    return (codes + 1).astype(np.int64), table


def _code_block(codes: np.ndarray, size: int) -> tuple[str, bytes]:
    kind = "u8" if size < 256 else "u16" if size < 65536 else "u32"
    return kind, codes.astype(_DTYPES[kind]).tobytes()


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _names(
    names: pd.Series, codes: np.ndarray, banners: list[list[str]]
) -> tuple[pa.Array, np.ndarray]:
    """Names without a leading banner name (``奈曼旗…``), and which lost one.

    ``codes`` index ``banners`` (0: none), as :func:`_codes` made them.
    """
    text = pa.array(names.astype("string").fillna(""), type=pa.string())
    lengths = pc.utf8_length(text).to_numpy(zero_copy_only=False)
    flags = np.zeros(len(text), dtype=bool)
    at, tails = [], []
    # pyarrow kernels over each banner's own rows (banners are a handful)
    for code, (prefix, *_) in enumerate(banners, start=1):
        rows = np.flatnonzero((codes == code) & (lengths > len(prefix)))
        if not len(rows) or not prefix:
            continue
        mine = text.take(pa.array(rows))
        hit = pc.starts_with(mine, prefix).to_numpy(zero_copy_only=False)
        if hit.any():
            at.append(rows[hit])
            tails.append(
                pc.utf8_slice_codeunits(mine.filter(pa.array(hit)), len(prefix))
            )
    if at:
        where = np.concatenate(at)
        order = np.argsort(where, kind="stable")
        flags[where] = True
        tail = pa.concat_arrays(tails).take(pa.array(order))
        text = pc.replace_with_mask(text, pa.array(flags), tail)
    return text, flags


def _utf16(text: pa.Array) -> tuple[np.ndarray, bytes]:
    """Lengths in UTF-16 units (what JS strings count) and the UTF-16LE text."""
    lengths = pc.add(
        pc.utf8_length(text), pc.count_substring_regex(text, _ASTRAL)
    ).to_numpy(zero_copy_only=False)
    # the column's UTF-8 bytes in one piece: no Python string per name
    offsets = np.frombuffer(text.buffers()[1], np.int32)[
        text.offset : text.offset + len(text) + 1
    ]
    data = text.buffers()[2]
    raw = b"" if data is None else data.to_pybytes()[offsets[0] : offsets[-1]]
    joined = raw.decode("utf-8", "surrogatepass")
    return lengths.astype(np.uint32), joined.encode("utf-16-le", "surrogatepass")


def _point_blocks(points: gpd.GeoDataFrame, crs: str) -> tuple[dict, dict, np.ndarray]:
    """Header fields and blocks of the point rows, and their order (west to east)."""
    lon = shapely.get_x(points.geometry.values)
    lat = shapely.get_y(points.geometry.values)
    if crs != "wgs84":
        lon, lat = convert(lon, lat, "wgs84", crs)
    xs = np.rint(np.asarray(lon) * SCALE).astype(np.int64)
    ys = np.rint(np.asarray(lat) * SCALE).astype(np.int64)
    order = np.lexsort((ys, xs))  # west to east, then south to north; stable
    xs, ys = xs[order], ys[order]
    rows = points.iloc[order]
    x0, y0 = (int(xs[0]), int(ys.min())) if len(xs) else (0, 0)
    banner_codes, banners = _codes(_column(rows, "banner"), "banner")
    status_codes, statuses = _codes(_column(rows, "status"), "status")
    text, prefixed = _names(_column(rows, "name"), banner_codes, banners)
    lengths, names = _utf16(text)
    extra = {}
    if DETAILS in rows:
        detail = pa.array(rows[DETAILS].astype("string").fillna(""), type=pa.string())
        dl, dt = _utf16(detail)
        extra = {"dl": ("u32", dl.astype("<u4").tobytes()), "dt": ("utf16", dt)}
    header = {
        "n": len(rows),
        "x0": x0,
        "y0": y0,
        "scale": SCALE,
        "banners": banners,
        "statuses": statuses,
    }
    blocks = {
        "x": ("i32", np.diff(xs, prepend=x0).astype("<i4").tobytes()),
        "y": ("i32", (ys - y0).astype("<i4").tobytes()),
        "b": _code_block(banner_codes, len(banners) + 1),
        "s": _code_block(status_codes, len(statuses) + 1),
        "p": ("u8", prefixed.astype("u1").tobytes()),
        "l": ("u32", lengths.astype("<u4").tobytes()),
        "t": ("utf16", names),
        **extra,
    }
    return header, blocks, order


def shapes_geojson(
    frame: gpd.GeoDataFrame, crs: str, props: dict[str, list[Any]]
) -> dict[str, Any]:
    """Lines and areas as a GeoJSON FeatureCollection rounded to ~1 m, in ``crs``.

    Examples
    --------
    >>> g = gpd.GeoDataFrame(geometry=[shapely.LineString([(1.123456, 2), (3, 4)])])
    >>> shapes_geojson(g, "wgs84", {"n": ["x"]})["features"][0]["geometry"]
    {'type': 'LineString', 'coordinates': [[1.12346, 2.0], [3.0, 4.0]]}
    """
    geoms = frame.geometry
    if crs != "wgs84":
        geoms = convert_geoseries(geoms, "wgs84", crs)
    rounded = shapely.transform(
        np.asarray(geoms.values, dtype=object), lambda c: np.round(c, 5)
    )
    texts = shapely.to_geojson(rounded)
    features = [
        {
            "type": "Feature",
            "geometry": json.loads(g),
            "properties": {k: v[i] for k, v in props.items()},
        }
        for i, g in enumerate(texts)
    ]
    return {"type": "FeatureCollection", "features": features}


def layer_payload(frame: gpd.GeoDataFrame, crs: str = "wgs84") -> LayerPayload:
    """The payload of a layer's features (WGS84) drawn in datum ``crs``.

    Points become binary columns; lines and areas rounded GeoJSON with their
    name and banner/status codes; rows without a geometry are left out.

    Examples
    --------
    >>> frame = gpd.GeoDataFrame(
    ...     {"feature_id": ["a", "b"], "name": ["奈曼旗一号", "<b>"],
    ...      "banner": ["奈曼旗", None]},
    ...     geometry=[shapely.Point(120.66, 42.85),
    ...               shapely.LineString([(0, 0), (1, 1)])],
    ...     crs=4326)
    >>> p = layer_payload(frame)
    >>> header, blocks = decode(p.data)
    >>> header["n"], header["banners"], blocks["p"].tolist()
    (1, [['奈曼旗', '奈曼旗', 'Naiman Banner']], [1])
    >>> header["shapes"]["features"][0]["properties"]
    {'n': '<b>', 'b': 0, 's': 0}
    """
    drawable = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    is_point = (drawable.geom_type == "Point").to_numpy()
    points, shapes = drawable[is_point], drawable[~is_point]
    header, blocks, order = _point_blocks(points, crs)
    # shapes share the point rows' tables, extended by their own values
    banners = _extend(header["banners"], _column(shapes, "banner"), "banner")
    statuses = _extend(header["statuses"], _column(shapes, "status"), "status")
    header["banners"], header["statuses"] = banners, statuses
    props = {
        "n": _column(shapes, "name").astype("string").fillna("").tolist(),
        "b": _lookup(banners, _column(shapes, "banner")),
        "s": _lookup(statuses, _column(shapes, "status")),
    }
    if DETAILS in shapes:
        props["d"] = shapes[DETAILS].astype("string").fillna("").tolist()
    header["shapes"] = shapes_geojson(shapes, crs, props)
    ids = np.concatenate([_ids(points)[order], _ids(shapes)]).astype(object)
    return LayerPayload(encode({"v": 1, **header}, blocks), ids, len(points))


def _ids(frame: pd.DataFrame) -> np.ndarray:
    if "feature_id" in frame:
        return frame["feature_id"].astype("string").fillna("").to_numpy(dtype=object)
    return np.array([str(i) for i in range(len(frame))], dtype=object)


def _extend(
    table: list[list[str]], values: pd.Series, field_name: str
) -> list[list[str]]:
    known = {row[0] for row in table}
    extra = sorted({str(v) for v in values.dropna()} - known)
    return table + [
        [v, value_label(field_name, v, "zh"), value_label(field_name, v, "en")]
        for v in extra
    ]


def _lookup(table: list[list[str]], values: pd.Series) -> list[int]:
    code = {row[0]: i + 1 for i, row in enumerate(table)}
    return [0 if pd.isna(v) else code[str(v)] for v in values]
