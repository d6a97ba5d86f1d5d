"""Presenter on real screens: every slide of the default deck at three sizes, both
languages, in a real Chromium with no internet: nothing scrolls, no text is cut,
the legend lists the slide's layers, and title, cards and map change together.
"""

from __future__ import annotations

import re
import shutil

import pytest

from geodata.config import Settings
from geodata.i18n import layer_title
from geodata.present.decks import (
    Slide,
    add_slide,
    analysis_pairs,
    load_deck,
    save_deck,
)
from geodata.storage import open_store
from geodata.ui.stage import slide_token
from geodata.view import REFERENCE_LAYERS, MapView
from tests.conftest import require_or_skip
from tests.e2e_support import (
    FOLIUM_FRAME,
    block_external_requests,
    chromium_path,
    launch_browser,
    picture,
    streamlit_server,
)

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1366, 768), (1920, 1080)]

#: Page-level checks: what scrolls, which text boxes are cut, what is off-screen.
FITS = """() => {
  const over = [];
  const main = document.querySelector('[data-testid="stMain"]');
  for (const box of [document.scrollingElement, main]) {
    if (box.scrollHeight > box.clientHeight + 1
        || box.scrollWidth > box.clientWidth + 1)
      over.push('scrolls: ' + (box.dataset.testid || 'page'));
  }
  const cards = document.querySelector('.st-key-gd_present_cards');
  if (cards.scrollHeight > cards.clientHeight + 1) over.push('cards overflow');
  const texts = main.querySelectorAll(
    'h1, h3, p, button, [data-testid="stMetricValue"], [data-testid="stMetricLabel"]');
  for (const el of texts) {
    const r = el.getBoundingClientRect();
    if (!r.width || el.closest('[data-testid="stPopoverBody"]')) continue;
    if (el.scrollWidth > el.clientWidth + 1) over.push('cut: ' + el.textContent);
    if (r.bottom > innerHeight + 1 || r.right > innerWidth + 1)
      over.push('off screen: ' + el.textContent);
  }
  return over;
}"""
#: Inside the map: the legend's rows, whether it is inside the map, font sizes.
LEGEND = """() => {
  const legend = document.querySelector('.gd-legend');
  const box = legend.getBoundingClientRect();
  const rows = Array.from(legend.querySelectorAll('.gd-row:not(.gd-sub):not(.gd-base)'))
    .map(r => r.querySelector(':scope > span:last-child').textContent.trim());
  const px = el => parseFloat(getComputedStyle(el).fontSize);
  const labels = Array.from(document.querySelectorAll('.gd-label-banner'))
    .filter(el => el.style.display !== 'none');
  return {
    rows: rows,
    inside: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight + 1
      && box.right <= innerWidth + 1 && box.width > 0,
    legendPx: px(legend),
    labelPx: labels.length ? Math.min(...labels.map(px)) : 0
  };
}"""


@pytest.fixture(scope="module")
def presenter_url(tmp_path_factory, seeded_store_file):
    """One dashboard for the whole module (the pages only read the store)."""
    require_or_skip(chromium_path() is not None, "no system Chromium installed")
    path = tmp_path_factory.mktemp("screens") / "store.gpkg"
    shutil.copy(seeded_store_file, path)
    with streamlit_server(path) as url:
        yield url, path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = launch_browser(pw)
        yield chromium
        chromium.close()


def _slides(store_path, lang: str):
    deck = load_deck(open_store(Settings(store=str(store_path))))
    return [
        (
            slide.title(lang),
            [
                layer_title(lid, lang)
                for lid in slide.view.layers
                if lid not in REFERENCE_LAYERS
            ],
        )
        for slide in deck.slides
    ]


def _shown(page, title: str) -> None:
    """Wait until ``title`` is the slide title and visible (it waits for the map)."""
    page.wait_for_function(
        """(title) => { const h = document.querySelector('.st-key-gd_present_head h1');
             return h && h.textContent === title
               && getComputedStyle(h).visibility === 'visible'; }""",
        arg=title,
        timeout=30_000,
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_slide_fits_the_screen(presenter_url, browser, width, height, lang):
    url, store_path = presenter_url
    page = browser.new_page(viewport={"width": width, "height": height})
    blocked: list[str] = []
    block_external_requests(page, blocked)
    try:
        page.goto(f"{url}/present?slide=1&lang={lang}")
        frame = page.frame_locator(FOLIUM_FRAME)
        frame.locator(".gd-legend").wait_for(timeout=60_000)
        slides = _slides(store_path, lang)
        for number, (title, layers) in enumerate(slides, start=1):
            if number > 1:
                page.locator(".st-key-presenter_next button").click()
            _shown(page, title)
            # the moment the title shows, the map shows that slide's layers
            legend = frame.locator(":root").evaluate(LEGEND)
            assert legend["rows"] == layers, (number, legend["rows"])
            page.wait_for_timeout(400)  # the cards fit themselves after a redraw
            assert page.evaluate(FITS) == [], (width, lang, number)
            legend = frame.locator(":root").evaluate(LEGEND)
            assert legend["inside"], (width, lang, number)
            if width == 1920:  # read across a room
                assert legend["legendPx"] >= 18 and legend["labelPx"] >= 18, legend
            if number in (1, 3, 5) and (width, height) == (1366, 768):
                picture(page, f"screenshot-slide-{number}-{lang}.png")
    finally:
        page.close()
    assert blocked == []


def test_keys_step_slides_and_full_screen_fits_the_slide(presenter_url, browser):
    url, store_path = presenter_url
    titles = [title for title, _ in _slides(store_path, "zh")]
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{url}/present?slide=1")
        _shown(page, titles[0])
        page.wait_for_function(  # the slide is up: the room is watching
            "() => document.documentElement.dataset.gdSlide", timeout=60_000
        )
        for key, number in (("ArrowRight", 2), ("PageDown", 3), ("PageUp", 2)):
            page.keyboard.press(key)
            page.wait_for_url(re.compile(rf"slide={number}\b"), timeout=30_000)
            _shown(page, titles[number - 1])
        # with the focus inside the map, a clicker still steps the slides
        frame = page.frame_locator(FOLIUM_FRAME)
        frame.locator(".leaflet-container").click(position={"x": 300, "y": 300})
        frame.locator(".leaflet-container").press("ArrowLeft")
        page.wait_for_url(re.compile(r"slide=1\b"), timeout=30_000)
        _shown(page, titles[0])

        inner = next(f for f in page.frames if "st_folium" in f.url)
        before = inner.evaluate("() => map.getZoom()")
        frame.locator(".leaflet-control-zoom-fullscreen").click()
        inner.wait_for_function(f"() => map.getZoom() > {before}", timeout=10_000)
        fits = inner.evaluate(
            """() => { const b = L.latLngBounds(map._gd.extent), v = map.getBounds();
                 const across = (b.getEast() - b.getWest())
                   / (v.getEast() - v.getWest());
                 const down = (b.getNorth() - b.getSouth())
                   / (v.getNorth() - v.getSouth());
                 return v.contains(b) && Math.max(across, down) > 0.8; }"""
        )
        assert fits, "full screen keeps the slide's ground, filling the screen"
    finally:
        page.close()


def test_title_and_cards_wait_for_the_map(presenter_url, browser):
    url, _ = presenter_url
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        page.goto(f"{url}/present?slide=2")
        # the map has drawn slide 2 and said so
        page.wait_for_function(
            "() => document.documentElement.dataset.gdSlide", timeout=60_000
        )
        first = page.evaluate("() => document.documentElement.dataset.gdSlide")
        # record every moment the new title shows, with the slide the map shows
        page.evaluate(
            """() => { window.__seen = [];
              new MutationObserver(() => {
                const h = document.querySelector('.st-key-gd_present_head h1');
                if (h && getComputedStyle(h).visibility === 'visible')
                  window.__seen.push([h.textContent,
                                      document.documentElement.dataset.gdSlide]);
              }).observe(document.documentElement, {subtree: true, childList: true,
                                                    characterData: true,
                                                    attributes: true}); }"""
        )
        page.locator(".st-key-presenter_next button").click()
        _shown(page, "少年军校：已建与规划")
        seen = page.evaluate("() => window.__seen")
        tokens = {token for text, token in seen if text == "少年军校：已建与规划"}
        assert tokens and first not in tokens, seen  # never over slide 2's map
    finally:
        page.close()


def test_an_analysis_slide_signals_its_map_like_any_slide(
    tmp_path, seeded_store_file, browser
):
    # The stage hides a new title until the slide's map says it is drawn; an
    # analysis slide's map must say so too, or its title waits for the fallback.
    path = tmp_path / "store.gpkg"
    shutil.copy(seeded_store_file, path)
    store = open_store(Settings(store=str(path)))
    deck = load_deck(store)
    for params in ({"places": "signage", "within": "30"}, {"view": "scorecard"}):
        slide = Slide(
            MapView(), f"分析 {len(deck.slides)}", analysis=analysis_pairs(params)
        )
        deck = add_slide(deck, slide)
    save_deck(store, deck)
    count = len(deck.slides)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    try:
        with streamlit_server(path) as url:
            for number in (count - 1, count):
                page.goto(f"{url}/present?slide={number}")
                page.wait_for_function(
                    "(t) => document.documentElement.dataset.gdSlide === t",
                    arg=slide_token(deck.name, number, "zh"),
                    timeout=60_000,
                )
                title = page.locator(".st-key-gd_present_head h1")
                assert title.text_content() == deck.slides[number - 1].title_zh
    finally:
        page.close()
