"""Presenter: prepared views as slides for a projector; ?slide=N opens slide N."""

import streamlit as st

from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import slides
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

lang = current_lang()
slides.inject_css(slides.PROJECTOR_CSS)
# Laid out top to bottom, but the deck picker (at the bottom) is read first.
nav_area, slide_area = st.container(), st.container()
more = st.expander(t("presenter.more", lang))
try:
    store = get_store()
    with more:
        deck = slides.chosen_deck(store, lang)
    number = slides.slide_number(deck)
    slide = deck.slide_at(number)
except GeodataError as exc:
    show_error(exc)
    st.stop()

with nav_area:
    slides.navigation(deck, number, lang)
with slide_area:
    slides.show_heading(slide, lang)
    map_col, figure_col = st.columns([5, 2], gap="medium")
with figure_col:
    try:
        slides.show_figures(
            store, slide, lang, sources=st.session_state.get("presenter_sources", True)
        )
    except GeodataError as exc:
        show_error(exc)
with map_col:
    slides.show_map(store, slide, lang)
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
