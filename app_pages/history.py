"""Version history: every version of a layer, and rollback to any of them."""

import streamlit as st

from geodata.catalog import LAYER_IDS
from geodata.errors import GeodataError
from geodata.i18n import layer_title, t
from geodata.ui import upload as ui
from geodata.ui.auth import require
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang
from geodata.ui.widgets import id_selectbox

lang = current_lang()
st.title(t("history.heading", lang))
user = require("edit_layers", key="history_auth")
if done := st.session_state.pop("history_done", None):
    st.success(done)
layer_id = id_selectbox(
    t("history.layer", lang),
    LAYER_IDS,
    key="history_layer",
    lang=lang,
    format_func=lambda lid: layer_title(lid, lang),
)
try:
    store = get_store()
    versions = store.history(layer_id)
except GeodataError as exc:
    show_error(exc)
    st.stop()
if not versions:
    st.info(t("history.empty", lang))
    st.stop()
st.dataframe(ui.history_frame(versions, lang), hide_index=True, key="history_table")
ui.rollback_form(store, layer_id, versions, user, lang)
