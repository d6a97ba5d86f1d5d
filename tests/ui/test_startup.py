"""Start-up rehearsal: what a run of the default page leaves for the first visitor.

The server's rehearsal (``geodata.ui.startup``) is a run of the router's default
page in a session of its own. What makes it worth doing is tested here with the
real page in AppTest: such a run leaves a visitor's first run nothing to read
from the store, and a commit after it still reaches the next visitor. A restart
(every process cache cleared) finds the store's counts kept on disk, but never
those of a version since replaced. That the launcher's server rehearses before
it answers: tests/e2e/test_startup.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geodata.config import Settings
from geodata.storage import CommitInfo, open_store
from geodata.ui.resources import get_store
from tests.common import DASHBOARD

#: The store's answers a map page is built from (counts, cells, features).
LAYER_READS = ("read_layer", "count", "count_by", "grid_counts")


def _watch_reads(monkeypatch: pytest.MonkeyPatch, store) -> list[tuple[str, str]]:
    """Record each layer read of ``store`` (the dashboard's own, shared object)."""
    seen: list[tuple[str, str]] = []

    def watch(name: str, real: Callable) -> Callable:
        def read(layer_id, *args, **kwargs):
            seen.append((name, layer_id))
            return real(layer_id, *args, **kwargs)

        return read

    for name in LAYER_READS:
        monkeypatch.setattr(store, name, watch(name, getattr(store, name)))
    return seen


def _total(at: AppTest) -> int:
    for caption in at.caption:
        if match := re.fullmatch(r"合计 (\d+) 个要素", caption.value):
            return int(match.group(1))
    raise AssertionError("no total caption")


def _first_visit() -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    return at


def test_a_rehearsed_first_page_leaves_the_first_visit_nothing_to_read(
    store_env, monkeypatch
):
    rehearsal = _first_visit()  # what the server runs before it answers
    reads = _watch_reads(monkeypatch, get_store())
    visitor = _first_visit()
    assert reads == []
    assert _total(visitor) == _total(rehearsal) > 0


def _commit_three_fewer(location: str) -> None:
    """A steward's commit: signage without its last three signs."""
    store = open_store(Settings(store=location))
    signage = store.read_layer("signage")
    store.write_layer(
        "signage", signage.iloc[:-3], mode="replace", commit=CommitInfo(author="test")
    )


def test_a_commit_after_the_rehearsal_reaches_the_next_visitor(store_env, monkeypatch):
    rehearsal = _first_visit()
    _commit_three_fewer(store_env)
    reads = _watch_reads(monkeypatch, get_store())
    visitor = _first_visit()
    assert ("grid_counts", "signage") in reads  # the new version is asked for
    assert _total(visitor) == _total(rehearsal) - 3


#: The store's counting: what the disk keeps across restarts.
COUNTS = ("count_by", "grid_counts")


def test_a_restarted_process_reads_the_first_page_counts_from_disk(
    store_env, monkeypatch
):
    before = _first_visit()
    st.cache_resource.clear()  # a restart: nothing kept in the process
    reads = _watch_reads(monkeypatch, get_store())
    after = _first_visit()
    assert [read for read in reads if read[0] in COUNTS] == []
    assert _total(after) == _total(before)


def test_a_restart_after_a_commit_counts_the_new_version(store_env, monkeypatch):
    before = _first_visit()
    _commit_three_fewer(store_env)
    st.cache_resource.clear()
    reads = _watch_reads(monkeypatch, get_store())
    after = _first_visit()
    assert ("grid_counts", "signage") in reads
    assert ("count_by", "signage") in reads
    assert _total(after) == _total(before) - 3
