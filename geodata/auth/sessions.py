"""Sign-in sessions kept server-side in the store (no streamlit, no HTTP).

A session is a random id (256 bits) handed to one browser; the store keeps only
its SHA-256, so a copy of the store file cannot be replayed as a sign-in. The
session document holds the user name and the role it was opened with, when it
expires (:data:`DEFAULT_HOURS` after the last use, renewed while in use) and when
it was last renewed. Ending a session deletes its document: every tab that
presents the id is signed out on its next request.

A *grant* is a one-time token (valid :data:`GRANT_SECONDS`) that lets the
browser that just signed in fetch its session cookie from the server, so the id
itself never passes through page script.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass

from geodata.storage import Document, Store

SESSION_KIND = "session"
GRANT_KIND = "session_grant"
#: Sessions last this long after their last use unless configured otherwise.
DEFAULT_HOURS = 8.0
#: A grant must be redeemed this quickly (the page fetches it at once).
GRANT_SECONDS = 60.0
#: A session in use is renewed at most this often (each renewal is a store write).
RENEW_EVERY_SECONDS = 300.0

Clock = Callable[[], float]


@dataclass(frozen=True)
class Session:
    """A live session: whose it is, with which role, until when."""

    key: str
    user: str
    role: str
    expires_at: float
    renewed_at: float


def session_key(session_id: str) -> str:
    """The store key of a session id: its SHA-256 (the id itself is not kept).

    Examples
    --------
    >>> session_key("abc")[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


def _session(doc: Document) -> Session:
    body = doc.body
    return Session(
        doc.key,
        str(body["user"]),
        str(body["role"]),
        float(body["expires_at"]),
        float(body.get("renewed_at", 0.0)),
    )


def start_session(
    store: Store,
    user: str,
    role: str,
    *,
    hours: float = DEFAULT_HOURS,
    clock: Clock = time.time,
) -> str:
    """Open a session for ``user`` with ``role``; return its new random id."""
    now = clock()
    session_id = secrets.token_urlsafe(32)
    store.put_document(
        SESSION_KIND,
        session_key(session_id),
        {
            "user": user,
            "role": role,
            "created_at": now,
            "renewed_at": now,
            "expires_at": now + hours * 3600,
        },
        expected_revision=0,
    )
    return session_id


def find_session(
    store: Store, session_id: str, *, clock: Clock = time.time
) -> Session | None:
    """The live session with ``session_id``; an expired one is deleted, ``None``."""
    if not session_id:
        return None
    doc = store.get_document(SESSION_KIND, session_key(session_id))
    if doc is None:
        return None
    try:
        session = _session(doc)
    except (KeyError, TypeError, ValueError):  # not a session we wrote
        store.delete_document(SESSION_KIND, doc.key)
        return None
    if clock() >= session.expires_at:
        store.delete_document(SESSION_KIND, doc.key)
        return None
    return session


def renew_session(
    store: Store,
    session_id: str,
    *,
    hours: float = DEFAULT_HOURS,
    clock: Clock = time.time,
) -> bool:
    """Push a live session's expiry ``hours`` ahead; return whether it was renewed.

    Renews at most every :data:`RENEW_EVERY_SECONDS`, so a busy page does not
    write on every request. An ended session is never brought back.
    """
    now = clock()
    renewed: list[bool] = []

    def change(doc: Document | None):
        if doc is None:
            return None
        body = dict(doc.body)
        if now >= float(body.get("expires_at", 0)):
            return None  # expired meanwhile: end it
        if now - float(body.get("renewed_at", 0)) >= RENEW_EVERY_SECONDS:
            body.update(renewed_at=now, expires_at=now + hours * 3600)
            renewed.append(True)
        return body

    store.update_document(SESSION_KIND, session_key(session_id), change)
    return bool(renewed)


def end_session(store: Store, session_id: str) -> bool:
    """End one session everywhere it is used; return whether it was live."""
    return bool(session_id) and store.delete_document(
        SESSION_KIND, session_key(session_id)
    )


def end_user_sessions(store: Store, user: str) -> int:
    """End every session of ``user`` (removed, demoted, password reset)."""
    ended = 0
    for doc in store.list_documents(SESSION_KIND):
        if doc.body.get("user") == user:
            ended += store.delete_document(SESSION_KIND, doc.key)
    return ended


def purge_expired(store: Store, *, clock: Clock = time.time) -> int:
    """Delete expired sessions and grants (called at each sign-in)."""
    now = clock()
    purged = 0
    for kind, field in ((SESSION_KIND, "expires_at"), (GRANT_KIND, "expires_at")):
        for doc in store.list_documents(kind):
            if now >= float(doc.body.get(field, 0)):
                purged += store.delete_document(kind, doc.key)
    return purged


def issue_grant(store: Store, session_id: str, *, clock: Clock = time.time) -> str:
    """A one-time token the signed-in browser trades for its session cookie."""
    token = secrets.token_urlsafe(32)
    store.put_document(
        GRANT_KIND,
        session_key(token),
        {"session_id": session_id, "expires_at": clock() + GRANT_SECONDS},
        expected_revision=0,
    )
    return token


def redeem_grant(store: Store, token: str, *, clock: Clock = time.time) -> str | None:
    """The session id of a grant, once: the grant is deleted as it is read.

    Returns ``None`` for an unknown, used or expired grant, or one whose session
    has ended meanwhile.
    """
    if not token:
        return None
    taken: list[Document] = []

    def take(doc: Document | None) -> None:
        if doc is not None:
            taken.append(doc)
        return None  # delete: a grant works once, however many ask at once

    store.update_document(GRANT_KIND, session_key(token), take)
    if not taken or clock() >= float(taken[0].body.get("expires_at", 0)):
        return None
    session_id = str(taken[0].body.get("session_id", ""))
    return session_id if find_session(store, session_id, clock=clock) else None
