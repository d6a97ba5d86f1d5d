"""Admin widgets: manage accounts (roles, banners, passwords) and read the audit log.

Every change goes through :mod:`geodata.auth` (which ends the account's sessions
when its role, banners or password change, or it is removed) and is recorded in
the audit log. Names and details shown come from users: control characters are
shown escaped.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geodata import audit
from geodata.auth import (
    MIN_PASSWORD_LENGTH,
    ROLES,
    User,
    add_user,
    delete_user,
    update_user,
)
from geodata.catalog import BANNER_NAMES
from geodata.errors import GeodataError
from geodata.i18n import banner_label, t
from geodata.plain import escape_control
from geodata.storage import Store
from geodata.ui.feedback import show_error
from geodata.ui.widgets import id_multiselect, id_selectbox

_DONE = "accounts_done"


def _banners_text(user: User, lang: str) -> str:
    if not user.banners:
        return t("accounts.all_banners", lang)
    return "、".join(banner_label(b, lang) for b in user.banners)


def users_table(users: list[User], lang: str) -> None:
    """Every account: name, role, the banners it may change."""
    frame = pd.DataFrame(
        {
            t("auth.name", lang): [escape_control(u.name) for u in users],
            t("accounts.role", lang): [t(f"role.{u.role}", lang) for u in users],
            t("accounts.banners", lang): [_banners_text(u, lang) for u in users],
        }
    )
    st.dataframe(frame, hide_index=True, key="accounts_table")


def flash(lang: str) -> None:
    """The outcome of the last change, once."""
    if message := st.session_state.pop(_DONE, None):
        st.success(t(message[0], lang, name=message[1]))


def _done(store: Store, admin: User, key: str, name: str, what: str) -> None:
    audit.record(store, admin.name, "account_change", detail=f"{what} {name}")
    st.session_state[_DONE] = (key, name)
    st.rerun()


def _role_and_banners(prefix: str, lang: str, user: User | None = None):
    role = id_selectbox(
        t("accounts.role", lang),
        ROLES,
        index=ROLES.index(user.role) if user else 0,
        format_func=lambda r: t(f"role.{r}", lang),
        key=f"{prefix}_role",
        lang=lang,
    )
    banners = id_multiselect(
        t("accounts.banners", lang),
        BANNER_NAMES,
        default=list(user.banners) if user else [],
        format_func=lambda b: banner_label(b, lang),
        placeholder=t("accounts.all_banners", lang),
        key=f"{prefix}_banners",
        lang=lang,
        help=t("accounts.banners_help", lang),
    )
    return role, tuple(banners)


def add_form(store: Store, admin: User, lang: str) -> None:
    """Create an account."""
    with st.form("accounts_add_form", clear_on_submit=True):
        st.subheader(t("accounts.add", lang), anchor=False)
        name = st.text_input(t("auth.name", lang), key="accounts_add_name")
        role, banners = _role_and_banners("accounts_add", lang)
        password = st.text_input(
            t("accounts.password", lang, n=MIN_PASSWORD_LENGTH),
            type="password",
            key="accounts_add_password",
        )
        if not st.form_submit_button(t("accounts.add", lang)):
            return
    try:
        user = add_user(store, name, password, role, banners=banners)
    except GeodataError as exc:
        show_error(exc)
        return
    _done(store, admin, "accounts.added", user.name, "add")


def _last_admin(users: list[User], name: str, role: str | None) -> bool:
    """Whether removing ``name`` (``role=None``) or giving it ``role`` ends admins."""
    admins = [u.name for u in users if u.role == "admin"]
    return admins == [name] and role != "admin"


def change_form(store: Store, admin: User, users: list[User], lang: str) -> None:
    """Change an account's role, banners or password; its sessions end."""
    if not users:
        return
    by_name = {u.name: u for u in users}
    name = st.selectbox(
        t("accounts.choose", lang),
        list(by_name),
        format_func=escape_control,
        key="accounts_choice",
    )
    user = by_name[name]
    with st.form(f"accounts_change_form_{name}"):
        st.subheader(t("accounts.change", lang), anchor=False)
        role, banners = _role_and_banners(f"accounts_change_{name}", lang, user)
        password = st.text_input(
            t("accounts.new_password", lang),
            type="password",
            key=f"accounts_change_{name}_password",
        )
        if not st.form_submit_button(t("accounts.save", lang)):
            return
    if _last_admin(users, name, role):
        st.warning(t("accounts.last_admin", lang))
        return
    try:
        update_user(store, name, role=role, banners=banners, password=password or None)
    except GeodataError as exc:
        show_error(exc)
        return
    _done(store, admin, "accounts.changed", name, f"role={role} change")


def remove_form(store: Store, admin: User, users: list[User], lang: str) -> None:
    """Remove the chosen account (confirmed); its sessions end at once."""
    name = st.session_state.get("accounts_choice")
    if name is None:
        return
    confirm = st.checkbox(
        t("accounts.confirm_remove", lang, name=escape_control(name)),
        key="accounts_confirm_remove",
    )
    if not st.button(
        t("accounts.remove", lang), disabled=not confirm, key="accounts_remove"
    ):
        return
    if _last_admin(users, name, None):
        st.warning(t("accounts.last_admin", lang))
        return
    delete_user(store, name)
    _done(store, admin, "accounts.removed", name, "remove")


def audit_view(store: Store, lang: str) -> None:
    """The audit log, newest first, filtered by action and person."""
    cols = st.columns(3)
    action = id_selectbox(
        t("audit.action", lang),
        ("", *audit.ACTIONS),
        format_func=lambda a: t(f"audit.action.{a or 'all'}", lang),
        key="audit_action",
        lang=lang,
        container=cols[0],
    )
    person = cols[1].text_input(t("audit.who", lang), key="audit_who")
    limit = cols[2].number_input(
        t("audit.limit", lang), 10, 10000, 200, step=50, key="audit_limit"
    )
    entries = audit.read_audit(
        store, limit=int(limit), action=action or None, who=person.strip() or None
    )
    if not entries:
        st.info(t("audit.empty", lang))
        return
    frame = audit.audit_frame(entries)
    frame["action"] = [t(f"audit.action.{a}", lang) for a in frame["action"]]
    for column in ("who", "layer", "detail"):
        frame[column] = frame[column].map(escape_control)
    frame.columns = [t(f"audit.column.{c}", lang) for c in frame.columns]
    st.dataframe(frame, hide_index=True, key="audit_table")
