"""Analysis: coverage of places by facilities, gaps, next sites, banner scorecards."""

import streamlit as st

from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import analysis_state, analysis_view, decks
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang
from geodata.view import MapView

lang = current_lang()
st.title(t("analysis.heading", lang), anchor=False)
st.caption(f"{t('analysis.straight_lines', lang)} {t('common.sample_notice', lang)}")
try:
    store = get_store()
    view = analysis_state.sidebar_view(lang)
    analysis_state.sync_url(view, lang)
    audience = analysis_view.viewer_audience()  # the analysis sees what it may
    with st.spinner():
        result = analysis_view.load_result(store, view.spec, audience)
except GeodataError as exc:
    show_error(exc)
    st.stop()

analysis_view.show_summary(result, lang)
analysis_state.section_picker(lang)
analysis_view.show_section(store, view, result, lang)
spec = view.spec
decks.save_view_control(
    store,
    MapView(layers=("admin_areas", spec.places, spec.facilities), lang=lang),
    lang,
    analysis=view.to_params("zh"),
)
