"""Slide decks: presenters and stewards create, edit, reorder and delete slides."""

import streamlit as st

from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import decks
from geodata.ui.auth import require
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

lang = current_lang()
st.title(t("decks.heading", lang), anchor=False)
require("edit_decks", key="decks_auth")
decks.flash(lang)
try:
    store = get_store()
    deck = decks.choose_deck(store, lang)
except GeodataError as exc:
    show_error(exc)
    st.stop()
if deck is None:
    st.stop()

list_col, edit_col = st.columns([1, 1], gap="large")
with list_col:
    decks.slide_list(store, deck, lang)
    st.page_link(
        "app_pages/presenter.py",
        label=t("nav.presenter", lang),
        icon=":material/slideshow:",
        query_params={"deck": deck.name, "slide": "1"},
    )
    decks.handout_download(store, deck, lang)
with edit_col:
    decks.slide_editor(store, deck, lang)
