"""Local accounts, roles and permissions, kept as documents in the store.

Users are ``user`` documents keyed by name; the body holds the role and an
argon2id hash (salted by the library). Failed sign-ins are counted per name in
``login_throttle`` documents, so the throttle survives restarts and holds across
every dashboard process that shares the store.

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

from geodata.errors import AuthError
from geodata.storage import Store

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
    """A signed-in account: its name and role."""

    name: str
    role: str

    def can(self, action: str) -> bool:
        """Whether this user's role allows ``action``."""
        return can(self.role, action)


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


def add_user(
    store: Store, name: str, password: str, role: str, *, replace: bool = False
) -> User:
    """Create (or with ``replace`` reset) an account with a hashed password.

    Raises
    ------
    AuthError
        If the name, role or password is not acceptable, or the user exists and
        ``replace`` is false.
    """
    name, role = _check_name(name), _check_role(role)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(code="auth.short_password", n=MIN_PASSWORD_LENGTH)
    existing = store.get_document(USER_KIND, name)
    if existing is not None and not replace:
        raise AuthError(code="auth.user_exists", name=name)
    body = {
        "name": name,
        "role": role,
        "password_hash": _hasher().hash(password),
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    store.put_document(USER_KIND, name, body)
    store.delete_document(THROTTLE_KIND, name)
    return User(name, role)


def get_user(store: Store, name: str) -> User | None:
    """The account called ``name``, or ``None``."""
    doc = store.get_document(USER_KIND, name)
    return None if doc is None else User(doc.body["name"], doc.body["role"])


def list_users(store: Store) -> list[User]:
    """Every account, ordered by name."""
    return [
        User(d.body["name"], d.body["role"]) for d in store.list_documents(USER_KIND)
    ]


def delete_user(store: Store, name: str) -> bool:
    """Remove an account; return whether it existed."""
    store.delete_document(THROTTLE_KIND, name)
    return store.delete_document(USER_KIND, name)


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
    now = clock()
    throttle = store.get_document(THROTTLE_KIND, name)
    failures = int(throttle.body.get("failures", 0)) if throttle else 0
    locked_until = float(throttle.body.get("locked_until", 0)) if throttle else 0.0
    if now < locked_until:
        raise AuthError(
            code="auth.locked", name=name, seconds=int(locked_until - now) + 1
        )
    doc = store.get_document(USER_KIND, name)
    hasher = _hasher()
    try:
        if doc is None:
            # Spend the same time as a real check so timing does not reveal names.
            hasher.verify(_dummy_hash(), password)
        else:
            hasher.verify(doc.body["password_hash"], password)
            if throttle is not None:
                store.delete_document(THROTTLE_KIND, name)
            return User(doc.body["name"], doc.body["role"])
    except (VerificationError, InvalidHashError):
        pass
    failures += 1
    store.put_document(
        THROTTLE_KIND,
        name,
        {"failures": failures, "locked_until": now + lock_seconds(failures)},
    )
    raise AuthError(code="auth.wrong_password")


@functools.lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash of a random secret, so unknown names cost one real verification."""
    return _hasher().hash(os.urandom(16).hex())
