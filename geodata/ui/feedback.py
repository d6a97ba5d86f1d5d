"""Turn core errors into messages, once, at the edge."""

from __future__ import annotations

import streamlit as st

from geodata.errors import GeodataError
from geodata.ui.text import escape_markdown


def show_error(exc: GeodataError, lang: str | None = None) -> None:
    """Show a core error in the user's language, escaped: it may quote file names."""
    from geodata.ui.state import current_lang

    text = exc.render(lang or current_lang())
    st.error(escape_markdown(text), icon=":material/error:")
