"""Find the dataset in an upload and read it: one private reader per format.

:func:`locate` turns an uploaded file (possibly a zip or KMZ) into a
:class:`Source`: which format, which file inside, which choices remain (several
shapefiles, GeoPackage layers, workbook sheets) and what the text encoding looks
like. :func:`read` then reads it into a GeoDataFrame with the file's own columns
and declared CRS, leaving mapping and checks to the pipeline; :func:`peek` reads
the first rows and the extent for an inspection. Both go through one table of
formats, ``_FORMATS``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio
import shapely

from geodata.errors import IngestError, InvalidArchiveError, MissingSidecarError
from geodata.export import restore_cell
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

#: ``(minx, miny, maxx, maxy)`` of a dataset in its own coordinates.
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class Source:
    """A located dataset and the choices it leaves open.

    ``path`` is ``None`` while a choice among ``members`` is still needed.
    ``name`` is what messages call it: the uploaded file's name, or the member's
    path inside an archive (the file on disk may be named otherwise).
    ``declared_encoding`` comes from a ``.cpg``; ``detected_encoding`` from the
    bytes; both are ``None`` for formats that are Unicode by definition.
    """

    format: str
    path: Path | None
    name: str
    members: tuple[str, ...] = ()
    sublayers: tuple[str, ...] = ()
    declared_encoding: str | None = None
    detected_encoding: str | None = None

    @property
    def encoding(self) -> str | None:
        """The encoding to read with unless the steward overrides it."""
        return self.declared_encoding or self.detected_encoding


def format_of(name: str) -> str:
    """The format a file name means by its extension.

    Raises
    ------
    IngestError
        For an old ``.xls`` workbook or an extension not in :data:`EXTENSIONS`.

    Examples
    --------
    >>> format_of("学校.ZIP"), format_of("points.txt")
    ('zip', 'csv')
    """
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise IngestError(code="ingest.xls", name=name)
    if not suffix:
        raise IngestError(
            code="ingest.no_extension", name=name, accepted=", ".join(EXTENSIONS)
        )
    try:
        return EXTENSIONS[suffix]
    except KeyError:
        raise IngestError(
            code="ingest.unsupported_type",
            name=name,
            suffix=suffix,
            accepted=", ".join(sorted(EXTENSIONS)),
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
    fmt = format_of(file_name)
    if fmt == "shapefile":
        raise MissingSidecarError(code="ingest.sidecar.bare_shp", name=file_name)
    if fmt in ("zip", "kmz"):
        files = extract(upload, workdir / "unzipped", limits, file_name)
        return _locate_in_archive(files, file_name, workdir, fmt, member)
    return _describe(fmt, upload, file_name)


def _locate_in_archive(
    files: list[Path], file_name: str, workdir: Path, fmt: str, member: str | None
) -> Source:
    root = workdir / "unzipped"

    def inside(path: Path) -> str:
        return str(path.relative_to(root))

    if fmt == "kmz":
        kmls = sorted(
            (f for f in files if f.suffix.lower() == ".kml"),
            key=lambda f: (f.name.lower() != "doc.kml", str(f)),
        )
        if not kmls:
            raise InvalidArchiveError(code="ingest.archive.no_kml", name=file_name)
        return _describe("kml", kmls[0], inside(kmls[0]))
    shps = sorted(f for f in files if f.suffix.lower() == ".shp")
    if shps:
        names = tuple(inside(f) for f in shps)
        if len(shps) > 1 and member is None:
            return Source("shapefile", None, file_name, members=names)
        if member is not None and member not in names:
            raise InvalidArchiveError(
                code="ingest.archive.no_member", member=member, members=", ".join(names)
            )
        chosen = shps[names.index(member)] if member else shps[0]
        source = _gather_shapefile(chosen, files, workdir / "shapefile")
        return dataclasses.replace(source, name=inside(chosen), members=names)
    # A .txt in an archive is a readme far more often than a table.
    others = [
        f
        for f in files
        if f.suffix.lower() in EXTENSIONS
        and f.suffix.lower() != ".txt"
        and EXTENSIONS[f.suffix.lower()] not in ("zip", "kmz", "shapefile")
    ]
    if len(others) == 1:
        return _describe(
            EXTENSIONS[others[0].suffix.lower()], others[0], inside(others[0])
        )
    if not files:
        raise InvalidArchiveError(code="ingest.archive.empty", name=file_name)
    raise InvalidArchiveError(
        code="ingest.archive.no_dataset",
        name=file_name,
        found=", ".join(inside(f) for f in files[:8]),
    )


def _gather_shapefile(shp: Path, files: list[Path], dest: Path) -> Source:
    """Copy a shapefile's parts to ``dest`` under one lower-case name."""
    stem = shp.stem.lower()
    parts = {
        f.suffix.lower(): f
        for f in files
        if f.parent == shp.parent and f.stem.lower() == stem
    }
    for ext, code in ((".dbf", "ingest.sidecar.dbf"), (".shx", "ingest.sidecar.shx")):
        if ext not in parts:
            raise MissingSidecarError(code=code, shp=shp.name, part=f"{shp.stem}{ext}")
    dest.mkdir(parents=True)
    for ext, path in parts.items():
        shutil.move(path, dest / f"layer{ext}")
    target = dest / "layer.shp"
    declared = (
        enc.from_cpg(dest / "layer.cpg") if (dest / "layer.cpg").exists() else None
    )
    detected = enc.sniff(enc.dbf_text_bytes(dest / "layer.dbf"))
    return Source(
        "shapefile",
        target,
        shp.name,
        declared_encoding=declared,
        detected_encoding=detected,
    )


def _describe(fmt: str, path: Path, name: str) -> Source:
    if fmt == "geopackage":
        try:
            layers = pyogrio.list_layers(path)
        except pyogrio.errors.DataSourceError as exc:
            raise IngestError(
                code="ingest.gpkg_unreadable", name=name, reason=str(exc)
            ) from None
        names = tuple(str(n) for n, g in layers if g is not None)
        if not names:
            raise IngestError(code="ingest.gpkg_no_layers", name=name)
        return Source(fmt, path, name, sublayers=names)
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True)
        except Exception as exc:  # openpyxl raises anything from zip to KeyError
            raise IngestError(
                code="ingest.xlsx_unreadable", name=name, reason=str(exc)
            ) from None
        sheets = tuple(book.sheetnames)
        book.close()
        return Source(fmt, path, name, sublayers=sheets)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip():
        raise IngestError(code="ingest.empty", name=name)
    detected = enc.UTF8 if head.startswith(b"\xef\xbb\xbf") else enc.sniff(head)
    return Source(fmt, path, name, detected_encoding=detected)


def read(
    source: Source, *, sublayer: str | None = None, encoding: str | None = None
) -> gpd.GeoDataFrame:
    """Read the located dataset with the file's own columns and declared CRS.

    Parameters
    ----------
    source : Source
        What :func:`locate` found.
    sublayer : str, optional
        GeoPackage layer or workbook sheet; needed when a GeoPackage has several.
    encoding : str, optional
        Text encoding overriding the declared or detected one.

    Returns
    -------
    GeoDataFrame
        Every feature, at least one.

    Raises
    ------
    IngestError
        When a choice is still open or the file cannot be read.
    """
    if source.format == "geopackage" and sublayer is None and len(source.sublayers) > 1:
        raise IngestError(
            code="ingest.choose_sublayer",
            n=len(source.sublayers),
            sublayers=", ".join(source.sublayers),
        )
    sub, text_encoding = _choices(source, sublayer, encoding)
    with _translated(source, text_encoding):
        frame = _FORMATS[source.format].read(source, sub, text_encoding, None)
    if frame.empty:
        raise IngestError(code="ingest.no_features", name=source.name)
    return frame


def peek(
    source: Source,
    *,
    sublayer: str | None = None,
    encoding: str | None = None,
    rows: int = 12,
) -> tuple[gpd.GeoDataFrame, Bounds]:
    """The first features and the extent of the dataset, for an inspection.

    Formats GDAL indexes (shapefile, GeoPackage, GeoJSON) give ``rows`` features
    and the extent without reading the rest; tables and KML are read whole.

    Parameters
    ----------
    source : Source
        What :func:`locate` found.
    sublayer : str, optional
        GeoPackage layer or workbook sheet; the first when not given.
    encoding : str, optional
        Text encoding overriding the declared or detected one.
    rows : int
        Features wanted from an indexed format.

    Returns
    -------
    (GeoDataFrame, tuple of float)
        The features read (possibly none) and ``(minx, miny, maxx, maxy)`` of the
        whole dataset in its own coordinates.

    Raises
    ------
    IngestError
        When the file cannot be read.
    """
    sub, text_encoding = _choices(source, sublayer, encoding)
    fmt = _FORMATS[source.format]
    with _translated(source, text_encoding):
        if fmt.extent is None:
            frame = fmt.read(source, sub, text_encoding, None)
            return frame, tuple(frame.total_bounds)
        frame = fmt.read(source, sub, text_encoding, rows)
        return frame, fmt.extent(source, sub, text_encoding)


def _choices(
    source: Source, sublayer: str | None, encoding: str | None
) -> tuple[str | None, str | None]:
    """The sublayer and text encoding to read with; refuse an open member choice."""
    if source.path is None:
        raise InvalidArchiveError(
            code="ingest.archive.choose_member",
            n=len(source.members),
            members=", ".join(source.members),
        )
    if sublayer is not None and sublayer not in source.sublayers:
        raise IngestError(
            code="ingest.no_sublayer",
            sublayer=sublayer,
            sublayers=", ".join(source.sublayers),
        )
    sub = sublayer or (source.sublayers[0] if source.sublayers else None)
    return sub, encoding or source.encoding


@contextlib.contextmanager
def _translated(source: Source, encoding: str | None) -> Iterator[None]:
    """Turn what GDAL and the codecs raise on a bad file into an ``IngestError``."""
    try:
        yield
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FieldError,
        pyogrio.errors.GeometryError,
    ) as exc:
        raise IngestError(
            code="ingest.unreadable", name=source.name, reason=str(exc)
        ) from None
    except UnicodeDecodeError as exc:
        raise IngestError(
            code="ingest.undecodable",
            name=source.name,
            encoding=encoding or source.encoding or enc.UTF8,
            reason=exc.reason,
        ) from None


# Each reader takes (source, sublayer, encoding, max_features); only the formats
# GDAL indexes honour max_features (a table or a KML is small, and read whole).


def _read_shapefile(
    source: Source, _sub: str | None, encoding: str | None, limit: int | None
) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(
        source.path, encoding=encoding, max_features=limit, use_arrow=True
    )


def _read_geopackage(
    source: Source, sub: str | None, _enc: str | None, limit: int | None
) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(
        source.path, layer=sub, max_features=limit, use_arrow=True
    )


def _utf8(path: Path, encoding: str | None) -> Path | io.BytesIO:
    """The file as UTF-8, since GDAL reads GeoJSON and KML as UTF-8 only.

    The converted text stays in memory: written beside the source it would land
    in the caller's folder, which ingest must leave as it found it.
    """
    if encoding in (None, enc.UTF8):
        return path
    return io.BytesIO(path.read_bytes().decode(encoding).encode("utf-8"))


def _read_text_vector(
    source: Source, _sub: str | None, encoding: str | None, limit: int | None
) -> gpd.GeoDataFrame:
    return pyogrio.read_dataframe(_utf8(source.path, encoding), max_features=limit)


def _read_kml(
    source: Source, _sub: str | None, encoding: str | None, _limit: int | None
) -> gpd.GeoDataFrame:
    data = _utf8(source.path, encoding)
    # KML folders are only a way of organising: Ovital and Google Earth put each
    # folder in its own layer, so all of them are read as one. Layers are read by
    # index: GDAL names an in-memory file's only layer after a random file name.
    frames = []
    for index, (_name, geometry_type) in enumerate(pyogrio.list_layers(data)):
        if geometry_type is None:
            continue
        if isinstance(data, io.BytesIO):
            data.seek(0)
        frame = pyogrio.read_dataframe(data, layer=index)
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
            code="ingest.no_xy_columns",
            name=name,
            found=", ".join(table.columns[:12]),
        )
    x = pd.to_numeric(table[xy[0]], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(table[xy[1]], errors="coerce").to_numpy(dtype=float)
    geoms = shapely.points(x, y)
    geoms[np.isnan(x) | np.isnan(y)] = None
    attrs = table.drop(columns=list(xy)).reset_index(drop=True)
    return gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(geoms), crs=None)


def _read_csv(
    source: Source, _sub: str | None, encoding: str | None, _limit: int | None
) -> gpd.GeoDataFrame:
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
            code="ingest.csv_unreadable", name=source.name, reason=str(exc)
        ) from None
    # Cells the app's CSV export marked as text ("'=1+1") come back as written.
    table = table.map(restore_cell)
    return _points_from_table(table, source.name)


def _separator(path: Path, codec: str) -> str:
    """The header line's delimiter: comma, tab, semicolon or bar."""
    with path.open(encoding=codec, errors="replace") as fh:
        header = fh.readline()
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_xlsx(
    source: Source, sub: str | None, _enc: str | None, _limit: int | None
) -> gpd.GeoDataFrame:
    table = pd.read_excel(source.path, sheet_name=sub, dtype=object, engine="openpyxl")
    return _points_from_table(table, source.name)


def _ogr_extent(source: Source, sub: str | None, _enc: str | None) -> Bounds:
    info = pyogrio.read_info(source.path, layer=sub, force_total_bounds=True)
    return tuple(info["total_bounds"])


def _text_vector_extent(
    source: Source, _sub: str | None, encoding: str | None
) -> Bounds:
    info = pyogrio.read_info(_utf8(source.path, encoding), force_total_bounds=True)
    return tuple(info["total_bounds"])


@dataclass(frozen=True)
class _Format:
    """How to read one format; ``extent`` when GDAL knows it without a full read."""

    read: Callable[[Source, str | None, str | None, int | None], gpd.GeoDataFrame]
    extent: Callable[[Source, str | None, str | None], Bounds] | None = None


_FORMATS: dict[str, _Format] = {
    "shapefile": _Format(_read_shapefile, _ogr_extent),
    "geopackage": _Format(_read_geopackage, _ogr_extent),
    "geojson": _Format(_read_text_vector, _text_vector_extent),
    "kml": _Format(_read_kml),
    "csv": _Format(_read_csv),
    "xlsx": _Format(_read_xlsx),
}
