"""Planner map: filter every layer, click a place to read about it, take it away."""

import streamlit as st

import folium
from streamlit_folium import st_folium

from geodata.errors import GeodataError
from geodata.figures import headline_figures
from geodata.i18n import t
from geodata.mapping.basemaps import available_basemaps
from geodata.mapping.cells import screen_groups
from geodata.mapping.render import base_view, build_base
from geodata.mapping.screen import CITY_SCREEN, Screen
from geodata.ui import decks, map_panels, map_state
from geodata.ui.feedback import show_error
from geodata.ui.figures import show_figures
from geodata.ui.map_data import ensure_assets, load_basemap, load_screen, load_tallies
from geodata.ui.resources import get_settings, get_store
from geodata.ui.state import current_lang
from geodata.ui.styles import PLANNER_CSS, inject

lang = current_lang()
inject(PLANNER_CSS)
st.title(t("map.heading", lang), anchor=False)
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
    # The store answers for what is on screen (as the map last reported it) and
    # counts the whole filtered layers.
    screen = Screen.from_map(st.session_state.get("main_map"), CITY_SCREEN)
    loads = load_screen(store, view, screen)
    tallies = load_tallies(store, view)
except GeodataError as exc:
    show_error(exc)
    st.stop()

if not view.layers:
    st.info(t("map.empty_layer_choice", lang))
center, zoom = map_state.map_target(view, basemap.bounds_of)
map_col, side_col = st.columns([5, 2], gap="medium")
with map_col, st.container(key="gd_map"):
    # The base (basemap, boundaries, controls) only changes with basemap or
    # language; layers go in as feature groups, so a filter does not reload it.
    base = build_base(
        base_view(view), basemap_data=basemap, tianditu_key=tianditu_key, fill=True
    )
    result = st_folium(
        base,
        key="main_map",
        height=560,
        use_container_width=True,
        feature_group_to_add=screen_groups(view, loads),
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
        zoom=zoom,
        returned_objects=map_panels.MAP_OBJECTS,
    )
    map_panels.show_cells_note(loads, lang)
view = map_state.follow_map(view, result)  # what the planner sees, for URL and slide
map_state.sync_url(view)
with side_col:
    map_panels.show_details(result, store, view, screen, tallies, basemap.banners)
    map_panels.show_counts(tallies, lang)
map_panels.show_banner_counts(tallies, lang)
st.subheader(t("figures.heading", lang), anchor=False)
show_figures(figures, lang)
map_panels.export_section(view, store, tallies, basemap, figures)
decks.save_view_control(store, view, lang)
