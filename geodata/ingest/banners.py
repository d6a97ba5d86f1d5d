"""Banners are keys: worked out from the location, the name or the admin code.

A feature's banner decides where it is counted, so a value outside the list is
not kept as given: it is taken from the admin area the feature lies in (with a
warning), and is an error only where the feature lies in no banner. In the
``admin_areas`` layer itself, banner, admin code and name complete each other
(150502 ↔ 科尔沁区), so a boundary file with any one of them reads.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import BANNER_NAMES, BANNERS, LayerSpec
from geodata.ingest.validation import ERROR, INFO, WARNING, Issue, anchors
from geodata.ingest.values import canonical_banner, known_spellings

_BY_NAME = {b.name_zh: b for b in BANNERS}


def banners_at(geoms: gpd.GeoSeries, areas: gpd.GeoDataFrame) -> pd.Series:
    """The banner (``areas.name``) holding each geometry's representative point."""
    points = anchors(geoms)
    has_point = ~shapely.is_missing(points) & ~shapely.is_empty(points)
    x = np.full(len(points), np.nan)
    y = np.full(len(points), np.nan)
    xy = shapely.get_coordinates(points[has_point])
    x[has_point], y[has_point] = xy[:, 0], xy[:, 1]
    found = np.full(len(points), None, dtype=object)
    todo = np.flatnonzero(has_point)
    for name, area in zip(areas["name"], areas.geometry.values, strict=True):
        if area is None or not len(todo):
            continue
        # only points not placed yet and inside the area's box: each point is
        # tested against few polygons (200,000 points, eight banners)
        x0, y0, x1, y1 = shapely.bounds(area)
        near = todo[
            (x[todo] >= x0) & (x[todo] <= x1) & (y[todo] >= y0) & (y[todo] <= y1)
        ]
        shapely.prepare(area)
        hit = near[shapely.contains_xy(area, x[near], y[near])]
        found[hit] = name
        todo = np.setdiff1d(todo, hit, assume_unique=True)
    return pd.Series(found, index=geoms.index, dtype=object)


def _rows(mask: pd.Series | np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(np.asarray(mask, dtype=bool))]


def check_banners(
    frame: gpd.GeoDataFrame, areas: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, list[Issue]]:
    """Fill or correct ``banner`` from the admin areas; flag one that disagrees.

    ``areas`` is the ``admin_areas`` layer (``name`` holds the banner name).
    Banners arrive canonical where a known spelling was used
    (``values.coerce``); what is left outside the list is unknown.
    """
    located = banners_at(frame.geometry, areas)
    given = (
        frame["banner"].astype(object)
        if "banner" in frame
        else pd.Series(None, index=frame.index, dtype=object)
    )
    blank = (given.isna() | (given == "")).fillna(True).astype(bool)
    unknown = ~blank & ~given.isin(BANNER_NAMES)
    fill = (blank | unknown) & located.notna()
    out = frame.copy()
    banners = given.where(~fill, located)
    # an unknown banner with no location stays as given: its error says so
    out["banner"] = banners.where(banners.notna(), None)
    issues = [
        Issue(
            "banner_inferred",
            INFO,
            f"banner set to {located.iloc[i]}",
            i,
            "banner",
            {"banner": located.iloc[i]},
        )
        for i in _rows(blank & fill)
    ]
    issues += [
        Issue(
            "banner_derived",
            WARNING,
            f"banner {given.iloc[i]!r} unknown; set to {located.iloc[i]}",
            i,
            "banner",
            {"given": str(given.iloc[i]), "banner": located.iloc[i]},
        )
        for i in _rows(unknown & fill)
    ]
    issues += [
        Issue(
            "banner_unknown",
            ERROR,
            f"banner {given.iloc[i]!r} unknown and the location is in no banner",
            i,
            "banner",
            {"given": str(given.iloc[i]), "allowed": "、".join(BANNER_NAMES)},
        )
        for i in _rows(unknown & ~fill)
    ]
    differs = ~blank & ~unknown & located.notna() & (given != located)
    issues += [
        Issue(
            "banner_mismatch",
            WARNING,
            f"banner {given.iloc[i]} but location is in {located.iloc[i]}",
            i,
            "banner",
            {"given": given.iloc[i], "located": located.iloc[i]},
        )
        for i in _rows(differs)
    ]
    return out, issues


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    if name not in frame:
        return [None] * len(frame)
    return [None if v is None or v != v or v == "" else v for v in frame[name].tolist()]


def complete_admin(
    frame: gpd.GeoDataFrame, spec: LayerSpec, areas: gpd.GeoDataFrame
) -> tuple[gpd.GeoDataFrame, list[Issue]]:
    """Banner, admin code and name of admin areas from whichever one is given.

    Where none names a banner, the stored admin area holding the feature gives
    it (a warning); where the parts name different banners, what is given is
    kept and the disagreement reported.

    Examples
    --------
    >>> from geodata.catalog import get_layer
    >>> areas = gpd.GeoDataFrame({"name": []}, geometry=[], crs=4326)
    >>> g = gpd.GeoDataFrame({"adcode": ["150502", None], "name": [None, "奈曼旗"]},
    ...                      geometry=[shapely.box(122, 43, 123, 44)] * 2, crs=4326)
    >>> out, issues = complete_admin(g, get_layer("admin_areas"), areas)
    >>> out[["banner", "adcode", "name"]].values.tolist()
    [['科尔沁区', '150502', '科尔沁区'], ['奈曼旗', '150525', '奈曼旗']]
    """
    known = known_spellings(spec.field("banner"))
    banners = _column(frame, "banner")
    codes = _column(frame, "adcode")
    names = _column(frame, "name")
    located = banners_at(frame.geometry, areas) if len(areas) else None
    out = {
        k: list(v) for k, v in (("banner", banners), ("adcode", codes), ("name", names))
    }
    issues: list[Issue] = []
    for i, parts in enumerate(zip(banners, codes, names, strict=True)):
        found = {canonical_banner(p, known) for p in parts if p is not None} - {None}
        if len(found) > 1:
            issues.append(
                Issue(
                    "admin_parts_disagree",
                    WARNING,
                    "banner, code and name name different banners",
                    i,
                    params={"found": "、".join(sorted(found))},
                )
            )
            continue
        if not found and located is not None and located.iloc[i] is not None:
            found = {located.iloc[i]}
            issues.append(
                Issue(
                    "admin_from_location",
                    WARNING,
                    f"admin area identified by location as {located.iloc[i]}",
                    i,
                    params={"banner": located.iloc[i]},
                )
            )
        if not found:
            continue
        b = _BY_NAME[found.pop()]
        out["banner"][i] = b.name_zh
        if out["name"][i] is None:
            out["name"][i] = b.name_zh
        code = out["adcode"][i]
        # a 12-digit statistics code (150502000000) or a number becomes 150502
        if code is None or canonical_banner(code, known) == b.name_zh:
            out["adcode"][i] = b.adcode
    result = frame.copy()
    for key, values in out.items():
        result[key] = pd.Series(values, index=frame.index, dtype=object)
    return result, issues
