"""Find the dataset in an upload and read it: one private reader per format.

:func:`locate` turns an uploaded file (possibly a zip or KMZ) into a
:class:`Source`: which format, which file inside, which choices remain (several
shapefiles, GeoPackage layers, workbook sheets) and what the text encoding looks
like. :func:`read` then reads it into a :class:`Reading`: a GeoDataFrame with the
file's own columns and declared CRS, and what the reading found (text cut at a
NUL byte, KML description tables turned into columns, the datum a table's
coordinate headers name), leaving mapping and checks to the pipeline; :func:`peek`
reads the first rows and the extent for an inspection. Both go through one table
of formats, ``_FORMATS``, and both keep to the upload's feature and memory budget.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import itertools
import json
import re
import shutil
import struct
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio
import shapely

from geodata.errors import IngestError, InvalidArchiveError, MissingSidecarError
from geodata.export import FIELD_NAMES_SUFFIX, parse_field_names, restore_cell
from geodata.ingest import dbf, kml, tables
from geodata.ingest import encoding as enc
from geodata.ingest.archive import DEFAULT_LIMITS, Limits, check_zip, extract
from geodata.ingest.validation import ERROR, INFO, WARNING, Issue

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
#: Memory reading and checking takes per byte of data, measured with
#: ``bench/ingest.py`` (about 500 MB at the peak for 60 MB of shapefile).
MEMORY_PER_BYTE = 8

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
    ``column_names`` maps a shapefile's cut column names back to the full ones
    (the ``.fields.csv`` this app's export writes beside each shapefile);
    ``data_bytes`` is what the reader will parse, for the memory budget.
    """

    format: str
    path: Path | None
    name: str
    members: tuple[str, ...] = ()
    sublayers: tuple[str, ...] = ()
    declared_encoding: str | None = None
    detected_encoding: str | None = None
    column_names: Mapping[str, str] = field(default_factory=dict)
    data_bytes: int = 0

    @property
    def encoding(self) -> str | None:
        """The encoding to read with unless the steward overrides it."""
        return self.declared_encoding or self.detected_encoding


@dataclass(frozen=True)
class Reading:
    """The features a file holds, as the file has them, and what reading found."""

    frame: gpd.GeoDataFrame
    issues: tuple[Issue, ...] = ()
    #: Datum a table's coordinate headers name (``gcj02``, ``bd09``, ``wgs84``).
    datum: str | None = None
    #: The columns a table's coordinates came from.
    xy: tuple[str, ...] = ()


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
        return _locate_in_archive(files, file_name, workdir, fmt, member, limits)
    return _describe(fmt, upload, file_name, limits)


def _locate_in_archive(
    files: dict[Path, str],
    file_name: str,
    workdir: Path,
    fmt: str,
    member: str | None,
    limits: Limits,
) -> Source:
    if fmt == "kmz":
        kmls = sorted(
            (f for f in files if f.suffix.lower() == ".kml"),
            key=lambda f: (f.name.lower() != "doc.kml", files[f]),
        )
        if not kmls:
            raise InvalidArchiveError(code="ingest.archive.no_kml", name=file_name)
        return _describe("kml", kmls[0], files[kmls[0]], limits)
    shps = sorted((f for f in files if f.suffix.lower() == ".shp"), key=files.get)
    if shps:
        names = tuple(files[f] for f in shps)
        if len(shps) > 1 and member is None:
            return Source("shapefile", None, file_name, members=names)
        if member is not None and member not in names:
            raise InvalidArchiveError(
                code="ingest.archive.no_member", member=member, members=", ".join(names)
            )
        chosen = shps[names.index(member)] if member else shps[0]
        source = _gather_shapefile(chosen, files, workdir / "shapefile")
        return dataclasses.replace(source, name=files[chosen], members=names)
    # A .txt in an archive is a readme far more often than a table.
    others = [
        f
        for f in files
        if f.suffix.lower() in EXTENSIONS
        and f.suffix.lower() != ".txt"
        and EXTENSIONS[f.suffix.lower()] not in ("zip", "kmz", "shapefile")
        and not f.name.lower().endswith(FIELD_NAMES_SUFFIX)
    ]
    if len(others) == 1:
        return _describe(
            EXTENSIONS[others[0].suffix.lower()], others[0], files[others[0]], limits
        )
    if not files:
        raise InvalidArchiveError(code="ingest.archive.empty", name=file_name)
    raise InvalidArchiveError(
        code="ingest.archive.no_dataset",
        name=file_name,
        found=", ".join(sorted(files.values())[:8]),
    )


def _gather_shapefile(shp: Path, files: Mapping[Path, str], dest: Path) -> Source:
    """Copy a shapefile's parts to ``dest`` under one lower-case name."""
    stem = shp.stem.lower()
    parts = {
        f.suffix.lower(): f
        for f in files
        if f.parent == shp.parent and f.stem.lower() == stem
    }
    shown = Path(files[shp]).name
    for ext, code in ((".dbf", "ingest.sidecar.dbf"), (".shx", "ingest.sidecar.shx")):
        if ext not in parts:
            part = f"{Path(shown).stem}{ext}"
            raise MissingSidecarError(code=code, shp=shown, part=part)
    names = next(
        (
            f
            for f in files
            if f.parent == shp.parent
            and f.name.lower() == stem + FIELD_NAMES_SUFFIX.lower()
        ),
        None,
    )
    dest.mkdir(parents=True)
    for ext, path in parts.items():
        shutil.move(path, dest / f"layer{ext}")
    target = dest / "layer.shp"
    declared = (
        enc.from_cpg(dest / "layer.cpg") if (dest / "layer.cpg").exists() else None
    )
    detected = enc.sniff(dbf.text_bytes(dest / "layer.dbf"))
    column_names = (
        parse_field_names(names.read_text(encoding="utf-8-sig", errors="replace"))
        if names is not None
        else {}
    )
    size = sum(
        (dest / f"layer{e}").stat().st_size
        for e in (".shp", ".dbf")
        if (dest / f"layer{e}").exists()
    )
    return Source(
        "shapefile",
        target,
        shp.name,
        declared_encoding=declared,
        detected_encoding=detected,
        column_names=column_names,
        data_bytes=size,
    )


def _views(path: Path) -> set[str]:
    """Names of the SQL views in a GeoPackage (GDAL lists them as layers)."""
    try:
        table = pyogrio.read_dataframe(
            path, sql="SELECT name FROM sqlite_master WHERE type = 'view'"
        )
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError):
        return set()
    return {str(n) for n in table.get("name", [])}


def _describe(fmt: str, path: Path, name: str, limits: Limits) -> Source:
    size = path.stat().st_size
    if fmt == "geopackage":
        try:
            layers = pyogrio.list_layers(path)
        except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
            raise IngestError(
                code="ingest.gpkg_unreadable", name=name, reason=str(exc)
            ) from None
        listed = tuple(str(n) for n, g in layers if g is not None)
        # A view is a saved query, not stored features: a recursive one can yield
        # millions of rows from a few bytes, so it is never read.
        views = _views(path) & set(listed) if listed else set()
        names = tuple(n for n in listed if n not in views)
        if not names:
            if views:
                raise IngestError(
                    code="ingest.gpkg_view", name=name, views=", ".join(sorted(views))
                )
            raise IngestError(code="ingest.gpkg_no_layers", name=name)
        return Source(fmt, path, name, sublayers=names, data_bytes=size)
    if fmt == "xlsx":
        data_bytes = check_zip(path, name, limits)
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True)
        except Exception as exc:  # openpyxl raises anything from zip to KeyError
            raise IngestError(
                code="ingest.xlsx_unreadable", name=name, reason=str(exc)
            ) from None
        sheets = tuple(book.sheetnames)
        book.close()
        return Source(fmt, path, name, sublayers=sheets, data_bytes=data_bytes)
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip():
        raise IngestError(code="ingest.empty", name=name)
    detected = enc.UTF8 if head.startswith(b"\xef\xbb\xbf") else enc.sniff(head)
    return Source(fmt, path, name, detected_encoding=detected, data_bytes=size)


def _budget(source: Source, limits: Limits) -> None:
    """Refuse a dataset that would take more memory than the upload may."""
    need = source.data_bytes * MEMORY_PER_BYTE
    if need > limits.max_memory_bytes:
        raise IngestError(
            code="ingest.memory_budget",
            name=source.name,
            need_mb=need / 1e6,
            limit_mb=limits.max_memory_bytes / 1e6,
        )


def read(
    source: Source,
    *,
    sublayer: str | None = None,
    encoding: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Reading:
    """Read the located dataset with the file's own columns and declared CRS.

    Parameters
    ----------
    source : Source
        What :func:`locate` found.
    sublayer : str, optional
        GeoPackage layer or workbook sheet; needed when a GeoPackage has several.
    encoding : str, optional
        Text encoding overriding the declared or detected one.
    limits : Limits
        The feature-count and memory budget.

    Returns
    -------
    Reading
        Every feature (at least one), and what reading them found.

    Raises
    ------
    IngestError
        When a choice is still open, the file cannot be read, its text does not
        read clean in the encoding used, or it passes the budget.
    """
    if source.format == "geopackage" and sublayer is None and len(source.sublayers) > 1:
        raise IngestError(
            code="ingest.choose_sublayer",
            n=len(source.sublayers),
            sublayers=", ".join(source.sublayers),
        )
    _budget(source, limits)
    sub, text_encoding = _choices(source, sublayer, encoding)
    with _translated(source, text_encoding):
        reading = _FORMATS[source.format].read(
            source, sub, text_encoding, limits.max_features + 1
        )
    if len(reading.frame) > limits.max_features:
        raise IngestError(
            code="ingest.too_many_features",
            name=source.name,
            limit=limits.max_features,
        )
    if reading.frame.empty:
        raise IngestError(code="ingest.no_features", name=source.name)
    return _finish(source, reading, text_encoding)


def peek(
    source: Source,
    *,
    sublayer: str | None = None,
    encoding: str | None = None,
    rows: int = 12,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Reading, Bounds]:
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
    limits : Limits
        The feature-count and memory budget (for formats read whole).

    Returns
    -------
    (Reading, tuple of float)
        The features read (possibly none) and ``(minx, miny, maxx, maxy)`` of the
        whole dataset in its own coordinates (only coordinates that can be real).

    Raises
    ------
    IngestError
        When the file cannot be read.
    """
    sub, text_encoding = _choices(source, sublayer, encoding)
    fmt = _FORMATS[source.format]
    with _translated(source, text_encoding):
        if fmt.extent is None:
            _budget(source, limits)
            reading = fmt.read(source, sub, text_encoding, limits.max_features + 1)
            bounds = sane_bounds(reading.frame.geometry)
        else:
            reading = fmt.read(source, sub, text_encoding, rows)
            bounds = fmt.extent(source, sub, text_encoding)
    return _finish(source, reading, text_encoding), bounds


def _finish(source: Source, reading: Reading, encoding: str | None) -> Reading:
    """Restore long names, turn arrays into JSON, check the text reads clean."""
    frame = reading.frame
    if source.column_names:
        frame = frame.rename(columns=dict(source.column_names))
    if frame.columns.duplicated().any():  # a damaged dBase header repeats names
        frame = frame.set_axis(unique_names(list(frame.columns)), axis=1)
    frame = _json_cells(frame)
    _check_clean(source, frame, encoding)
    return dataclasses.replace(reading, frame=frame)


def unique_names(names: list[str]) -> list[str]:
    """``names`` with repeats numbered, so every column can be told apart.

    Examples
    --------
    >>> unique_names(["名称", "", "名称", "", "名称_2"])
    ['名称', '', '名称_2', '_2', '名称_2_2']
    """
    seen: set[str] = set()
    out = []
    for name in names:
        new, n = name, 1
        while new in seen:
            n += 1
            new = f"{name}_{n}"
        seen.add(new)
        out.append(new)
    return out


def _json_cells(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Array and object values (DataV's ``center``, ``acroutes``) as JSON text."""
    out = frame
    for column in frame.columns:
        if column == frame.geometry.name or frame[column].dtype != object:
            continue
        kind = pd.api.types.infer_dtype(frame[column], skipna=True)
        if kind in ("string", "empty", "integer", "floating", "boolean"):
            continue
        values = frame[column].map(_json_text)
        if out is frame:
            out = frame.copy()
        out[column] = values
    return out


def _json_text(value: object) -> object:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _check_clean(source: Source, frame: pd.DataFrame, encoding: str | None) -> None:
    """Refuse text full of private-use or replacement characters.

    They come from a wrong encoding (GBK read as BIG5); the message names the
    encoding that reads the file's bytes clean. When none does, the file itself
    holds them and the per-feature text check reports the values.
    """
    if encoding is None or source.format in ("geopackage", "xlsx"):
        return
    if not any(enc.unclean(frame[c]) for c in _text_columns(frame)):
        return
    raw = _raw_text(source)
    clean = enc.clean_encoding(raw, exclude=encoding)
    if clean is not None:
        raise IngestError(
            code="ingest.encoding_unclean",
            name=source.name,
            encoding=encoding,
            clean=clean,
        )


def _text_columns(frame: pd.DataFrame) -> list[str]:
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    return [
        c
        for c in frame.columns
        if c != geometry and pd.api.types.is_string_dtype(frame[c].dtype)
    ]


def _raw_text(source: Source) -> bytes:
    if source.format == "shapefile":
        return dbf.text_bytes(source.path.with_suffix(".dbf"))
    with source.path.open("rb") as fh:
        return fh.read(_SNIFF_BYTES)


def sane_bounds(geoms: gpd.GeoSeries) -> Bounds:
    """Bounds of the coordinates that can be real (finite, within ±1e9).

    Examples
    --------
    >>> s = gpd.GeoSeries([shapely.Point(1, 2), shapely.Point(float("nan"), 5),
    ...                    shapely.Point(1e308, 3), shapely.Point(4, 6)])
    >>> sane_bounds(s)
    (1.0, 2.0, 4.0, 6.0)
    """
    xy = shapely.get_coordinates(np.asarray(geoms.values))
    ok = np.isfinite(xy).all(axis=1) & (np.abs(xy) < 1e9).all(axis=1)
    if not ok.any():
        return (np.nan, np.nan, np.nan, np.nan)
    good = xy[ok]
    return (
        float(good[:, 0].min()),
        float(good[:, 1].min()),
        float(good[:, 0].max()),
        float(good[:, 1].max()),
    )


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


_OGR_ERRORS = (
    pyogrio.errors.DataSourceError,
    pyogrio.errors.DataLayerError,
    pyogrio.errors.FieldError,
    pyogrio.errors.GeometryError,
    pyogrio.errors.FeatureError,
    pyogrio.errors.CRSError,
)


@contextlib.contextmanager
def _translated(source: Source, encoding: str | None) -> Iterator[None]:
    """Turn what GDAL and the codecs raise on a bad file into an ``IngestError``."""
    try:
        yield
    except _OGR_ERRORS as exc:
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
    except (shapely.errors.GEOSException, struct.error, OverflowError) as exc:
        raise IngestError(
            code="ingest.unreadable", name=source.name, reason=str(exc)
        ) from None


# Each reader takes (source, sublayer, encoding, max_features) and returns a
# Reading; formats GDAL indexes read only max_features, tables and KML stop there.


def _ogr_frame(data: Path | io.BytesIO, **kwargs: object) -> gpd.GeoDataFrame:
    """``pyogrio.read_dataframe``, surviving geometries GEOS refuses to build.

    A polygon ring that does not close makes the whole read fail in GEOS. Then the
    attributes and the raw WKB are read apart, and each geometry is decoded on
    its own; one GEOS can repair (a ring closed) is marked for the report in
    ``attrs["repaired"]``, one it cannot is left missing in ``attrs["unreadable"]``.
    """
    try:
        return pyogrio.read_dataframe(data, **kwargs)
    except shapely.errors.GEOSException:
        pass
    kwargs.pop("use_arrow", None)
    if isinstance(data, io.BytesIO):
        data.seek(0)
    attrs = pyogrio.read_dataframe(data, read_geometry=False, **kwargs)
    if isinstance(data, io.BytesIO):
        data.seek(0)
    meta, _, wkb, _ = pyogrio.raw.read(data, columns=[], **kwargs)
    strict = shapely.from_wkb(wkb, on_invalid="ignore")
    fixed = shapely.from_wkb(wkb, on_invalid="fix")
    frame = gpd.GeoDataFrame(attrs, geometry=gpd.GeoSeries(fixed), crs=meta["crs"])
    broken = shapely.is_missing(strict) & ~pd.isna(wkb)
    frame.attrs["repaired"] = np.flatnonzero(broken & ~shapely.is_missing(fixed))
    frame.attrs["unreadable"] = np.flatnonzero(broken & shapely.is_missing(fixed))
    return frame


def _geometry_issues(frame: gpd.GeoDataFrame) -> list[Issue]:
    issues = [
        Issue(
            "geometry_repaired",
            WARNING,
            "geometry repaired while reading (ring closed)",
            int(i),
            params={"reason": "ring not closed"},
        )
        for i in frame.attrs.get("repaired", ())
    ]
    issues += [
        Issue("geometry_unreadable", ERROR, "geometry cannot be read", int(i))
        for i in frame.attrs.get("unreadable", ())
    ]
    return issues


def _nul_issues(rows: list[tuple[int, str]]) -> list[Issue]:
    """An error per value a NUL byte cut: what follows it is lost on reading."""
    return [
        Issue(
            "text_cut_at_nul",
            ERROR,
            f"{column}: text cut at a NUL byte",
            row,
            column,
            {"field": column},
        )
        for row, column in rows
    ]


def _read_shapefile(
    source: Source, _sub: str | None, encoding: str | None, limit: int | None
) -> Reading:
    codec = encoding or enc.UTF8
    dbf_path = source.path.with_suffix(".dbf")
    dbf.repair_names(dbf_path, enc.python_codec(codec))
    frame = _ogr_frame(
        source.path, encoding=encoding, max_features=limit, use_arrow=True
    )
    nuls = [
        (r, source.column_names.get(c, c))
        for r, c in dbf.embedded_nuls(dbf_path, enc.python_codec(codec))
        if r < len(frame)
    ]
    return Reading(frame, tuple(_geometry_issues(frame) + _nul_issues(nuls)))


def _read_geopackage(
    source: Source, sub: str | None, _enc: str | None, limit: int | None
) -> Reading:
    frame = _ogr_frame(source.path, layer=sub, max_features=limit, use_arrow=True)
    return Reading(frame, tuple(_geometry_issues(frame) + _gpkg_nuls(source, sub)))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _gpkg_nuls(source: Source, sub: str | None) -> list[Issue]:
    """Text values holding a NUL character, which GDAL cuts there (one scan)."""
    info = pyogrio.read_info(source.path, layer=sub)
    texts = [
        str(n)
        for n, d in zip(info["fields"], info["dtypes"], strict=True)
        if d == "object"
    ]
    if not texts or sub is None:
        return []
    hit = " OR ".join(f"instr({_quoted(c)}, char(0)) > 0" for c in texts)
    try:  # one plain scan first: the numbering below is the costly part
        any_hit = pyogrio.read_dataframe(
            source.path, sql=f"SELECT 1 AS x FROM {_quoted(sub)} WHERE {hit} LIMIT 1"
        )
    except _OGR_ERRORS:
        return []
    if any_hit.empty:
        return []
    flags = ", ".join(
        f"instr({_quoted(c)}, char(0)) > 0 AS f{i}" for i, c in enumerate(texts)
    )
    sql = (
        f"SELECT * FROM (SELECT row_number() OVER (ORDER BY rowid) - 1 AS r, "
        f"{flags} FROM {_quoted(sub)}) WHERE "
        + " OR ".join(f"f{i}" for i in range(len(texts)))
    )
    try:
        hits = pyogrio.read_dataframe(source.path, sql=sql)
    except _OGR_ERRORS:
        return []
    found = [
        (int(row["r"]), column)
        for _, row in hits.iterrows()
        for i, column in enumerate(texts)
        if row[f"f{i}"]
    ]
    return _nul_issues(found)


def _utf8(path: Path, encoding: str | None) -> Path | io.BytesIO:
    """The file as UTF-8, since GDAL reads GeoJSON and KML as UTF-8 only.

    The converted text stays in memory: written beside the source it would land
    in the caller's folder, which ingest must leave as it found it.
    """
    if encoding in (None, enc.UTF8):
        return path
    return io.BytesIO(path.read_bytes().decode(encoding).encode("utf-8"))


_JSON_NUL = re.compile(rb"\\u0000|\x00")


def _geojson_nuls(path: Path, encoding: str | None) -> list[Issue]:
    """GeoJSON property texts with a NUL character: GDAL ends them there."""
    raw = path.read_bytes()
    if not _JSON_NUL.search(raw):
        return []
    try:
        doc = json.loads(raw.decode(encoding or "utf-8", errors="replace"))
    except ValueError:
        return []
    features = doc.get("features", []) if isinstance(doc, dict) else []
    found = [
        (i, str(key))
        for i, feature in enumerate(features)
        if isinstance(feature, dict) and isinstance(feature.get("properties"), dict)
        for key, value in feature["properties"].items()
        if isinstance(value, str) and "\x00" in value
    ]
    return _nul_issues(found)


def _read_geojson(
    source: Source, _sub: str | None, encoding: str | None, limit: int | None
) -> Reading:
    frame = _ogr_frame(_utf8(source.path, encoding), max_features=limit)
    nuls = [
        i for i in _geojson_nuls(source.path, encoding) if i.feature_index < len(frame)
    ]
    return Reading(frame, tuple(_geometry_issues(frame) + nuls))


def _read_kml(
    source: Source, _sub: str | None, encoding: str | None, limit: int | None
) -> Reading:
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
        frame = _ogr_frame(data, layer=index, max_features=limit)
        if not frame.empty:
            frames.append(frame)
        if limit is not None and sum(len(f) for f in frames) >= limit:
            break
    if not frames:
        return Reading(gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=4326)))
    frame = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=frames[0].crs)
    frame, added = kml.expand_descriptions(frame)
    issues = []
    if added:
        issues.append(
            Issue(
                "kml_table_columns",
                INFO,
                "description tables read as columns",
                params={"columns": ", ".join(added)},
            )
        )
    return Reading(frame, tuple(issues))


def _table_reading(table: pd.DataFrame, name: str) -> Reading:
    """Points from a table's coordinate (or WKT) columns, NULs reported and removed."""
    table = table.dropna(how="all")
    table.columns = [str(c).strip() for c in table.columns]
    table, nul_issues = _strip_nuls(table)
    wkt = tables.find_wkt_column(list(table.columns))
    xy = tables.find_xy_columns([c for c in table.columns if c != wkt])
    if xy is None and wkt is None:
        raise IngestError(
            code="ingest.no_xy_columns",
            name=name,
            found=", ".join(table.columns[:12]),
        )
    frame, issues = tables.points_from_table(table, xy, wkt)
    used = tuple(c for c in (xy.x, xy.y) if xy) + ((wkt,) if wkt else ())
    return Reading(frame, tuple(issues + nul_issues), xy.datum if xy else None, used)


def _strip_nuls(table: pd.DataFrame) -> tuple[pd.DataFrame, list[Issue]]:
    """Remove NUL characters from text cells, with a warning for each value."""
    issues = []
    out = table
    for column in table.columns:
        if not pd.api.types.is_string_dtype(table[column].dtype) and (
            table[column].dtype != object
        ):
            continue
        text = table[column].astype("string")
        has = text.str.contains("\x00", regex=False).fillna(False).to_numpy(dtype=bool)
        if not has.any():
            continue
        if out is table:
            out = table.copy()
        out[column] = table[column].where(
            ~has, text.str.replace("\x00", "", regex=False)
        )
        issues += [
            Issue(
                "text_nul_removed",
                WARNING,
                f"{column}: NUL removed",
                int(i),
                column,
                {"field": column},
            )
            for i in np.flatnonzero(has)
        ]
    return out, issues


def _read_csv(
    source: Source, _sub: str | None, encoding: str | None, limit: int | None
) -> Reading:
    codec = "utf-8-sig" if encoding in (None, enc.UTF8) else encoding
    try:
        table = pd.read_csv(
            source.path,
            encoding=codec,
            dtype=str,
            sep=_separator(source.path, codec),
            keep_default_na=False,
            na_values=[""],
            nrows=limit,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        if isinstance(exc, UnicodeDecodeError):
            raise
        raise IngestError(
            code="ingest.csv_unreadable", name=source.name, reason=str(exc)
        ) from None
    # Cells the app's CSV export marked as text ("'=1+1") come back as written.
    table = table.map(restore_cell)
    return _table_reading(table, source.name)


def _separator(path: Path, codec: str) -> str:
    """The header line's delimiter: comma, tab, semicolon or bar."""
    with path.open(encoding=codec, errors="replace") as fh:
        header = fh.readline(1 << 16)
    counts = {sep: header.count(sep) for sep in (",", "\t", ";", "|")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _read_xlsx(
    source: Source, sub: str | None, _enc: str | None, limit: int | None
) -> Reading:
    from openpyxl import load_workbook

    try:
        book = load_workbook(source.path, read_only=True, data_only=True)
        try:
            rows = book[sub].iter_rows(values_only=True)
            header = next(rows, None)
            body = list(itertools.islice(rows, limit))
        finally:
            book.close()
    except (
        KeyError,
        ValueError,
        TypeError,
        AttributeError,  # a chart sheet has no rows
        zipfile.BadZipFile,
        OSError,
    ) as exc:
        raise IngestError(
            code="ingest.xlsx_unreadable", name=source.name, reason=str(exc)
        ) from None
    if header is None:
        raise IngestError(code="ingest.no_features", name=source.name)
    names = _header_names(header)
    table = pd.DataFrame([r[: len(names)] for r in body], columns=names, dtype=object)
    # Columns with no header and no value are the sheet's formatting, not data.
    table = table[[c for c in table.columns if not c.startswith("\x00")]]
    return _table_reading(table, source.name)


def _header_names(header: tuple[object, ...]) -> list[str]:
    """Sheet headers as unique names; blank ones get a placeholder."""
    names: list[str] = []
    for i, value in enumerate(header):
        name = "" if value is None else str(value).strip()
        if not name:
            name = f"\x00{i}"
        while name in names:
            name += "_"
        names.append(name)
    return names


def _ogr_extent(source: Source, sub: str | None, encoding: str | None) -> Bounds:
    info = pyogrio.read_info(source.path, layer=sub, force_total_bounds=True)
    bounds = tuple(float(v) for v in info["total_bounds"])
    if np.isfinite(bounds).all() and max(abs(v) for v in bounds) < 1e9:
        return bounds
    # An impossible coordinate somewhere: bound the ones that can be real.
    geoms = _ogr_frame(source.path, layer=sub, columns=[], encoding=encoding)
    return sane_bounds(geoms.geometry)


def _text_vector_extent(
    source: Source, _sub: str | None, encoding: str | None
) -> Bounds:
    data = _utf8(source.path, encoding)
    info = pyogrio.read_info(data, force_total_bounds=True)
    bounds = tuple(float(v) for v in info["total_bounds"])
    if np.isfinite(bounds).all() and max(abs(v) for v in bounds) < 1e9:
        return bounds
    if isinstance(data, io.BytesIO):
        data.seek(0)
    return sane_bounds(_ogr_frame(data, columns=[]).geometry)


@dataclass(frozen=True)
class _Format:
    """How to read one format; ``extent`` when GDAL knows it without a full read."""

    read: Callable[[Source, str | None, str | None, int | None], Reading]
    extent: Callable[[Source, str | None, str | None], Bounds] | None = None


_FORMATS: dict[str, _Format] = {
    "shapefile": _Format(_read_shapefile, _ogr_extent),
    "geopackage": _Format(_read_geopackage, _ogr_extent),
    "geojson": _Format(_read_geojson, _text_vector_extent),
    "kml": _Format(_read_kml),
    "csv": _Format(_read_csv),
    "xlsx": _Format(_read_xlsx),
}
