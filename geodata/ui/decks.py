"""Deck editing widgets: choose, create and delete decks; add, edit, reorder slides.

Every change is saved at once with the revision the page loaded, so a presenter
working from a stale page gets a conflict message instead of overwriting a
colleague's edit. Editing needs the ``edit_decks`` permission (the pages check).
"""

from __future__ import annotations

import io
import threading
import zipfile
from collections.abc import Mapping
from dataclasses import replace

import streamlit as st

from geodata import audit
from geodata.audit import record_export
from geodata.auth import can
from geodata.catalog import BANNER_NAMES, CITY_BOUNDS, LAYER_IDS
from geodata.display import AUDIENCES
from geodata.errors import GeodataError
from geodata.extent import fit_bounds
from geodata.figures import figure_labels
from geodata.i18n import banner_label, layer_title, t
from geodata.present.decks import (
    Deck,
    Slide,
    add_slide,
    analysis_pairs,
    check_name,
    delete_deck,
    ensure_default_deck,
    list_decks,
    move_slide,
    remove_slide,
    save_deck,
    update_slide,
)
from geodata.present.fonts import cjk_font_path, is_built
from geodata.storage import Store
from geodata.ui.auth import current_user, who
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_settings
from geodata.ui.text import escape_markdown
from geodata.ui.widgets import id_multiselect, id_radio, id_selectbox
from geodata.view import MapView

EDITING_KEY = "decks_editing"
_DELETING_KEY = "decks_deleting"
_FLASH_KEY = "decks_flash"


def _audit_deck(store: Store, deck: Deck, what: str) -> None:
    audit.record(
        store, who(), "deck_change", n=len(deck.slides), detail=f"{what} {deck.name}"
    )


def _saved(store: Store, deck: Deck, message: str = "decks.saved") -> None:
    """Save ``deck`` and re-run, or show why it could not be saved."""
    try:
        save_deck(store, deck)
    except GeodataError as exc:
        show_error(exc)
        return
    _audit_deck(store, deck, "save")
    st.session_state[_FLASH_KEY] = message
    st.rerun()


def flash(lang: str) -> None:
    """Show the message the last action left (once)."""
    message = st.session_state.pop(_FLASH_KEY, None)
    if message:
        st.success(t(message, lang))


def choose_deck(store: Store, lang: str) -> Deck | None:
    """Deck picker plus the forms to create a deck and delete the chosen one."""
    decks = {d.name: d for d in list_decks(store)}
    with st.expander(t("decks.new_deck", lang)):
        with st.form("decks_new_form", clear_on_submit=True):
            name = st.text_input(t("decks.new_name", lang), key="decks_new_name")
            title = st.text_input(t("decks.new_title", lang), key="decks_new_title")
            if st.form_submit_button(t("decks.create", lang)):
                try:
                    created = save_deck(
                        store, Deck(check_name(name.strip()), title or name), new=True
                    )
                except GeodataError as exc:
                    show_error(exc)
                else:
                    _audit_deck(store, created, "create")
                    st.session_state["decks_choice"] = name.strip()
                    st.rerun()
    if not decks:
        st.info(t("presenter.no_decks", lang))
        if st.button(t("decks.restore_default", lang), key="decks_restore_default"):
            ensure_default_deck(store)
            st.rerun()
        return None
    names = list(decks)
    if st.session_state.get("decks_choice") not in names:
        st.session_state["decks_choice"] = names[0]
    name = id_selectbox(
        t("decks.choose", lang),
        names,
        key="decks_choice",
        lang=lang,
        format_func=lambda n: f"{decks[n].title(lang)} ({n})",
    )
    confirm = st.checkbox(t("decks.confirm_delete", lang), key="decks_confirm_delete")
    if st.button(
        t("decks.delete_deck", lang), key="decks_delete_deck", disabled=not confirm
    ):
        try:
            delete_deck(store, name)
        except GeodataError as exc:
            show_error(exc)
        else:
            _audit_deck(store, decks[name], "delete")
            st.session_state[_FLASH_KEY] = "decks.deleted"
            st.session_state.pop("decks_choice", None)
            st.session_state.pop("decks_confirm_delete", None)  # the next asks again
            st.rerun()
    return decks[name]


def slide_list(store: Store, deck: Deck, lang: str) -> None:
    """One row per slide: number, title, and up / down / edit / delete buttons."""
    if not deck.slides:
        st.info(t("decks.empty", lang))
    last = len(deck.slides) - 1
    for i, slide in enumerate(deck.slides):
        cols = st.columns([4, 2, 2, 2, 2], vertical_alignment="center")
        cols[0].markdown(f"**{i + 1}.** {escape_markdown(slide.title(lang))}")
        wide = {"use_container_width": True}
        if cols[1].button(
            t("decks.up", lang), key=f"decks_up_{slide.id}", disabled=i == 0, **wide
        ):
            _saved(store, move_slide(deck, slide.id, -1))
        if cols[2].button(
            t("decks.down", lang),
            key=f"decks_down_{slide.id}",
            disabled=i == last,
            **wide,
        ):
            _saved(store, move_slide(deck, slide.id, 1))
        if cols[3].button(t("decks.edit", lang), key=f"decks_edit_{slide.id}", **wide):
            st.session_state[EDITING_KEY] = slide.id
        if cols[4].button(
            t("decks.delete", lang), key=f"decks_delete_{slide.id}", **wide
        ):
            st.session_state[_DELETING_KEY] = slide.id
        if st.session_state.get(_DELETING_KEY) == slide.id:
            _confirm_delete(store, deck, i, lang)
    if st.button(t("decks.add", lang), key="decks_add"):
        view = deck.slides[-1].view if deck.slides else _city_view()
        new = Slide(
            view, t("decks.new_slide_title", "zh"), t("decks.new_slide_title", "en")
        )
        st.session_state[EDITING_KEY] = new.id
        _saved(store, add_slide(deck, new))


def _confirm_delete(store: Store, deck: Deck, index: int, lang: str) -> None:
    """Ask before a slide goes: its number and title, delete or keep."""
    slide = deck.slides[index]
    with st.container(border=True, key=f"decks_confirm_{slide.id}"):
        st.warning(
            t(
                "decks.delete_ask",
                lang,
                n=index + 1,
                title=escape_markdown(slide.title(lang)),
            )
        )
        yes, no = st.columns(2)
        if yes.button(
            t("decks.delete_yes", lang),
            key=f"decks_delete_yes_{slide.id}",
            type="primary",
            use_container_width=True,
        ):
            st.session_state.pop(_DELETING_KEY, None)
            _saved(store, remove_slide(deck, slide.id), "decks.deleted")
        if no.button(
            t("decks.delete_no", lang),
            key=f"decks_delete_no_{slide.id}",
            use_container_width=True,
        ):
            st.session_state.pop(_DELETING_KEY, None)
            st.rerun()


def _city_view() -> MapView:
    center, zoom = fit_bounds(CITY_BOUNDS)
    return MapView(center=center, zoom=zoom)


def slide_editor(store: Store, deck: Deck, lang: str) -> None:
    """A form for the slide being edited: texts, layers, filters, figures, extent."""
    slide_id = st.session_state.get(EDITING_KEY)
    if slide_id not in {s.id for s in deck.slides}:
        return
    slide = deck.slides[deck.index_of(slide_id)]
    view = slide.view
    key = f"decks_form_{slide.id}"
    labels = figure_labels(store, lang)
    with st.form(key):
        st.subheader(
            f"{t('decks.slide', lang)} {deck.index_of(slide_id) + 1}", anchor=False
        )
        texts = {
            field: st.text_input(
                t(f"decks.{field}", lang),
                value=getattr(slide, field),
                key=f"{key}_{field}",
            )
            for field in ("title_zh", "title_en", "subtitle_zh", "subtitle_en")
        }
        for field in ("notes_zh", "notes_en"):
            texts[field] = st.text_area(
                t(f"decks.{field}", lang),
                value=getattr(slide, field),
                key=f"{key}_{field}",
            )
        layers = id_multiselect(
            t("decks.layers", lang),
            LAYER_IDS,
            default=list(view.layers),
            key=f"{key}_layers",
            lang=lang,
            format_func=lambda lid: layer_title(lid, lang),
        )
        banners = id_multiselect(
            t("decks.banners", lang),
            BANNER_NAMES,
            default=list(view.banners),
            key=f"{key}_banners",
            lang=lang,
            format_func=lambda b: banner_label(b, lang),
        )
        figures = id_multiselect(
            t("decks.figures", lang),
            list(labels),
            default=[f for f in view.indicators if f in labels],
            format_func=lambda f: labels[f],
            key=f"{key}_figures",
            lang=lang,
        )
        center, zoom = _extent_inputs(view, lang, key)
        submitted = st.form_submit_button(t("decks.save", lang))
    if not submitted:
        return
    if not texts["title_zh"].strip():
        st.warning(t("decks.title_required", lang))
        return
    moved = (tuple(center), zoom) != (view.center, view.zoom)
    new_view = MapView.from_dict(
        {
            **view.to_dict(),
            "layers": layers,
            "banners": banners,
            "indicators": figures,
            "center": center,
            "zoom": zoom,
            # a new centre or zoom is the new ground; else the slide keeps its own
            "extent": None if moved else view.extent,
        }
    )
    # replace() keeps what the form does not edit (an analysis view)
    _saved(store, update_slide(deck, replace(slide, view=new_view, **texts)))


def _extent_inputs(
    view: MapView, lang: str, key: str
) -> tuple[tuple[float, float], int]:
    default_center, default_zoom = fit_bounds(CITY_BOUNDS)
    lat, lon = view.center or default_center
    cols = st.columns(3)
    lat = cols[0].number_input(
        t("decks.center_lat", lang),
        value=float(lat),
        min_value=-85.0,
        max_value=85.0,
        format="%.4f",
        key=f"{key}_lat",
    )
    lon = cols[1].number_input(
        t("decks.center_lon", lang),
        value=float(lon),
        min_value=-180.0,
        max_value=180.0,
        format="%.4f",
        key=f"{key}_lon",
    )
    zoom = cols[2].number_input(
        t("decks.zoom", lang),
        value=int(view.zoom or default_zoom),
        min_value=3,
        max_value=18,
        step=1,
        key=f"{key}_zoom",
    )
    return (lat, lon), int(zoom)


@st.cache_resource(show_spinner=False)
def font_warmup() -> threading.Thread:
    """Build the handout font in the background, once per process."""
    thread = threading.Thread(target=cjk_font_path, name="cjk-font", daemon=True)
    thread.start()
    return thread


def _handout():
    """The handout module, imported only when a handout is made.

    matplotlib takes seconds to import; the map page (which saves views through
    this module) should not wait for it.
    """
    from geodata.present import handout

    return handout


def handout_download(store: Store, deck: Deck, lang: str) -> None:
    """Make the deck's PDF handout on request, then offer it for download.

    The Chinese font is built once per machine (about a minute); the page starts
    that in the background so the button is quick by the time it is pressed.
    """
    st.subheader(t("decks.handout_heading", lang), anchor=False)
    if not is_built():
        font_warmup()
        st.caption(t("decks.font_first_time", lang))
    # Public by default: a handout is what people take out of the room.
    audience = id_radio(
        t("decks.handout_audience", lang),
        AUDIENCES,
        horizontal=True,
        key="decks_handout_audience",
        lang=lang,
        format_func=lambda a: t(f"display.audience.{a}", lang),
    )
    edition = {"audience": audience, "review_no": get_settings().map_review_no}
    pdf_col, png_col = st.columns(2)
    if pdf_col.button(
        t("decks.make_handout", lang),
        key="decks_make_handout",
        disabled=not deck.slides,
    ):
        data = _made(lambda: _handout().deck_pdf(store, deck, lang, **edition), lang)
        if data is not None:
            _audit_handout(store, deck, audience, "pdf")
            pdf_col.download_button(
                t("decks.handout", lang),
                data,
                key="decks_handout",
                file_name=f"{deck.name}-{lang}.pdf",
                mime="application/pdf",
            )
    if png_col.button(
        t("decks.make_pngs", lang), key="decks_make_pngs", disabled=not deck.slides
    ):
        data = _made(lambda: _png_zip(store, deck, lang, edition), lang)
        if data is not None:
            _audit_handout(store, deck, audience, "png")
            png_col.download_button(
                t("decks.pngs", lang),
                data,
                key="decks_pngs",
                file_name=f"{deck.name}-{lang}-png.zip",
                mime="application/zip",
            )


def _made(make, lang: str) -> bytes | None:
    try:
        with st.spinner(t("decks.making_handout", lang)):
            return make()
    except GeodataError as exc:
        show_error(exc)
        return None


def _audit_handout(store: Store, deck: Deck, audience: str, kind: str) -> None:
    record_export(
        store,
        who(),
        _handout().deck_frames(store, deck),
        audience=audience,
        detail=f"handout {kind} {deck.name}",
    )


def _png_zip(store: Store, deck: Deck, lang: str, edition: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i, png in enumerate(
            _handout().deck_pngs(store, deck, lang, **edition), start=1
        ):
            archive.writestr(f"slide-{i:02d}.png", png)
    return buffer.getvalue()


def save_view_control(
    store: Store,
    view: MapView,
    lang: str,
    *,
    analysis: Mapping[str, str] | None = None,
) -> None:
    """Save what the page shows as a new slide of a chosen deck.

    On the planner map the slide holds the map view; on the analysis page it also
    holds the analysis parameters (``analysis``), which presenter mode draws.
    Shown to users allowed to edit decks; others get a hint where to sign in.
    """
    user = current_user()
    label = t("analysis.save_slide" if analysis else "decks.save_view", lang)
    with st.expander(label):
        if user is None or not can(user.role, "edit_decks"):
            st.caption(t("decks.save_view_sign_in", lang))
            return
        try:
            decks = {d.name: d for d in list_decks(store)}
        except GeodataError as exc:
            show_error(exc)
            return
        with st.form("save_view_form", clear_on_submit=True):
            name = id_selectbox(
                t("decks.choose", lang),
                list(decks),
                key="save_view_deck",
                lang=lang,
                format_func=lambda n: decks[n].title(lang),
            )
            title = st.text_input(t("decks.title_zh", lang), key="save_view_title")
            submitted = st.form_submit_button(t("decks.save_view_button", lang))
        if not submitted:
            return
        if not title.strip():
            st.warning(t("decks.title_required", lang))
            return
        if view.center is None or view.zoom is None:
            city = _city_view()
            view = replace(view, center=city.center, zoom=city.zoom)
        deck = decks[name]
        try:
            slide = Slide(view, title.strip(), analysis=analysis_pairs(analysis or {}))
            saved = save_deck(store, add_slide(deck, slide))
        except GeodataError as exc:
            show_error(exc)
            return
        _audit_deck(store, saved, "add slide to")
        st.success(
            t(
                "decks.save_view_done",
                lang,
                deck=escape_markdown(saved.title(lang)),
                n=len(saved.slides),
            )
        )
