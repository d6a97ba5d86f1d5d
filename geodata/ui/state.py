"""Session-state keys and typed accessors shared by pages."""

from __future__ import annotations

import streamlit as st

from geodata.i18n import LANGS

LANG_KEY = "lang"


def current_lang() -> str:
    """The language chosen in the sidebar (else ``?lang=`` in the URL, else ``zh``)."""
    lang = st.session_state.get(LANG_KEY)
    if lang not in LANGS:
        lang = st.query_params.get("lang", "zh")
    return lang if lang in LANGS else "zh"
