"""Planner map: filter every layer, click a place to read about it, take it away."""

import streamlit as st

import folium
from streamlit_folium import st_folium

from geodata.errors import GeodataError
from geodata.figures import headline_figures
from geodata.i18n import t
from geodata.mapping.basemaps import available_basemaps
from geodata.mapping.render import base_view, build_base, build_layer_groups
from geodata.ui import decks, map_panels, map_state
from geodata.ui.feedback import show_error
from geodata.ui.figures import show_figures
from geodata.ui.map_data import ensure_assets, load_basemap, load_view
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
    shown = load_view(store, view)  # the store answers the view's filters
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
        feature_group_to_add=build_layer_groups(view, shown),
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
        zoom=zoom,
        returned_objects=map_panels.MAP_OBJECTS,
    )
view = map_state.follow_map(view, result)  # what the planner sees, for URL and slide
map_state.sync_url(view)
with side_col:
    map_panels.show_details(result, shown, view, basemap.banners)
    map_panels.show_counts(shown, lang)
map_panels.show_banner_counts(shown, lang)
st.subheader(t("figures.heading", lang), anchor=False)
show_figures(figures, lang)
map_panels.export_section(view, shown, basemap, figures)
decks.save_view_control(store, view, lang)
