"""Serialise features to the file formats planners take away (no streamlit)."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from pathlib import Path

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


def to_bytes(features: gpd.GeoDataFrame, fmt: str, layer: str) -> bytes:
    """Serialise ``features`` (EPSG:4326) as ``fmt``, naming the layer ``layer``.

    ``shp`` gives a zip of UTF-8 shapefiles with a ``.cpg``, one per geometry
    family, since a shapefile holds one geometry type only.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame({"name": ["双拥路"]}, geometry=[shapely.Point(122, 43)],
    ...                      crs=4326)
    >>> to_bytes(g, "csv", "x").decode("utf-8-sig").splitlines()[0]
    'name,lon,lat,wkt'
    """
    if fmt not in FORMATS:
        raise GeodataError(code="export.format", format=fmt, formats=", ".join(FORMATS))
    frame = features.to_crs(4326) if features.crs is not None else features
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


def _csv(frame: gpd.GeoDataFrame) -> bytes:
    geoms = frame.geometry
    table = frame.drop(columns=geoms.name)
    points = geoms.values.copy()
    points[geoms.geom_type != "Point"] = None  # lon/lat only where they mean a place
    table["lon"] = shapely.get_x(points).round(7)
    table["lat"] = shapely.get_y(points).round(7)
    table["wkt"] = shapely.to_wkt(geoms.values, rounding_precision=7)
    # A BOM, so Excel on Chinese Windows reads UTF-8 rather than GBK.
    return table.to_csv(index=False).encode("utf-8-sig")


def _shapefile_zip(frame: gpd.GeoDataFrame, layer: str, tmp: Path) -> bytes:
    # dBase names hold 10 characters; cut them ourselves so the names are predictable
    frame = frame.rename(columns=lambda c: c if c == frame.geometry.name else c[:10])
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
#: Text a spreadsheet would run as a formula (OWASP "CSV injection").
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def defuse(value: object) -> object:
    """A text cell a spreadsheet would evaluate, made inert with a leading quote.

    Examples
    --------
    >>> defuse("=1+1"), defuse("@SUM(1)"), defuse("双拥路"), defuse(-3)
    ("'=1+1", "'@SUM(1)", '双拥路', -3)
    """
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def table_bytes(table: pd.DataFrame, fmt: str, sheet: str = "table") -> bytes:
    """A plain table as CSV (UTF-8 with BOM, for Excel) or XLSX bytes.

    Text cells that would run as formulas are defused (:func:`defuse`).

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
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(defuse)
    if fmt == "csv":
        return safe.to_csv(index=False).encode("utf-8-sig")
    buffer = io.BytesIO()
    # Excel sheet names hold 31 characters and no []:*?/\
    name = re.sub(r"[\[\]:*?/\\]", " ", sheet)[:31] or "table"
    safe.to_excel(buffer, index=False, sheet_name=name, engine="openpyxl")
    return buffer.getvalue()
