"""Turn core errors into messages, once, at the edge."""

from __future__ import annotations

import streamlit as st

from geodata.errors import GeodataError


def show_error(exc: GeodataError) -> None:
    """Show a core error as a Streamlit error box (its text is written for users)."""
    st.error(str(exc), icon="⚠️")
