"""Router and frame of the dashboard: page config, shared sidebar, navigation."""

import streamlit as st

from geodata.auth import can
from geodata.errors import GeodataError
from geodata.i18n import LANGS, t
from geodata.ui.auth import (
    cookie_bridge,
    refresh_user,
    sidebar_account,
    sidebar_sign_in,
)
from geodata.ui.feedback import show_error
from geodata.ui.resources import start_run
from geodata.ui.state import LANG_KEY, current_lang
from geodata.ui.styles import builtin_texts

# No page_icon and no st.Page icons: Streamlit turns them into a favicon fetched
# from a font CDN, which an offline meeting room cannot reach (emoji, the
# alternative, show as boxes on machines without an emoji font).
st.set_page_config(page_title="通辽市双拥地图", layout="wide")
start_run()  # each rerun asks the store for its layer versions once

if LANG_KEY not in st.session_state:
    st.session_state[LANG_KEY] = current_lang()
with st.sidebar:
    st.radio(
        t("app.language"),
        LANGS,
        key=LANG_KEY,
        horizontal=True,
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )
lang = current_lang()
builtin_texts(lang)
# Every request: who is this, as the store says now (a sign-out elsewhere, an
# expired session or a removed account ends the sign-in here too).
user = refresh_user()
sidebar_account()
cookie_bridge()

pages = {
    t("nav.section.browse", lang): [
        st.Page(
            "app_pages/map.py",
            title=t("nav.map", lang),
            url_path="planner",  # the default page answers at "/"
            default=True,
        ),
        # "/map" (the page's name) opens the same page, unlisted, instead of
        # Streamlit's "Page not found".
        st.Page(
            "app_pages/map.py",
            title=t("nav.map", lang),
            url_path="map",
            visibility="hidden",
        ),
        st.Page(
            "app_pages/analysis.py",
            title=t("nav.analysis", lang),
            url_path="coverage-analysis",
        ),
    ],
    # Page scripts live in app_pages/, not pages/: Streamlit treats a "pages"
    # folder as its old multipage mode on the first session after a start, and a
    # deep link then shows "Page not found" (tests/test_architecture.py).
    t("nav.section.present", lang): [
        st.Page(
            "app_pages/presenter.py",
            title=t("nav.presenter", lang),
            url_path="present",
        ),
        st.Page(
            "app_pages/presenter_notes.py",
            title=t("nav.presenter_notes", lang),
            url_path="notes",
        ),
        st.Page(
            "app_pages/decks.py",
            title=t("nav.decks", lang),
            url_path="deck-editor",
        ),
    ],
    t("nav.section.steward", lang): [
        st.Page(
            "app_pages/upload.py",
            title=t("nav.upload", lang),
            url_path="steward-upload",
        ),
        st.Page(
            "app_pages/history.py",
            title=t("nav.history", lang),
            url_path="layer-history",
        ),
    ],
}
if user is not None and can(user.role, "manage_users"):
    pages[t("nav.section.admin", lang)] = [
        st.Page(
            "app_pages/accounts.py",
            title=t("nav.accounts", lang),
            url_path="admin-accounts",
        ),
        st.Page(
            "app_pages/audit.py", title=t("nav.audit", lang), url_path="admin-audit"
        ),
    ]
try:
    st.navigation(pages).run()
except GeodataError as exc:  # a page let a known error through: still say it kindly
    show_error(exc, lang)
sidebar_sign_in()  # after the page: one that asks for sign-in itself stopped above
