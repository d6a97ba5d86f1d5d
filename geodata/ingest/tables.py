"""Tables of points (CSV, XLSX): which columns hold coordinates, and in which datum.

Agency tables name coordinate pairs many ways: ``经度/纬度``, ``lon/lat``, ``X/Y``,
and the exports of web maps add the datum to the name (``lng_GCJ02``,
``Lat_WGS84``, ``经度_gcj``, ``BD09_lng``). A WGS84 pair is preferred, then an
unmarked one, then a GCJ-02 or BD-09 pair, whose datum the pipeline converts
from. Degrees written as ``122°15′30″`` or ``122度15分30秒`` are read too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.ingest.validation import ERROR, Issue

# (x, y) header pairs for tables of points, most specific first.
_XY_PAIRS: tuple[tuple[str, str], ...] = (
    ("lon", "lat"),
    ("lng", "lat"),
    ("longitude", "latitude"),
    ("long", "lat"),
    ("经度", "纬度"),
    ("东经", "北纬"),
    ("x", "y"),
    ("x坐标", "y坐标"),
    ("point_x", "point_y"),
    ("横坐标", "纵坐标"),
    ("东坐标", "北坐标"),
    ("easting", "northing"),
    ("e", "n"),
)
#: Datum words found in coordinate headers, and the datum each means. CGCS2000
#: lon/lat is WGS84 at map accuracy (a few centimetres apart).
_DATUMS: tuple[tuple[str, str], ...] = (
    ("wgs84", "wgs84"),
    ("wgs", "wgs84"),
    ("cgcs2000", "wgs84"),
    ("cgcs", "wgs84"),
    ("gcj02", "gcj02"),
    ("gcj", "gcj02"),
    ("火星", "gcj02"),
    ("高德", "gcj02"),
    ("bd09", "bd09"),
    ("bd", "bd09"),
    ("百度", "bd09"),
)
_DATUM_WORD = re.compile(
    r"(?:^|(?<=[_\-\s(（\[]))("
    + "|".join(re.escape(w) for w, _ in _DATUMS)
    + r")(?=$|[_\-\s)）\]])|("
    + "|".join(re.escape(w) for w, _ in _DATUMS)
    + r")(?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff])("
    + "|".join(re.escape(w) for w, _ in _DATUMS)
    + r")$"
)
#: Preference among pairs found: explicit WGS84, unmarked, then shifted datums.
_DATUM_ORDER: tuple[str | None, ...] = ("wgs84", None, "gcj02", "bd09")


def _key(text: object) -> str:
    """Compare headers ignoring case, full-width forms and surrounding space."""
    return unicodedata.normalize("NFKC", str(text)).strip().lower()


def _split_datum(header: str) -> tuple[str, str | None]:
    """``(base, datum)`` of a coordinate header: ``lng_GCJ02`` -> ``(lng, gcj02)``.

    Examples
    --------
    >>> _split_datum("lng_GCJ02"), _split_datum("经度(WGS84)"), _split_datum("lon")
    (('lng', 'gcj02'), ('经度', 'wgs84'), ('lon', None))
    >>> _split_datum("gcj_lat"), _split_datum("百度经度")
    (('lat', 'gcj02'), ('经度', 'bd09'))
    """
    key = _key(header)
    match = _DATUM_WORD.search(key)
    if match is None:
        return key, None
    word = next(g for g in match.groups() if g)
    datum = dict(_DATUMS)[word]
    base = (key[: match.start()] + key[match.end() :]).strip("_- ()（）[]")
    return base, datum


@dataclass(frozen=True)
class XY:
    """The coordinate columns of a table and the datum their names say."""

    x: str
    y: str
    #: ``wgs84``, ``gcj02``, ``bd09``, or ``None`` when the names say nothing.
    datum: str | None = None


def find_xy_columns(columns: Sequence[str]) -> XY | None:
    """The (x, y) columns of a point table, in any order, or ``None``.

    Examples
    --------
    >>> find_xy_columns(["名称", "纬度", "经度"])
    XY(x='经度', y='纬度', datum=None)
    >>> find_xy_columns(["Name", "LAT", "Lon"])
    XY(x='Lon', y='LAT', datum=None)
    >>> find_xy_columns(["lng_GCJ02", "lat_GCJ02", "lng_WGS84", "lat_WGS84"])
    XY(x='lng_WGS84', y='lat_WGS84', datum='wgs84')
    >>> find_xy_columns(["名称", "经度_gcj", "纬度_gcj"])
    XY(x='经度_gcj', y='纬度_gcj', datum='gcj02')
    >>> find_xy_columns(["a", "b"]) is None
    True
    """
    groups: dict[str | None, dict[str, str]] = {}
    for column in columns:
        base, datum = _split_datum(column)
        groups.setdefault(datum, {}).setdefault(base, column)
    for datum in _DATUM_ORDER:
        by_key = groups.get(datum, {})
        for x, y in _XY_PAIRS:
            if x in by_key and y in by_key:
                return XY(by_key[x], by_key[y], datum)
    return None


#: Headers of a column holding whole geometries as WKT (this app's CSV export).
_WKT_HEADERS = ("wkt", "geometry", "geom", "the_geom", "shape", "几何", "图形")


def find_wkt_column(columns: Sequence[str]) -> str | None:
    """The column holding geometries as WKT text, or ``None``.

    Examples
    --------
    >>> find_wkt_column(["name", "lon", "lat", "WKT"]), find_wkt_column(["a"])
    ('WKT', None)
    """
    by_key = {_key(c): c for c in columns}
    return next((by_key[h] for h in _WKT_HEADERS if h in by_key), None)


def coordinate_columns(columns: Sequence[str]) -> list[str]:
    """Every column that names a coordinate, in any datum (the pair used or not).

    Examples
    --------
    >>> coordinate_columns(["名称", "lng_GCJ02", "lat_GCJ02", "lng_WGS84", "备注"])
    ['lng_GCJ02', 'lat_GCJ02', 'lng_WGS84']
    """
    bases = {b for pair in _XY_PAIRS for b in pair} - {"e", "n", "x", "y"}
    out = []
    for column in columns:
        base, datum = _split_datum(column)
        if base in bases or (datum is not None and base in ("x", "y")):
            out.append(column)
    return out


_DMS = re.compile(
    r"^\s*(?P<d>\d+(?:\.\d+)?)\s*[°度]\s*"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*[′'分]\s*)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*[″\"秒]\s*)?(?P<h>[NSEW东西南北]?)\s*$",
    re.IGNORECASE,
)


def _degrees(text: object) -> float:
    """A coordinate written as a number or as degrees, minutes, seconds.

    Examples
    --------
    >>> _degrees("122°15′36″"), _degrees("43度30分"), _degrees(" 121.5 ")
    (122.26, 43.5, 121.5)
    >>> import math; math.isnan(_degrees("东边"))
    True
    """
    value = unicodedata.normalize("NFKC", str(text)).strip()
    # NFKC spells a double prime as two primes
    value = value.replace("′′", '"').replace("''", '"')
    try:
        return float(value)
    except ValueError:
        pass
    match = _DMS.match(value)
    if match is None:
        return float("nan")
    degrees = float(match["d"])
    degrees += float(match["m"] or 0) / 60 + float(match["s"] or 0) / 3600
    sign = -1 if match["h"].upper() in ("S", "W", "南", "西") else 1
    return round(sign * degrees, 9)


def _numbers(column: pd.Series) -> np.ndarray:
    """A coordinate column as floats; what cannot be read becomes NaN."""
    direct = np.array(pd.to_numeric(column, errors="coerce"), dtype=float)
    unread = np.isnan(direct) & column.notna().to_numpy()
    for i in np.flatnonzero(unread):
        direct[i] = _degrees(column.iloc[i])
    return direct


def _from_wkt(column: pd.Series) -> tuple[np.ndarray, list[Issue]]:
    """Geometries from WKT text; an error for each text that is not WKT."""
    text = column.astype("string").str.strip()
    present = (text.notna() & (text != "")).fillna(False).to_numpy(dtype=bool)
    values = np.asarray(text.fillna("").to_numpy(dtype=object), dtype=object)
    values[~present] = None
    geoms = shapely.from_wkt(values, on_invalid="ignore")
    bad = present & shapely.is_missing(geoms)
    issues = [
        Issue(
            "coordinate_unreadable",
            ERROR,
            f"{column.name}: not a WKT geometry",
            int(i),
            str(column.name),
            {"field": str(column.name), "value": str(values[i])[:40]},
        )
        for i in np.flatnonzero(bad)
    ]
    return geoms, issues


def points_from_table(
    table: pd.DataFrame, xy: XY | None, wkt: str | None = None
) -> tuple[gpd.GeoDataFrame, list[Issue]]:
    """Geometries from the ``wkt`` column, else points from the ``xy`` columns.

    An error for each coordinate not a number. The coordinate columns used are
    dropped; other coordinate pairs (the GCJ-02 copy beside a WGS84 pair) stay as
    attributes.
    """
    issues: list[Issue] = []
    geoms = np.full(len(table), None, dtype=object)
    if wkt is not None:
        geoms, issues = _from_wkt(table[wkt])
    if xy is not None:
        points, more = _points(table, xy)
        fill = shapely.is_missing(geoms)
        geoms[fill] = points[fill]
        issues += [i for i in more if fill[i.feature_index]]
    used = [c for c in (wkt, xy and xy.x, xy and xy.y) if c]
    attrs = table.drop(columns=used).reset_index(drop=True)
    return gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(geoms), crs=None), issues


def _points(table: pd.DataFrame, xy: XY) -> tuple[np.ndarray, list[Issue]]:
    x = _numbers(table[xy.x])
    y = _numbers(table[xy.y])
    issues = []
    for column, values in ((xy.x, x), (xy.y, y)):
        raw = table[column]
        unread = np.isnan(values) & raw.notna().to_numpy()
        unread &= (raw.astype("string").str.strip() != "").fillna(False).to_numpy()
        issues += [
            Issue(
                "coordinate_unreadable",
                ERROR,
                f"{column}: {raw.iloc[i]!r} is not a coordinate",
                int(i),
                column,
                {"field": column, "value": str(raw.iloc[i])},
            )
            for i in np.flatnonzero(unread)
        ]
    geoms = shapely.points(x, y)
    geoms[np.isnan(x) | np.isnan(y)] = None
    return geoms, issues
