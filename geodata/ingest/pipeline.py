"""Upload -> located dataset -> WGS84 features in the layer schema -> report -> commit.

The page and the CLI run the same steps: :func:`inspect` says what a file holds
and which choices remain (shapefile in a zip, GeoPackage layer, encoding, CRS);
:func:`prepare` reads, converts and checks it against the current layer version
and returns the features with an :class:`IngestReport`; :func:`commit` writes
them as one new layer version, refused when the report has errors or the layer
moved on since :func:`prepare`. :func:`inspect` and :func:`prepare` take the
upload as bytes or a path and unpack it in a workspace they remove themselves.

Nothing a steward can resolve is a dead end: unknown values are kept or mapped
(``value_map``), rows that cannot go in may be left out (``skip_invalid``), and
every choice the reading made is in the report. Only what would store wrong
data or unusable geometry blocks.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata import audit
from geodata.auth.scope import check_commit_scope
from geodata.catalog import LayerSpec, get_layer
from geodata.coords import convert_geoseries
from geodata.errors import IngestError, MissingCRSError
from geodata.ingest import checks, fieldmap, readers, values
from geodata.ingest import crs as crsmod
from geodata.ingest.archive import (
    DEFAULT_LIMITS,
    Limits,
    check_size,
    file_hash,
    workspace,
)
from geodata.ingest.diff import SAME, FieldChange, compare
from geodata.ingest.validation import (
    ERROR,
    INFO,
    WARNING,
    Issue,
    anchors,
    check_coordinates,
)
from geodata.ingest.values import UnknownValue
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
_SWAP = " swap"


@dataclass(frozen=True)
class IngestOptions:
    """The steward's choices; ``None`` means "as the file says" or "suggest".

    ``crs`` is ``EPSG:NNNN``, ``wgs84``, ``gcj02`` or ``bd09``, with `` swap``
    appended (or ``swap_xy``) when x and y are the other way round.
    ``field_map`` maps columns to fields over the suggestion (``""`` leaves a
    column unmapped); ``value_map`` maps ``{field: {value: listed value}}``;
    ``skip_invalid`` leaves out the rows with errors and commits the rest.
    ``sensitivity`` fills the ``sensitivity`` of features whose file leaves it
    empty (``None``: they keep the layer's default).
    """

    mode: str = "append"
    member: str | None = None
    sublayer: str | None = None
    encoding: str | None = None
    crs: str | None = None
    swap_xy: bool = False
    field_map: Mapping[str, str] | None = None
    value_map: Mapping[str, Mapping[str, str]] | None = None
    skip_invalid: bool = False
    sensitivity: str | None = None


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
    #: What the column mapping chose and why (cut names, generic headers, hints).
    notes: tuple[Issue, ...] = ()
    #: Datum a table's coordinate headers name (``gcj02``, ``bd09``, ``wgs84``).
    datum: str | None = None

    @property
    def needs_member(self) -> bool:
        """Whether the archive holds several shapefiles and none was chosen."""
        return len(self.members) > 1

    @property
    def needs_crs(self) -> bool:
        """Whether no usable CRS is declared and the coordinates are not lon/lat."""
        if self.crs_declared is not None or self.datum is not None:
            return False
        first = self.crs_candidates[0] if self.crs_candidates else None
        return not (first and first.crs == "EPSG:4326" and not first.swap)


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
    #: Features matched by id whose every value equals the stored one (not
    #: written in update mode; rewritten, and counted as changed, by a replace).
    unchanged: int = 0
    #: Rows of the file in it (before any were skipped).
    n_rows: int = 0
    #: Rows of the file left out (0-based), when the steward chose to skip them.
    skipped: tuple[int, ...] = ()
    #: Values found outside a field's list, with the steward's mapping.
    unknown_values: tuple[UnknownValue, ...] = ()
    #: Values an update changes, old -> new (at most ``diff.CHANGE_LIMIT``).
    changes: tuple[FieldChange, ...] = ()
    #: How many features each field changes in.
    changed_fields: Mapping[str, int] = field(default_factory=dict)

    def count(self, severity: str) -> int:
        """Number of issues of ``severity``."""
        return sum(1 for i in self.issues if i.severity == severity)

    @property
    def blocking(self) -> tuple[Issue, ...]:
        """Errors that block a commit: all errors but those of skipped rows."""
        left_out = set(self.skipped)
        return tuple(
            i
            for i in self.issues
            if i.severity == ERROR and i.feature_index not in left_out
        )

    @property
    def ok(self) -> bool:
        """True when nothing blocks a commit."""
        return not self.blocking

    @property
    def invalid_rows(self) -> tuple[int, ...]:
        """Rows with an error: what ``skip_invalid`` would leave out."""
        return tuple(
            sorted(
                {
                    i.feature_index
                    for i in self.issues
                    if i.severity == ERROR and i.feature_index is not None
                }
            )
        )

    @property
    def can_skip(self) -> bool:
        """Whether leaving out the invalid rows would let the rest be committed."""
        return (
            not self.ok
            and all(i.feature_index is not None for i in self.blocking)
            and len(self.invalid_rows) < self.n_rows
        )

    @property
    def skipped_reasons(self) -> dict[str, int]:
        """Error codes of the skipped rows, each with its number of rows."""
        left_out = set(self.skipped)
        seen: dict[str, set[int]] = {}
        for issue in self.issues:
            if issue.severity == ERROR and issue.feature_index in left_out:
                seen.setdefault(issue.code, set()).add(issue.feature_index)
        return {code: len(rows) for code, rows in sorted(seen.items())}

    @property
    def nothing_to_commit(self) -> bool:
        """True when the commit would change nothing in the layer."""
        return self.added == self.changed == self.removed == 0


@dataclass(frozen=True)
class Prepared:
    """Checked features ready to commit, with their report.

    ``status`` says per feature whether the commit adds it, changes it or leaves
    it as it is (``same`` features are not written in update mode).
    """

    report: IngestReport
    features: gpd.GeoDataFrame
    status: tuple[str, ...] = ()


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


def _names_preview(sample: pd.DataFrame, mapping: Mapping[str, str]) -> tuple[str, ...]:
    """The first values of the name column, else of the first text column."""
    geometry = sample.geometry.name if isinstance(sample, gpd.GeoDataFrame) else None
    column = next((c for c, f in mapping.items() if f == "name"), None)
    if column is None:
        column = next(
            (
                c
                for c in sample.columns
                if c != geometry
                and pd.api.types.infer_dtype(sample[c], skipna=True) == "string"
            ),
            None,
        )
    if column is None:
        return ()
    return tuple(str(v) for v in sample[column].dropna()[:_PREVIEW_ROWS])


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
        Upload and archive limits, the feature and memory budget.

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
                staged.name, source.format, source.members, (), None, None, None, (),
                (), {}, (),
            )  # fmt: skip
        reading, bounds = readers.peek(
            source,
            sublayer=options.sublayer,
            encoding=options.encoding,
            rows=_PREVIEW_ROWS,
            limits=limits,
        )
    sample = reading.frame
    declared = _declared(sample.crs, bounds)
    if declared is None and reading.datum is not None:
        declared = f"{reading.datum.upper()} ({', '.join(reading.xy)})"
    columns = tuple(str(c) for c in sample.columns if c != sample.geometry.name)
    suggestion = fieldmap.suggest(columns, spec, sample)
    mapping = fieldmap.merge(suggestion.mapping, options.field_map)
    return Inspection(
        staged.name,
        source.format,
        source.members,
        source.sublayers,
        source.declared_encoding,
        source.detected_encoding,
        declared,
        tuple(crsmod.candidates(bounds)),
        columns,
        mapping,
        _names_preview(sample, mapping),
        suggestion.notes,
        reading.datum,
    )


def _declared(crs, bounds) -> str | None:
    """The declared CRS, unless it is geographic and the numbers are not lon/lat."""
    if crs is None:
        return None
    if crs.is_geographic and not crsmod.is_lonlat(bounds):
        return None
    return crs.to_string()


def _swapped(geoms: gpd.GeoSeries) -> gpd.GeoSeries:
    return gpd.GeoSeries(
        shapely.transform(np.asarray(geoms.values), lambda xy: xy[:, ::-1]),
        index=geoms.index,
        crs=geoms.crs,
    )


def _to_wgs84(
    frame: gpd.GeoDataFrame, name: str, options: IngestOptions, datum: str | None
) -> tuple[gpd.GeoDataFrame, str, list[Issue]]:
    """Reproject to EPSG:4326 from the chosen, declared or (lon/lat) assumed CRS.

    A chosen or declared CRS under which no feature lands in Tongliao is refused
    with the CRS that fits named, when one does.
    """
    raw_bounds = readers.sane_bounds(frame.geometry)
    choice, swap = options.crs, options.swap_xy
    if choice and choice.endswith(_SWAP):
        choice, swap = choice[: -len(_SWAP)].strip() or None, True
    issues: list[Issue] = []
    if swap:
        frame = frame.set_geometry(_swapped(frame.geometry))
    if not choice and datum in crsmod.SHIFTED:
        choice = datum
        issues.append(Issue("datum_from_columns", INFO, datum, params={"datum": datum}))
    bounds = readers.sane_bounds(frame.geometry)
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
            _fits(frame, raw_bounds, "EPSG:4326", swap, name, "choice")
            return frame, choice + (_SWAP if swap else ""), issues
        frame = frame.set_crs(crs, allow_override=True)
        used = crsmod.describe(crs) + (_SWAP if swap else "")
        source = "choice"
    elif _declared(frame.crs, bounds) is not None:
        used, source = crsmod.describe(frame.crs), "declared"
    else:
        found = crsmod.candidates(bounds)
        if found and found[0].crs == "EPSG:4326" and not found[0].swap:
            if datum != "wgs84":
                issues.append(
                    Issue(
                        "crs_assumed_lonlat",
                        WARNING,
                        "no CRS declared; coordinates read as WGS84 lon/lat",
                    )
                )
            frame = frame.set_crs(4326, allow_override=True)
            used, source = "EPSG:4326 (assumed)", "assumed"
        else:
            if not found:
                raise MissingCRSError(code="ingest.crs_missing.none_fits", name=name)
            raise MissingCRSError(
                code="ingest.crs_missing.likely",
                name=name,
                likely="; ".join(c.label for c in found[:5]),
            )
    key = f"EPSG:{frame.crs.to_epsg()}"
    if frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    _fits(frame, raw_bounds, key, swap, name, source)
    return frame, used, issues


def _fits(
    frame: gpd.GeoDataFrame,
    raw_bounds: readers.Bounds,
    used: str,
    swap: bool,
    name: str,
    source: str,
) -> None:
    """Refuse a CRS that puts nothing in Tongliao when another CRS would."""
    if source == "assumed":
        return
    points = anchors(frame.geometry)
    xy = shapely.get_coordinates(points[~shapely.is_missing(points)])
    if not len(xy) or crsmod.in_city_share(xy[:, 0], xy[:, 1]) > 0:
        return
    if not np.isfinite(raw_bounds).all():
        return
    alternatives = [
        c
        for c in crsmod.candidates(raw_bounds)
        if c.in_city and (c.crs, c.swap) != (used, swap)
    ]
    if not alternatives:
        return  # nothing fits: the location check says every feature is outside
    codes = {
        "choice": "ingest.crs_choice_does_not_fit",
        "declared": "ingest.crs_declared_does_not_fit",
    }
    raise IngestError(
        code=codes[source], name=name, crs=used, fits=alternatives[0].label
    )


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
        The steward's choices (mode, member, sublayer, encoding, CRS, fields,
        values, skipping invalid rows).
    limits : Limits
        Upload and archive limits, the feature and memory budget.
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
        When the file cannot be used at all (unreadable, hostile, over budget,
        an open choice such as CRS or shapefile member, a CRS the coordinates
        cannot fit). Problems with single features are returned as issues in the
        report instead.
    """
    spec = get_layer(layer_id)
    step = progress or _noop
    _check_options(spec, options)
    with _staged(upload, file_name, limits) as staged:
        name = staged.name
        step(0.05, "hash")
        digest = file_hash(staged.path)
        base_version = store.current_version(spec.id)
        step(0.1, "read")
        source = readers.locate(staged.path, name, staged.work, limits, options.member)
        reading = readers.read(
            source, sublayer=options.sublayer, encoding=options.encoding, limits=limits
        )
    step(0.4, "crs")
    frame = reading.frame.reset_index(drop=True)
    geoms, issues = check_coordinates(frame.geometry)
    issues += list(reading.issues)
    frame, used_crs, more = _to_wgs84(
        frame.set_geometry(geoms), name, options, reading.datum
    )
    issues += more
    geoms, more = check_coordinates(frame.geometry)  # what the conversion broke
    frame = frame.set_geometry(geoms)
    issues += more
    step(0.5, "map")
    frame, mapping, more, unknown = _map(frame, spec, options, source.format)
    issues += more
    if options.sensitivity:  # the steward's choice for rows the file leaves empty
        given = frame.get("sensitivity", pd.Series(None, index=frame.index))
        given = given.astype(object)
        frame["sensitivity"] = given.where(
            given.notna() & (given != ""), options.sensitivity
        )
    step(0.6, "check")
    areas = store.read_layer("admin_areas", columns=("name",))
    features, more = checks.check(
        spec, frame, options.mode, areas, _current_ids(store, spec)
    )
    issues += more
    issues += checks.gcj_hints(name, reading, used_crs, spec, features, areas)
    issues += _seen_before(store, spec.id, digest)
    issues = _labelled(_without_echoes(issues), features)
    prepared = _finish(
        store, spec, features, issues, options, mapping, unknown,
        _Meta(name, digest, base_version, source.encoding, used_crs, options.encoding),
    )  # fmt: skip
    step(1.0, "done")
    return prepared


def _check_options(spec: LayerSpec, options: IngestOptions) -> None:
    if options.mode not in WRITE_MODES:
        raise IngestError(
            code="ingest.mode_unknown", mode=options.mode, modes=", ".join(WRITE_MODES)
        )
    for name, source, target in values.check_value_map(options.value_map, spec):
        allowed = spec.field(name).allowed if name in spec.field_names else None
        raise IngestError(
            code="ingest.value_map_target",
            field=name,
            value=source,
            target=target,
            allowed=", ".join(allowed or ()) or "-",
        )
    targets = {FEATURE_ID, "extra_attrs", *spec.field_names}
    for column, target in (options.field_map or {}).items():
        if target and target not in targets:
            raise IngestError(
                code="ingest.field_unknown",
                column=column,
                field=target,
                fields=", ".join(spec.field_names),
            )


def _map(
    frame: gpd.GeoDataFrame, spec: LayerSpec, options: IngestOptions, fmt: str
) -> tuple[gpd.GeoDataFrame, dict[str, str], list[Issue], list[UnknownValue]]:
    """Columns to fields, values to types and lists; extras to their types."""
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    suggestion = fieldmap.suggest(columns, spec, frame)
    mapping = fieldmap.merge(suggestion.mapping, options.field_map)
    unknown_column = [c for c in (options.field_map or {}) if c not in columns]
    if unknown_column:
        raise IngestError(
            code="ingest.column_unknown",
            column=unknown_column[0],
            columns=", ".join(columns[:20]),
        )
    notes = [n for n in suggestion.notes if _stands(n, mapping, suggestion.mapping)]
    frame = fieldmap.apply(frame, mapping, spec)
    frame, issues = values.extras_json(frame)
    frame = values.type_extras(frame, spec, from_text=fmt == "csv")
    frame, more, unknown = values.coerce(frame, spec, options.value_map)
    return frame, mapping, notes + issues + more, unknown


def _stands(
    note: Issue, mapping: Mapping[str, str], suggested: Mapping[str, str]
) -> bool:
    """Whether a mapping note still holds after the steward's changes."""
    if note.code in ("column_hint", "column_kept"):
        return note.field not in mapping
    return mapping.get(note.field) == suggested.get(note.field)


def _current_ids(store: Store, spec: LayerSpec) -> set[str]:
    return set(store.read_layer(spec.id, columns=(FEATURE_ID,))[FEATURE_ID])


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


#: Row errors that already say why a geometry is missing.
_GEOMETRY_CAUSES = frozenset(
    {"coordinates_invalid", "coordinate_unreadable", "geometry_unreadable"}
)


def _without_echoes(issues: list[Issue]) -> list[Issue]:
    """Drop "geometry missing" where the row's own error already says why."""
    caused = {i.feature_index for i in issues if i.code in _GEOMETRY_CAUSES}
    return [
        i
        for i in issues
        if not (i.code == "geometry_missing" and i.feature_index in caused)
    ]


def _labelled(issues: list[Issue], frame: pd.DataFrame) -> list[Issue]:
    """Issues of a row carry the feature's name (or id), so people can find it."""
    rows = {i.feature_index for i in issues if i.feature_index is not None}
    if not rows:
        return issues
    labels: dict[int, str] = {}
    for column in ("name", FEATURE_ID):
        if column not in frame:
            continue
        values_ = frame[column].to_numpy(dtype=object)
        for row in rows - labels.keys():
            if 0 <= row < len(values_):
                value = values_[row]
                if value is not None and value == value and str(value).strip():
                    labels[row] = str(value)
    return [
        dataclasses.replace(i, label=labels[i.feature_index])
        if i.feature_index in labels
        else i
        for i in issues
    ]


@dataclass(frozen=True)
class _Meta:
    file_name: str
    file_hash: str
    base_version: int
    encoding: str | None
    crs: str
    encoding_choice: str | None


def _finish(
    store: Store,
    spec: LayerSpec,
    features: gpd.GeoDataFrame,
    issues: list[Issue],
    options: IngestOptions,
    mapping: dict[str, str],
    unknown: list[UnknownValue],
    meta: _Meta,
) -> Prepared:
    """Leave out invalid rows if asked, compare with the layer, and report."""
    n_rows = len(features)
    invalid = sorted(
        {
            i.feature_index
            for i in issues
            if i.severity == ERROR and i.feature_index is not None
        }
    )
    skipped: tuple[int, ...] = ()
    if options.skip_invalid and invalid:
        keep = np.ones(n_rows, dtype=bool)
        keep[invalid] = False
        features = features[keep].reset_index(drop=True)
        skipped = tuple(invalid)
    current = (
        store.read_layer(spec.id)
        if options.mode != "append"
        else gpd.GeoDataFrame(geometry=[], crs=4326)
    )
    diff = compare(current, features, spec, options.mode)
    # The counts are the store's own (count_changes) over what commit writes: in
    # update mode the unchanged features are not written, so they do not count.
    ids = [None if v is None or v != v else str(v) for v in _ids_of(features)]
    written = [
        i
        for i, status in zip(ids, diff.status, strict=True)
        if not (options.mode == "update" and status == SAME)
    ]
    old_ids = set() if options.mode == "append" else set(_ids_of(current))
    counts = count_changes(old_ids, written, options.mode)
    issues.sort(
        key=lambda i: (
            -1 if i.feature_index is None else i.feature_index,
            (ERROR, WARNING, INFO).index(i.severity),
        )
    )
    report = IngestReport(
        spec.id,
        meta.file_name,
        meta.file_hash,
        options.mode,
        meta.base_version,
        len(features),
        counts.added,
        counts.changed,
        counts.removed,
        meta.encoding_choice or meta.encoding,
        meta.crs,
        mapping,
        tuple(issues),
        unchanged=diff.count(SAME),
        n_rows=n_rows,
        skipped=skipped,
        unknown_values=tuple(unknown),
        changes=diff.changes,
        changed_fields=diff.by_field,
    )
    return Prepared(report, features, diff.status)


def _ids_of(frame: pd.DataFrame) -> list[object]:
    if FEATURE_ID not in frame:
        return [None] * len(frame)
    return frame[FEATURE_ID].tolist()


def _skip_record(report: IngestReport) -> str:
    """The skipped rows' reasons as the version log keeps them: ``code:n;...``."""
    return ";".join(f"{code}:{n}" for code, n in report.skipped_reasons.items())


def commit(
    store: Store,
    prepared: Prepared,
    *,
    author: str,
    note: str = "",
    banners: tuple[str, ...] = (),
) -> LayerVersion:
    """Write prepared features as a new version of the layer, in one transaction.

    In update mode only the features that are new or changed are written, so
    the version log counts what really changed. Rows the steward chose to skip
    are recorded with the version (how many, and why). ``banners`` limits the
    commit to those banners' features (a banner-limited steward,
    ``User.banners``); empty means every banner. The commit is recorded in the
    audit log.

    Raises
    ------
    IngestError
        When the report has errors (nothing is written), or nothing would change.
    BannerScopeError
        When the commit would add, change or remove a feature outside ``banners``
        (nothing is written; the error names the rows).
    ConflictError
        When the layer has a newer version than the one the report was checked
        against; prepare again and re-apply.
    """
    report = prepared.report
    if not report.ok:
        raise IngestError(
            code="ingest.report_has_errors",
            n=len(report.blocking),
            name=report.file_name,
        )
    if report.nothing_to_commit:
        raise IngestError(code="ingest.nothing_to_commit", name=report.file_name)
    features = prepared.features
    if report.mode == "update" and prepared.status:
        keep = np.array([s != SAME for s in prepared.status], dtype=bool)
        features = features[keep]
    check_commit_scope(
        store,
        report.layer,
        features,
        report.mode,
        user=author,
        banners=banners,
    )
    info = CommitInfo(
        author=author,
        note=note,
        file_name=report.file_name,
        file_hash=report.file_hash,
        skipped=len(report.skipped),
        skipped_reasons=_skip_record(report),
    )
    version = store.write_layer(
        report.layer,
        features,
        mode=report.mode,
        commit=info,
        base_version=report.base_version,
    )
    audit.record(
        store,
        author,
        "commit",
        layer=report.layer,
        n=version.added + version.changed + version.removed,
        detail=f"v{version.version} {report.file_name}",
    )
    return version


def issue_counts(report: IngestReport) -> Counter[tuple[str, str, str | None]]:
    """How many issues each ``(severity, code, field)`` has."""
    return Counter((i.severity, i.code, i.field) for i in report.issues)
