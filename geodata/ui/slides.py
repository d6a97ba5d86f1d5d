"""Presenter mode: slide position in the URL, navigation, the live map, figure cards.

The slide number lives in ``?slide=N`` (and the deck in ``?deck=NAME``), so a link
opens slide N and the browser's reload keeps the place. The map is built once per
basemap and language; each slide's layers go to streamlit-folium as feature groups
with the slide's ground, fitted to the map's size, so moving between slides moves
the same map instead of reloading it. The page's layout and timing are in
:mod:`geodata.ui.stage`.
"""

from __future__ import annotations

import time

import streamlit as st

import folium
from streamlit_folium import st_folium

from geodata.catalog import CITY_BOUNDS
from geodata.display import map_notice
from geodata.extent import SLIDE_MAP_PIXELS
from geodata.figures import Figure, resolve_figures, source_prefix
from geodata.i18n import t
from geodata.mapping.render import build_base, build_layer_groups, slide_group
from geodata.present.decks import Deck, DeckError, Slide, clamp, list_decks
from geodata.storage import Store
from geodata.ui import analysis_view
from geodata.ui.map_data import context_data, ensure_assets, layer_data, load_visible
from geodata.ui.resources import get_settings
from geodata.ui.state import LANG_KEY
from geodata.ui.text import escape_markdown
from geodata.ui.widgets import id_selectbox, remember
from geodata.view import MapView

DECK_PARAM = "deck"
SLIDE_PARAM = "slide"
_AUTOPLAY_AT = "presenter_autoplay_at"
_AUTOPLAY_SLIDE = "presenter_autoplay_slide"

NOTES_CSS = """
div[data-testid="stMarkdownContainer"] p {font-size: 1.6rem; line-height: 1.5;}
.stButton button {font-size: 1.2rem;}
"""


def chosen_deck(store: Store, lang: str, key: str = "presenter_deck") -> Deck:
    """A deck picker synced with ``?deck=``; returns the chosen deck."""
    decks = {d.name: d for d in list_decks(store)}
    names = list(decks)
    if not names:
        raise DeckError(code="deck.none_to_show")
    wanted = st.query_params.get(DECK_PARAM, names[0])
    if wanted not in decks:
        wanted = names[0]
    if st.session_state.get(key) != wanted:  # the URL names the deck
        remember(key, wanted)

    def _chosen() -> None:
        st.query_params[DECK_PARAM] = st.session_state[key]

    name = id_selectbox(
        t("presenter.deck", lang),
        names,
        key=key,
        lang=lang,
        format_func=lambda n: decks[n].title(lang),
        on_change=_chosen,
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


def navigation(
    deck: Deck, number: int, lang: str, key: str = "presenter", cols=None
) -> None:
    """Previous / next buttons, the position, and a language toggle.

    ``cols`` are four columns to draw into (default: a new row).
    """
    total = len(deck.slides)
    prev_col, pos_col, next_col, lang_col = cols or st.columns([1, 2, 1, 1])
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


def next_deadline(deadline: float | None, interval: float, now: float) -> float:
    """When autoplay moves on next, given the deadline it just met.

    Deadlines follow each other at exactly ``interval``, however long a page
    takes to draw, so the slides keep their rhythm; after a pause (a deadline
    long past, or none) the count starts again from ``now``.

    Examples
    --------
    >>> next_deadline(100.0, 3, 100.4)
    103.0
    >>> next_deadline(100.0, 3, 110.0)
    113.0
    >>> next_deadline(None, 20, 5.0)
    25.0
    """
    if deadline is None or now - deadline > interval:
        return now + interval
    return deadline + interval


def autoplay(deck: Deck, number: int, lang: str) -> None:
    """Optional autoplay: every ``interval`` seconds, the next slide (wrapping).

    A small fragment checks the clock twice a second and moves on at each
    deadline (:func:`next_deadline`); stepping by hand starts the count again.
    """
    on = st.toggle(t("presenter.autoplay", lang), key="presenter_autoplay")
    state = st.session_state
    if not on:
        state.pop(_AUTOPLAY_AT, None)
        return
    interval = float(
        st.number_input(
            t("presenter.interval", lang),
            min_value=3,
            max_value=600,
            value=20,
            step=1,
            key="presenter_interval",
        )
    )
    # a slide reached by hand (or a new interval) restarts the count
    if state.get(_AUTOPLAY_SLIDE) != (number, interval):
        state[_AUTOPLAY_AT] = time.monotonic() + interval
        state[_AUTOPLAY_SLIDE] = (number, interval)
    total = len(deck.slides)

    @st.fragment(run_every=0.5)
    def _tick() -> None:
        now = time.monotonic()
        if now >= state[_AUTOPLAY_AT]:
            upcoming = number % total + 1
            state[_AUTOPLAY_AT] = next_deadline(state[_AUTOPLAY_AT], interval, now)
            state[_AUTOPLAY_SLIDE] = (upcoming, interval)
            _go(upcoming)
            st.rerun()

    _tick()


def show_heading(slide: Slide, lang: str) -> None:
    """Title and subtitle as plain text (Markdown escaped; Streamlit escapes HTML)."""
    st.title(escape_markdown(slide.title(lang)), anchor=False)
    if slide.subtitle(lang):
        st.subheader(escape_markdown(slide.subtitle(lang)), anchor=False)


def show_map(
    store: Store, slide: Slide, lang: str, token: str, audience: str = "public"
) -> None:
    """The slide's map: one base per basemap and language, layers swapped in place.

    The slide's extent travels with its layers and is fitted to whatever size the
    screen gives the map (again in full screen); the map then reports ``token``.
    Drawn for the viewer's ``audience``, whoever saved the slide: a slide an
    internal user saved shows a public viewer the public version.
    """
    if slide.analysis:  # a slide saved from the analysis page draws that analysis
        return analysis_view.show_slide_map(store, slide, lang, token, audience)
    ensure_assets()
    view = MapView(**{**slide.view.to_dict(), "lang": lang})
    settings = get_settings()
    base = build_base(
        MapView(lang=lang, basemap=view.basemap),
        context=context_data(store, view.basemap),
        tianditu_key=settings.tianditu_key,
        projector=True,
        fill=True,
        notice=map_notice(audience, settings.map_review_no, lang),
    )
    # The legend takes its statuses from what this audience sees.
    frames, _ = load_visible(store, view, audience)
    groups = build_layer_groups(view, layer_data(store, view, audience), frames)
    groups.append(slide_group(view.ground() or CITY_BOUNDS, token))
    st_folium(
        base,
        key="presenter_map",
        height=SLIDE_MAP_PIXELS[1],
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=[],
    )


def show_figures(
    store: Store, slide: Slide, lang: str, *, sources: bool, audience: str = "public"
) -> None:
    """Big figure cards: value and unit, period, per-banner progress, source."""
    if slide.analysis:
        return analysis_view.show_slide_figures(store, slide, lang, audience)
    figures = resolve_figures(store, slide.figures, lang, audience)
    if not figures:
        st.caption(t("presenter.no_figures", lang))
    for figure in figures:
        key = figure.id.replace(":", "_")
        with st.container(border=True, key=f"figure_{key}"):
            _card(figure, lang, sources, key)


def _card(figure: Figure, lang: str, sources: bool, key: str) -> None:
    st.metric(
        escape_markdown(figure.label),
        escape_markdown(figure.value_with_unit),
        help=escape_markdown(figure.source),
    )
    st.caption(escape_markdown(figure.period))  # periods come from the table
    for label, done, total in figure.parts:
        st.progress(
            done / total if total else 0.0,
            text=f"{escape_markdown(label)}: {done} / {total}",
        )
    if sources and figure.source:
        with st.container(key=f"gd_source_{key}"):
            st.caption(source_prefix(lang) + escape_markdown(figure.source))
