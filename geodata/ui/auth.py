"""Sign-in for pages: ``require(action)`` guards a page, ``current_user()`` reads it.

The signed-in user lives in ``st.session_state`` (per browser session); the
account check and the failed-attempt throttle live in :mod:`geodata.auth`.
"""

from __future__ import annotations

import streamlit as st

from geodata.auth import ROLES, User, authenticate, can
from geodata.errors import GeodataError
from geodata.i18n import t
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

USER_KEY = "auth_user"


def current_user() -> User | None:
    """The user signed in to this browser session, or ``None``."""
    raw = st.session_state.get(USER_KEY)
    return None if not raw else User(raw["name"], raw["role"])


def sign_in(user: User) -> None:
    """Record ``user`` as signed in for this session."""
    st.session_state[USER_KEY] = {"name": user.name, "role": user.role}


def sign_out() -> None:
    """Forget the signed-in user of this session."""
    st.session_state.pop(USER_KEY, None)


def sign_in_form(key: str = "auth") -> User | None:
    """Render the sign-in form; return the user once the password checks out."""
    lang = current_lang()
    with st.form(key=f"{key}_form"):
        st.subheader(t("auth.heading", lang))
        name = st.text_input(t("auth.name", lang), key=f"{key}_name")
        password = st.text_input(
            t("auth.password", lang), type="password", key=f"{key}_password"
        )
        submitted = st.form_submit_button(t("auth.submit", lang), key=f"{key}_submit")
    if not submitted:
        return None
    try:
        user = authenticate(get_store(), name, password)
    except GeodataError as exc:
        show_error(exc)
        return None
    sign_in(user)
    return user


def allowed_roles_label(action: str, lang: str) -> str:
    """The roles allowed to do ``action``, named in ``lang`` ("演示者、数据管理员")."""
    names = [t(f"role.{role}", lang) for role in ROLES if can(role, action)]
    return ("、" if lang == "zh" else ", ").join(names)


def require(action: str, key: str = "auth") -> User:
    """Return the signed-in user allowed to do ``action``; else ask and stop the page.

    Without a user this renders the sign-in form (widgets keyed ``{key}_name``,
    ``{key}_password``, ``{key}_form``) and calls ``st.stop()``; a user whose role
    lacks the permission sees a warning and the page stops too.
    """
    lang = current_lang()
    user = current_user()
    if user is None:
        st.info(t("auth.required", lang, roles=allowed_roles_label(action, lang)))
        user = sign_in_form(key)
        if user is None:
            st.stop()
        st.rerun()
    if not can(user.role, action):
        st.warning(
            t("auth.forbidden", lang, name=user.name, role=t(f"role.{user.role}", lang))
        )
        sign_out_button()
        st.stop()
    return user


def sign_out_button(key: str = "auth_sign_out") -> None:
    """A caption with the signed-in user and a sign-out button (in the sidebar)."""
    user = current_user()
    if user is None:
        return
    lang = current_lang()
    with st.sidebar:
        role = t(f"role.{user.role}", lang)
        st.caption(t("auth.signed_in_as", lang, name=user.name, role=role))
        if st.button(t("auth.sign_out", lang), key=key):
            sign_out()
            st.rerun()
