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


def test_parallel_guesses_lock_the_name_after_five(store, settings):
    """20 guesses at once: five are checked, the rest find the name locked."""
    import threading

    from geodata.storage import open_store

    add_user(store, "wang", "correct horse", "steward")
    stores = [open_store(settings) for _ in range(20)]
    start = threading.Barrier(len(stores))
    outcomes: list[str] = []

    def guess(s, password):
        start.wait()
        try:
            authenticate(s, "wang", password)
            outcomes.append("accepted")
        except AuthError as exc:
            outcomes.append(exc.code)

    passwords = ["bad password"] * 19 + ["correct horse"]
    threads = [
        threading.Thread(target=guess, args=(s, p))
        for s, p in zip(stores, passwords, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [o for o in outcomes if o != "auth.locked"]
    assert len(outcomes) == 20
    if "accepted" in checked:
        # a right password resets the count, as it does one guess at a time:
        # at most five more guesses are checked after it
        assert FREE_ATTEMPTS <= len(checked) <= 2 * FREE_ATTEMPTS, outcomes
    else:  # the right one came after the lock
        assert len(checked) == FREE_ATTEMPTS, outcomes
        assert store.get_document(THROTTLE_KIND, "wang").body["failures"] == 5
        with pytest.raises(AuthError, match="Too many failed sign-ins"):
            authenticate(store, "wang", "correct horse")


def test_twenty_parallel_wrong_guesses_count_five_and_lock(store, settings):
    import threading

    from geodata.storage import open_store

    add_user(store, "wang", "correct horse", "steward")
    stores = [open_store(settings) for _ in range(20)]
    start = threading.Barrier(len(stores))
    codes: list[str] = []

    def guess(s):
        start.wait()
        with pytest.raises(AuthError) as info:
            authenticate(s, "wang", "bad password")
        codes.append(info.value.code)

    threads = [threading.Thread(target=guess, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert codes.count("auth.wrong_password") == FREE_ATTEMPTS
    assert codes.count("auth.locked") == 20 - FREE_ATTEMPTS
    assert store.get_document(THROTTLE_KIND, "wang").body["failures"] == FREE_ATTEMPTS
    with pytest.raises(AuthError, match="Too many failed sign-ins"):
        authenticate(store, "wang", "correct horse")


def test_banners_are_checked_and_kept(store):
    user = add_user(
        store, "li", "correct horse", "steward", banners=("奈曼旗", "库伦旗")
    )
    assert user.banners == ("库伦旗", "奈曼旗")  # catalog order
    assert get_user(store, "li").banners == ("库伦旗", "奈曼旗")
    with pytest.raises(AuthError, match="Banner 'Beijing' unknown"):
        add_user(store, "zhou", "correct horse", "steward", banners=("Beijing",))


def test_removing_demoting_or_resetting_ends_sessions_at_once(store):
    from geodata.auth import session_user, start_session, update_user

    add_user(store, "wang", "correct horse", "admin")
    first = start_session(store, "wang", "admin")
    assert session_user(store, first) == User("wang", "admin")
    update_user(store, "wang", role="viewer")
    assert session_user(store, first) is None
    second = start_session(store, "wang", "viewer")
    update_user(store, "wang", password="new password!")
    assert session_user(store, second) is None
    third = start_session(store, "wang", "viewer")
    delete_user(store, "wang")
    assert session_user(store, third) is None


def test_a_session_whose_role_no_longer_matches_ends(store):
    from geodata.auth import SESSION_KIND, session_user, start_session

    add_user(store, "wang", "correct horse", "admin")
    session = start_session(store, "wang", "admin")
    # the account changed behind the app's back (another tool edited the store)
    doc = store.get_document("user", "wang")
    store.put_document("user", "wang", {**doc.body, "role": "viewer"})
    assert session_user(store, session) is None
    assert store.list_documents(SESSION_KIND) == []
