"""Presenter: prepared views as slides for a projector; ?slide=N opens slide N."""

import streamlit as st

from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import slides, stage
from geodata.ui.auth import current_audience
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

lang = current_lang()
audience = current_audience()  # a slide shows each viewer what they may see
# One screen: navigation row, title, then map and cards (geodata.ui.stage).
nav = st.container(key=stage.NAV)
with nav:
    prev_col, pos_col, next_col, lang_col, more_col = st.columns(
        [2, 3, 2, 2, 2], vertical_alignment="center"
    )
    more = more_col.popover(t("presenter.more", lang), use_container_width=True)
    stage.helper()  # keys, and the map's "slide shown" signal, from the start
try:
    store = get_store()
    with more:
        deck = slides.chosen_deck(store, lang)
    number = slides.slide_number(deck)
    slide = deck.slide_at(number)
except GeodataError as exc:
    show_error(exc)
    st.stop()

token = stage.slide_token(deck.name, number, lang)
stage.stage(token)
slides.navigation(deck, number, lang, cols=(prev_col, pos_col, next_col, lang_col))
with st.container(key=stage.HEAD):
    slides.show_heading(slide, lang)
with st.container(key=stage.BODY):
    map_col, figure_col = st.columns([5, 2], gap="medium")
with figure_col, st.container(key=stage.CARDS):
    try:
        slides.show_figures(
            store,
            slide,
            lang,
            sources=st.session_state.get("presenter_sources", True),
            audience=audience,
        )
    except GeodataError as exc:
        show_error(exc)
with map_col:
    with st.container(key=stage.MAP):
        slides.show_map(store, slide, lang, token, audience)
    with st.container(key="gd_present_note"):
        st.caption(t("handout.illustrative", lang))
with more:
    st.toggle(t("presenter.show_sources", lang), value=True, key="presenter_sources")
    slides.autoplay(deck, number, lang)
    st.page_link(
        "app_pages/presenter_notes.py",
        label=t("nav.presenter_notes", lang),
        icon=":material/speaker_notes:",
        query_params={"deck": deck.name, "slide": str(number)},
    )
    st.page_link(
        "app_pages/decks.py", label=t("nav.decks", lang), icon=":material/edit_note:"
    )
