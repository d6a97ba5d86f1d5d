"""Sign-in for pages: who this request is, checked against the store every time.

Teams with an identity provider may also sign in with Streamlit's own OIDC
``st.login`` (configured in ``.streamlit/secrets.toml``): the provider's e-mail is
mapped to a local account and its role on every request, so removing or demoting
the account applies at once there too.

A local sign-in is a server-side session (:mod:`geodata.auth.sessions`). The tab that
signed in keeps the session id in ``st.session_state``; the browser gets it in an
HttpOnly, SameSite=Strict cookie through :mod:`geodata.ui.session_routes` (a
one-time grant loaded in an invisible frame), so reloads, new tabs and deep
links open signed in. :func:`refresh_user` runs at the start of every request
(the router calls it): it re-reads the session and the account from the store,
so a sign-out in another tab, an expired session, or an account removed or
demoted by an admin ends the sign-in on this tab's next action.
"""

from __future__ import annotations

import streamlit as st

from geodata import audit
from geodata.auth import (
    GRANT_KIND,
    ROLES,
    User,
    authenticate,
    can,
    end_session,
    issue_grant,
    purge_expired,
    session_key,
    session_user,
    start_session,
    user_for_email,
)
from geodata.display import Audience, audience_for
from geodata.errors import AuthError, GeodataError
from geodata.i18n import t
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_settings, get_store
from geodata.ui.session_routes import COOKIE_NAME, END_PATH, GRANT_PATH
from geodata.ui.state import current_lang

USER_KEY = "auth_user"
SESSION_KEY = "auth_session"
_GRANT = "auth_grant"
_ENDED = "auth_ended"
_CLEAR_COOKIE = "auth_clear_cookie"


def refresh_user() -> User | None:
    """Who this request is: the session's account as the store has it now.

    Called once per run, before any page. A session that ended elsewhere is
    forgotten here, and the page says so once.
    """
    state = st.session_state
    held = state.get(SESSION_KEY)
    cookie = st.context.cookies.get(COOKIE_NAME)
    session_id = held or (cookie if isinstance(cookie, str) else "")
    user = None
    try:
        if session_id:
            user = session_user(
                get_store(), session_id, hours=get_settings().session_hours
            )
        if user is None and not held and (email := _provider_email()):
            user = user_for_email(get_store(), email)
            if user is not None:
                _set_user(user)
                return user
    except GeodataError as exc:  # the store cannot be read: nobody is signed in
        show_error(exc)
    if user is None:
        if held:
            state[_ENDED] = True
        if session_id:
            state[_CLEAR_COOKIE] = True
        state.pop(SESSION_KEY, None)
        state.pop(USER_KEY, None)
        return None
    state[SESSION_KEY] = session_id
    _set_user(user)
    return user


def _set_user(user: User) -> None:
    st.session_state[USER_KEY] = {
        "name": user.name,
        "role": user.role,
        "banners": user.banners,
    }


def _provider_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` configures Streamlit's OIDC sign-in."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def _provider_email() -> str:
    """The identity provider's e-mail of this browser, when it signed in there."""
    try:
        if st.user.is_logged_in:
            return str(st.user.get("email") or "")
    except (AttributeError, KeyError):
        pass
    return ""


def current_user() -> User | None:
    """The user this request was checked as (see :func:`refresh_user`), or ``None``."""
    raw = st.session_state.get(USER_KEY)
    if not raw:
        return None
    return User(raw["name"], raw["role"], tuple(raw.get("banners") or ()))


def current_audience() -> Audience:
    """The audience this request's outputs are made for (``geodata.display``)."""
    user = current_user()
    return audience_for(None if user is None else user.role)


def who() -> str:
    """The name recorded in the audit log for this request ("public" if nobody)."""
    user = current_user()
    return user.name if user is not None else "public"


def sign_in(user: User) -> None:
    """Open a session for ``user`` in this tab and send the browser its cookie."""
    store, settings = get_store(), get_settings()
    purge_expired(store)
    session_id = start_session(
        store, user.name, user.role, hours=settings.session_hours
    )
    st.session_state[SESSION_KEY] = session_id
    _set_user(user)
    st.session_state[_GRANT] = issue_grant(store, session_id)
    st.session_state.pop(_ENDED, None)
    st.session_state.pop(_CLEAR_COOKIE, None)
    audit.record(store, user.name, "sign_in")


def sign_out() -> None:
    """End this browser's session everywhere and clear its cookie."""
    store = get_store()
    session_id = st.session_state.pop(SESSION_KEY, None)
    user = current_user()
    if session_id:
        end_session(store, session_id)
    if user is not None:
        audit.record(store, user.name, "sign_out")
    st.session_state.pop(USER_KEY, None)
    st.session_state[_CLEAR_COOKIE] = True
    if not session_id and _provider_email():
        st.logout()  # signed in through the identity provider


def cookie_bridge() -> None:
    """The invisible frame that hands the browser its cookie (or clears it).

    A grant stays on the page until the browser has redeemed it, so a rerun
    that comes before the frame has loaded does not lose the sign-in.
    """
    state = st.session_state
    token = state.get(_GRANT)
    if token:
        try:
            pending = get_store().get_document(GRANT_KIND, session_key(token))
        except GeodataError:
            pending = None
        if pending is None:
            state.pop(_GRANT, None)
        else:
            st.iframe(f"{GRANT_PATH}?token={token}", height=1, width=1)
            return
    if state.pop(_CLEAR_COOKIE, False):
        st.iframe(END_PATH, height=1, width=1)


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
    store = get_store()
    try:
        user = authenticate(store, name, password)
    except AuthError as exc:
        audit.record(store, name.strip()[:40], "sign_in_failed", detail=exc.code)
        show_error(exc)
        return None
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
        st.stop()
    return user


def sidebar_account(key: str = "auth_sign_out") -> None:
    """In the sidebar: who is signed in and a sign-out button (every page).

    Says once when a sign-in ended elsewhere.
    """
    lang = current_lang()
    user = current_user()
    with st.sidebar:
        if st.session_state.pop(_ENDED, False):
            st.info(t("error.auth.session_ended", lang))
        if user is None:
            return
        role = t(f"role.{user.role}", lang)
        st.caption(t("auth.signed_in_as", lang, name=user.name, role=role))
        if st.button(t("auth.sign_out", lang), key=key):
            sign_out()
            st.rerun()


def sidebar_sign_in() -> None:
    """A sign-in form in the sidebar, so a viewer can open the internal map.

    The router calls it after the page: a page that asks for sign-in itself
    stops before, so its visitor sees one form, not two.
    """
    if current_user() is not None:
        return
    lang = current_lang()
    with st.sidebar, st.expander(t("auth.heading", lang)):
        if _provider_email():
            st.info(t("auth.provider_unknown", lang))
        elif _provider_configured() and st.button(
            t("auth.provider", lang), key="auth_provider"
        ):
            st.login()
        if sign_in_form("sidebar_auth") is not None:
            st.rerun()
