"""Which feature a click on the map means, and its attributes as rows (no folium)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import get_layer
from geodata.coords import convert
from geodata.i18n import t, value_label
from geodata.mapping.basemaps import PRECISION, display_crs
from geodata.mapping.safe import html_text
from geodata.view import REFERENCE_LAYERS

_SCALE = 10**PRECISION


@dataclass(frozen=True)
class Hit:
    """A feature found at a clicked place: its layer and its row."""

    layer_id: str
    row: pd.Series


def feature_at(
    frames: Mapping[str, gpd.GeoDataFrame],
    lat: float,
    lng: float,
    *,
    basemap: str = "offline",
    tolerance_m: float = 30.0,
) -> list[Hit]:
    """Features drawn at a clicked point, nearest layer first.

    Markers report their own position when clicked, so points match exactly (after
    the same ~1 m rounding as the map); lines and polygons match where the click
    falls inside or within ``tolerance_m``. ``lat``/``lng`` are in the basemap's
    display datum (GCJ-02 for Amap) and converted back to WGS84 here.
    """
    crs = display_crs(basemap)
    if crs != "wgs84":
        lng, lat = (float(v) for v in convert(lng, lat, crs, "wgs84"))
    click = shapely.Point(lng, lat)
    tol_deg = tolerance_m / 111_000
    hits: list[Hit] = []
    for layer_id, frame in frames.items():
        if frame.empty:
            continue
        geoms = frame.geometry.values
        points = shapely.get_type_id(geoms) == 0
        near = np.zeros(len(frame), dtype=bool)
        if points.any():
            xs = np.rint(shapely.get_x(geoms[points]) * _SCALE)
            ys = np.rint(shapely.get_y(geoms[points]) * _SCALE)
            # 2 units: the GCJ-02 round trip and rounding may each move a point ~1 m.
            near[points] = (np.abs(xs - lng * _SCALE) <= 2) & (
                np.abs(ys - lat * _SCALE) <= 2
            )
        if (~points).any():
            near[~points] = shapely.dwithin(geoms[~points], click, tol_deg)
        hits += [Hit(layer_id, row) for _, row in frame[near].iterrows()]
    # A click on a marker means that marker: shapes under it only when no point is hit.
    points_hit = [h for h in hits if h.row.geometry.geom_type == "Point"]
    if points_hit:
        return points_hit
    hits.sort(key=lambda h: h.layer_id in REFERENCE_LAYERS)  # boundaries last
    return hits


#: Fields a details view shows once on their own (the source sentence, the
#: illustrative-position notice), not as table rows.
SHOWN_APART: tuple[str, ...] = ("source", "illustrative")


def banner_at(
    banners: gpd.GeoDataFrame, lat: float, lng: float, *, basemap: str = "offline"
) -> str | None:
    """The name of the banner whose area holds a clicked point (None outside).

    ``banners`` are the boundaries in WGS84 (``name`` column); ``lat``/``lng`` in
    the basemap's display datum, as :func:`feature_at` takes them.
    """
    crs = display_crs(basemap)
    if crs != "wgs84":
        lng, lat = (float(v) for v in convert(lng, lat, crs, "wgs84"))
    inside = shapely.contains_xy(banners.geometry.values, lng, lat)
    names = banners.loc[inside, "name"] if "name" in banners else []
    return str(names.iloc[0]) if len(names) else None


def feature_details(hit: Hit, lang: str) -> list[tuple[str, str]]:
    """``(field title, display value)`` for every catalog field of a hit, in order.

    Values are plain text (the caller renders them as text, not HTML); coded values
    and banners are translated, empty values left out. The source sentence and the
    illustrative flag are not rows (:data:`SHOWN_APART`): a details view shows
    them once, beneath.
    """
    spec = get_layer(hit.layer_id)
    rows = []
    for field in spec.fields:
        if field.name in SHOWN_APART:
            continue
        value = hit.row.get(field.name)
        if is_missing(value):
            continue
        if field.dtype == "bool":
            value = bool(value)
        rows.append((field.title(lang), value_label(field.name, value, lang)))
    return rows


def is_missing(value: object) -> bool:
    """True for None, NaN, NA and empty strings (how a store returns empty cells).

    Examples
    --------
    >>> import pandas as pd
    >>> [is_missing(v) for v in (None, float("nan"), pd.NA, "", 0, False)]
    [True, True, True, True, False, False]
    """
    if value is None or (isinstance(value, str) and not value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and arrays are values, not missing
        return False


def is_illustrative(row: pd.Series) -> bool:
    """True when a feature's position is marked illustrative."""
    value = row.get("illustrative")
    return not is_missing(value) and bool(value)


def details_html(layer_id: str, frame: gpd.GeoDataFrame, lang: str) -> list[str]:
    """Every feature's attributes as an escaped HTML block, for popups.

    Rows as :func:`feature_details` but the name (the popup's heading), then the
    source sentence and, for
    illustrative positions, the notice, each once. Every value is escaped.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> g = gpd.GeoDataFrame({"name": ["甲"], "note": ["<b>x"], "source": ["原文"],
    ...     "illustrative": [True]}, geometry=[shapely.Point(0, 0)], crs=4326)
    >>> block = details_html("signage", g, "en")[0]
    >>> "&lt;b&gt;x" in block and "Source: 原文" in block and "<b>x" not in block
    True
    """
    source_text = t("map.details.source", lang, source="{}")
    notice = html_text(t("common.illustrative_notice", lang))
    blocks = []
    name_title = get_layer(layer_id).field("name").title(lang)
    for _, row in frame.iterrows():
        cells = "".join(
            f"<tr><th>{html_text(k)}</th><td>{html_text(v)}</td></tr>"
            for k, v in feature_details(Hit(layer_id, row), lang)
            if k != name_title  # the name heads the popup already
        )
        block = f'<table class="gd-details">{cells}</table>'
        source = row.get("source")
        if isinstance(source, str) and source:
            text = html_text(source_text.replace("{}", source))
            block += f'<div class="gd-source">{text}</div>'
        if is_illustrative(row):
            block += f'<div class="gd-note">{notice}</div>'
        blocks.append(block)
    return blocks
