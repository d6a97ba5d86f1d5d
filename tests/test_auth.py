"""Accounts, roles and sign-in throttling against a real store."""

import pytest

from geodata.auth import (
    FREE_ATTEMPTS,
    THROTTLE_KIND,
    USER_KIND,
    User,
    add_user,
    authenticate,
    can,
    delete_user,
    get_user,
    list_users,
)
from geodata.errors import AuthError

pytestmark = pytest.mark.backends


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_password_is_stored_as_salted_argon2_hash(store):
    add_user(store, "wang", "correct horse", "steward")
    add_user(store, "li", "correct horse", "viewer")
    a = store.get_document(USER_KIND, "wang").body["password_hash"]
    b = store.get_document(USER_KIND, "li").body["password_hash"]
    assert a.startswith("$argon2id$")
    assert "correct horse" not in a
    assert a != b  # same password, different salt


def test_authenticate_returns_the_user_with_role(store):
    add_user(store, "wang", "correct horse", "steward")
    assert authenticate(store, "wang", "correct horse") == User("wang", "steward")
    assert get_user(store, "wang").role == "steward"
    assert [u.name for u in list_users(store)] == ["wang"]


@pytest.mark.parametrize(
    ("name", "password"), [("wang", "wrong pass"), ("nobody", "x")]
)
def test_wrong_password_and_unknown_name_get_the_same_message(store, name, password):
    add_user(store, "wang", "correct horse", "steward")
    with pytest.raises(AuthError, match="Wrong user name or password"):
        authenticate(store, name, password)


def test_failed_sign_ins_are_throttled_and_persist(store):
    add_user(store, "wang", "correct horse", "steward")
    clock = Clock()
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AuthError, match="Wrong"):
            authenticate(store, "wang", "bad password", clock=clock)
    # Locked now: even the right password is refused.
    with pytest.raises(AuthError, match="Too many failed sign-ins"):
        authenticate(store, "wang", "correct horse", clock=clock)
    assert store.get_document(THROTTLE_KIND, "wang").body["failures"] == FREE_ATTEMPTS
    clock.now += 31
    assert authenticate(store, "wang", "correct horse", clock=clock).name == "wang"
    assert store.get_document(THROTTLE_KIND, "wang") is None


def test_lockout_doubles(store):
    add_user(store, "wang", "correct horse", "steward")
    clock = Clock()
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AuthError):
            authenticate(store, "wang", "bad password", clock=clock)
    clock.now += 31
    with pytest.raises(AuthError, match="Wrong"):
        authenticate(store, "wang", "bad password", clock=clock)
    clock.now += 31
    with pytest.raises(AuthError, match="try again in 30 seconds"):
        authenticate(store, "wang", "correct horse", clock=clock)


def test_bad_role_name_and_short_password_are_refused(store):
    with pytest.raises(AuthError, match="Role 'boss' unknown"):
        add_user(store, "wang", "correct horse", "boss")
    with pytest.raises(AuthError, match="too short"):
        add_user(store, "wang", "short", "steward")
    with pytest.raises(AuthError, match="not allowed"):
        add_user(store, "a b", "correct horse", "steward")
    assert list_users(store) == []


def test_existing_user_needs_replace(store):
    add_user(store, "wang", "correct horse", "steward")
    with pytest.raises(AuthError, match="exists"):
        add_user(store, "wang", "other password", "admin")
    add_user(store, "wang", "other password", "admin", replace=True)
    assert authenticate(store, "wang", "other password").role == "admin"
    assert delete_user(store, "wang")
    assert get_user(store, "wang") is None


def test_permissions():
    assert can("steward", "edit_layers") and can("admin", "edit_layers")
    assert not can("viewer", "edit_layers") and not can("presenter", "edit_layers")
    assert can("presenter", "edit_decks") and not can("viewer", "edit_decks")
    assert can("admin", "manage_users") and not can("steward", "manage_users")
    with pytest.raises(KeyError, match="Unknown action"):
        can("admin", "fly")
