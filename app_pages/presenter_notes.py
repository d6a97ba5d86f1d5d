"""Speaker notes: the slide's notes in large type and what comes next."""

import streamlit as st

from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import slides
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang
from geodata.ui.styles import inject
from geodata.ui.text import escape_markdown

lang = current_lang()
inject(slides.NOTES_CSS)
try:
    store = get_store()
    deck = slides.chosen_deck(store, lang, key="notes_deck")
    number = slides.slide_number(deck)
    slide = deck.slide_at(number)
except GeodataError as exc:
    show_error(exc)
    st.stop()

st.header(t("presenter.notes_heading", lang), anchor=False)
slides.navigation(deck, number, lang, key="notes")
slides.show_heading(slide, lang)
st.markdown(escape_markdown(slide.notes(lang)) or t("presenter.no_notes", lang))
if number < len(deck.slides):
    upcoming = deck.slides[number].title(lang)
    st.info(t("presenter.next_up", lang, title=escape_markdown(upcoming)))
else:
    st.info(t("presenter.last_slide", lang))
st.page_link(
    "app_pages/presenter.py",
    label=t("nav.presenter", lang),
    icon=":material/slideshow:",
    query_params={"deck": deck.name, "slide": str(number)},
)
