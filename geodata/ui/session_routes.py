"""HTTP routes that put the sign-in session into an HttpOnly cookie.

Streamlit talks to the browser over a WebSocket, which cannot set cookies; its
``st.App`` (Streamlit 1.53+) mounts extra HTTP routes beside the app
(``app.py``). These routes are the only place a session id reaches the browser:

- ``GET /geodata/session/grant?token=T`` trades a one-time grant (made at
  sign-in, valid 60 s, usable once) for ``Set-Cookie: geodata_session=<id>;
  HttpOnly; SameSite=Strict; Path=/`` (``Secure`` over HTTPS). The signed-in
  page loads it in an invisible frame, so no page script ever sees the id.
- ``GET /geodata/session/end`` ends the session named by the cookie and clears
  the cookie (sign-out).

Each new tab, reload or deep link then opens its WebSocket with the cookie,
which the dashboard reads with ``st.context.cookies`` and checks against the
store. The cookie outlives the session on purpose: the store decides when a
session ends (idle time, sign-out, account removed or demoted), not the browser.
"""

from __future__ import annotations

import functools

from geodata.auth.sessions import end_session, redeem_grant
from geodata.config import Settings
from geodata.storage import Store, open_store

COOKIE_NAME = "geodata_session"
GRANT_PATH = "/geodata/session/grant"
END_PATH = "/geodata/session/end"
#: The browser keeps the id this long; the store ends the session much earlier.
COOKIE_MAX_AGE = 30 * 24 * 3600
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


@functools.lru_cache(maxsize=4)
def _store(location: str) -> Store:
    return open_store(Settings(store=location))


def _current_store() -> Store:
    return _store(Settings.from_env().store)


def _response(status: int = 204):
    from starlette.responses import Response

    return Response(status_code=status, headers=_HEADERS)


def grant(request):
    """Set the session cookie for a valid grant; 403 for anything else."""
    session_id = redeem_grant(_current_store(), request.query_params.get("token", ""))
    if session_id is None:
        return _response(403)
    response = _response()
    response.set_cookie(
        COOKIE_NAME,
        session_id,
        max_age=COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def end(request):
    """End the cookie's session (if any) and clear the cookie."""
    end_session(_current_store(), request.cookies.get(COOKIE_NAME, ""))
    response = _response()
    response.delete_cookie(
        COOKIE_NAME,
        path="/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def routes() -> list:
    """The routes ``app.py`` mounts beside the dashboard."""
    from starlette.routing import Route

    return [Route(GRANT_PATH, grant), Route(END_PATH, end)]
