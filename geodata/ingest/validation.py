"""Checks on incoming features: pure functions from frames to ``Issue`` lists, no I/O.

Each check is vectorised (shapely 2 array functions, pandas masks), so checking
200,000 features costs about as much as reading them; an ``Issue`` object is
built only for a feature that has a problem. ``error`` issues block a commit,
``warning`` and ``info`` ones are shown and recorded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Any

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import CITY_BOUNDS, LayerSpec

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITIES: tuple[str, ...] = (ERROR, WARNING, INFO)
_FEATURE_ID = "feature_id"  # geodata.storage.FEATURE_ID; not imported to stay pure


@dataclass(frozen=True)
class Issue:
    """One finding: a code, its severity, the feature (0-based row) and details.

    ``message`` is English detail for logs; user-facing text is
    ``geodata.i18n.t("issue." + code, lang, **params)``.
    """

    code: str
    severity: str
    message: str
    feature_index: int | None = None
    field: str | None = None
    params: Mapping[str, Any] = _field(default_factory=dict)
    #: The feature's name (or id) in the file, so people can find it.
    label: str | None = None


def _rows(mask: np.ndarray | pd.Series) -> list[int]:
    return [int(i) for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


_SINGLE = {
    "MultiPoint": "Point",
    "MultiLineString": "LineString",
    "MultiPolygon": "Polygon",
}


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the polygon parts of what ``make_valid`` returned."""
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon"]
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def check_geometries(
    geoms: gpd.GeoSeries, spec: LayerSpec
) -> tuple[gpd.GeoSeries, list[Issue]]:
    """Reject null, empty and wrong-type geometries; repair invalid ones; unwrap multis.

    A one-part multi-geometry becomes its part when the layer takes single parts
    only (shapefiles store every polygon as multi); ``make_valid`` repairs
    invalid shapes and the repair is reported.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> s = gpd.GeoSeries([shapely.MultiPoint([(1, 2)]),
    ...                    shapely.LineString([(0, 0), (1, 1)]), None])
    >>> out, issues = check_geometries(s, get_layer("signage"))
    >>> out[0].geom_type, [(i.code, i.feature_index) for i in issues]
    ('Point', [('geometry_missing', 2), ('wrong_geometry_type', 1)])
    """
    values = geoms.values.copy()
    issues: list[Issue] = []
    missing = shapely.is_missing(np.asarray(values))
    for i in _rows(missing):
        issues.append(Issue("geometry_missing", ERROR, "geometry is missing", i))
    empty = ~missing & shapely.is_empty(np.asarray(values))
    for i in _rows(empty):
        issues.append(Issue("geometry_empty", ERROR, "geometry is empty", i))
    present = ~missing & ~empty
    invalid = present & ~shapely.is_valid(np.asarray(values))
    for i in _rows(invalid):
        reason = shapely.is_valid_reason(values[i])
        repaired = shapely.make_valid(values[i])
        if (
            repaired.geom_type == "GeometryCollection"
            or "Polygon" in values[i].geom_type
        ):
            repaired = (
                _polygonal(repaired) if "Polygon" in values[i].geom_type else repaired
            )
        values[i] = repaired
        issues.append(
            Issue(
                "geometry_repaired",
                WARNING,
                f"invalid geometry repaired ({reason})",
                i,
                params={"reason": reason},
            )
        )
    types = np.asarray(shapely.get_type_id(np.asarray(values)))
    names = np.array(
        [
            "Point",
            "LineString",
            "LinearRing",
            "Polygon",
            "MultiPoint",
            "MultiLineString",
            "MultiPolygon",
            "GeometryCollection",
        ]
    )
    kinds = np.where(types >= 0, names[np.clip(types, 0, 7)], "")
    accepted = set(spec.geometry_types)
    for multi, single in _SINGLE.items():
        if multi in accepted or single not in accepted:
            continue
        one_part = (
            present
            & (kinds == multi)
            & (shapely.get_num_geometries(np.asarray(values)) == 1)
        )
        if one_part.any():
            values[one_part] = shapely.get_geometry(np.asarray(values)[one_part], 0)
            kinds[one_part] = single
    wrong = present & ~np.isin(kinds, list(accepted))
    for i in _rows(wrong):
        issues.append(
            Issue(
                "wrong_geometry_type",
                ERROR,
                f"{kinds[i]} does not fit layer {spec.id} "
                f"({', '.join(spec.geometry_types)})",
                i,
                params={"found": kinds[i], "accepted": ", ".join(spec.geometry_types)},
            )
        )
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs), issues


def check_required(frame: pd.DataFrame, spec: LayerSpec) -> list[Issue]:
    """An error for each feature lacking a required attribute."""
    issues: list[Issue] = []
    for f in spec.fields:
        if not f.required:
            continue
        column = (
            frame[f.name] if f.name in frame else pd.Series(None, index=frame.index)
        )
        # Text fields arrive stripped (fieldmap.coerce), so blank means "".
        blank = (
            (column.isna() | (column.astype(object) == "")).fillna(True).astype(bool)
        )
        for i in _rows(blank):
            issues.append(
                Issue(
                    "required_missing",
                    ERROR,
                    f"{f.name} is required",
                    i,
                    f.name,
                    {"field": f.name},
                )
            )
    return issues


def check_ids(frame: pd.DataFrame) -> list[Issue]:
    """An error for each repeated ``feature_id`` after its first occurrence.

    Examples
    --------
    >>> frame = pd.DataFrame({"feature_id": ["a", "b", "a"]})
    >>> [i.feature_index for i in check_ids(frame)]
    [2]
    """
    if _FEATURE_ID not in frame:
        return []
    ids = frame[_FEATURE_ID]
    dup = ids.notna() & ids.duplicated(keep="first")
    return [
        Issue(
            "duplicate_id",
            ERROR,
            f"feature_id {ids.iloc[i]!r} repeats",
            i,
            _FEATURE_ID,
            {"id": str(ids.iloc[i])},
        )
        for i in _rows(dup)
    ]


def anchors(geoms: gpd.GeoSeries) -> np.ndarray:
    """A point on each geometry; points are their own (the common, large case)."""
    values = np.asarray(geoms.values)
    if (shapely.get_type_id(values) == 0).all():
        return values
    out = np.full(len(values), None, dtype=object)
    ok = ~shapely.is_missing(values) & ~shapely.is_empty(values)
    out[ok] = shapely.point_on_surface(values[ok])
    return out


#: No coordinate system has numbers this large: the value is a placeholder or junk.
_WILD = 1e9


def check_coordinates(geoms: gpd.GeoSeries) -> tuple[gpd.GeoSeries, list[Issue]]:
    """An error for each geometry with a NaN, infinite or impossible coordinate.

    Those geometries are set missing, so they can neither break the CRS
    inference nor reach GEOS (which fails on NaN).

    Examples
    --------
    >>> s = gpd.GeoSeries([shapely.Point(122, 43), shapely.Point(float("nan"), 43),
    ...                    shapely.Point(1e308, -1e308)])
    >>> out, issues = check_coordinates(s)
    >>> [(i.code, i.feature_index) for i in issues], out.isna().tolist()
    ([('coordinates_invalid', 1), ('coordinates_invalid', 2)], [False, True, True])
    """
    values = np.asarray(geoms.values)
    xy, index = shapely.get_coordinates(values, return_index=True)
    bad_coord = ~np.isfinite(xy).all(axis=1) | (np.abs(xy) >= _WILD).any(axis=1)
    if not bad_coord.any():
        return geoms, []
    rows = np.unique(index[bad_coord])
    first = {}
    for i, row in zip(np.flatnonzero(bad_coord), index[bad_coord], strict=True):
        first.setdefault(int(row), xy[i])
    issues = [
        Issue(
            "coordinates_invalid",
            ERROR,
            f"coordinate ({first[r][0]}, {first[r][1]}) cannot be a place",
            r,
            params={"x": f"{first[r][0]:g}", "y": f"{first[r][1]:g}"},
        )
        for r in (int(v) for v in rows)
    ]
    out = values.copy()
    out[rows] = None
    return gpd.GeoSeries(out, index=geoms.index, crs=geoms.crs), issues


def check_location(
    geoms: gpd.GeoSeries, bounds: tuple[float, float, float, float] = CITY_BOUNDS
) -> list[Issue]:
    """Flag features outside Tongliao; say so when swapping x and y would fix them.

    ``geoms`` are in EPSG:4326.

    Examples
    --------
    >>> s = gpd.GeoSeries([shapely.Point(122, 43.5), shapely.Point(43.5, 122),
    ...                    shapely.Point(116.4, 39.9)])
    >>> [(i.code, i.feature_index) for i in check_location(s)]
    [('axes_swapped', 1), ('outside_city', 2)]
    >>> [i.code for i in check_location(s[1:])]
    ['all_outside_city', 'axes_swapped', 'outside_city']
    """
    points = anchors(geoms)
    ok = ~shapely.is_missing(points) & ~shapely.is_empty(points)
    x = np.full(len(points), np.nan)
    y = np.full(len(points), np.nan)
    xy = shapely.get_coordinates(points[ok])
    x[ok], y[ok] = xy[:, 0], xy[:, 1]
    lon_min, lat_min, lon_max, lat_max = bounds

    def inside(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a >= lon_min) & (a <= lon_max) & (b >= lat_min) & (b <= lat_max)

    outside = ok & ~inside(x, y)
    swapped = outside & inside(y, x)
    issues = []
    if ok.any() and not (ok & inside(x, y)).any():
        # Not one feature in the city: a wrong CRS or a wrong file, never data.
        issues.append(
            Issue(
                "all_outside_city",
                ERROR,
                "every feature lies outside Tongliao",
                params={"n": int(ok.sum())},
            )
        )
    issues += [
        Issue(
            "axes_swapped",
            ERROR,
            f"({x[i]:.5f}, {y[i]:.5f}) is outside Tongliao; swapping x and y "
            "puts it inside",
            i,
            params={"x": f"{x[i]:.5f}", "y": f"{y[i]:.5f}"},
        )
        for i in _rows(swapped)
    ]
    issues += [
        Issue(
            "outside_city",
            WARNING,
            f"({x[i]:.5f}, {y[i]:.5f}) is outside Tongliao",
            i,
            params={"x": f"{x[i]:.5f}", "y": f"{y[i]:.5f}"},
        )
        for i in _rows(outside & ~swapped)
    ]
    return issues


def check_text(
    frame: pd.DataFrame, columns: list[str], garbled_mask: Any
) -> list[Issue]:
    """An error for each text value that ``garbled_mask`` calls mojibake.

    ``garbled_mask(list_of_str) -> list[bool]`` is passed in
    (``geodata.ingest.encoding.garbled_mask``) so this module stays free of any
    file-format knowledge.
    """
    issues: list[Issue] = []
    for column in columns:
        if column not in frame or frame[column].dtype.kind not in "OSUT":
            continue
        series = frame[column]
        # Each distinct text is judged once: agency files repeat banners and units.
        distinct = [
            v
            for v in pd.unique(series.dropna())
            if isinstance(v, str) and not v.isascii()
        ]
        bad = [v for v, b in zip(distinct, garbled_mask(distinct), strict=True) if b]
        if not bad:
            continue
        values = series.to_numpy(dtype=object)
        issues += [
            Issue(
                "garbled_text",
                ERROR,
                f"{column}: {values[i]!r} looks garbled",
                i,
                column,
                {"field": column, "value": values[i]},
            )
            for i in _rows(series.isin(bad))
        ]
    return issues


def has_errors(issues: list[Issue]) -> bool:
    """Whether any issue blocks a commit."""
    return any(i.severity == ERROR for i in issues)
