"""What the map loads for what is on screen: features in view, or counts per cell.

The live map never asks for a whole layer. For the part of the map on screen
(:class:`Screen`: bounds and zoom, as streamlit-folium reports them after each pan)
:func:`load_for_screen` asks the store, layer by layer, how many filtered features
lie in the bounds widened by a margin; while they fit in what is left of a feature
budget it reads them, otherwise it asks the store for counts per grid cell sized to
the zoom. So what reaches the browser is bounded by the screen, not by the layer:
at most ``FEATURE_BUDGET`` features in all, or a few hundred cells per layer.

Counts and charts describe the whole filtered layer (:func:`view_tallies`,
counted in the store), and a click is answered from the
store around the clicked point (:func:`pick`), so picking works at every
zoom, whether the map shows features or cells.

Each of them is made for an audience and passes the display policy
(:mod:`geodata.display`) as every other output does: the public's features,
cells, tallies and picks leave restricted features out and place internal ones
on the coarse grid. Where a layer in view holds anything the public may not see
exactly, its cells are counted from the prepared features, not by the store, so
neither a count nor a cell's mean position gives a hidden feature away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

import geopandas as gpd
import shapely

from geodata.catalog import CITY_BOUNDS, get_layer
from geodata.coords import convert
from geodata.display import (
    GRID_DEG,
    SENSITIVITY_FIELD,
    Audience,
    audience_for,
    facets_for,
    prepare_for_display,
    visible_cells,
)
from geodata.extent import fit_bounds, view_bounds
from geodata.mapping.basemaps import display_crs
from geodata.mapping.counts import Tally, tallies_from
from geodata.mapping.picking import Hit, feature_at
from geodata.mapping.render import CITY_PIXELS, MAP_FIELDS
from geodata.query import LayerQuery
from geodata.storage import Store
from geodata.storage.base import grid_reference
from geodata.view import REFERENCE_LAYERS, MapView

#: Features the map may carry at once over every layer (~60 bytes each on the
#: wire: well under 1 MB), beyond which layers are drawn as counts per cell.
FEATURE_BUDGET = 8000
#: Cells per 256-pixel tile side: cells of ~64 px, a dot a finger can hit.
CELLS_PER_TILE = 4
#: Share of the screen added on each side, so a small pan still has features.
MARGIN = 0.25
#: Pixels around a click that count as hitting a feature.
PICK_PIXELS = 10


@dataclass(frozen=True)
class Screen:
    """The part of the map in view: ``(lon_min, lat_min, lon_max, lat_max)``, zoom."""

    bounds: tuple[float, float, float, float]
    zoom: int

    @classmethod
    def from_map(cls, returned: Mapping | None, default: Screen) -> Screen:
        """The screen streamlit-folium reported (``bounds``, ``zoom``), or ``default``.

        Examples
        --------
        >>> seen = {"zoom": 12, "bounds": {"_southWest": {"lat": 43.5, "lng": 122.1},
        ...                                "_northEast": {"lat": 43.7, "lng": 122.4}}}
        >>> Screen.from_map(seen, opening_screen())
        Screen(bounds=(122.1, 43.5, 122.4, 43.7), zoom=12)
        >>> Screen.from_map({"zoom": 3, "bounds": {}}, opening_screen()).zoom
        7
        """
        try:
            sw = returned["bounds"]["_southWest"]  # type: ignore[index]
            ne = returned["bounds"]["_northEast"]  # type: ignore[index]
            box = tuple(float(v) for v in (sw["lng"], sw["lat"], ne["lng"], ne["lat"]))
            zoom = int(returned["zoom"])  # type: ignore[index]
        except (KeyError, TypeError, ValueError):
            return default
        if not all(math.isfinite(v) for v in box) or box[0] >= box[2]:
            return default
        return cls(box, zoom)  # type: ignore[arg-type]

    def widened(self, margin: float = MARGIN) -> tuple[float, float, float, float]:
        """The bounds with ``margin`` of their size added on every side.

        Examples
        --------
        >>> Screen((120.0, 42.0, 122.0, 43.0), 9).widened()
        (119.5, 41.75, 122.5, 43.25)
        """
        lon_min, lat_min, lon_max, lat_max = self.bounds
        dx, dy = (lon_max - lon_min) * margin, (lat_max - lat_min) * margin
        return (lon_min - dx, lat_min - dy, lon_max + dx, lat_max + dy)

    def shows_within(self, loaded: Screen) -> bool:
        """Whether what was loaded for ``loaded`` still covers this screen.

        The same zoom (cells and the features-or-cells choice depend on it) and
        these bounds inside ``loaded``'s widened ones, where its features reach.

        Examples
        --------
        >>> city = Screen(CITY_BOUNDS, 8)
        >>> seen = Screen((119.6, 42.8, 123.4, 45.1), 8)
        >>> seen.shows_within(city), Screen(seen.bounds, 9).shows_within(seen)
        (True, False)
        >>> Screen((124.0, 42.8, 127.8, 45.1), 8).shows_within(city)
        False
        """
        lon_min, lat_min, lon_max, lat_max = loaded.widened()
        x_min, y_min, x_max, y_max = self.bounds
        return self.zoom == loaded.zoom and (
            lon_min <= x_min
            and lat_min <= y_min
            and x_max <= lon_max
            and y_max <= lat_max
        )

    def cell(self) -> float:
        """Width of an aggregate cell in degrees at this zoom (~64 px).

        Examples
        --------
        >>> Screen(CITY_BOUNDS, 8).cell()
        0.3515625
        """
        return 360.0 / 2 ** max(self.zoom, 0) / CELLS_PER_TILE

    def tolerance(self, pixels: int = PICK_PIXELS) -> float:
        """Degrees that ``pixels`` span at this zoom (for picking)."""
        return 360.0 / 2 ** max(self.zoom, 0) / 256 * pixels


#: A map this large (CSS pixels), widened by the margin, holds a 2560-pixel
#: window's planner map at the zoom the map opens at, and a pan of some 200 px
#: (the city fills the middle; the store has nothing to count out there).
OPENING_PIXELS = (1400, 1100)


def opening_screen(
    center: tuple[float, float] | None = None, zoom: int | None = None
) -> Screen:
    """Where the planner map opens, as a screen: at ``center`` and ``zoom``.

    ``center`` is (lat, lon); without it, the whole city at the zoom the map
    shows it at (``render.CITY_PIXELS``). Wide enough for any window up to 2560
    pixels: the map's first report of where it really is (its size is the
    browser's) lies inside it, so the page's next run finds what it loaded for
    this screen (:meth:`Screen.shows_within`) and the map's counts do not change
    under the viewer.

    Examples
    --------
    >>> opening = opening_screen()
    >>> opening.zoom, opening.shows_within(opening)
    (7, True)
    >>> link = opening_screen((43.62, 122.26), 12)
    >>> link.zoom, Screen((122.2, 43.6, 122.3, 43.64), 12).shows_within(link)
    (12, True)
    """
    if center is None or zoom is None:
        center, zoom = fit_bounds(CITY_BOUNDS, CITY_PIXELS)
    return Screen(view_bounds(center, zoom, OPENING_PIXELS), zoom)


@dataclass(frozen=True)
class LayerLoad:
    """What the map draws of one layer: its features in view, or counts per cell."""

    layer_id: str
    in_view: int
    features: gpd.GeoDataFrame | None = None
    cells: pd.DataFrame | None = None

    @property
    def aggregated(self) -> bool:
        """True when the layer is drawn as counts per cell."""
        return self.cells is not None


def _in_view(query: LayerQuery, screen: Screen) -> LayerQuery:
    return replace(query, bbox=screen.widened())


def load_for_screen(
    store: Store,
    view: MapView,
    screen: Screen,
    *,
    audience: str | None = "public",
    budget: int = FEATURE_BUDGET,
) -> dict[str, LayerLoad]:
    """Each layer of ``view`` as the map draws it on ``screen`` for ``audience``.

    Reference layers (boundaries) come whole: they are few and frame the map.
    """
    out: dict[str, LayerLoad] = {}
    left = budget
    for layer_id in view.layers:
        spec = get_layer(layer_id)
        query = view.query(layer_id)
        if layer_id in REFERENCE_LAYERS:
            frame = prepare_for_display(
                store.read_layer(layer_id, query), spec, audience
            )
            out[layer_id] = LayerLoad(layer_id, len(frame), features=frame)
            continue
        near = _in_view(query, screen)
        if not _store_cells_shown(store, layer_id, near, audience):
            out[layer_id] = load = _prepared_load(
                store, layer_id, near, screen, left, audience
            )
            left -= 0 if load.aggregated else load.in_view
            continue
        # The cells come first: their counts say how many features are in view,
        # so one query decides between drawing cells and reading features.
        cells = store.grid_counts(layer_id, screen.cell(), near)
        n = int(cells["n"].sum())
        if n <= left:
            left -= n
            # Only what the map draws; a click asks the store for the rest.
            features = store.read_layer(layer_id, near, columns=_DRAWN)
            features = prepare_for_display(features, spec, audience)
            out[layer_id] = LayerLoad(layer_id, len(features), features=features)
        else:
            out[layer_id] = LayerLoad(layer_id, n, cells=cells)
    return out


#: What the map draws of a feature, and what decides how an audience sees it.
_DRAWN: tuple[str, ...] = (*MAP_FIELDS, SENSITIVITY_FIELD)


def _store_cells_shown(
    store: Store, layer_id: str, near: LayerQuery, audience: str | None
) -> bool:
    """Whether the store's cells of ``near`` may go to ``audience`` as they are."""
    if audience_for(audience) is not Audience.PUBLIC:
        return True
    levels = store.count_by(layer_id, SENSITIVITY_FIELD, near)
    return visible_cells({(k,): n for k, n in levels.items()}, get_layer(layer_id))


def _prepared_load(
    store: Store,
    layer_id: str,
    near: LayerQuery,
    screen: Screen,
    left: int,
    audience: str | None,
) -> LayerLoad:
    """Features or cells made from what ``audience`` may see of the layer in view."""
    frame = store.read_layer(layer_id, near, columns=_DRAWN)
    shown = prepare_for_display(frame, get_layer(layer_id), audience)
    if len(shown) <= left:
        return LayerLoad(layer_id, len(shown), features=shown)
    return LayerLoad(layer_id, len(shown), cells=grid_reference(shown, screen.cell()))


def pick(
    store: Store,
    view: MapView,
    lat: float,
    lng: float,
    screen: Screen,
    audience: str | None = "public",
) -> list[Hit]:
    """What a click means, asked of the store around the clicked point.

    A marker or shape drawn at the click wins (:func:`feature_at`); a click on a
    count cell (or beside a marker) finds the nearest feature within a few pixels;
    a banner boundary only when nothing else is there. ``lat``/``lng`` are in the
    basemap's display datum, as the map reports them. Features are picked as
    ``audience`` sees them: the public never hits a restricted feature, and hits
    an internal one at its grid position, where its map shows it.
    """
    crs = display_crs(view.basemap)
    x, y = lng, lat
    if crs != "wgs84":
        x, y = (float(v) for v in convert(lng, lat, crs, "wgs84"))
    tol = screen.tolerance()
    box = (x - tol, y - tol, x + tol, y + tol)
    frames = {
        layer_id: _picked(store, view, layer_id, box, audience)
        for layer_id in view.layers
    }
    features = {k: v for k, v in frames.items() if k not in REFERENCE_LAYERS}
    hits = feature_at(features, lat, lng, basemap=view.basemap)
    if hits:
        return hits
    nearest = _nearest(features, shapely.Point(x, y))
    if nearest is not None:
        return [nearest]
    return feature_at(
        {k: v for k, v in frames.items() if k in REFERENCE_LAYERS},
        lat,
        lng,
        basemap=view.basemap,
    )


def _picked(
    store: Store,
    view: MapView,
    layer_id: str,
    box: tuple[float, float, float, float],
    audience: str | None,
) -> gpd.GeoDataFrame:
    """The features ``audience`` sees in ``box``, as prepared for it.

    The store is asked half a grid step wider, so an internal feature whose grid
    position is in the box is found, then only what lies in the box is kept.
    """
    query = view.query(layer_id)
    if audience_for(audience) is not Audience.PUBLIC:
        return store.read_layer(layer_id, replace(query, bbox=box))
    dx, dy = (g / 2 for g in GRID_DEG)
    wide = (box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy)
    frame = store.read_layer(layer_id, replace(query, bbox=wide))
    shown = prepare_for_display(frame, get_layer(layer_id), audience)
    return shown[shown.intersects(shapely.box(*box))]


def _nearest(frames: Mapping[str, gpd.GeoDataFrame], at: shapely.Point) -> Hit | None:
    best: tuple[float, Hit] | None = None
    for layer_id, frame in frames.items():
        if frame.empty:
            continue
        distances = shapely.distance(frame.geometry.values, at)
        i = int(np.nanargmin(distances)) if np.isfinite(distances).any() else -1
        if i >= 0 and (best is None or distances[i] < best[0]):
            best = (float(distances[i]), Hit(layer_id, frame.iloc[i]))
    return None if best is None else best[1]


#: What the counts beside the map and the filter choices are made of, counted in
#: one pass per layer: banner and status (counts, chart, a banner's figures),
#: unit and year (filter choices).
FACETS: tuple[str, ...] = ("banner", "status", "unit", "year")


#: What the store counts for the facets: ``FACETS`` and each feature's sensitivity,
#: which :func:`geodata.display.facets_for` turns into what an audience may count.
COUNTED: tuple[str, ...] = (*FACETS, SENSITIVITY_FIELD)


def store_facets(
    store: Store, layer_id: str, query: LayerQuery | None = None
) -> dict[tuple, int]:
    """Current features per ``COUNTED`` combination, counted in the store.

    Not for showing as they are: pass them through :func:`audience_facets`.
    """
    return store.count_by(layer_id, COUNTED, query)


def audience_facets(
    counted: Mapping[tuple, int], layer_id: str, audience: str | None = "public"
) -> tuple[dict[tuple, int], dict[str, int]]:
    """What ``audience`` may count of ``counted`` (:func:`~geodata.display.facets_for`).

    Counts per ``FACETS`` combination, and what it is told only as a number per
    banner.
    """
    return facets_for(counted, COUNTED, get_layer(layer_id), audience)


def facet_counts(
    store: Store,
    layer_id: str,
    query: LayerQuery | None = None,
    audience: str | None = "public",
) -> dict[tuple, int]:
    """Features per ``FACETS`` combination ``audience`` may count, in the store."""
    return audience_facets(store_facets(store, layer_id, query), layer_id, audience)[0]


def view_tallies(
    store: Store, view: MapView, audience: str | None = "public"
) -> dict[str, Tally]:
    """Features per banner and status of each whole filtered layer of ``view``.

    Counted in the store, not on screen: what the counts beside the map use;
    restricted features are left out for the public.
    """
    facets = {
        lid: facet_counts(store, lid, view.query(lid), audience) for lid in view.layers
    }
    return tallies_from(facets, FACETS)


def read_visible(
    store: Store, view: MapView, audience: str | None = "public"
) -> dict[str, gpd.GeoDataFrame]:
    """Each whole filtered layer of ``view`` as ``audience`` may see it (exports)."""
    return {
        lid: prepare_for_display(
            store.read_layer(lid, view.query(lid)), get_layer(lid), audience
        )
        for lid in view.layers
    }


def payload_features(loads: Mapping[str, LayerLoad]) -> int:
    """Features the loads carry to the browser (cells count as one each)."""
    return sum(
        len(load.cells) if load.aggregated else len(load.features)  # type: ignore[arg-type]
        for load in loads.values()
        if load.layer_id not in REFERENCE_LAYERS
    )
