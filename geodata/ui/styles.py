"""Page style sheets: the planner map's frame and Streamlit's own words in Chinese.

Only static CSS goes in here; no user or data text ever does. The style blocks
take no room on the page (their element containers are hidden).
"""

from __future__ import annotations

import streamlit as st

from geodata.i18n import t

#: Hide the (otherwise 16 px tall) containers that only carry a style sheet.
_HIDE_STYLE_HOLDERS = (
    '[data-testid="stElementContainer"]:has(> .stHtml > style:only-child){display:none}'
)

#: The planner map fills the window below the heading (whatever the screen),
#: so it is never cut at the bottom and a click never scrolls the page first.
PLANNER_CSS = """
.block-container {padding-top: 2.2rem; padding-bottom: 2rem;}
.st-key-gd_map iframe {height: max(420px, calc(100vh - 190px)) !important;}
.st-key-gd_map {min-height: 0;}
/* a figure's value wraps rather than end in "..." */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *
  {white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere; line-height: 1.15;}
[data-testid="stMetricLabel"] p {white-space: normal;}
"""


def inject(css: str) -> None:
    """Add a static style sheet to the page (it takes no room)."""
    st.html(f"<style>{_HIDE_STYLE_HOLDERS}{css}</style>")


def _content(text: str) -> str:
    """``text`` as a CSS string literal (our own i18n texts: no quotes, no data)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def builtin_texts(lang: str) -> None:
    """Streamlit's built-in widget words in ``lang`` (they are English otherwise).

    The uploader's button and size line and the "Press Enter to apply" hint are
    drawn by Streamlit itself; in Chinese their text is replaced through CSS.
    """
    if lang == "en":
        return
    limit = int(st.get_option("server.maxUploadSize"))
    upload = _content(t("widget.upload", lang))
    per_file = _content(t("widget.upload_limit", lang, mb=limit))
    enter = _content(t("widget.press_enter", lang))
    inject(
        '[data-testid="stFileUploaderDropzone"] button [data-testid='
        '"stMarkdownContainer"] p {font-size: 0;}'
        '[data-testid="stFileUploaderDropzone"] button [data-testid='
        f'"stMarkdownContainer"] p::after {{content: {upload}; font-size: 14px;}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span::after '
        f"{{content: {per_file}; font-size: 12px;}}"
        '[data-testid="InputInstructions"] span {font-size: 0;}'
        '[data-testid="InputInstructions"] span::after '
        f"{{content: {enter}; font-size: 12px;}}"
    )
