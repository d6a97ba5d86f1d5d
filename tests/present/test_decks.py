"""Decks in the store: the default story, editing, ordering, conflicts, restarts."""

import pytest

from geodata.config import Settings
from geodata.errors import ConflictError
from geodata.figures import figure_choices, resolve_figures
from geodata.present.decks import (
    DECK_KIND,
    DEFAULT_DECK,
    Deck,
    DeckError,
    Slide,
    add_slide,
    default_deck,
    delete_deck,
    ensure_default_deck,
    list_decks,
    load_deck,
    move_slide,
    remove_slide,
    save_deck,
    update_slide,
)
from geodata.storage import open_store
from geodata.view import MapView
from tests.common import DEFAULT_DECK_TITLES_ZH

pytestmark = pytest.mark.backends


def test_seeding_brings_the_default_story(store):
    decks = list_decks(store)
    assert [d.name for d in decks] == [DEFAULT_DECK]
    assert [s.title("zh") for s in decks[0].slides] == DEFAULT_DECK_TITLES_ZH
    assert all(s.title("en") and s.notes("zh") for s in decks[0].slides)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_default_figure_resolves_with_its_source_sentence(store, lang):
    for slide in load_deck(store).slides:
        figures = resolve_figures(store, slide.figures, lang)
        assert figures, slide.id
        for f in figures:
            assert f.value and f.label and f.unit, f
            assert len(f.source) > 10, f.id


def test_youth_schools_show_built_of_planned_per_banner(store):
    (youth,) = resolve_figures(store, ("progress:youth_schools",), "zh")
    assert youth.value == "3 / 9"
    assert sum(done for _, done, _ in youth.parts) == 3
    assert sum(total for _, _, total in youth.parts) == 9
    assert "9所少年军校" in youth.source
    (en,) = resolve_figures(store, ("progress:youth_schools",), "en")
    assert en.value == "3 of 9"
    assert ("Horqin District", 2, 2) in en.parts


def test_unity_schools_count_thirteen(store):
    (unity,) = resolve_figures(store, ("count:unity_schools",), "zh")
    assert (unity.value, unity.unit) == ("13", "所")


def test_lower_bounds_read_as_the_article_writes_them(store):
    (zh,) = resolve_figures(store, ("army_support_investment",), "zh")
    (en,) = resolve_figures(store, ("army_support_investment",), "en")
    assert (zh.value, zh.unit) == ("5", "亿余元")
    assert (en.value, en.unit) == ("500+", "million yuan")


def test_unknown_figure_names_the_choices(store):
    with pytest.raises(Exception, match="glory_plaques") as info:
        resolve_figures(store, ("no_such_figure",), "zh")
    assert "no_such_figure" in str(info.value)
    assert "count:unity_schools" in figure_choices(store)


def test_default_deck_frames_each_story_on_its_features(store):
    deck = default_deck(store)
    zooms = {s.id: s.view.zoom for s in deck.slides}
    assert zooms["glance"] == 7  # the whole city
    assert zooms["villages"] > 9  # the partner villages sit near the city centre
    assert all(s.view.center is not None for s in deck.slides)


def test_edits_survive_reopening_the_store(settings):
    store = open_store(settings)
    deck = load_deck(store)
    first, second = deck.slides[0], deck.slides[1]
    view = MapView(
        layers=("youth_schools",),
        banners=("奈曼旗",),
        center=(42.85, 120.66),
        zoom=9,
        indicators=("progress:youth_schools",),
    )
    new = Slide(view, "奈曼旗少年军校", "Naiman youth school", notes_zh="备注")
    deck = add_slide(deck, new, position=1)
    renamed = Slide(first.view, "新的标题", first.title_en, id=first.id)
    deck = update_slide(deck, renamed)
    deck = move_slide(deck, second.id, -2)  # past the new slide to the front
    deck = remove_slide(deck, deck.slides[-1].id)
    saved = save_deck(store, deck)
    assert saved.revision == deck.revision + 1

    reopened = load_deck(open_store(settings))
    assert [s.id for s in reopened.slides] == [s.id for s in deck.slides]
    assert reopened.slides[0].id == second.id
    assert reopened.slides[1].title_zh == "新的标题"
    assert reopened.slides[2].view == view
    assert reopened.slides[2].notes("en") == "备注"  # falls back to Chinese
    assert len(reopened.slides) == 7


def test_a_stale_edit_is_refused_and_changes_nothing(store):
    mine = load_deck(store)
    theirs = load_deck(store)
    save_deck(store, remove_slide(theirs, theirs.slides[0].id))
    with pytest.raises(ConflictError, match="reload"):
        save_deck(store, remove_slide(mine, mine.slides[-1].id))
    assert len(load_deck(store).slides) == 6
    assert load_deck(store).slides[-1].title_zh == DEFAULT_DECK_TITLES_ZH[-1]


def test_new_decks_need_a_free_valid_name(store):
    list_decks(store)
    with pytest.raises(DeckError, match="exists already"):
        save_deck(store, Deck(DEFAULT_DECK, "x"), new=True)
    with pytest.raises(DeckError, match="not allowed"):
        save_deck(store, Deck("../etc", "x"), new=True)
    created = save_deck(store, Deck("会议-2024", "军地联席会议"), new=True)
    assert created.revision == 1
    assert [d.name for d in list_decks(store)] == sorted([DEFAULT_DECK, "会议-2024"])


def test_deleting_decks_and_restoring_the_default(store):
    save_deck(store, Deck("other", "其他"), new=True)
    delete_deck(store, DEFAULT_DECK)
    assert [d.name for d in list_decks(store)] == ["other"]  # not recreated
    with pytest.raises(DeckError, match="decks in the store: other"):
        load_deck(store, DEFAULT_DECK)
    with pytest.raises(DeckError, match="nothing was deleted"):
        delete_deck(store, DEFAULT_DECK)
    delete_deck(store, "other")
    assert list_decks(store) == []  # reading never writes a deck
    with pytest.raises(DeckError, match="holds no deck"):
        load_deck(store)
    assert store.list_documents(DECK_KIND) == []
    ensure_default_deck(store)  # the deck page's restore button, the first start
    assert [d.name for d in list_decks(store)] == [DEFAULT_DECK]
    ensure_default_deck(store)  # and only when there is none
    assert len(store.list_documents(DECK_KIND)) == 1


def test_slides_are_addressed_by_number_within_range(store):
    deck = load_deck(store)
    assert deck.slide_at(0) == deck.slides[0]
    assert deck.slide_at(99) == deck.slides[-1]
    with pytest.raises(DeckError, match="no slides"):
        Deck("empty", "空").slide_at(1)


def test_a_slide_survives_json_round_trip():
    slide = Slide(
        MapView(
            layers=("signage",),
            year_range=(2019, 2021),
            zoom=10,
            center=(43.6, 122.2),
            indicators=("glory_plaques",),
        ),
        "标题",
        "Title",
        "副",
        "Sub",
        "注",
        "Notes",
        id="abc",
    )
    assert Slide.from_dict(slide.to_dict()) == slide
    assert Slide.from_dict({"title_zh": "仅标题"}).view == MapView()


def test_a_second_process_does_not_replace_an_existing_deck(settings):
    a, b = open_store(settings), open_store(settings)
    deck = load_deck(a)
    save_deck(a, remove_slide(deck, deck.slides[0].id))
    assert len(list_decks(b)[0].slides) == 6  # b saw a deck and left it alone
    assert Settings  # settings fixture gives a private store per test
