"""Server-side sessions and one-time grants against a real store."""

import threading

from geodata.auth import add_user, session_user
from geodata.auth.sessions import (
    GRANT_KIND,
    RENEW_EVERY_SECONDS,
    SESSION_KIND,
    end_session,
    find_session,
    issue_grant,
    purge_expired,
    redeem_grant,
    start_session,
)
from geodata.storage import open_store


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_store_keeps_a_hash_never_the_session_id(store):
    session_id = start_session(store, "wang", "steward")
    (doc,) = store.list_documents(SESSION_KIND)
    assert len(session_id) >= 40 and session_id not in doc.key
    assert session_id not in str(doc.body)
    assert find_session(store, session_id).user == "wang"


def test_sessions_expire_and_are_renewed_while_in_use(store):
    add_user(store, "wang", "correct horse", "steward")
    clock = Clock()
    session_id = start_session(store, "wang", "steward", hours=1, clock=clock)
    clock.now += 3000  # 50 minutes: still live; renewed for another hour
    assert session_user(store, session_id, hours=1, clock=clock) is not None
    clock.now += 3000  # 100 minutes after sign-in, 50 after the last use
    assert session_user(store, session_id, hours=1, clock=clock) is not None
    clock.now += 3601  # an hour idle
    assert session_user(store, session_id, hours=1, clock=clock) is None
    assert store.list_documents(SESSION_KIND) == []


def test_renewal_writes_at_most_every_few_minutes(store):
    add_user(store, "wang", "correct horse", "steward")
    clock = Clock()
    session_id = start_session(store, "wang", "steward", clock=clock)
    revision = store.list_documents(SESSION_KIND)[0].revision
    clock.now += RENEW_EVERY_SECONDS / 2
    session_user(store, session_id, clock=clock)
    assert store.list_documents(SESSION_KIND)[0].revision == revision
    clock.now += RENEW_EVERY_SECONDS
    session_user(store, session_id, clock=clock)
    assert store.list_documents(SESSION_KIND)[0].revision == revision + 1


def test_ending_a_session_ends_it_for_every_tab(store):
    add_user(store, "wang", "correct horse", "steward")
    session_id = start_session(store, "wang", "steward")
    assert end_session(store, session_id)
    assert session_user(store, session_id) is None
    assert not end_session(store, session_id)


def test_a_grant_works_once_within_a_minute(store):
    clock = Clock()
    session_id = start_session(store, "wang", "steward", clock=clock)
    token = issue_grant(store, session_id, clock=clock)
    assert redeem_grant(store, token, clock=clock) == session_id
    assert redeem_grant(store, token, clock=clock) is None
    late = issue_grant(store, session_id, clock=clock)
    clock.now += 61
    assert redeem_grant(store, late, clock=clock) is None
    assert redeem_grant(store, "made-up", clock=clock) is None


def test_a_grant_redeemed_in_parallel_opens_one_cookie(settings):
    stores = [open_store(settings) for _ in range(10)]
    token = issue_grant(stores[0], start_session(stores[0], "wang", "steward"))
    start = threading.Barrier(len(stores))
    got: list[str | None] = []

    def redeem(s):
        start.wait()
        got.append(redeem_grant(s, token))

    threads = [threading.Thread(target=redeem, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len([g for g in got if g]) == 1


def test_a_grant_for_an_ended_session_gives_nothing(store):
    session_id = start_session(store, "wang", "steward")
    token = issue_grant(store, session_id)
    end_session(store, session_id)
    assert redeem_grant(store, token) is None


def test_expired_sessions_and_grants_are_purged(store):
    clock = Clock()
    start_session(store, "wang", "steward", hours=1, clock=clock)
    issue_grant(store, "x", clock=clock)
    clock.now += 3601
    assert purge_expired(store, clock=clock) == 2
    assert store.list_documents(SESSION_KIND) == store.list_documents(GRANT_KIND) == []
