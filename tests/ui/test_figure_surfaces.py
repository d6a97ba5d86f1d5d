"""The same figure reads the same on every surface: map cards, slides, handout."""

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from geodata.figures import headline_figures, resolve_figures
from geodata.present.decks import load_deck
from geodata.present.handout import deck_pdf
from geodata.ui.text import escape_markdown
from tests.common import DASHBOARD


def _cards(at: AppTest) -> list[tuple[str, str]]:
    return [(m.label, m.value) for m in at.metric]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_cards_and_slides_use_the_one_formatter(store_env, store, lang):
    expected = [
        (escape_markdown(f.label), escape_markdown(f.value_with_unit))
        for f in headline_figures(store, lang)
    ]
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    assert _cards(at) == expected
    deck = load_deck(store)
    for number, slide in enumerate(deck.slides, start=1):
        at.query_params["slide"] = str(number)
        at.switch_page("app_pages/presenter.py").run()
        assert not at.exception
        figures = resolve_figures(store, slide.figures, lang)
        assert _cards(at) == [
            (escape_markdown(f.label), escape_markdown(f.value_with_unit))
            for f in figures
        ], slide.id


def test_the_handout_prints_the_same_values(store):
    deck = load_deck(store)
    reader = PdfReader(__import__("io").BytesIO(deck_pdf(store, deck, "zh")))
    for page, slide in zip(reader.pages, deck.slides, strict=True):
        text = "".join(page.extract_text().split())
        for f in resolve_figures(store, slide.figures, "zh"):
            assert "".join(f"{f.value}{f.unit}".split()) in text, (slide.id, f.id)
