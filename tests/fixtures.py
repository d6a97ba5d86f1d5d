"""Upload files built in code: every format, encoding and hostile archive tests need.

Named sample features sit in one place (``SCHOOLS``); builders write them in a
given format under a folder and return the path.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio
import shapely

#: Three youth schools inside Tongliao, with Chinese names that need GBK or UTF-8.
SCHOOLS = pd.DataFrame(
    {
        "名称": ["科尔沁区第一少年军校", "奈曼旗希望少年军校", "开鲁县少年军校"],
        "旗县": ["科尔沁区", "奈曼旗", "开鲁县"],
        "状态": ["已建成", "规划", "在建"],
        "年份": [2019, 2023, 2022],
        "备注": ["示例一", "示例二", "示例三"],
    }
)
SCHOOL_LONLAT = [(122.26, 43.62), (120.66, 42.85), (121.32, 43.60)]


def schools(crs: int | str = 4326, lonlat=SCHOOL_LONLAT) -> gpd.GeoDataFrame:
    """The sample schools, projected to ``crs``."""
    geoms = gpd.GeoSeries([shapely.Point(x, y) for x, y in lonlat], crs=4326)
    return gpd.GeoDataFrame(SCHOOLS.copy(), geometry=geoms.to_crs(crs))


def write_shapefile(
    folder: Path,
    frame: gpd.GeoDataFrame,
    *,
    stem: str = "schools",
    encoding: str = "UTF-8",
    cpg: bool = True,
    prj: bool = True,
) -> Path:
    """Write a shapefile; optionally drop its ``.cpg`` and ``.prj``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.shp"
    pyogrio.write_dataframe(frame, path, encoding=encoding)
    if not cpg:
        path.with_suffix(".cpg").unlink(missing_ok=True)
    if not prj:
        path.with_suffix(".prj").unlink(missing_ok=True)
    return path


def zip_shapefiles(
    target: Path,
    shapefiles: list[Path],
    *,
    prefix: str = "",
    upper: bool = False,
    junk: bool = False,
    drop: tuple[str, ...] = (),
) -> Path:
    """Zip each shapefile's parts, optionally in a folder, upper-cased, with junk."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for shp in shapefiles:
            for part in sorted(shp.parent.glob(shp.stem + ".*")):
                if part.suffix.lower() in drop:
                    continue
                name = part.name.upper() if upper else part.name
                zf.write(part, prefix + name)
                if junk:
                    zf.writestr(f"__MACOSX/{prefix}._{name}", b"\x00\x05\x16\x07junk")
        if junk:
            zf.writestr(prefix + ".DS_Store", b"\x00\x00\x00\x01Bud1")
    return target


def shapefile_zip(
    folder: Path, frame: gpd.GeoDataFrame | None = None, **kwargs
) -> Path:
    """A zipped shapefile of ``frame`` (default: the schools in WGS84)."""
    write_opts = {k: kwargs.pop(k) for k in ("encoding", "cpg", "prj") if k in kwargs}
    shp = write_shapefile(
        folder / "src", schools() if frame is None else frame, **write_opts
    )
    return zip_shapefiles(folder / "upload.zip", [shp], **kwargs)


def geopackage(folder: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    """A GeoPackage with the given layers."""
    path = folder / "upload.gpkg"
    for name, frame in layers.items():
        pyogrio.write_dataframe(frame, path, layer=name, append=path.exists())
    return path


def geojson(folder: Path, frame: gpd.GeoDataFrame | None = None) -> Path:
    """A GeoJSON file (WGS84)."""
    path = folder / "upload.geojson"
    pyogrio.write_dataframe(
        schools() if frame is None else frame, path, driver="GeoJSON"
    )
    return path


def kml(folder: Path) -> Path:
    """A KML file as Ovital or Google Earth writes it: name + description."""
    frame = schools()[["名称", "geometry"]].rename(columns={"名称": "Name"})
    frame["Description"] = SCHOOLS["备注"]
    path = folder / "upload.kml"
    pyogrio.write_dataframe(frame, path, driver="KML")
    return path


def kmz(folder: Path) -> Path:
    """A KMZ: the KML zipped as ``doc.kml``."""
    data = kml(folder).read_bytes()
    path = folder / "upload.kmz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("doc.kml", data)
    return path


def table(
    lon_col: str = "经度",
    lat_col: str = "纬度",
    *,
    swap_order: bool = False,
    lonlat=SCHOOL_LONLAT,
) -> pd.DataFrame:
    """The schools as a table with coordinate columns, optionally latitude first."""
    out = SCHOOLS.copy()
    xs, ys = zip(*lonlat, strict=True)
    coords = {lat_col: ys, lon_col: xs} if swap_order else {lon_col: xs, lat_col: ys}
    for name, values in coords.items():
        out[name] = values
    return out


def csv(
    folder: Path, frame: pd.DataFrame | None = None, *, encoding: str = "utf-8"
) -> Path:
    """A CSV file in ``encoding`` (Excel in China writes GBK)."""
    path = folder / "upload.csv"
    (table() if frame is None else frame).to_csv(path, index=False, encoding=encoding)
    return path


def xlsx(folder: Path, frame: pd.DataFrame | None = None, sheet: str = "学校") -> Path:
    """An Excel workbook with one sheet."""
    path = folder / "upload.xlsx"
    (table() if frame is None else frame).to_excel(path, index=False, sheet_name=sheet)
    return path


def zip_bomb(folder: Path, megabytes: int = 64) -> Path:
    """A zip whose one member expands ~1000-fold (zeros)."""
    path = folder / "bomb.zip"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf,
        zf.open("layer.shp", "w", force_zip64=True) as member,
    ):
        block = b"\x00" * (1 << 20)
        for _ in range(megabytes):
            member.write(block)
    return path


def zip_slip(folder: Path, member: str = "../../evil.shp") -> Path:
    """A zip with a member path that climbs out of the extraction folder."""
    path = folder / "slip.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ok.txt", b"harmless")
        zf.writestr(member, b"owned")
    return path


def truncated(path: Path) -> Path:
    """Cut a file in half, as an interrupted upload would."""
    data = path.read_bytes()
    out = path.with_name("truncated" + path.suffix)
    out.write_bytes(data[: len(data) // 2])
    return out


def points(n: int, *, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` valid youth-school points spread over Tongliao's seat towns."""
    import numpy as np

    from geodata.catalog import BANNERS

    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(BANNERS), n)
    lon = np.array([b.seat_lon for b in BANNERS])[pick] + rng.normal(0, 0.01, n)
    lat = np.array([b.seat_lat for b in BANNERS])[pick] + rng.normal(0, 0.01, n)
    frame = pd.DataFrame(
        {
            "name": [f"学校{i}" for i in range(n)],
            "banner": np.array([b.name_zh for b in BANNERS], dtype=object)[pick],
            "status": np.array(["built", "planned"], dtype=object)[
                rng.integers(0, 2, n)
            ],
            "year": rng.integers(2000, 2025, n),
        }
    )
    return gpd.GeoDataFrame(frame, geometry=shapely.points(lon, lat), crs=4326)


def zip_bytes(members: dict[str, bytes]) -> bytes:
    """A zip, in memory, of the given members."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


# --- files as agencies send them ------------------------------------------


class _RawNameInfo(zipfile.ZipInfo):
    """A zip entry whose name is written as given bytes, with no UTF-8 flag."""

    raw_encoding = "gbk"

    def _encodeFilenameFlags(self):
        return self.filename.encode(self.raw_encoding), self.flag_bits & ~0x800


def windows_zip(target: Path, members: dict[str, bytes]) -> Path:
    """A zip as Chinese Windows writes it: CP936 names, no UTF-8 flag."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(_RawNameInfo(name), data)
    return target


def shapefile_members(shp: Path, stem: str | None = None) -> dict[str, bytes]:
    """A shapefile's parts as zip members, optionally under another stem."""
    return {
        f"{stem or shp.stem}{part.suffix}": part.read_bytes()
        for part in sorted(shp.parent.glob(shp.stem + ".*"))
    }


def admin_areas(store) -> gpd.GeoDataFrame:
    """The stored banner boundaries (name, adcode, geometry) to build files from."""
    return store.read_layer("admin_areas")[["name", "adcode", "geometry"]]


def datav_geojson(folder: Path, areas: gpd.GeoDataFrame, shift=None) -> Path:
    """Banner boundaries as DataV/ECharts GeoJSON: arrays and objects as properties.

    ``shift(lon, lat) -> (lon, lat)`` moves every coordinate (GCJ-02, say).
    """
    import json

    features = []
    for i, (name, code, geom) in enumerate(
        zip(areas["name"], areas["adcode"], areas.geometry, strict=True)
    ):
        if shift is not None:
            geom = shapely.transform(
                geom, lambda xy: np.column_stack(shift(xy[:, 0], xy[:, 1]))
            )
        c = geom.centroid
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "adcode": int(code),
                    "name": name,
                    "center": [round(c.x, 3), round(c.y, 3)],
                    "centroid": [c.x, c.y],
                    "childrenNum": 0,
                    "level": "district",
                    "parent": {"adcode": 150500},
                    "subFeatureIndex": i,
                    "acroutes": [100000, 150000, 150500],
                },
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    path = folder / "150500_full.json"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": features}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    return path


def amap_csv(folder: Path, *, wgs84: bool = True, encoding: str = "gbk") -> Path:
    """An Amap POI export: GCJ-02 columns (and WGS84 ones when ``wgs84``)."""
    from geodata.coords import wgs84_to_gcj02

    lon, lat = (np.array(v) for v in zip(*SCHOOL_LONLAT, strict=True))
    glon, glat = wgs84_to_gcj02(lon, lat)
    table = pd.DataFrame(
        {
            "POI名称": list(SCHOOLS["名称"]),
            "大类": ["科教文化服务"] * 3,
            "地址": ["和平路1号", "大沁他拉镇", "开鲁镇"],
            "区域": list(SCHOOLS["旗县"]),
            "lng_GCJ02": glon,
            "lat_GCJ02": glat,
        }
    )
    if wgs84:
        table["lng_WGS84"] = lon
        table["lat_WGS84"] = lat
    path = folder / "amap_poi.csv"
    table.to_csv(path, index=False, encoding=encoding)
    return path


def surveyor_csv(folder: Path, epsg: int = 4528) -> Path:
    """A surveyor's table: X is the northing, Y the (zone-prefixed) easting."""
    pts = schools(epsg)
    table = pd.DataFrame(
        {
            "点名": list(SCHOOLS["名称"]),
            "X": pts.geometry.y.round(3),
            "Y": pts.geometry.x.round(3),
        }
    )
    path = folder / "测量成果.csv"
    table.to_csv(path, index=False)
    return path


def arcgis_kml(folder: Path) -> Path:
    """KML as ArcGIS "Layer to KML" writes it: attributes in description tables."""
    from html import escape

    placemarks = []
    for i, (x, y) in enumerate(SCHOOL_LONLAT):
        rows = "".join(
            f'<tr bgcolor="#D4E4F3"><td>{k}</td><td>{escape(str(v))}</td></tr>'
            for k, v in (
                ("FID", i),
                ("名称", SCHOOLS["名称"][i]),
                ("旗县", SCHOOLS["旗县"][i]),
                ("状态", SCHOOLS["状态"][i]),
                ("备注", "&lt;Null&gt;" if i == 2 else SCHOOLS["备注"][i]),
            )
        )
        html = (
            '<html xmlns:fo="http://www.w3.org/1999/XSL/Format"><body>'
            '<table border="1"><tr><td colspan="2">少年军校</td></tr><tr><td>'
            f"<table>{rows}</table></td></tr></table></body></html>"
        )
        placemarks.append(
            f"<Placemark><name>{i}</name><description><![CDATA[{html}]]>"
            f"</description><Point><coordinates>{x},{y},0</coordinates></Point>"
            "</Placemark>"
        )
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Folder>'
        f"<name>少年军校</name>{''.join(placemarks)}</Folder></Document></kml>"
    )
    path = folder / "少年军校.kml"
    path.write_text(text, encoding="utf-8")
    return path


def xlsx_bomb(folder: Path, megabytes: int = 40) -> Path:
    """A small workbook whose one sheet expands to ``megabytes`` of XML."""
    small = xlsx(folder)  # a real workbook to take the other parts from
    row = b'<row><c t="inlineStr"><is><t>' + b"x" * 200 + b"</t></is></c></row>"
    body = row * (megabytes * 1024 * 1024 // len(row))
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
        b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + body
        + b"</sheetData></worksheet>"
    )
    path = folder / "bomb.xlsx"
    with (
        zipfile.ZipFile(small) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet
            dst.writestr(info.filename, data)
    return path


def recursive_view_gpkg(folder: Path, rows: int = 50_000_000) -> Path:
    """A tiny GeoPackage whose only layer is a view yielding ``rows`` rows."""
    import sqlite3

    path = folder / "view.gpkg"
    pyogrio.write_dataframe(schools().iloc[:1], path, layer="pts")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "CREATE VIEW big AS WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
            f"SELECT i + 1 FROM c LIMIT {rows}) SELECT i AS fid, p.geom AS geom, "
            '"名称" AS name FROM c, pts p'
        )
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) "
            "VALUES ('big', 'features', 'big', 4326)"
        )
        conn.execute(
            "INSERT INTO gpkg_geometry_columns "
            "VALUES ('big', 'geom', 'POINT', 4326, 0, 0)"
        )
        # the table stays (the view reads it) but is no longer listed as a layer
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'pts'")
        conn.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'pts'")
    return path


def put_nul(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Turn the first space of the first ``text`` in a file into a NUL byte."""
    data = path.read_bytes()
    raw = text.encode(encoding)
    assert raw in data and b" " in raw
    path.write_bytes(data.replace(raw, raw.replace(b" ", b"\x00", 1), 1))


def patch_doubles(path: Path, old: float, new: float) -> Path:
    """Replace every little-endian double ``old`` in a file by ``new`` (NaN, inf).

    GDAL refuses to write non-finite coordinates; agency tools do not.
    """
    import struct

    data = path.read_bytes()
    before, after = struct.pack("<d", old), struct.pack("<d", new)
    assert before in data
    path.write_bytes(data.replace(before, after))
    return path
