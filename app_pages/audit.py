"""Audit log (admins): sign-ins, commits, rollbacks, deck changes, exports."""

import streamlit as st

from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui import accounts
from geodata.ui.auth import require
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

lang = current_lang()
st.title(t("audit.heading", lang), anchor=False)
require("manage_users", key="audit_auth")
try:
    accounts.audit_view(get_store(), lang)
except GeodataError as exc:
    show_error(exc)
