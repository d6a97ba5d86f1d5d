"""The one escaper for text from data (names, sources, notes, file names) in pages.

Streamlit renders Markdown (with HTML-like tags, links and LaTeX) in ``st.markdown``,
captions, labels and help texts; data-derived text goes through here so it shows as
written and cannot add links, images or formulas.
"""

from __future__ import annotations

import re

# Characters that Streamlit's Markdown (with LaTeX and HTML-like tags) would act on.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: str) -> str:
    r"""Backslash-escape Markdown so data-derived text shows literally.

    Examples
    --------
    >>> escape_markdown("[x](javascript:1)")
    '\\[x\\]\\(javascript\\:1\\)'
    >>> escape_markdown("a*b_$5$")
    'a\\*b\\_\\$5\\$'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)
