"""Presenter mode: slide position in the URL, navigation, the live map, figure cards.

The slide number lives in ``?slide=N`` (and the deck in ``?deck=NAME``), so a link
opens slide N and the browser's reload keeps the place. The map is built once per
basemap and language; each slide's layers go to streamlit-folium as feature groups
with a dynamic centre and zoom, so moving between slides pans the same map instead
of reloading it.
"""

from __future__ import annotations

import time

import streamlit as st

import folium
from streamlit_folium import st_folium

from geodata.extent import SLIDE_MAP_PIXELS
from geodata.figures import Figure, resolve_figures
from geodata.i18n import t
from geodata.mapping.assets import localize
from geodata.mapping.render import all_layers, build_base, build_layer_groups
from geodata.present.decks import Deck, DeckError, Slide, clamp, list_decks
from geodata.storage import Store
from geodata.ui import analysis_view
from geodata.ui.map_data import context_data, ensure_assets, layer_data
from geodata.ui.resources import get_settings
from geodata.ui.state import LANG_KEY
from geodata.ui.text import escape_markdown
from geodata.view import MapView

DECK_PARAM = "deck"
SLIDE_PARAM = "slide"
_AUTOPLAY_AT = "presenter_autoplay_at"

#: Projector styling: large type, high contrast, no sidebar or toolbar. Static CSS
#: only; no user text ever goes into it.
PROJECTOR_CSS = """
<style>
section[data-testid="stSidebar"], div[data-testid="stSidebarCollapsedControl"],
header[data-testid="stHeader"] {display: none;}
.block-container {padding-top: 1rem; max-width: 100%;}
h1 {font-size: 3rem !important; color: #111 !important;}
h3 {font-size: 1.6rem !important; color: #333 !important;}
div[data-testid="stMetricValue"] {font-size: 3.2rem; color: #b22222; font-weight: 700;}
div[data-testid="stMetricLabel"] p {font-size: 1.25rem; color: #111;}
div[data-testid="stCaptionContainer"] p {font-size: 1rem; color: #333;}
.stButton button {font-size: 1.2rem; padding: 0.4rem 1.4rem;}
</style>
"""
NOTES_CSS = """
<style>
div[data-testid="stMarkdownContainer"] p {font-size: 1.6rem; line-height: 1.5;}
.stButton button {font-size: 1.2rem;}
</style>
"""


def inject_css(css: str) -> None:
    """Add one of this module's static style sheets to the page."""
    st.markdown(css, unsafe_allow_html=True)


def chosen_deck(store: Store, lang: str, key: str = "presenter_deck") -> Deck:
    """A deck picker synced with ``?deck=``; returns the chosen deck."""
    decks = {d.name: d for d in list_decks(store)}
    names = list(decks)
    if not names:
        raise DeckError(code="deck.none_to_show")
    wanted = st.query_params.get(DECK_PARAM, names[0])
    if wanted not in decks:
        wanted = names[0]
    name = st.selectbox(
        t("presenter.deck", lang),
        names,
        index=names.index(wanted),
        format_func=lambda n: decks[n].title(lang),
        key=key,
    )
    if name != st.query_params.get(DECK_PARAM):
        st.query_params[DECK_PARAM] = name
    return decks[name]


def slide_number(deck: Deck) -> int:
    """The slide number from ``?slide=``, clamped into the deck (1 when unreadable)."""
    raw = st.query_params.get(SLIDE_PARAM, "1")
    try:
        number = clamp(int(raw), len(deck.slides))
    except ValueError:
        number = 1
    if st.query_params.get(SLIDE_PARAM) != str(number):
        st.query_params[SLIDE_PARAM] = str(number)  # the address bar names the slide
    return number


def _go(number: int) -> None:
    st.query_params[SLIDE_PARAM] = str(number)


def _toggle_lang(lang: str) -> None:
    other = "en" if lang == "zh" else "zh"
    # Both places current_lang() reads: the (hidden) sidebar switch and the URL.
    st.session_state[LANG_KEY] = other
    st.query_params["lang"] = other


def navigation(deck: Deck, number: int, lang: str, key: str = "presenter") -> None:
    """Previous / next buttons, the position, and a language toggle."""
    total = len(deck.slides)
    prev_col, pos_col, next_col, lang_col = st.columns([1, 2, 1, 1])
    prev_col.button(
        t("presenter.prev", lang),
        key=f"{key}_prev",
        disabled=number <= 1,
        on_click=_go,
        args=(number - 1,),
        use_container_width=True,
    )
    pos_col.markdown(f"**{t('presenter.position', lang, n=number, total=total)}**")
    next_col.button(
        t("presenter.next", lang),
        key=f"{key}_next",
        disabled=number >= total,
        on_click=_go,
        args=(number + 1,),
        use_container_width=True,
    )
    lang_col.button(
        "English" if lang == "zh" else "中文",
        key=f"{key}_lang",
        on_click=_toggle_lang,
        args=(lang,),
        use_container_width=True,
    )


def autoplay(deck: Deck, number: int, lang: str) -> None:
    """Optional autoplay: after the chosen interval, go to the next slide (wrapping).

    A fragment re-runs on its own timer; only when the interval has passed since
    the last full run does it move on and re-run the whole page.
    """
    on = st.toggle(t("presenter.autoplay", lang), key="presenter_autoplay")
    if not on:
        return
    interval = st.number_input(
        t("presenter.interval", lang),
        min_value=3,
        max_value=600,
        value=20,
        step=1,
        key="presenter_interval",
    )
    st.session_state[_AUTOPLAY_AT] = time.monotonic()
    total = len(deck.slides)

    @st.fragment(run_every=float(interval))
    def _tick() -> None:
        if time.monotonic() - st.session_state[_AUTOPLAY_AT] >= interval - 0.5:
            _go(number % total + 1)
            st.rerun()

    _tick()


def show_heading(slide: Slide, lang: str) -> None:
    """Title and subtitle as plain text (Markdown escaped; Streamlit escapes HTML)."""
    st.title(escape_markdown(slide.title(lang)), anchor=False)
    if slide.subtitle(lang):
        st.subheader(escape_markdown(slide.subtitle(lang)), anchor=False)


def show_map(store: Store, slide: Slide, lang: str) -> None:
    """The slide's map: one base per basemap and language, layers swapped in place."""
    if slide.analysis:  # a slide saved from the analysis page draws that analysis
        return analysis_view.show_slide_map(store, slide, lang)
    ensure_assets()
    view = MapView(**{**slide.view.to_dict(), "lang": lang})
    base = build_base(
        MapView(lang=lang, basemap=view.basemap),
        context=context_data(store, view.basemap),
        tianditu_key=get_settings().tianditu_key,
        legend_layers=all_layers(),
    )
    groups = build_layer_groups(view, layer_data(store, view))
    for group in groups:
        localize(group)
    st_folium(
        base,
        key="presenter_map",
        height=SLIDE_MAP_PIXELS[1],
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        center=view.center,
        zoom=view.zoom,
        returned_objects=[],
    )


def show_figures(store: Store, slide: Slide, lang: str, *, sources: bool) -> None:
    """Big figure cards: value and unit, period, per-banner progress, source."""
    if slide.analysis:
        return analysis_view.show_slide_figures(store, slide, lang)
    figures = resolve_figures(store, slide.figures, lang)
    if not figures:
        st.caption(t("presenter.no_figures", lang))
    for figure in figures:
        with st.container(border=True, key=f"figure_{figure.id.replace(':', '_')}"):
            _card(figure, lang, sources)


def _card(figure: Figure, lang: str, sources: bool) -> None:
    st.metric(
        escape_markdown(figure.label),
        figure.value_with_unit,
        help=escape_markdown(figure.source),
    )
    st.caption(figure.period)
    for label, done, total in figure.parts:
        st.progress(done / total if total else 0.0, text=f"{label}: {done} / {total}")
    if sources:
        colon = "：" if lang == "zh" else ": "
        st.caption(f"{t('figure.source', lang)}{colon}{escape_markdown(figure.source)}")
