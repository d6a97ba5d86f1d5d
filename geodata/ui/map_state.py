"""The planner map's state: URL query parameters <-> MapView <-> sidebar widgets.

A copied URL reopens the same map: on a session's first run the widgets are set from
the query parameters (``MapView.from_params``), and after every run the parameters are
rewritten from the widgets (``MapView.to_params``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from geodata.catalog import (
    BANNER_NAMES,
    LAYER_IDS,
    LAYERS,
    STATUS_FILTERS,
    STATUS_OTHER,
)
from geodata.i18n import banner_label, layer_title, t, value_label
from geodata.storage import Store
from geodata.ui.map_data import load_layer
from geodata.view import MapView

KEYS = {
    "layers": "map_layers",
    "banners": "map_banners",
    "statuses": "map_statuses",
    "use_years": "map_use_years",
    "years": "map_years",
    "units": "map_units",
    "name": "map_name",
    "basemap": "map_basemap",
}
_LOADED = "map_state_loaded"
_SAVED = "map_state_view"
DEFAULT_YEARS = (2000, 2030)


@dataclass(frozen=True)
class FilterOptions:
    """What the filter widgets offer: the responsible units and the span of years."""

    units: tuple[str, ...] = ()
    years: tuple[int, int] = DEFAULT_YEARS


def filter_options(store: Store) -> FilterOptions:
    """Units named in any layer and the smallest and largest year, from the store.

    Only the two columns are read (cached per layer version).
    """
    units: set[str] = set()
    years: list[pd.Series] = []
    for spec in LAYERS:
        columns = tuple(c for c in ("unit", "year") if c in spec.field_names)
        if not columns:
            continue
        frame = load_layer(store, spec.id, columns=columns)
        if "unit" in frame:
            units.update(str(u) for u in frame["unit"].dropna() if str(u))
        if "year" in frame:
            years.append(pd.to_numeric(frame["year"], errors="coerce").dropna())
    return FilterOptions(tuple(sorted(units)), year_bounds(years))


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
    state[KEYS["layers"]] = list(view.layers)
    state[KEYS["banners"]] = list(view.banners)
    state[KEYS["statuses"]] = list(view.statuses)
    state[KEYS["units"]] = [u for u in view.units if u in units]
    state[KEYS["name"]] = view.name
    state[KEYS["basemap"]] = view.basemap if view.basemap in basemaps else basemaps[0]
    state[KEYS["use_years"]] = view.year_range is not None
    low, high = view.year_range or bounds
    state[KEYS["years"]] = (
        max(min(low, high), bounds[0]),
        min(max(low, high), bounds[1]),
    )


def sidebar_view(options: FilterOptions, lang: str, basemaps: Sequence[str]) -> MapView:
    """Draw the filter widgets in the sidebar and return the view they describe.

    On a session's first run the widgets take their values from the URL.
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
    layers = sb.multiselect(
        t("map.layers", lang),
        LAYER_IDS,
        key=KEYS["layers"],
        format_func=lambda lid: layer_title(lid, lang),
    )
    banners = sb.multiselect(
        t("map.filter.banner", lang),
        BANNER_NAMES,
        key=KEYS["banners"],
        placeholder=t("map.filter.any", lang),
        format_func=lambda b: banner_label(b, lang),
    )
    statuses = sb.multiselect(
        t("map.filter.status", lang),
        STATUS_FILTERS,
        key=KEYS["statuses"],
        placeholder=t("map.filter.any", lang),
        format_func=lambda s: _status_label(s, lang),
    )
    use_years = sb.toggle(t("map.filter.use_years", lang), key=KEYS["use_years"])
    years = sb.slider(
        t("map.filter.years", lang),
        bounds[0],
        bounds[1],
        key=KEYS["years"],
        disabled=not use_years,
    )
    chosen_units = sb.multiselect(
        t("map.filter.unit", lang),
        units,
        key=KEYS["units"],
        placeholder=t("map.filter.any", lang),
    )
    name = sb.text_input(t("map.filter.name", lang), key=KEYS["name"])
    basemap = sb.selectbox(
        t("map.basemap", lang),
        list(basemaps),
        key=KEYS["basemap"],
        format_func=lambda b: t(f"map.basemap.{b}", lang),
    )
    view = MapView(
        layers=tuple(lid for lid in LAYER_IDS if lid in layers),
        banners=tuple(banners),
        statuses=tuple(statuses),
        year_range=tuple(years) if use_years else None,
        units=tuple(chosen_units),
        name=name.strip(),
        lang=lang,
        basemap=basemap,
    )
    state[_SAVED] = view.to_dict()
    return view


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
