"""Planner map: filter every layer, click a place to read about it, take it away."""

import streamlit as st

import folium
from streamlit_folium import st_folium

from geodata.errors import GeodataError
from geodata.figures import headline_figures
from geodata.i18n import t
from geodata.mapping.basemaps import available_basemaps
from geodata.mapping.cells import screen_groups
from geodata.mapping.render import all_layers, base_view, build_base
from geodata.mapping.screen import CITY_SCREEN, Screen
from geodata.ui import decks, map_panels, map_state
from geodata.ui.feedback import show_error
from geodata.ui.figures import show_figures
from geodata.ui.map_data import ensure_assets, load_basemap, load_screen, load_totals
from geodata.ui.resources import get_settings, get_store
from geodata.ui.state import current_lang

lang = current_lang()
st.title(t("map.heading", lang))
st.caption(t("common.sample_notice", lang))
try:
    store = get_store()
    ensure_assets()
    basemap = load_basemap(store)
    figures = headline_figures(store, lang)
except GeodataError as exc:
    show_error(exc)
    st.stop()

tianditu_key = get_settings().tianditu_key
try:
    options = map_state.filter_options(store)
    view = map_state.sidebar_view(options, lang, available_basemaps(tianditu_key))
    map_state.sync_url(view)
    # The store answers for what is on screen (as the map last reported it) and
    # counts the whole filtered layers.
    screen = Screen.from_map(st.session_state.get("main_map"), CITY_SCREEN)
    loads = load_screen(store, view, screen)
    totals, per_banner = load_totals(store, view)
except GeodataError as exc:
    show_error(exc)
    st.stop()

if not view.layers:
    st.info(t("map.empty_layer_choice", lang))
map_col, side_col = st.columns([5, 2], gap="medium")
with map_col:
    # The base (basemap, boundaries, legend) only changes with basemap or language;
    # layers go in as feature groups, so a filter change does not reload the map.
    base = build_base(
        base_view(view),
        basemap_data=basemap,
        tianditu_key=tianditu_key,
        legend_layers=all_layers(),
    )
    groups = screen_groups(view, loads)
    result = st_folium(
        base,
        key="main_map",
        height=640,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        center=view.center,
        zoom=view.zoom,
        returned_objects=map_panels.CLICK_OBJECTS,
    )
    map_panels.show_cells_note(loads, lang)
with side_col:
    map_panels.show_details(result, store, view, screen)
    map_panels.show_counts(totals, per_banner, lang)
st.subheader(t("figures.heading", lang))
show_figures(figures, lang)
map_panels.export_section(view, store, totals, basemap)
decks.save_view_control(store, view, lang)
