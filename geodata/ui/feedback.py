"""Turn core errors into messages, once, at the edge."""

from __future__ import annotations

import re

import streamlit as st

from geodata.errors import GeodataError

# Characters that Streamlit's Markdown (with LaTeX and HTML-like tags) would act on.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    r"""Backslash-escape Markdown so user-supplied text (file names) shows literally.

    Examples
    --------
    >>> escape_markdown("[x](javascript:1)")
    '\\[x\\]\\(javascript\\:1\\)'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def show_error(exc: GeodataError, lang: str | None = None) -> None:
    """Show a core error in the user's language, escaped: it may quote file names."""
    from geodata.ui.state import current_lang

    text = exc.render(lang or current_lang())
    st.error(escape_markdown(text), icon=":material/error:")
