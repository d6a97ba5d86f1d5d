"""Seeding at the edges: creating a missing store, and what re-seeding would delete."""

import pytest

from geodata.auth import add_user, list_users
from geodata.catalog import LAYER_IDS
from geodata.config import Settings
from geodata.errors import StorageError, StoreDamagedError
from geodata.present.decks import Deck, save_deck
from geodata.seeding import holdings, open_or_seed, seed_location
from geodata.storage import CommitInfo, open_store

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
    assert held.describe() == (
        "1 account(s), 1 edited or added deck(s), 1 version(s) of youth_schools "
        "in the layer history"
    )


def test_open_or_seed_creates_a_missing_store_from_the_sample(tmp_path):
    path = tmp_path / "sub" / "new.gpkg"
    store = open_or_seed(Settings(store=str(path)))
    assert all(store.count(layer_id) > 0 for layer_id in LAYER_IDS)
    assert len(store.read_indicators()) > 0
    assert [d.key for d in store.list_documents("deck")] == ["tongliao"]
    assert [p.name for p in path.parent.iterdir()] == ["new.gpkg"]  # no temp left


def test_open_or_seed_opens_an_existing_store_as_it_is(store, settings):
    store.write_layer(
        "signage", store.read_layer("signage").iloc[:1], mode="replace", commit=ME
    )
    assert open_or_seed(settings).count("signage") == 1


def test_open_or_seed_reports_an_empty_file_and_leaves_it(tmp_path):
    path = tmp_path / "store.gpkg"
    path.write_bytes(b"")
    with pytest.raises(StoreDamagedError, match="empty"):
        open_or_seed(Settings(store=str(path)))
    assert path.read_bytes() == b""


def test_seed_refuses_a_store_with_holdings_without_force(settings, store):
    add_user(store, "li", "pw-123456", "viewer")
    with pytest.raises(StorageError, match="1 account") as caught:
        seed_location(settings)
    assert "--force" in caught.value.render("zh")
    assert len(list_users(open_store(settings))) == 1
    reseeded = seed_location(settings, force=True)
    assert list_users(reseeded) == []
    assert reseeded.count("youth_schools") == 9


def test_seed_replaces_a_store_holding_only_the_sample(settings, store):
    store.write_indicators(store.read_indicators().iloc[:1])  # not a holding
    assert seed_location(settings).read_indicators().shape[0] > 1


def test_seed_never_replaces_a_file_that_is_not_a_store(tmp_path):
    path = tmp_path / "notes.gpkg"
    path.write_text("someone's notes\n", encoding="utf-8")
    for force in (False, True):
        with pytest.raises(StoreDamagedError, match="not a GeoPackage"):
            seed_location(Settings(store=str(path)), force=force)
    assert path.read_text(encoding="utf-8") == "someone's notes\n"
