"""Upload -> located dataset -> WGS84 features in the layer schema -> report -> commit.

The page and the CLI run the same steps: :func:`inspect` says what a file holds
and which choices remain (shapefile in a zip, GeoPackage layer, encoding, CRS);
:func:`prepare` reads, converts and checks it against the current layer version
and returns the features with an :class:`IngestReport`; :func:`commit` writes
them as one new layer version, refused when the report has errors or the layer
moved on since :func:`prepare`. :func:`inspect` and :func:`prepare` take the
upload as bytes or a path and unpack it in a workspace they remove themselves.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd

from geodata.catalog import LayerSpec, get_layer
from geodata.coords import convert_geoseries
from geodata.errors import IngestError, MissingCRSError
from geodata.ingest import crs as crsmod
from geodata.ingest import encoding as enc
from geodata.ingest import fieldmap, readers
from geodata.ingest.archive import (
    DEFAULT_LIMITS,
    Limits,
    check_size,
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
from geodata.storage import (
    FEATURE_ID,
    WRITE_MODES,
    CommitInfo,
    LayerVersion,
    Store,
    count_changes,
)

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


#: What callers hand in: the file's bytes, or a path ingest reads in place.
Upload = bytes | Path


def _noop(_fraction: float, _step: str) -> None:
    return None


@dataclass(frozen=True)
class _Staged:
    """An upload as a file, beside the private folder its archives unpack into."""

    name: str
    path: Path
    work: Path


@contextlib.contextmanager
def _staged(upload: Upload, file_name: str | None, limits: Limits) -> Iterator[_Staged]:
    """The upload as a file in a private workspace, removed on exit whatever happens.

    Bytes are written into the workspace under a fixed stem (the user's name can
    be long, or hold characters a file system refuses); a path is read in place
    and never written to.
    """
    if isinstance(upload, bytes):
        if not file_name:
            raise TypeError("file_name is required when the upload is bytes")
        name = file_name
        check_size(len(upload), name, limits)
    else:
        upload = Path(upload)
        name = file_name or upload.name
        check_size(upload.stat().st_size, name, limits)
    suffix = Path(name).suffix.lower()
    readers.format_of(name)  # refuse an unknown type before writing anything
    with workspace() as work:
        if isinstance(upload, bytes):
            path = work / f"upload{suffix}"
            path.write_bytes(upload)
        else:
            path = upload
        yield _Staged(name, path, work)


def inspect(
    upload: Upload,
    layer_id: str,
    *,
    file_name: str | None = None,
    options: IngestOptions = IngestOptions(),
    limits: Limits = DEFAULT_LIMITS,
) -> Inspection:
    """Describe an upload without reading all of it: choices, encoding, CRS, columns.

    Parameters
    ----------
    upload : bytes or Path
        The file's content, or its path (read in place, never written to).
    layer_id : str
        The target layer; its catalog fields drive the suggested field mapping.
    file_name : str, optional
        The name the user gave the file; its extension says the format. Required
        for bytes; a path's own name otherwise.
    options : IngestOptions
        Choices made so far (member, sublayer, encoding, field map).
    limits : Limits
        Upload and archive limits.

    Returns
    -------
    Inspection
        What the file holds and which choices remain.

    Raises
    ------
    IngestError
        Subclasses for unsupported, hostile or broken files.
    """
    spec = get_layer(layer_id)
    with _staged(upload, file_name, limits) as staged:
        source = readers.locate(
            staged.path, staged.name, staged.work, limits, options.member
        )
        if source.path is None:
            return Inspection(
                staged.name,
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
        sample, bounds = readers.peek(
            source,
            sublayer=options.sublayer,
            encoding=options.encoding,
            rows=_PREVIEW_ROWS,
        )
    declared = _declared(sample.crs, bounds)
    columns = tuple(str(c) for c in sample.columns if c != sample.geometry.name)
    mapping = (
        dict(options.field_map)
        if options.field_map is not None
        else fieldmap.suggest(columns, spec)
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
        staged.name,
        source.format,
        source.members,
        source.sublayers,
        source.declared_encoding,
        source.detected_encoding,
        declared,
        tuple(crsmod.candidates(bounds)) if declared is None else (),
        columns,
        mapping,
        preview,
    )


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
                raise IngestError(
                    code="ingest.crs_shift_not_lonlat", choice=choice, name=name
                )
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
            if not found:
                raise MissingCRSError(code="ingest.crs_missing.none_fits", name=name)
            raise MissingCRSError(
                code="ingest.crs_missing.likely",
                name=name,
                likely="; ".join(c.label for c in found[:5]),
            )
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    return frame, used, issues


def prepare(
    store: Store,
    upload: Upload,
    layer_id: str,
    *,
    file_name: str | None = None,
    options: IngestOptions = IngestOptions(),
    limits: Limits = DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> Prepared:
    """Read, convert and check an upload for ``layer_id``; nothing is written.

    Parameters
    ----------
    store : Store
        The store holding the layer the upload is checked against.
    upload : bytes or Path
        The file's content, or its path (read in place, never written to).
    layer_id : str
        The target layer.
    file_name : str, optional
        The name the user gave the file; its extension says the format. Required
        for bytes; a path's own name otherwise.
    options : IngestOptions
        The steward's choices (mode, member, sublayer, encoding, CRS, fields).
    limits : Limits
        Upload and archive limits.
    progress : callable, optional
        Called as ``progress(fraction, step)`` with ``step`` one of ``hash``,
        ``read``, ``crs``, ``map``, ``check``, ``done``.

    Returns
    -------
    Prepared
        The features in the layer's schema (EPSG:4326) and their report.

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
            code="ingest.mode_unknown", mode=options.mode, modes=", ".join(WRITE_MODES)
        )
    with _staged(upload, file_name, limits) as staged:
        name = staged.name
        step(0.05, "hash")
        digest = file_hash(staged.path)
        base_version = store.current_version(spec.id)
        step(0.1, "read")
        source = readers.locate(staged.path, name, staged.work, limits, options.member)
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
    """Features the commit would add, change and remove (as the store will count)."""
    old = set() if mode == "append" else _current_ids(store, layer_id)
    ids = (
        frame[FEATURE_ID] if FEATURE_ID in frame else pd.Series(None, index=frame.index)
    )
    new = [None if pd.isna(i) else str(i) for i in ids]
    changes = count_changes(old, new, mode)
    return changes.added, changes.changed, changes.removed


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
        raise IngestError(
            code="ingest.report_has_errors",
            n=report.count(ERROR),
            name=report.file_name,
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
