"""Serialise features to the file formats planners take away (no streamlit).

Frames come here already prepared for their audience
(:func:`geodata.display.prepare_for_display`); this module only writes them.

What the app exports comes back unchanged when uploaded again: extra attributes
(``extra_attrs``) are written as columns of their own, with their types where the
format keeps them, and a shapefile's names cut to 10 bytes are listed beside it
in ``<layer>.fields.csv`` so the upload restores them. Coordinates are written at
full precision. CSV cells that a spreadsheet would run as a formula (starting
with ``= + - @``, a tab or a carriage return) get a leading ``'``, so
``=cmd|' /C calc'!A0`` from an uploaded file shows as text; the upload of a CSV
removes that mark again, so an export comes back unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.errors import GeodataError

FORMATS: tuple[str, ...] = ("geojson", "gpkg", "csv", "shp")
MEDIA_TYPES: dict[str, str] = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv",
    "shp": "application/zip",
}
EXTENSIONS: dict[str, str] = {
    "geojson": ".geojson",
    "gpkg": ".gpkg",
    "csv": ".csv",
    "shp": ".zip",
}
#: Beside ``<stem>.shp``: the full name of each column whose name was cut.
FIELD_NAMES_SUFFIX = ".fields.csv"
_EXTRA_ATTRS = "extra_attrs"  # geodata.storage.EXTRA_ATTRS; export sits beside storage
_CSV_COLUMNS = ("lon", "lat", "wkt")
_DBF_NAME_BYTES = 10


#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MARK = "'"


def neutralise_cell(value: Any) -> Any:
    """A text cell a spreadsheet would evaluate, prefixed with ``'``; others as is.

    Examples
    --------
    >>> [neutralise_cell(v) for v in ("=1+1", "@SUM(1)", "双拥路", -3, None)]
    ["'=1+1", "'@SUM(1)", '双拥路', -3, None]
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return _TEXT_MARK + value
    return value


def restore_cell(value: Any) -> Any:
    """Undo :func:`neutralise_cell` (for CSV uploads of files this app wrote).

    Examples
    --------
    >>> restore_cell("'=1+1"), restore_cell("'quoted"), restore_cell(5)
    ('=1+1', "'quoted", 5)
    """
    if (
        isinstance(value, str)
        and value.startswith(_TEXT_MARK)
        and value[1:2] != ""
        and value[1:].startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value


def _neutralised(table: pd.DataFrame) -> pd.DataFrame:
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)
    safe.columns = [neutralise_cell(str(c)) for c in safe.columns]
    return safe


def csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as CSV with formula cells neutralised and a BOM.

    The BOM makes Excel on Chinese Windows read UTF-8 rather than GBK.
    """
    safe = _neutralised(table)
    # CRLF rows (as Excel writes them): a cell holding a bare CR is then quoted
    # instead of splitting its row.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_bytes(features: gpd.GeoDataFrame, fmt: str, layer: str) -> bytes:
    """Serialise ``features`` (EPSG:4326) as ``fmt``, naming the layer ``layer``.

    ``shp`` gives a zip of UTF-8 shapefiles with a ``.cpg``, one per geometry
    family, since a shapefile holds one geometry type only.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame({"name": ["双拥路"], "extra_attrs": ['{"code": 7}']},
    ...                      geometry=[shapely.Point(122, 43)], crs=4326)
    >>> to_bytes(g, "csv", "x").decode("utf-8-sig").splitlines()
    ['name,code,lon,lat,wkt', '双拥路,7,122.0,43.0,POINT (122 43)']
    """
    if fmt not in FORMATS:
        raise GeodataError(code="export.format", format=fmt, formats=", ".join(FORMATS))
    frame = features.to_crs(4326) if features.crs is not None else features
    reserved = _CSV_COLUMNS if fmt == "csv" else ()
    frame = flat(frame, reserved=reserved)
    if fmt == "geojson":
        return frame.to_json(ensure_ascii=False, drop_id=True).encode("utf-8")
    if fmt == "csv":
        return _csv(frame)
    with tempfile.TemporaryDirectory(prefix="geodata-export-") as tmp:
        if fmt == "gpkg":
            path = Path(tmp) / f"{layer}.gpkg"
            frame.to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
            return path.read_bytes()
        return _shapefile_zip(frame, layer, Path(tmp))


def flat(
    features: gpd.GeoDataFrame, *, reserved: tuple[str, ...] = ()
) -> gpd.GeoDataFrame:
    """``features`` with each extra attribute as a column of its own.

    A key whose values share one type becomes a typed column (nullable integer,
    float, boolean, text); a key with mixed types, or named like a column already
    there (or one in ``reserved``), stays in an ``extra_attrs`` JSON column, which
    the upload merges back.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame(
    ...     {"name": ["a", "b"],
    ...      "extra_attrs": ['{"code": 7, "name": "x"}', '{"mix": 1}']},
    ...     geometry=[shapely.Point(0, 0)] * 2, crs=4326)
    >>> out = flat(g)
    >>> list(out.columns), out["code"].tolist()
    (['name', 'code', 'mix', 'extra_attrs', 'geometry'], [7, <NA>])
    >>> out["extra_attrs"].tolist()
    ['{"name": "x"}', None]
    """
    if _EXTRA_ATTRS not in features:
        return features
    parsed = [_parse(v) for v in features[_EXTRA_ATTRS]]
    keys: list[str] = []
    for attrs in parsed:
        keys += [k for k in attrs if k not in keys]
    taken = {str(c) for c in features.columns} | set(reserved)
    columns: dict[str, pd.Series] = {}
    for key in keys:
        if key in taken:
            continue
        column = _typed([a.get(key) for a in parsed], features.index)
        if column is not None:
            columns[key] = column
    rest = [{k: v for k, v in a.items() if k not in columns} or None for a in parsed]
    base = features.drop(columns=[_EXTRA_ATTRS])
    geometry = base.geometry.name
    out = pd.concat(
        [base.drop(columns=[geometry]), pd.DataFrame(columns, index=features.index)],
        axis=1,
    )
    if any(r is not None for r in rest):
        out[_EXTRA_ATTRS] = pd.Series(
            [None if r is None else json.dumps(r, ensure_ascii=False) for r in rest],
            index=features.index,
            dtype=object,
        )
    return gpd.GeoDataFrame(out, geometry=base.geometry, crs=features.crs)


def _parse(text: object) -> dict:
    if not isinstance(text, str) or not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _typed(values: list[object], index: pd.Index) -> pd.Series | None:
    """One extra attribute as a typed column, or ``None`` when its types mix."""
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {bool}:
        return pd.Series(values, index=index, dtype="boolean")
    if kinds <= {int}:
        return pd.Series(values, index=index, dtype="Int64")
    if kinds <= {int, float}:
        return pd.Series(
            [np.nan if v is None else float(v) for v in values], index=index
        )
    if kinds <= {str}:
        return pd.Series(values, index=index, dtype=object)
    return None


def _csv(frame: gpd.GeoDataFrame) -> bytes:
    geoms = frame.geometry
    table = pd.DataFrame(frame.drop(columns=geoms.name))
    points = geoms.values.copy()
    points[geoms.geom_type != "Point"] = None  # lon/lat only where they mean a place
    table["lon"] = shapely.get_x(points)
    table["lat"] = shapely.get_y(points)
    # full precision (shortest exact text), so the upload gets the same positions
    table["wkt"] = shapely.to_wkt(geoms.values, rounding_precision=-1)
    return csv_bytes(table)


def dbf_names(columns: list[str]) -> dict[str, str]:
    """Each column's name in a dBase header: at most 10 bytes of UTF-8, unique.

    Examples
    --------
    >>> names = dbf_names(["name", "illustrative", "联系人电话号码", "联系人电话"])
    >>> list(names.values())
    ['name', 'illustrati', '联系人', '联系~1']
    """
    out: dict[str, str] = {}
    used: set[str] = set()
    for column in columns:
        short = _cut(column, _DBF_NAME_BYTES)
        n = 0
        while short.lower() in used:
            n += 1
            tail = f"~{n}"
            short = _cut(column, _DBF_NAME_BYTES - len(tail)) + tail
        used.add(short.lower())
        out[column] = short
    return out


def _cut(text: str, size: int) -> str:
    data = text.encode("utf-8")[:size]
    return data.decode("utf-8", errors="ignore")


def field_names_csv(names: dict[str, str]) -> str:
    """The ``.fields.csv`` text: one row per cut name, ``dbf_name,name``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["dbf_name", "name"])
    writer.writerows((short, full) for full, short in names.items() if short != full)
    return buffer.getvalue()


def parse_field_names(text: str) -> dict[str, str]:
    r"""``{dbf_name: name}`` from a ``.fields.csv``; rows that do not fit are skipped.

    Examples
    --------
    >>> parse_field_names("dbf_name,name\nillustrati,illustrative\nbad\n")
    {'illustrati': 'illustrative'}
    """
    rows = list(csv.reader(io.StringIO(text)))
    return {
        r[0]: r[1]
        for r in rows[1:]
        if len(r) == 2 and r[0] and r[1] and len(r[0].encode("utf-8")) <= 10
    }


def _shapefile_zip(frame: gpd.GeoDataFrame, layer: str, tmp: Path) -> bytes:
    geometry = frame.geometry.name
    names = dbf_names([str(c) for c in frame.columns if c != geometry])
    frame = frame.rename(columns=names)
    families = frame.geom_type.fillna("None").str.replace("Multi", "", regex=False)
    for family in sorted(set(families)):
        part = frame[families == family]
        name = layer if families.nunique() == 1 else f"{layer}_{family.lower()}"
        part.to_file(
            tmp / f"{name}.shp",
            driver="ESRI Shapefile",
            engine="pyogrio",
            encoding="UTF-8",
        )
        if any(short != full for full, short in names.items()):
            (tmp / f"{name}{FIELD_NAMES_SUFFIX}").write_text(
                field_names_csv(names), encoding="utf-8"
            )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(tmp.iterdir()):
            archive.write(path, path.name)
    return buffer.getvalue()


#: Formats a plain table (no geometry) is offered in.
TABLE_FORMATS: tuple[str, ...] = ("csv", "xlsx")
TABLE_MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_bytes(table: pd.DataFrame, fmt: str, sheet: str = "table") -> bytes:
    """A plain table as CSV (UTF-8 with BOM, for Excel) or XLSX bytes.

    Text cells that would run as formulas are neutralised (:func:`neutralise_cell`).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"名称": ["=cmd", "甲"], "km": [1.5, 2.0]})
    >>> table_bytes(t, "csv").decode("utf-8-sig").splitlines()
    ['名称,km', "'=cmd,1.5", '甲,2.0']
    >>> table_bytes(t, "xlsx")[:2]
    b'PK'
    """
    if fmt not in TABLE_FORMATS:
        raise GeodataError(
            code="export.format", format=fmt, formats=", ".join(TABLE_FORMATS)
        )
    if fmt == "csv":
        return csv_bytes(table)
    safe = _neutralised(table)
    buffer = io.BytesIO()
    # Excel sheet names hold 31 characters and no []:*?/\
    name = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "table"
    safe.to_excel(buffer, index=False, sheet_name=name, engine="openpyxl")
    return buffer.getvalue()
