"""Accounts (admins): add accounts, change roles and banners, reset, remove."""

import streamlit as st

from geodata.auth import list_users
from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import accounts
from geodata.ui.auth import require
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

lang = current_lang()
st.title(t("accounts.heading", lang), anchor=False)
admin = require("manage_users", key="accounts_auth")
accounts.flash(lang)
try:
    store = get_store()
    users = list_users(store)
except GeodataError as exc:
    show_error(exc)
    st.stop()
st.caption(t("accounts.sessions_note", lang))
accounts.users_table(users, lang)
add_col, change_col = st.columns(2, gap="large")
with add_col:
    accounts.add_form(store, admin, lang)
with change_col:
    accounts.change_form(store, admin, users, lang)
    accounts.remove_form(store, admin, users, lang)
