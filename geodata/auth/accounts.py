"""Local accounts, roles and permissions, kept as documents in the store.

Users are ``user`` documents keyed by name; the body holds the role, the banners
the account is limited to (none: every banner) and an argon2id hash (salted by
the library). Failed sign-ins are counted per name in ``login_throttle``
documents, so the throttle survives restarts and holds across every dashboard
process that shares the store. An attempt is counted *before* its password is
checked, in the same store transaction that checks the lock, so guesses sent in
parallel lock the name after :data:`FREE_ATTEMPTS` exactly as guesses sent one
after another do. Removing an account, changing its role or banners or resetting
its password ends its sessions at once.

Permissions are checked with :func:`can`; pages ask for an *action*, never for a
role, so a new role only changes :data:`PERMISSIONS`.
"""

from __future__ import annotations

import functools
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

from geodata.auth.sessions import (
    DEFAULT_HOURS,
    RENEW_EVERY_SECONDS,
    end_user_sessions,
    find_session,
    renew_session,
)
from geodata.catalog import BANNER_NAMES
from geodata.errors import AuthError
from geodata.storage import Document, Store

ROLES: tuple[str, ...] = ("viewer", "presenter", "steward", "admin")

#: Which roles may do each action.
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "edit_decks": frozenset({"presenter", "steward", "admin"}),
    "edit_layers": frozenset({"steward", "admin"}),
    "manage_users": frozenset({"admin"}),
}

USER_KIND = "user"
THROTTLE_KIND = "login_throttle"
#: Failed attempts allowed before a name is locked out.
FREE_ATTEMPTS = 5
#: First lock-out in seconds; doubles with every further failure, up to the cap.
LOCK_SECONDS = 30
LOCK_CAP_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 8
_NAME = re.compile(r"^[A-Za-z0-9_.\-\u4e00-\u9fff]{2,40}$")

Clock = Callable[[], float]


@dataclass(frozen=True)
class User:
    """A signed-in account: its name, role, and the banners it may change.

    Empty ``banners`` means every banner.
    """

    name: str
    role: str
    banners: tuple[str, ...] = ()

    def can(self, action: str) -> bool:
        """Whether this user's role allows ``action``."""
        return can(self.role, action)


def _user(doc: Document) -> User:
    body = doc.body
    return User(body["name"], body["role"], tuple(body.get("banners") or ()))


def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may perform ``action``.

    Raises ``KeyError`` for an unknown action, so a typo in a page fails loudly.

    Examples
    --------
    >>> can("steward", "edit_layers"), can("presenter", "edit_layers")
    (True, False)
    >>> can("presenter", "edit_decks"), can(None, "edit_decks")
    (True, False)
    """
    try:
        allowed = PERMISSIONS[action]
    except KeyError:
        raise KeyError(
            f"Unknown action {action!r}; known: {', '.join(PERMISSIONS)}"
        ) from None
    return role in allowed


def _hasher():
    # Imported lazily: only sign-in and user management need argon2.
    from argon2 import PasswordHasher

    return PasswordHasher()


def _check_name(name: str) -> str:
    name = name.strip()
    if not _NAME.match(name):
        raise AuthError(code="auth.bad_name", name=name)
    return name


def _check_role(role: str) -> str:
    if role not in ROLES:
        raise AuthError(code="auth.bad_role", role=role, roles=", ".join(ROLES))
    return role


def check_banners(banners: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """``banners`` in catalog order, each checked; empty means every banner.

    Examples
    --------
    >>> check_banners(["库伦旗", "奈曼旗", "奈曼旗"])
    ('库伦旗', '奈曼旗')
    """
    unknown = [b for b in banners if b not in BANNER_NAMES]
    if unknown:
        raise AuthError(
            code="auth.bad_banner", banner=unknown[0], banners="、".join(BANNER_NAMES)
        )
    return tuple(b for b in BANNER_NAMES if b in banners)


def _hash(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(code="auth.short_password", n=MIN_PASSWORD_LENGTH)
    return _hasher().hash(password)


def add_user(
    store: Store,
    name: str,
    password: str,
    role: str,
    *,
    replace: bool = False,
    banners: tuple[str, ...] = (),
    email: str = "",
) -> User:
    """Create (or with ``replace`` reset) an account with a hashed password.

    ``banners`` limits what the account may change to those banners' features.
    ``email`` maps a user of the team's identity provider (Streamlit's OIDC
    ``st.login``) to this account and its role. Resetting an account ends its
    sessions.

    Raises
    ------
    AuthError
        If the name, role, banners or password is not acceptable, or the user
        exists and ``replace`` is false.
    """
    name, role = _check_name(name), _check_role(role)
    banners = check_banners(banners)
    password_hash = _hash(password)
    existing = store.get_document(USER_KIND, name)
    if existing is not None and not replace:
        raise AuthError(code="auth.user_exists", name=name)
    body = {
        "name": name,
        "role": role,
        "banners": list(banners),
        "email": email.strip().lower(),
        "password_hash": password_hash,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    store.put_document(USER_KIND, name, body)
    store.delete_document(THROTTLE_KIND, name)
    if existing is not None:
        end_user_sessions(store, name)
    return User(name, role, banners)


def get_user(store: Store, name: str) -> User | None:
    """The account called ``name``, or ``None``."""
    doc = store.get_document(USER_KIND, name)
    return None if doc is None else _user(doc)


def list_users(store: Store) -> list[User]:
    """Every account, ordered by name."""
    return [_user(d) for d in store.list_documents(USER_KIND)]


def user_for_email(store: Store, email: str) -> User | None:
    """The account an identity-provider user with ``email`` maps to, or ``None``."""
    wanted = (email or "").strip().lower()
    if not wanted:
        return None
    for doc in store.list_documents(USER_KIND):
        if str(doc.body.get("email") or "").lower() == wanted:
            return _user(doc)
    return None


def delete_user(store: Store, name: str) -> bool:
    """Remove an account and end its sessions; return whether it existed."""
    store.delete_document(THROTTLE_KIND, name)
    existed = store.delete_document(USER_KIND, name)
    end_user_sessions(store, name)
    return existed


def update_user(
    store: Store,
    name: str,
    *,
    role: str | None = None,
    banners: tuple[str, ...] | None = None,
    password: str | None = None,
) -> User:
    """Change an account's role, banners or password; its sessions end.

    Raises
    ------
    AuthError
        If there is no such account, or a new value is not acceptable.
    """
    changes: dict[str, object] = {}
    if role is not None:
        changes["role"] = _check_role(role)
    if banners is not None:
        changes["banners"] = list(check_banners(banners))
    if password is not None:
        changes["password_hash"] = _hash(password)

    def change(doc: Document | None) -> dict:
        if doc is None:
            raise AuthError(code="auth.no_user", name=name)
        return {**doc.body, **changes}

    doc = store.update_document(USER_KIND, name, change)
    assert doc is not None  # change() never deletes
    # A demoted or narrowed account must not keep what it had: sign in again.
    end_user_sessions(store, name)
    return _user(doc)


def session_user(
    store: Store,
    session_id: str,
    *,
    hours: float = DEFAULT_HOURS,
    clock: Clock = time.time,
) -> User | None:
    """The account behind a live session, re-read from the store on every call.

    A session whose account was removed, or whose role no longer matches the one
    it was opened with, is ended and gives ``None``. A session in use is renewed
    for ``hours`` (a store write at most every few minutes).
    """
    session = find_session(store, session_id, clock=clock)
    if session is None:
        return None
    user = get_user(store, session.user)
    if user is None or user.role != session.role:
        end_user_sessions(store, session.user)
        return None
    if clock() - session.renewed_at >= RENEW_EVERY_SECONDS:
        renew_session(store, session_id, hours=hours, clock=clock)
    return user


def lock_seconds(failures: int) -> int:
    """Seconds a name stays locked after ``failures`` consecutive failed sign-ins.

    Examples
    --------
    >>> [lock_seconds(n) for n in (4, 5, 6, 7, 20)]
    [0, 30, 60, 120, 900]
    """
    if failures < FREE_ATTEMPTS:
        return 0
    return min(LOCK_SECONDS * 2 ** (failures - FREE_ATTEMPTS), LOCK_CAP_SECONDS)


def _reserve_attempt(store: Store, name: str, clock: Clock) -> None:
    """Count one attempt for ``name`` (in one transaction), or raise if locked.

    Counting before the password check is what makes parallel guesses count:
    every attempt passes through here one at a time; a right password then
    clears the count. The time is read inside the transaction: an attempt that
    waited for another's lock must not judge the lock by the time it arrived.
    """

    def change(doc: Document | None) -> dict:
        now = clock()
        body = doc.body if doc is not None else {}
        failures = int(body.get("failures", 0))
        locked_until = float(body.get("locked_until", 0.0))
        if now < locked_until:
            raise AuthError(
                code="auth.locked", name=name, seconds=int(locked_until - now) + 1
            )
        failures += 1
        if seconds := lock_seconds(failures):
            locked_until = now + seconds
        return {"failures": failures, "locked_until": locked_until}

    store.update_document(THROTTLE_KIND, name, change)


def authenticate(
    store: Store, name: str, password: str, *, clock: Clock = time.time
) -> User:
    """Check a name and password; return the user or raise ``AuthError``.

    After :data:`FREE_ATTEMPTS` consecutive failures the name is locked for a
    doubling time; while locked, even the right password is refused, so guessing
    gains nothing. Unknown names are throttled the same way and get the same
    message as wrong passwords, so sign-in does not reveal which names exist.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    name = name.strip()
    _reserve_attempt(store, name, clock)
    doc = store.get_document(USER_KIND, name)
    hasher = _hasher()
    try:
        if doc is None or not doc.body.get("password_hash"):
            # Spend the same time as a real check so timing does not reveal names.
            hasher.verify(_dummy_hash(), password)
        else:
            hasher.verify(doc.body["password_hash"], password)
            store.delete_document(THROTTLE_KIND, name)
            return _user(doc)
    except (VerificationError, InvalidHashError):
        pass
    raise AuthError(code="auth.wrong_password")


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random secret, so unknown names cost one real verification."""
    return _hasher().hash(os.urandom(16).hex())
