"""The checks every upload goes through once it is in WGS84 and in the layer schema.

:func:`check` runs the pure checks of :mod:`geodata.ingest.validation` and the
banner rules of :mod:`geodata.ingest.banners` in order; :func:`gcj_hints` says
when the data look like GCJ-02 read as WGS84 (the file name, a column name, or a
300-700 m shift against the stored admin areas in GCJ-02's direction).
"""

from __future__ import annotations

from collections.abc import Set

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import LayerSpec
from geodata.ingest import crs as crsmod
from geodata.ingest import encoding as enc
from geodata.ingest.banners import check_banners, complete_admin
from geodata.ingest.readers import Reading
from geodata.ingest.validation import (
    ERROR,
    WARNING,
    Issue,
    check_geometries,
    check_ids,
    check_location,
    check_required,
    check_text,
)
from geodata.storage import FEATURE_ID


def check(
    spec: LayerSpec,
    frame: gpd.GeoDataFrame,
    mode: str,
    areas: gpd.GeoDataFrame,
    current_ids: Set[str],
) -> tuple[gpd.GeoDataFrame, list[Issue]]:
    """Geometry, location, banners, required values, ids, text, and the layer.

    Returns the features (geometries repaired, banners filled) and the issues.
    """
    geoms, issues = check_geometries(frame.geometry, spec)
    frame = frame.set_geometry(geoms)
    issues += check_location(frame.geometry)
    if spec.id == "admin_areas":
        frame, more = complete_admin(frame, spec, areas)
        issues += more
    elif "banner" in spec.field_names:
        frame, more = check_banners(frame, areas)
        issues += more
    issues += check_required(frame, spec)
    issues += check_ids(frame)
    text_columns = [c for c in frame.columns if c != frame.geometry.name]
    issues += check_text(frame, text_columns, enc.garbled_mask)
    issues += _against_layer(frame, mode, current_ids)
    return frame, issues


def _against_layer(frame: pd.DataFrame, mode: str, current: Set[str]) -> list[Issue]:
    ids = (
        frame[FEATURE_ID] if FEATURE_ID in frame else pd.Series(None, index=frame.index)
    )
    if mode == "update":
        return [
            Issue("id_missing", ERROR, "update mode needs a feature_id", int(i))
            for i in np.flatnonzero(ids.isna().to_numpy())
        ]
    if mode == "append" and ids.notna().any():
        clash = ids.isin(current).to_numpy()
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


def _shift_pairs(
    features: gpd.GeoDataFrame, areas: gpd.GeoDataFrame
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Centroids of incoming admin areas and of the stored ones of the same name."""
    if "name" not in features or areas.empty:
        return [], []
    stored = {
        n: g
        for n, g in zip(areas["name"], areas.geometry.values, strict=True)
        if g is not None
    }
    new, old = [], []
    for name, geom in zip(features["name"], features.geometry.values, strict=True):
        if name in stored and geom is not None and not shapely.is_empty(geom):
            a, b = shapely.centroid(geom), shapely.centroid(stored[name])
            new.append((a.x, a.y))
            old.append((b.x, b.y))
    return new, old


def gcj_hints(
    file_name: str,
    reading: Reading,
    used_crs: str,
    spec: LayerSpec,
    features: gpd.GeoDataFrame,
    areas: gpd.GeoDataFrame,
) -> list[Issue]:
    """A warning when the file looks like GCJ-02 but was read as WGS84."""
    if any(s in used_crs.lower() for s in crsmod.SHIFTED) or reading.datum in (
        "wgs84",
        *crsmod.SHIFTED,
    ):
        return []
    said = crsmod.gcj_in_names(file_name, [str(c) for c in reading.frame.columns])
    if said is not None:
        kind, where = said
        return [
            Issue(
                f"gcj02_in_{kind}",
                WARNING,
                f"{where} says GCJ-02; read as WGS84",
                params={"where": where},
            )
        ]
    if spec.id != "admin_areas":
        return []
    metres = crsmod.gcj_shift(*_shift_pairs(features, areas))
    if metres is None:
        return []
    return [
        Issue(
            "gcj02_shift",
            WARNING,
            f"boundaries sit {metres:.0f} m off as GCJ-02 would put them",
            params={"metres": f"{metres:.0f}"},
        )
    ]
