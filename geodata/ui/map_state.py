"""The planner map's state: URL query parameters <-> MapView <-> sidebar widgets.

A copied URL reopens the same map: on a session's first run the widgets are set from
the query parameters (``MapView.from_params``), and after every run the parameters are
rewritten from the widgets and the map's own centre and zoom (``MapView.to_params``).
Widget values are ids (layer ids, banner names, status codes); only their labels
follow the language (:mod:`geodata.ui.widgets`), so a switch keeps every filter.
Choosing banners moves the map to them; panning reports the new centre and zoom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import streamlit as st

from geodata.catalog import (
    BANNER_NAMES,
    CITY_BOUNDS,
    LAYER_IDS,
    LAYERS,
    STATUS_FILTERS,
    STATUS_OTHER,
)
from geodata.extent import fit_bounds, view_bounds
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.mapping.screen import FACETS, Screen, opening_screen
from geodata.storage import Store
from geodata.ui.map_data import load_facets
from geodata.ui.widgets import id_multiselect, id_selectbox, remember
from geodata.view import MapView

KEYS = {
    "layers": "map_layers",
    "banners": "map_banners",
    "statuses": "map_statuses",
    "use_years": "map_use_years",
    "years": "map_years",
    "undated": "map_undated",
    "units": "map_units",
    "name": "map_name",
    "basemap": "map_basemap",
}
_LOADED = "map_state_loaded"
_SAVED = "map_state_view"
_TARGET = "map_state_target"  # (centre, zoom) the map is asked to show
_AT = "map_state_at"  # (centre, zoom) the map last reported
_BANNERS_SEEN = "map_state_banners"
_BASE_SEEN = "map_state_base"
_SCREEN = "map_state_screen"  # the screen the map's layers were last loaded for
_TARGET_LOADED = "map_state_target_loaded"  # the target _SCREEN was made for
DEFAULT_YEARS = (2000, 2030)
#: Size the planner map is assumed to have when fitting banners (CSS pixels).
MAP_PIXELS = (860, 560)


@dataclass(frozen=True)
class FilterOptions:
    """What the filter widgets offer: the responsible units and the span of years."""

    units: tuple[str, ...] = ()
    years: tuple[int, int] = DEFAULT_YEARS


def filter_options(store: Store, audience: str = "public") -> FilterOptions:
    """Units named in any layer and the smallest and largest year, from the store.

    From the facet counts the store makes in one pass per layer (cached per layer
    version, shared with the counts beside the map); no layer is read. Only
    features ``audience`` may count are offered: a restricted feature's unit is
    none of the public's business.
    """
    units: set[str] = set()
    years: list[pd.Series] = []
    for spec in LAYERS:
        facets = load_facets(store, spec.id, audience=audience)
        position = {name: i for i, name in enumerate(FACETS)}
        units.update(
            str(k[position["unit"]]) for k in facets if k[position["unit"]] is not None
        )
        found = [k[position["year"]] for k in facets if k[position["year"]] is not None]
        years.append(pd.Series(found, dtype=float))
    return FilterOptions(tuple(sorted(u for u in units if u)), year_bounds(years))


def year_bounds(years: Sequence[pd.Series]) -> tuple[int, int]:
    """Smallest and largest year (a default span without years).

    Examples
    --------
    >>> import pandas as pd
    >>> year_bounds([pd.Series([2019, 2021]), pd.Series([2016.0])])
    (2016, 2021)
    >>> year_bounds([])
    (2000, 2030)
    """
    values = pd.concat(years) if years else pd.Series(dtype=float)
    if values.empty:
        return DEFAULT_YEARS
    low, high = int(np.floor(values.min())), int(np.ceil(values.max()))
    return (low, high) if low < high else (low, low + 1)


def _load_widgets(
    view: MapView,
    units: Sequence[str],
    bounds: tuple[int, int],
    basemaps: Sequence[str],
) -> None:
    state = st.session_state
    remember(KEYS["layers"], list(view.layers))
    remember(KEYS["banners"], list(view.banners))
    remember(KEYS["statuses"], list(view.statuses))
    state[KEYS["units"]] = [u for u in view.units if u in units]
    state[KEYS["name"]] = view.name
    remember(KEYS["basemap"], view.basemap if view.basemap in basemaps else basemaps[0])
    state[KEYS["use_years"]] = view.year_range is not None
    state[KEYS["undated"]] = view.keep_undated
    # a link naming banners but no extent opens zoomed to those banners
    state[_BANNERS_SEEN] = list(view.banners) if view.center is not None else []
    if view.center is not None and view.zoom is not None:
        state[_TARGET] = state[_AT] = (view.center, view.zoom)
    low, high = view.year_range or bounds
    state[KEYS["years"]] = (
        max(min(low, high), bounds[0]),
        min(max(low, high), bounds[1]),
    )


def sidebar_view(options: FilterOptions, lang: str, basemaps: Sequence[str]) -> MapView:
    """Draw the filter widgets in the sidebar and return the view they describe.

    On a session's first run the widgets take their values from the URL. The
    view's centre and zoom are where the map last was (see :func:`follow_map`).
    """
    units = list(options.units)
    bounds = options.years
    state = st.session_state
    if not state.get(_LOADED):
        params = {k: st.query_params[k] for k in st.query_params}
        _load_widgets(MapView.from_params(params), units, bounds, basemaps)
        state[_LOADED] = True
    elif KEYS["layers"] not in state and _SAVED in state:
        # Streamlit drops widget state while another page is shown; restore the view.
        _load_widgets(MapView.from_dict(state[_SAVED]), units, bounds, basemaps)
    sb = st.sidebar
    sb.subheader(t("map.filters", lang))
    layers = id_multiselect(
        t("map.layers", lang),
        LAYER_IDS,
        key=KEYS["layers"],
        lang=lang,
        container=sb,
        format_func=lambda lid: layer_title(lid, lang),
    )
    any_value = t("map.filter.any", lang)
    banners = id_multiselect(
        t("map.filter.banner", lang),
        BANNER_NAMES,
        key=KEYS["banners"],
        lang=lang,
        container=sb,
        placeholder=any_value,
        format_func=lambda b: banner_label(b, lang),
    )
    statuses = id_multiselect(
        t("map.filter.status", lang),
        STATUS_FILTERS,
        key=KEYS["statuses"],
        lang=lang,
        container=sb,
        placeholder=any_value,
        format_func=lambda s: _status_label(s, lang),
    )
    year_range, keep_undated = _year_widgets(sb, bounds, lang)
    chosen_units = sb.multiselect(
        t("map.filter.unit", lang),
        units,
        key=KEYS["units"],
        placeholder=any_value,
    )
    name = sb.text_input(t("map.filter.name", lang), key=KEYS["name"])
    basemap = id_selectbox(
        t("map.basemap", lang),
        list(basemaps),
        key=KEYS["basemap"],
        lang=lang,
        container=sb,
        format_func=lambda b: t(f"map.basemap.{b}", lang),
    )
    center, zoom = state.get(_AT, (None, None))
    view = MapView(
        layers=tuple(lid for lid in LAYER_IDS if lid in layers),
        banners=tuple(banners),
        statuses=tuple(statuses),
        year_range=year_range,
        keep_undated=keep_undated,
        units=tuple(chosen_units),
        name=name.strip(),
        lang=lang,
        basemap=basemap,
        center=center,
        zoom=zoom,
    )
    state[_SAVED] = view.to_dict()
    return view


def _year_widgets(
    sb, bounds: tuple[int, int], lang: str
) -> tuple[tuple[int, int] | None, bool]:
    """The year toggle, range and whether places with no year stay in."""
    use_years = sb.toggle(t("map.filter.use_years", lang), key=KEYS["use_years"])
    years = sb.slider(
        t("map.filter.years", lang),
        bounds[0],
        bounds[1],
        key=KEYS["years"],
        disabled=not use_years,
    )
    keep = sb.checkbox(
        t("map.filter.keep_undated", lang),
        key=KEYS["undated"],
        disabled=not use_years,
        help=t("map.filter.keep_undated_help", lang),
    )
    if not use_years:
        return None, True
    return tuple(years), bool(keep)


def map_target(
    view: MapView, extent_of
) -> tuple[tuple[float, float] | None, int | None]:
    """Centre and zoom to ask of the map this run (unchanged ones do not move it).

    Choosing banners moves the map to them (``extent_of(names)`` gives their
    bounds); a new base map (language, basemap) keeps the place the map was at.
    """
    state = st.session_state
    banners = list(view.banners)
    if state.get(_BANNERS_SEEN, []) != banners:
        state[_BANNERS_SEEN] = banners
        box = extent_of(banners) if banners else CITY_BOUNDS
        state[_TARGET] = state[_AT] = fit_bounds(box, MAP_PIXELS, max_zoom=11)
    base = (view.lang, view.basemap)
    if state.get(_BASE_SEEN) not in (None, base) and _AT in state:
        state[_TARGET] = state[_AT]
    state[_BASE_SEEN] = base
    return state.get(_TARGET, (None, None))


def screen_to_load(
    reported: Screen, target: tuple[tuple[float, float] | None, int | None]
) -> Screen:
    """The screen to load the layers for this run.

    ``target`` is where the map is asked to be (:func:`map_target`). When that
    changed since the last run (banners chosen, a link opened, a new basemap
    keeping the place), the map is about to move there: its screen is loaded,
    so the map's report from there finds it. Otherwise the last screen loaded
    while it covers ``reported``: the store answers with a margin around a
    screen, so a small pan, or the map's first report of where it opened (its
    size is the browser's), reruns on cached answers and sends the map nothing
    new; past the margin, or at another zoom, ``reported`` is loaded.
    """
    state = st.session_state
    last = state.get(_SCREEN)
    if target != (None, None) and state.get(_TARGET_LOADED) != target:
        state[_TARGET_LOADED] = target
        center, zoom = target
        # a switch of language or basemap "moves" the map where it already is
        there = Screen(view_bounds(center, zoom, MAP_PIXELS), zoom)  # type: ignore[arg-type]
        if last is None or not there.shows_within(last):
            state[_SCREEN] = opening_screen(center, zoom)
        return state[_SCREEN]
    if last is not None and reported.shows_within(last):
        return last
    state[_SCREEN] = reported
    return reported


def follow_map(view: MapView, result: Mapping | None) -> MapView:
    """``view`` at the centre, zoom and ground the map reports.

    That is what the planner sees: for the URL, and for a slide saved from here.
    """
    result = result or {}
    center, zoom = result.get("center"), result.get("zoom")
    if not center or zoom is None:
        return view
    at = ((round(float(center["lat"]), 5), round(float(center["lng"]), 5)), int(zoom))
    st.session_state[_AT] = at
    moved = replace(view, center=at[0], zoom=at[1], extent=_ground(result))
    st.session_state[_SAVED] = moved.to_dict()
    return moved


def _ground(result: Mapping) -> tuple[float, float, float, float] | None:
    """The map's reported bounds as ``(lon_min, lat_min, lon_max, lat_max)``."""
    try:
        south_west = result["bounds"]["_southWest"]
        north_east = result["bounds"]["_northEast"]
        box = (
            float(south_west["lng"]),
            float(south_west["lat"]),
            float(north_east["lng"]),
            float(north_east["lat"]),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return MapView.from_dict({"extent": box}).extent


def sync_url(view: MapView) -> None:
    """Write ``view`` into the URL query string (only when it changed)."""
    params = view.to_params()
    current = {k: st.query_params[k] for k in st.query_params}
    if current != params:
        st.query_params.from_dict(params)


def _status_label(status: str, lang: str) -> str:
    """A listed status by its label; "other" stands for every unlisted one."""
    if status == STATUS_OTHER:
        return t("value.other", lang)
    return value_label("status", status, lang)
