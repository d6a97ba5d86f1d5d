"""Upload page: a steward drops a file, reads the report, and commits a new version."""

import streamlit as st

from geodata.catalog import LAYER_IDS
from geodata.errors import GeodataError
from geodata.i18n import layer_title, t
from geodata.ingest import EXTENSIONS
from geodata.ui import upload as ui
from geodata.ui.auth import require
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang
from geodata.ui.upload_report import show_report

lang = current_lang()
st.title(t("upload.heading", lang))
user = require("edit_layers", key="upload_auth")
ui.show_done()
layer_id = st.selectbox(
    t("upload.layer", lang),
    LAYER_IDS,
    key="upload_layer",
    format_func=lambda lid: layer_title(lid, lang),
)
uploaded = st.file_uploader(
    t("upload.file", lang),
    key="upload_file",
    type=[e.lstrip(".") for e in EXTENSIONS],
    max_upload_size=ui.upload_limit_mb(),
)
if uploaded is None:
    st.stop()
upload = ui.PageUpload(uploaded.getvalue(), uploaded.name, layer_id)
ui.restore_choices(lang)
try:
    store = get_store()
    options = ui.choose_options(upload.data, upload.name, layer_id, lang)
    if options is None:
        st.stop()
    prepared = ui.prepare_upload(
        store, upload.data, upload.name, layer_id, options, lang
    )
except GeodataError as exc:
    show_error(exc)
    st.stop()
show_report(store, prepared, ui.digest_of(upload.data), lang)
ui.commit_form(store, upload, options, prepared, user, lang)
ui.keep_choices(lang)
