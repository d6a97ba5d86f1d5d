"""The presenter's stage: the slide fills the screen it is on, and changes as one.

Layout (static CSS, :data:`STAGE_CSS`): the page is exactly one screen high: a slim
navigation row, the title, then the map and the figure cards sharing what is left,
from 1024x768 to 1920x1080, in the browser's full screen too; nothing scrolls. The
cards shrink to fit their column instead of cutting a value (``js/presenter.js``).

Timing: each slide has a token. Until the map reports that token (it does once
the slide's layers and extent are drawn), the new title and cards stay hidden, so
the room never reads a new title over the old map. Keys (arrows, Page Up/Down)
step slides, also from a presentation clicker.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from geodata.ui.styles import inject

_JS = (Path(__file__).resolve().parent / "js" / "presenter.js").read_text("utf-8")
_HELPER = st.components.v2.component("gd_presenter", js=_JS, isolate_styles=False)

#: Keyed containers the page lays out (``st.container(key=...)``).
NAV, HEAD, BODY, MAP, CARDS = (
    "gd_present_nav",
    "gd_present_head",
    "gd_present_body",
    "gd_present_map",
    "gd_present_cards",
)


def _box(key: str) -> str:
    """The flex item holding keyed container ``key`` (Streamlit wraps each one)."""
    return f'[data-testid="stLayoutWrapper"]:has(> .st-key-{key})'


_MAIN = '[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"]'
STAGE_CSS = f"""
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] {{display: none;}}
html, body, [data-testid="stAppViewContainer"], [data-testid="stMain"]
  {{overflow: hidden !important;}}
[data-testid="stMainBlockContainer"] {{height: 100vh; max-width: none;
  padding: 0.5rem 1.1rem 0.4rem; box-sizing: border-box;}}
{_MAIN} {{height: 100%; gap: 0.35rem; flex-wrap: nowrap;}}
{_MAIN} > * {{flex: none;}}
/* no dimming while the next slide is prepared (autoplay, keys) */
[data-stale="true"] {{opacity: 1 !important; transition: none !important;}}
.st-key-{NAV} {{gap: 0;}}
.st-key-{NAV} [data-testid="stHorizontalBlock"] {{align-items: center; gap: 0.6rem;}}
.st-key-{NAV} button {{min-height: 0; padding: 0.2rem 0.8rem;}}
.st-key-{NAV} button p {{font-size: clamp(0.95rem, 1.9vh, 1.25rem);}}
.st-key-{NAV} [data-testid="stMarkdownContainer"] p
  {{font-size: clamp(1.05rem, 2.3vh, 1.5rem); color: #111; margin: 0;}}
.st-key-{NAV} [data-testid="stColumn"] {{min-width: 0;}}
.st-key-{HEAD} {{gap: 0.1rem; --gd-fit: 1; flex: none !important;}}
.st-key-{HEAD} > *, .st-key-{NAV} > * {{flex-shrink: 0 !important;}}
/* Streamlit pulls text up by 1rem under each block; on the stage that overlaps */
.st-key-{HEAD} h1, .st-key-{HEAD} h3, .st-key-{HEAD} [data-testid="stHeading"],
.st-key-{HEAD} [data-testid="stMarkdownContainer"],
.st-key-gd_present_note [data-testid="stMarkdownContainer"],
.st-key-gd_present_note [data-testid="stCaptionContainer"]
  {{margin: 0 !important;}}
.st-key-gd_present_note {{flex: none !important;}}
.st-key-{HEAD} h1 {{font-size: calc(var(--gd-fit) * clamp(1.7rem, 5.2vh, 3.3rem))
  !important; color: #111 !important; padding: 0 !important; line-height: 1.15;}}
.st-key-{HEAD} h3 {{font-size: calc(var(--gd-fit) * clamp(1rem, 2.6vh, 1.6rem))
  !important; color: #333 !important; padding: 0 !important; font-weight: 500;
  line-height: 1.25;}}
{_MAIN} > {_box(BODY)} {{flex: 1 1 0; min-height: 0;}}
.st-key-{BODY} {{height: 100%;}}
.st-key-{BODY} > [data-testid="stLayoutWrapper"] {{height: 100%;}}
.st-key-{BODY} [data-testid="stHorizontalBlock"] {{height: 100%; flex-wrap: nowrap;}}
.st-key-{BODY} [data-testid="stColumn"] {{height: 100%; min-height: 0;}}
.st-key-{BODY} [data-testid="stColumn"] > [data-testid="stVerticalBlock"]
  {{height: 100%; gap: 0.3rem; flex-wrap: nowrap;}}
.st-key-{BODY} [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > *
  {{flex: none;}}
.st-key-{BODY} {_box(MAP)}, .st-key-{BODY} {_box(CARDS)}
  {{flex: 1 1 0 !important; min-height: 0;}}
.st-key-{MAP}, .st-key-{MAP} > [data-testid="stElementContainer"],
.st-key-{MAP} > [data-testid="stElementContainer"] > div,
.st-key-{MAP} iframe {{height: 100% !important;}}
.st-key-{CARDS} {{height: 100%; overflow: hidden; gap: 0.45rem; --gd-fit: 1;
  flex-wrap: nowrap;}}
.st-key-{CARDS} > * {{flex: none;}}
/* when the cards must shrink, sources give way first, values last */
.st-key-{CARDS} [data-testid="stMetricLabel"] p
  {{font-size: calc((0.55 + 0.45 * var(--gd-fit)) * clamp(0.95rem, 2.2vh, 1.35rem));
  color: #111;
  white-space: normal;}}
.st-key-{CARDS} [data-testid="stMetricLabel"] * {{overflow: visible;}}
.st-key-{CARDS} [data-testid="stMetricValue"],
.st-key-{CARDS} [data-testid="stMetricValue"] * {{white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important;
  overflow-wrap: anywhere; line-height: 1.1;}}
.st-key-{CARDS} [data-testid="stMetricValue"]
  {{font-size: calc((0.5 + 0.5 * var(--gd-fit)) * clamp(1.6rem, 6vh, 3.4rem));
  color: #b22222;
  font-weight: 700;}}
.st-key-{CARDS} [data-testid="stCaptionContainer"] p,
.st-key-{CARDS} [data-testid="stProgress"] p
  {{font-size: calc((0.55 + 0.45 * var(--gd-fit)) * clamp(0.85rem, 1.9vh, 1.15rem));
  color: #333;}}
.st-key-{CARDS} [class*="st-key-gd_source"] p
  {{font-size: calc(var(--gd-fit) * clamp(0.75rem, 1.55vh, 1rem)); color: #444;}}
.st-key-{CARDS} [data-testid="stVerticalBlock"] {{gap: calc(var(--gd-fit) * 0.3rem);}}
.st-key-{CARDS} [class*="st-key-figure_"] {{padding: calc(var(--gd-fit) * 0.8rem);}}
.st-key-gd_present_note p {{font-size: clamp(0.8rem, 1.6vh, 1.05rem); color: #333;
  margin: 0;}}
"""


def slide_token(deck: str, number: int, lang: str) -> str:
    """A short id of what the stage shows; the map reports it once drawn.

    Examples
    --------
    >>> slide_token("tongliao", 3, "zh") == slide_token("tongliao", 3, "zh")
    True
    >>> slide_token("tongliao", 3, "zh") != slide_token("tongliao", 4, "zh")
    True
    """
    text = f"{deck}\n{number}\n{lang}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def stage(token: str) -> None:
    """Lay the page out as a stage; hide the new slide's words until its map shows.

    Hidden at most 2.5 s: a map that never reports does not hide the slide.
    """
    hidden = ", ".join(
        f'html:not([data-gd-slide="{token}"]) .st-key-{key}' for key in (HEAD, CARDS)
    )
    inject(
        STAGE_CSS
        + f"{hidden} {{visibility: hidden; animation: gd-reveal 0s 2.5s forwards;}}"
        + "@keyframes gd-reveal {to {visibility: visible;}}"
    )


def helper() -> None:
    """Mount the page helper (keys, slide signal, card fitting); it draws nothing."""
    _HELPER(key="gd_presenter_helper")
