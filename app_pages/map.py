"""Planner map: filter every layer, click a place to read about it, take it away."""

import streamlit as st

import folium
from streamlit_folium import st_folium

from geodata.display import Audience, map_notice
from geodata.errors import GeodataError
from geodata.figures import headline_figures
from geodata.i18n import t
from geodata.mapping.basemaps import available_basemaps
from geodata.mapping.cells import screen_groups
from geodata.mapping.render import base_view, build_base
from geodata.mapping.screen import Screen, opening_screen
from geodata.ui import decks, map_panels, map_state
from geodata.ui.auth import current_audience, current_user, who
from geodata.ui.feedback import show_error
from geodata.ui.figures import show_figures
from geodata.ui.map_data import (
    context_data,
    ensure_assets,
    load_basemap,
    load_hidden,
    load_screen,
    load_tallies,
    load_withheld,
    screen_data,
)
from geodata.ui.resources import get_settings, get_store
from geodata.ui.state import current_lang
from geodata.ui.styles import PLANNER_CSS, inject

lang = current_lang()
audience = current_audience()  # every layer below is what this audience may see
settings = get_settings()
notice = map_notice(audience, settings.map_review_no, lang)
inject(PLANNER_CSS)
st.title(t("map.heading", lang), anchor=False)
st.caption(t("common.sample_notice", lang))
try:
    store = get_store()
    ensure_assets()
    basemap = load_basemap(store)
    figures = headline_figures(store, lang, audience=audience)
except GeodataError as exc:
    show_error(exc)
    st.stop()

tianditu_key = settings.tianditu_key
try:
    options = map_state.filter_options(store, audience)
    view = map_state.sidebar_view(options, lang, available_basemaps(tianditu_key))
    # The store answers for what is on screen (as the map last reported it) and
    # counts the whole filtered layers; all of it as this audience may see it.
    center, zoom = map_state.map_target(view, basemap.bounds_of)
    reported = Screen.from_map(st.session_state.get("main_map"), opening_screen())
    screen = map_state.screen_to_load(reported, (center, zoom))
    loads = load_screen(store, view, screen, audience)
    tallies = load_tallies(store, view, audience)
    withheld = load_withheld(store, view, audience)
except GeodataError as exc:
    show_error(exc)
    st.stop()

if not view.layers:
    st.info(t("map.empty_layer_choice", lang))
map_col, side_col = st.columns([5, 2], gap="medium")
with map_col, st.container(key="gd_map"):
    # The base (basemap, boundaries, controls) only changes with basemap or
    # language; layers go in as feature groups, so a filter does not reload it.
    # Both carry references to payloads the app serves, never the data.
    base = build_base(
        base_view(view),
        context=context_data(store, view.basemap),
        tianditu_key=tianditu_key,
        fill=True,
        notice=notice,
    )
    result = st_folium(
        base,
        key="main_map",
        height=560,
        use_container_width=True,
        feature_group_to_add=screen_groups(
            view,
            loads,
            role=audience,
            layers=screen_data(store, view, screen, audience),
        ),
        layer_control=folium.LayerControl(collapsed=True),
        center=center,
        zoom=zoom,
        returned_objects=map_panels.MAP_OBJECTS,
    )
    map_panels.show_cells_note(loads, lang)
    st.caption(notice)
view = map_state.follow_map(view, result)  # what the planner sees, for URL and slide
map_state.sync_url(view)
with side_col:
    hits = map_panels.show_details(
        result, store, view, screen, tallies, basemap.banners, audience, withheld
    )
    if audience is Audience.STEWARD:
        map_panels.sensitivity_form(store, hits, current_user(), lang)
    hidden = load_hidden(store, view) if audience is Audience.STEWARD else None
    map_panels.show_counts(tallies, lang, withheld, hidden)
map_panels.show_banner_counts(tallies, lang, withheld)
st.subheader(t("figures.heading", lang), anchor=False)
show_figures(figures, lang)
map_panels.export_section(
    store,
    view,
    tallies,
    basemap,
    figures,
    audience=audience,
    who=who(),
    notice=notice,
)
decks.save_view_control(store, view, lang)
