"""Find the dataset in an upload and read it: one private reader per format.

:func:`locate` turns an uploaded file (possibly a zip or KMZ) into a
:class:`Source`: which format, which file inside, which choices remain (several
shapefiles, GeoPackage layers, workbook sheets) and what the text encoding looks
like. :func:`read` then reads it into a GeoDataFrame with the file's own columns
and declared CRS, leaving mapping and checks to the pipeline.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio
import shapely

from geodata.errors import IngestError, InvalidArchiveError, MissingSidecarError
from geodata.ingest import encoding as enc
from geodata.ingest.archive import Limits, extract
from geodata.ingest.fieldmap import find_xy_columns

#: Accepted file name endings and the format each means.
EXTENSIONS: dict[str, str] = {
    ".zip": "zip",
    ".shp": "shapefile",
    ".gpkg": "geopackage",
    ".geojson": "geojson",
    ".json": "geojson",
    ".kml": "kml",
    ".kmz": "kmz",
    ".csv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
}
_SNIFF_BYTES = 4 << 20


@dataclass(frozen=True)
class Source:
    """A located dataset and the choices it leaves open.

    ``path`` is ``None`` while a choice among ``members`` is still needed.
    ``declared_encoding`` comes from a ``.cpg``; ``detected_encoding`` from the
    bytes; both are ``None`` for formats that are Unicode by definition.
    """

    format: str
    path: Path | None
    members: tuple[str, ...] = ()
    sublayers: tuple[str, ...] = ()
    declared_encoding: str | None = None
    detected_encoding: str | None = None

    @property
    def encoding(self) -> str | None:
        """The encoding to read with unless the steward overrides it."""
        return self.declared_encoding or self.detected_encoding


def _format_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise IngestError(
            f"{name!r} is an old .xls workbook; save it as .xlsx and upload again"
        )
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        accepted = ", ".join(sorted(EXTENSIONS))
        raise IngestError(
            f"File type {suffix or '(none)'!r} of {name!r} is not supported; "
            f"accepted: {accepted}"
        ) from None


def locate(
    upload: Path,
    file_name: str,
    workdir: Path,
    limits: Limits,
    member: str | None = None,
) -> Source:
    """Find the dataset in ``upload`` (named ``file_name`` by the user).

    Archives are extracted under ``workdir``. Raises ``IngestError`` subclasses
    for unsupported, hostile or incomplete uploads.
    """
    fmt = _format_of(file_name)
    if fmt == "shapefile":
        raise MissingSidecarError(
            f"{file_name!r} is a bare .shp; upload a .zip holding the .shp with its "
            ".shx, .dbf and .prj"
        )
    if fmt in ("zip", "kmz"):
        files = extract(upload, workdir / "unzipped", limits)
        return _locate_in_archive(files, file_name, workdir, fmt, member)
    return _describe(fmt, upload)


def _locate_in_archive(
    files: list[Path], file_name: str, workdir: Path, fmt: str, member: str | None
) -> Source:
    root = workdir / "unzipped"
    if fmt == "kmz":
        kmls = sorted(
            (f for f in files if f.suffix.lower() == ".kml"),
            key=lambda f: (f.name.lower() != "doc.kml", str(f)),
        )
        if not kmls:
            raise InvalidArchiveError(f"KMZ {file_name!r} holds no .kml document")
        return _describe("kml", kmls[0])
    shps = sorted(f for f in files if f.suffix.lower() == ".shp")
    if shps:
        names = tuple(str(f.relative_to(root)) for f in shps)
        if len(shps) > 1 and member is None:
            return Source("shapefile", None, members=names)
        if member is not None and member not in names:
            raise InvalidArchiveError(
                f"Archive has no shapefile {member!r}; it holds: {', '.join(names)}"
            )
        chosen = shps[names.index(member)] if member else shps[0]
        source = _gather_shapefile(chosen, files, workdir / "shapefile")
        return Source(**{**source.__dict__, "members": names})
    # A .txt in an archive is a readme far more often than a table.
    others = [
        f
        for f in files
        if f.suffix.lower() in EXTENSIONS
        and f.suffix.lower() != ".txt"
        and EXTENSIONS[f.suffix.lower()] not in ("zip", "kmz", "shapefile")
    ]
    if len(others) == 1:
        return _describe(EXTENSIONS[others[0].suffix.lower()], others[0])
    if not files:
        raise InvalidArchiveError(f"Archive {file_name!r} is empty")
    listed = ", ".join(str(f.relative_to(root)) for f in files[:8])
    raise InvalidArchiveError(
        f"Archive {file_name!r} holds no single vector dataset (.shp, .gpkg, .geojson, "
        f".kml, .csv, .xlsx); found: {listed}"
    )


def _gather_shapefile(shp: Path, files: list[Path], dest: Path) -> Source:
    """Copy a shapefile's parts to ``dest`` under one lower-case name."""
    stem = shp.stem.lower()
    parts = {
        f.suffix.lower(): f
        for f in files
        if f.parent == shp.parent and f.stem.lower() == stem
    }
    for ext, what in ((".dbf", "attributes"), (".shx", "shape index")):
        if ext not in parts:
            raise MissingSidecarError(
                f"Shapefile {shp.name!r} lacks its {ext} file ({what}); add "
                f"{shp.stem}{ext} to the zip and upload again"
            )
    dest.mkdir(parents=True)
    for ext, path in parts.items():
        shutil.move(path, dest / f"layer{ext}")
    target = dest / "layer.shp"
    declared = (
        enc.from_cpg(dest / "layer.cpg") if (dest / "layer.cpg").exists() else None
    )
    detected = enc.sniff(enc.dbf_text_bytes(dest / "layer.dbf"))
    return Source(
        "shapefile", target, declared_encoding=declared, detected_encoding=detected
    )


def _describe(fmt: str, path: Path) -> Source:
    if fmt == "geopackage":
        try:
            layers = pyogrio.list_layers(path)
        except pyogrio.errors.DataSourceError as exc:
            raise IngestError(
                f"{path.name!r} is not a readable GeoPackage ({exc})"
            ) from None
        names = tuple(str(n) for n, g in layers if g is not None)
        if not names:
            raise IngestError(f"GeoPackage {path.name!r} holds no layer with geometry")
        return Source(fmt, path, sublayers=names)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True)
        except Exception as exc:
            raise IngestError(
                f"{path.name!r} is not a readable .xlsx workbook ({exc})"
            ) from None
        sheets = tuple(book.sheetnames)
        book.close()
        return Source(fmt, path, sublayers=sheets)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip():
        raise IngestError(f"File {path.name!r} is empty")
    detected = enc.UTF8 if head.startswith(b"\xef\xbb\xbf") else enc.sniff(head)
    return Source(fmt, path, detected_encoding=detected)


def read(
    source: Source, *, sublayer: str | None = None, encoding: str | None = None
) -> gpd.GeoDataFrame:
    """Read the located dataset with the file's own columns and declared CRS.

    Raises
    ------
    IngestError
        When a choice is still open or the file cannot be read.
    """
    if source.path is None:
        raise InvalidArchiveError(
            f"Archive holds {len(source.members)} shapefiles "
            f"({', '.join(source.members)}); choose one (--member NAME)"
        )
    readers = {
        "shapefile": _read_shapefile,
        "geopackage": _read_geopackage,
        "geojson": _read_text_vector,
        "kml": _read_kml,
        "csv": _read_csv,
        "xlsx": _read_xlsx,
    }
    if (
        source.sublayers
        and sublayer is None
        and len(source.sublayers) > 1
        and source.format == "geopackage"
    ):
        raise IngestError(
            f"GeoPackage holds {len(source.sublayers)} layers "
            f"({', '.join(source.sublayers)}); choose one (--sublayer NAME)"
        )
    if sublayer is not None and sublayer not in source.sublayers:
        raise IngestError(
            f"{sublayer!r} not in the file; it holds: {', '.join(source.sublayers)}"
        )
    text_encoding = encoding or source.encoding
    try:
        frame = readers[source.format](source, sublayer, text_encoding)
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FieldError,
        pyogrio.errors.GeometryError,
    ) as exc:
        raise IngestError(f"Cannot read {source.path.name!r}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise IngestError(undecodable(source, text_encoding, exc)) from None
    if frame.empty:
        raise IngestError(f"{source.path.name!r} holds no features")
    return frame


def undecodable(source: Source, encoding: str | None, exc: UnicodeDecodeError) -> str:
    """The message for text that does not decode, naming the likely causes."""
    return (
        f"Text in {source.path.name!r} does not decode as "
        f"{encoding or source.encoding or 'UTF-8'} ({exc.reason}); choose another "
        "encoding. In a shapefile, a Chinese column name longer than 10 bytes is cut "
        "mid-character: shorten it in the source program"
    )


def _read_shapefile(source: Source, _sub: str | None, encoding: str | None):
    return pyogrio.read_dataframe(source.path, encoding=encoding, use_arrow=True)


def _read_geopackage(source: Source, sub: str | None, _enc: str | None):
    return pyogrio.read_dataframe(
        source.path, layer=sub or source.sublayers[0], use_arrow=True
    )


def _utf8_copy(path: Path, encoding: str | None) -> Path:
    """A UTF-8 copy of a text file, since GDAL reads GeoJSON and KML as UTF-8 only."""
    if encoding in (None, enc.UTF8):
        return path
    target = path.with_name(f"utf8-{path.name}")
    target.write_text(path.read_bytes().decode(encoding), encoding="utf-8")
    return target


def _read_text_vector(source: Source, _sub: str | None, encoding: str | None):
    return pyogrio.read_dataframe(_utf8_copy(source.path, encoding))


def _read_kml(source: Source, _sub: str | None, encoding: str | None):
    path = _utf8_copy(source.path, encoding)
    # KML folders are only a way of organising: Ovital and Google Earth put each
    # folder in its own layer, so all of them are read as one.
    frames = []
    for name, geometry_type in pyogrio.list_layers(path):
        if geometry_type is None:
            continue
        frame = pyogrio.read_dataframe(path, layer=name)
        if not frame.empty:
            frames.append(frame)
    if not frames:
        return gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326))
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)


def _points_from_table(table: pd.DataFrame, name: str) -> gpd.GeoDataFrame:
    table = table.dropna(how="all")
    table.columns = [str(c).strip() for c in table.columns]
    xy = find_xy_columns(list(table.columns))
    if xy is None:
        raise IngestError(
            f"{name!r} has no coordinate columns; name them lon/lat, x/y or 经度/纬度 "
            f"(found: {', '.join(table.columns[:12])})"
        )
    x = pd.to_numeric(table[xy[0]], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(table[xy[1]], errors="coerce").to_numpy(dtype=float)
    geoms = shapely.points(x, y)
    geoms[np.isnan(x) | np.isnan(y)] = None
    attrs = table.drop(columns=list(xy)).reset_index(drop=True)
    return gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(geoms), crs=None)


def _read_csv(source: Source, _sub: str | None, encoding: str | None):
    codec = "utf-8-sig" if encoding in (None, enc.UTF8) else encoding
    try:
        table = pd.read_csv(
            source.path,
            encoding=codec,
            dtype=str,
            sep=_separator(source.path, codec),
            keep_default_na=False,
            na_values=[""],
        )
    except pd.errors.ParserError as exc:
        raise IngestError(
            f"{source.path.name!r} is not a readable CSV table ({exc})"
        ) from None
    return _points_from_table(table, source.path.name)


def _separator(path: Path, codec: str) -> str:
    """The header line's delimiter: comma, tab, semicolon or bar."""
    with path.open(encoding=codec, errors="replace") as fh:
        header = fh.readline()
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_xlsx(source: Source, sub: str | None, _enc: str | None):
    table = pd.read_excel(
        source.path,
        sheet_name=sub or source.sublayers[0],
        dtype=object,
        engine="openpyxl",
    )
    return _points_from_table(table, source.path.name)
