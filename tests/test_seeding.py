"""Seeding at the edges: creating a missing store, and what re-seeding would delete."""

import pytest

from geodata.auth import add_user
from geodata.present.decks import Deck, save_deck
from geodata.seeding import holdings
from geodata.storage import CommitInfo

pytestmark = pytest.mark.backends

ME = CommitInfo("tester")


def test_a_seeded_store_holds_nothing_beyond_the_sample(store):
    assert holdings(store).is_empty


def test_accounts_decks_and_versions_are_counted(store):
    add_user(store, "li", "pw-123456", "viewer")
    save_deck(store, Deck("会议", "会议"), new=True)
    layer = store.read_layer("youth_schools")
    store.write_layer(
        "youth_schools", layer.iloc[:2], mode="replace", commit=CommitInfo("li")
    )
    held = holdings(store)
    assert (held.accounts, held.decks, held.versions) == (1, 1, 1)
    assert held.layers == ("youth_schools",)
