"""Upload files built in code: every format, encoding and hostile archive tests need.

Named sample features sit in one place (``SCHOOLS``); builders write them in a
given format under a folder and return the path.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

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
