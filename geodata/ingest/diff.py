"""What an upload changes in a layer, feature by feature and field by field.

Incoming features are matched to the current ones by ``feature_id``; each is
``added``, ``changed`` or ``same``, and every changed value is listed old → new
(fields, extra attributes, geometry), so a steward sees before the commit what
the commit does. Values are compared as values: an integer written as a float
by GDAL, a boolean written as 1, a coordinate through text, a polygon whose
rings a shapefile turned around, all compare equal to what was stored.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import LayerSpec
from geodata.ingest.values import extra_columns
from geodata.storage import EXTRA_ATTRS, FEATURE_ID

ADDED, CHANGED, SAME = "added", "changed", "same"
#: Changed values listed in a report; the counts per field are always whole.
CHANGE_LIMIT = 2000
#: Coordinates closer than this (degrees, about 0.1 mm) are the same place.
_TOLERANCE = 1e-9
GEOMETRY = "geometry"


@dataclass(frozen=True)
class FieldChange:
    """One value an update changes: the file's row, the feature, old and new."""

    row: int
    feature_id: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Diff:
    """The outcome per incoming row, the features removed, and the values changed."""

    status: tuple[str, ...]
    removed: int = 0
    changes: tuple[FieldChange, ...] = ()
    by_field: Mapping[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        """Rows with ``status`` (``added``, ``changed``, ``same``)."""
        return sum(1 for s in self.status if s == status)


def _ids(frame: pd.DataFrame) -> list[str | None]:
    if FEATURE_ID not in frame:
        return [None] * len(frame)
    return [None if v is None or v != v else str(v) for v in frame[FEATURE_ID].tolist()]


def _plain(value: object) -> object:
    """A value as Python: NA and NaN are ``None``; numpy scalars are unwrapped."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def same_value(a: object, b: object) -> bool:
    """Whether two stored values are the same (numbers by value, 1e-9 relative).

    Examples
    --------
    >>> same_value(2019, 2019.0), same_value(True, 1), same_value(None, float("nan"))
    (True, True, True)
    >>> same_value("1", 1), same_value(0.1 + 0.2, 0.3), same_value("a", "b")
    (True, True, False)
    """
    a, b = _plain(a), _plain(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str) != isinstance(b, str):
        # a table gives text where the store kept a number: compare the number
        try:
            a, b = float(a), float(b)
        except (TypeError, ValueError):
            return False
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=0.0)
    if isinstance(a, dict | list) or isinstance(b, dict | list):
        return json.dumps(a, sort_keys=True, default=str) == json.dumps(
            b, sort_keys=True, default=str
        )
    return a == b


def _text(value: object) -> str | None:
    value = _plain(value)
    if value is None:
        return None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _incoming_extras(frame: pd.DataFrame, spec: LayerSpec) -> list[dict]:
    """Each row's extra attributes as the store will keep them."""
    columns = extra_columns(frame, spec)
    base = frame[EXTRA_ATTRS].tolist() if EXTRA_ATTRS in frame else [None] * len(frame)
    out = []
    values = frame[columns].itertuples(index=False) if columns else [()] * len(frame)
    for prior, row in zip(base, values, strict=True):
        merged = json.loads(prior) if isinstance(prior, str) and prior else {}
        for column, value in zip(columns, row, strict=True):
            plain = _plain(value)
            if plain is not None:
                merged[str(column)] = plain
        out.append(merged)
    return out


def _stored_extras(values: list[object]) -> list[dict]:
    out = []
    for value in values:
        try:
            parsed = json.loads(value) if isinstance(value, str) and value else {}
        except ValueError:
            parsed = {}
        out.append(parsed if isinstance(parsed, dict) else {})
    return out


def _comparable(geoms: np.ndarray) -> np.ndarray:
    """Geometries in one form: one-part multis unwrapped, rings normalised."""
    out = geoms.copy()
    ok = ~shapely.is_missing(out)
    multi = ok & np.isin(shapely.get_type_id(out), (4, 5, 6))
    single = multi & (shapely.get_num_geometries(out) == 1)
    out[single] = shapely.get_geometry(out[single], 0)
    out[ok] = shapely.normalize(out[ok])
    return out


def _same_geometry(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    missing_a, missing_b = shapely.is_missing(a), shapely.is_missing(b)
    out = missing_a & missing_b
    both = ~missing_a & ~missing_b
    if both.any():
        out[both] = shapely.equals_exact(
            _comparable(a[both]), _comparable(b[both]), tolerance=_TOLERANCE
        )
    return out


def _short_wkt(geom: object) -> str | None:
    if geom is None:
        return None
    text = shapely.to_wkt(geom, rounding_precision=6)
    return text if len(text) <= 60 else text[:57] + "..."


def compare(
    current: gpd.GeoDataFrame, incoming: gpd.GeoDataFrame, spec: LayerSpec, mode: str
) -> Diff:
    """What writing ``incoming`` in ``mode`` does to the ``current`` features.

    Parameters
    ----------
    current : GeoDataFrame
        The layer as the store has it now (every column).
    incoming : GeoDataFrame
        The checked features in the layer's schema (extra columns beside).
    spec : LayerSpec
        The layer.
    mode : str
        ``append``, ``replace`` or ``update``.

    Returns
    -------
    Diff
        Per incoming row ``added``, ``changed`` or ``same``; ``removed`` counts
        current features a replace drops.
    """
    ids = _ids(incoming)
    status = [ADDED] * len(incoming)
    if mode == "append" or current.empty:
        return Diff(tuple(status))
    old_ids = _ids(current)
    position = {fid: i for i, fid in enumerate(old_ids)}
    pairs = [(i, position[fid]) for i, fid in enumerate(ids) if fid in position]
    removed = len(set(old_ids) - set(ids)) if mode == "replace" else 0
    if not pairs:
        return Diff(tuple(status), removed)
    rows = np.array([p[0] for p in pairs])
    olds = np.array([p[1] for p in pairs])
    differs: dict[str, np.ndarray] = {}
    for f in spec.fields:
        new = (
            incoming[f.name].to_numpy(dtype=object)[rows]
            if f.name in incoming
            else np.full(len(rows), None, dtype=object)
        )
        old = current[f.name].to_numpy(dtype=object)[olds]
        differs[f.name] = np.array(
            [not same_value(a, b) for a, b in zip(new, old, strict=True)], dtype=bool
        )
    geoms_new = np.asarray(incoming.geometry.values, dtype=object)[rows]
    geoms_old = np.asarray(current.geometry.values, dtype=object)[olds]
    differs[GEOMETRY] = ~_same_geometry(geoms_new, geoms_old)
    extras_new = _incoming_extras(incoming.iloc[rows], spec)
    extras_old = _stored_extras(
        current[EXTRA_ATTRS].to_numpy(dtype=object)[olds].tolist()
    )
    extra_changes = [
        sorted(k for k in set(a) | set(b) if not same_value(a.get(k), b.get(k)))
        for a, b in zip(extras_new, extras_old, strict=True)
    ]
    any_change = np.zeros(len(rows), dtype=bool)
    for mask in differs.values():
        any_change |= mask
    any_change |= np.array([bool(k) for k in extra_changes], dtype=bool)
    for n, changed in enumerate(any_change):
        status[rows[n]] = CHANGED if changed else SAME
    counts: Counter[str] = Counter()
    listed: list[FieldChange] = []
    for n in np.flatnonzero(any_change):
        fid, row = ids[rows[n]] or "", int(rows[n])
        for name, mask in differs.items():
            if not mask[n]:
                continue
            counts[name] += 1
            if len(listed) < CHANGE_LIMIT:
                if name == GEOMETRY:
                    old, new = _short_wkt(geoms_old[n]), _short_wkt(geoms_new[n])
                else:
                    old = _text(current[name].iloc[olds[n]])
                    new = _text(incoming[name].iloc[row]) if name in incoming else None
                listed.append(FieldChange(row, fid, name, old, new))
        for key in extra_changes[n]:
            counts[key] += 1
            if len(listed) < CHANGE_LIMIT:
                listed.append(
                    FieldChange(
                        row,
                        fid,
                        key,
                        _text(extras_old[n].get(key)),
                        _text(extras_new[n].get(key)),
                    )
                )
    return Diff(tuple(status), removed, tuple(listed), dict(counts))
