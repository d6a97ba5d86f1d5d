"""Upload -> located dataset -> WGS84 features in the layer schema -> report -> commit.

The page and the CLI run the same steps: :func:`inspect` says what a file holds
and which choices remain (shapefile in a zip, GeoPackage layer, encoding, CRS);
:func:`prepare` reads, converts and checks it against the current layer version
and returns the features with an :class:`IngestReport`; :func:`commit` writes
them as one new layer version, refused when the report has errors or the layer
moved on since :func:`prepare`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import pyogrio

from geodata.catalog import LayerSpec, get_layer
from geodata.coords import convert_geoseries
from geodata.errors import IngestError, MissingCRSError
from geodata.ingest import crs as crsmod
from geodata.ingest import encoding as enc
from geodata.ingest import fieldmap, readers
from geodata.ingest.archive import (
    DEFAULT_LIMITS,
    Limits,
    check_upload,
    file_hash,
    workspace,
)
from geodata.ingest.validation import (
    ERROR,
    INFO,
    WARNING,
    Issue,
    check_allowed,
    check_banners,
    check_geometries,
    check_ids,
    check_location,
    check_required,
    check_text,
)
from geodata.storage import FEATURE_ID, WRITE_MODES, CommitInfo, LayerVersion, Store

Progress = Callable[[float, str], None]
_PREVIEW_ROWS = 12


@dataclass(frozen=True)
class IngestOptions:
    """The steward's choices; ``None`` means "as the file says" or "suggest"."""

    mode: str = "append"
    member: str | None = None
    sublayer: str | None = None
    encoding: str | None = None
    crs: str | None = None
    field_map: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Inspection:
    """What an upload holds and which choices a steward still has to make."""

    file_name: str
    format: str
    members: tuple[str, ...]
    sublayers: tuple[str, ...]
    encoding_declared: str | None
    encoding_detected: str | None
    crs_declared: str | None
    crs_candidates: tuple[crsmod.Candidate, ...]
    columns: tuple[str, ...]
    field_map: Mapping[str, str]
    names_preview: tuple[str, ...]

    @property
    def needs_member(self) -> bool:
        """Whether the archive holds several shapefiles and none was chosen."""
        return len(self.members) > 1

    @property
    def needs_crs(self) -> bool:
        """Whether no usable CRS is declared and the coordinates are not lon/lat."""
        return self.crs_declared is None and not (
            self.crs_candidates and self.crs_candidates[0].crs == "EPSG:4326"
        )


@dataclass(frozen=True)
class IngestReport:
    """Everything a steward needs to decide on a commit."""

    layer: str
    file_name: str
    file_hash: str
    mode: str
    base_version: int
    n_features: int
    added: int
    changed: int
    removed: int
    encoding: str | None
    crs: str
    field_map: Mapping[str, str]
    issues: tuple[Issue, ...] = field(default=())

    def count(self, severity: str) -> int:
        """Number of issues of ``severity``."""
        return sum(1 for i in self.issues if i.severity == severity)

    @property
    def ok(self) -> bool:
        """True when nothing blocks a commit."""
        return self.count(ERROR) == 0


@dataclass(frozen=True)
class Prepared:
    """Checked features ready to commit, with their report."""

    report: IngestReport
    features: gpd.GeoDataFrame


def _noop(_fraction: float, _step: str) -> None:
    return None


def inspect(
    upload: Path,
    *,
    file_name: str | None = None,
    options: IngestOptions = IngestOptions(),
    limits: Limits = DEFAULT_LIMITS,
    layer: str | None = None,
) -> Inspection:
    """Describe an upload without reading all of it: choices, encoding, CRS, columns.

    Raises ``IngestError`` subclasses for unsupported, hostile or broken files.
    """
    name = file_name or upload.name
    check_upload(upload, limits)
    with workspace() as work:
        source = readers.locate(upload, name, work, limits, options.member)
        if source.path is None:
            return Inspection(
                name,
                source.format,
                source.members,
                (),
                None,
                None,
                None,
                (),
                (),
                {},
                (),
            )
        sample = _sample(source, options)
        info = _bounds(source, options, sample)
    declared = _declared(sample.crs, info)
    columns = tuple(str(c) for c in sample.columns if c != sample.geometry.name)
    spec = get_layer(layer) if layer else None
    mapping = (
        dict(options.field_map)
        if options.field_map is not None
        else (fieldmap.suggest(columns, spec) if spec else {})
    )
    name_col = next((c for c, f in mapping.items() if f == "name"), None) or next(
        (c for c in columns if sample[c].dtype == object), None
    )
    preview = (
        tuple(str(v) for v in sample[name_col].dropna()[:_PREVIEW_ROWS])
        if name_col
        else ()
    )
    return Inspection(
        name,
        source.format,
        source.members,
        source.sublayers,
        source.declared_encoding,
        source.detected_encoding,
        declared,
        tuple(crsmod.candidates(info)) if declared is None else (),
        columns,
        mapping,
        preview,
    )


def _sample(source: readers.Source, options: IngestOptions) -> gpd.GeoDataFrame:
    if source.format in ("csv", "xlsx", "kml"):
        return readers.read(
            source, sublayer=options.sublayer, encoding=options.encoding
        )
    sub = options.sublayer or (source.sublayers[0] if source.sublayers else None)
    try:
        return pyogrio.read_dataframe(
            source.path,
            layer=sub,
            max_features=_PREVIEW_ROWS,
            encoding=options.encoding or source.encoding,
        )
    except pyogrio.errors.DataSourceError as exc:
        raise IngestError(f"Cannot read {source.path.name!r}: {exc}") from None
    except UnicodeDecodeError as exc:
        raise IngestError(readers.undecodable(source, options.encoding, exc)) from None


def _bounds(
    source: readers.Source, options: IngestOptions, sample: gpd.GeoDataFrame
) -> tuple[float, float, float, float]:
    if source.format in ("csv", "xlsx", "kml"):
        return tuple(sample.total_bounds)
    sub = options.sublayer or (source.sublayers[0] if source.sublayers else None)
    info = pyogrio.read_info(source.path, layer=sub, force_total_bounds=True)
    return tuple(info["total_bounds"])


def _declared(crs, bounds) -> str | None:
    """The declared CRS, unless it is geographic and the numbers are not lon/lat."""
    if crs is None:
        return None
    if crs.is_geographic and not crsmod.is_lonlat(bounds):
        return None
    return crs.to_string()


def _to_wgs84(
    frame: gpd.GeoDataFrame, name: str, choice: str | None
) -> tuple[gpd.GeoDataFrame, str, list[Issue]]:
    """Reproject to EPSG:4326 from the chosen, declared or (lon/lat) assumed CRS."""
    bounds = tuple(frame.total_bounds)
    issues: list[Issue] = []
    if choice:
        crs, shift = crsmod.parse_choice(choice)
        if shift:
            if not crsmod.is_lonlat(bounds):
                raise IngestError(f"{choice} was chosen but {name!r} is not in lon/lat")
            frame = frame.set_crs(4326, allow_override=True)
            frame = frame.set_geometry(
                convert_geoseries(frame.geometry, shift, "wgs84")
            )
            return frame, choice, issues
        frame = frame.set_crs(crs, allow_override=True)
        used = crsmod.describe(crs)
    elif _declared(frame.crs, bounds) is not None:
        used = crsmod.describe(frame.crs)
    else:
        found = crsmod.candidates(bounds)
        if found and found[0].crs == "EPSG:4326":
            issues.append(
                Issue(
                    "crs_assumed_lonlat",
                    WARNING,
                    "no CRS declared; coordinates read as WGS84 lon/lat",
                )
            )
            frame = frame.set_crs(4326, allow_override=True)
            used = "EPSG:4326 (assumed)"
        else:
            listed = "; ".join(c.label for c in found[:5]) or "none fits"
            raise MissingCRSError(
                f"{name!r} declares no coordinate system and its coordinates are not "
                f"lon/lat; likely: {listed}. Confirm one with --crs EPSG:NNNN"
            )
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame, used, issues


def prepare(
    store: Store,
    layer_id: str,
    upload: Path,
    *,
    file_name: str | None = None,
    options: IngestOptions = IngestOptions(),
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> Prepared:
    """Read, convert and check an upload for ``layer_id``; nothing is written.

    Raises
    ------
    IngestError
        When the file cannot be used at all (unreadable, hostile, an open choice
        such as CRS or shapefile member). Problems with single features are
        returned as issues in the report instead.
    """
    spec = get_layer(layer_id)
    step = progress or _noop
    if options.mode not in WRITE_MODES:
        raise IngestError(
            f"Mode {options.mode!r} unknown; use {', '.join(WRITE_MODES)}"
        )
    name = file_name or upload.name
    check_upload(upload, limits)
    step(0.05, "hash")
    digest = file_hash(upload)
    base_version = store.current_version(spec.id)
    step(0.1, "read")
    with workspace() as work:
        source = readers.locate(upload, name, work, limits, options.member)
        raw = readers.read(source, sublayer=options.sublayer, encoding=options.encoding)
    step(0.4, "crs")
    frame, used_crs, issues = _to_wgs84(raw.reset_index(drop=True), name, options.crs)
    step(0.5, "map")
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    mapping = (
        dict(options.field_map)
        if options.field_map is not None
        else fieldmap.suggest(columns, spec)
    )
    frame = fieldmap.apply(frame, mapping, spec)
    frame, more = fieldmap.coerce(frame, spec)
    issues += more
    step(0.6, "check")
    features, more = _check(store, spec, frame, options.mode)
    issues += more
    issues += _seen_before(store, spec.id, digest)
    added, changed, removed = _counts(store, spec.id, features, options.mode)
    step(1.0, "done")
    issues.sort(
        key=lambda i: (
            -1 if i.feature_index is None else i.feature_index,
            (ERROR, WARNING, INFO).index(i.severity),
        )
    )
    report = IngestReport(
        spec.id,
        name,
        digest,
        options.mode,
        base_version,
        len(features),
        added,
        changed,
        removed,
        options.encoding or source.encoding,
        used_crs,
        mapping,
        tuple(issues),
    )
    return Prepared(report, features)


def _check(
    store: Store, spec: LayerSpec, frame: gpd.GeoDataFrame, mode: str
) -> tuple[gpd.GeoDataFrame, list[Issue]]:
    geoms, issues = check_geometries(frame.geometry, spec)
    frame = frame.set_geometry(geoms)
    issues += check_location(frame.geometry)
    if "banner" in spec.field_names and spec.id != "admin_areas":
        areas = store.read_layer("admin_areas", columns=("name",))
        frame, more = check_banners(frame, areas)
        issues += more
    issues += check_required(frame, spec)
    issues += check_allowed(frame, spec)
    issues += check_ids(frame)
    text_columns = [c for c in frame.columns if c != frame.geometry.name]
    issues += check_text(frame, text_columns, enc.garbled_mask)
    issues += _check_against_layer(store, spec.id, frame, mode)
    return frame, issues


def _seen_before(store: Store, layer_id: str, digest: str) -> list[Issue]:
    """A warning when this exact file was committed to the layer before."""
    for version in reversed(store.history(layer_id)):
        if version.file_hash == digest:
            return [
                Issue(
                    "same_file",
                    WARNING,
                    f"this file was committed as version {version.version}",
                    params={"version": version.version, "author": version.author},
                )
            ]
    return []


def _current_ids(store: Store, layer_id: str) -> set[str]:
    return set(store.read_layer(layer_id, columns=(FEATURE_ID,))[FEATURE_ID])


def _check_against_layer(
    store: Store, layer_id: str, frame: pd.DataFrame, mode: str
) -> list[Issue]:
    ids = (
        frame[FEATURE_ID] if FEATURE_ID in frame else pd.Series(None, index=frame.index)
    )
    if mode == "update":
        return [
            Issue("id_missing", ERROR, "update mode needs a feature_id", i)
            for i in np.flatnonzero(ids.isna().to_numpy())
        ]
    if mode == "append" and ids.notna().any():
        clash = ids.isin(_current_ids(store, layer_id)).to_numpy()
        return [
            Issue(
                "id_exists",
                ERROR,
                f"feature_id {ids.iloc[i]!r} already in layer",
                int(i),
                FEATURE_ID,
                {"id": str(ids.iloc[i])},
            )
            for i in np.flatnonzero(clash)
        ]
    return []


def _counts(
    store: Store, layer_id: str, frame: pd.DataFrame, mode: str
) -> tuple[int, int, int]:
    """Features the commit would add, change and remove."""
    if mode == "append":
        return len(frame), 0, 0
    old = _current_ids(store, layer_id)
    new = set(frame[FEATURE_ID].dropna().astype(str)) if FEATURE_ID in frame else set()
    unnamed = len(frame) - len(new)
    changed = len(new & old)
    if mode == "update":
        return len(new - old) + unnamed, changed, 0
    return len(new - old) + unnamed, changed, len(old - new)


def commit(
    store: Store, prepared: Prepared, *, author: str, note: str = ""
) -> LayerVersion:
    """Write prepared features as a new version of the layer, in one transaction.

    Raises
    ------
    IngestError
        When the report has errors (nothing is written).
    ConflictError
        When the layer has a newer version than the one the report was checked
        against; prepare again and re-apply.
    """
    report = prepared.report
    if not report.ok:
        first = next(i for i in report.issues if i.severity == ERROR)
        where = (
            "" if first.feature_index is None else f" (row {first.feature_index + 1})"
        )
        raise IngestError(
            f"{report.count(ERROR)} errors in {report.file_name!r}, e.g. "
            f"{first.message}{where}; fix the file and check it again"
        )
    info = CommitInfo(
        author=author, note=note, file_name=report.file_name, file_hash=report.file_hash
    )
    return store.write_layer(
        report.layer,
        prepared.features,
        mode=report.mode,
        commit=info,
        base_version=report.base_version,
    )
