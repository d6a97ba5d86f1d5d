"""Store answers kept on disk: read back by a new process, never across versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata.config import Settings
from geodata.mapping.answers import AnswerCache, version_stamps
from geodata.mapping.screen import facet_counts
from geodata.seeding import open_or_seed
from geodata.storage import CommitInfo, Store

pytestmark = pytest.mark.backends


def _never() -> object:
    raise AssertionError("the kept answer should have been read")


def _key(store: Store, layer_id: str = "signage") -> tuple:
    versions = {layer_id: store.current_version(layer_id)}
    return ("facets", store.key, layer_id, version_stamps(store, versions))


def _commit(store: Store, keep: int) -> None:
    signage = store.read_layer("signage")
    store.write_layer(
        "signage", signage.iloc[:keep], mode="replace", commit=CommitInfo("test")
    )


def test_an_answer_is_read_back_by_a_restarted_process(store, tmp_path):
    counted = facet_counts(store, "signage")
    made = AnswerCache(tmp_path).get_or_make(_key(store), lambda: counted)
    # a new cache on the same folder: what a restarted dashboard builds
    assert AnswerCache(tmp_path).get_or_make(_key(store), _never) == made == counted


def test_an_answer_kept_for_a_version_is_not_read_after_a_commit(store, tmp_path):
    cache = AnswerCache(tmp_path)
    before = cache.get_or_make(_key(store), lambda: facet_counts(store, "signage"))
    _commit(store, keep=2)
    after = cache.get_or_make(_key(store), lambda: facet_counts(store, "signage"))
    assert sum(after.values()) == 2 < sum(before.values())
    assert cache.get_or_make(_key(store), _never) == after


def test_a_store_made_again_in_its_place_does_not_meet_old_answers(tmp_path):
    path = tmp_path / "store.gpkg"
    first = open_or_seed(Settings(store=str(path)))
    _commit(first, keep=3)
    old = _key(first)
    AnswerCache(tmp_path / "answers").get_or_make(old, lambda: "three signs")
    path.unlink()  # a steward deletes the store; the next start seeds it again
    second = open_or_seed(Settings(store=str(path)))
    _commit(second, keep=4)
    new = _key(second)
    assert second.key == first.key
    assert second.current_version("signage") == first.current_version("signage")
    assert new != old
    assert AnswerCache(tmp_path / "answers").get_or_make(new, lambda: "four") == "four"


def test_a_damaged_answer_is_made_again(store, tmp_path):
    cache = AnswerCache(tmp_path)
    cache.get_or_make(_key(store), lambda: {"n": 1})
    cache.path(_key(store)).write_bytes(b"\x80\x05 cut short")
    assert cache.get_or_make(_key(store), lambda: {"n": 2}) == {"n": 2}
    assert cache.get_or_make(_key(store), _never) == {"n": 2}


def test_a_folder_that_cannot_be_written_costs_only_the_saving(store, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = AnswerCache(blocker / "answers")
    assert cache.get_or_make(_key(store), lambda: [1, 2]) == [1, 2]
    assert not Path(blocker / "answers").exists()
