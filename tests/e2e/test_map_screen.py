"""A large layer in real Chromium: counts per cell at city zoom, features after
zooming in, swapped inside the open map (the map is never reloaded)."""

from __future__ import annotations

import pytest

import geopandas as gpd

from geodata.catalog import LAYER_IDS
from geodata.config import Settings
from geodata.storage import CommitInfo, open_store
from geodata.view import REFERENCE_LAYERS
from tests.e2e_support import ARTIFACTS, FOLIUM_FRAME, wait_idle
from tests.mapping.test_screen import _signs

pytestmark = pytest.mark.browser
N = 20_000


def _frame(page):
    page.frame_locator(FOLIUM_FRAME).locator(".leaflet-container").wait_for(
        timeout=90_000
    )
    return next(f for f in page.frames if "st_folium" in f.url)


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in a select box; a rerun the map starts may close the list."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        wait_idle(page)
        page.get_by_label(label).click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
        except PlaywrightTimeout:
            continue
        wait_idle(page)
        return
    raise AssertionError(f"no option {option!r} in {label!r}")


def _download(page, button: str, name: str) -> str:
    """Path of the file ``button`` downloads once the page offers ``name``.

    The rerun that follows a choice may start after the page looks idle; a click
    before it lands on the previous choice's button.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(5):
        wait_idle(page)
        try:
            with page.expect_download(timeout=60_000) as download:
                page.get_by_role("button", name=button, exact=True).click()
        except PlaywrightTimeout:  # the click landed while a rerun replaced it
            continue
        if download.value.suggested_filename == name:
            return download.value.path()
    raise AssertionError(f"{button!r} never downloaded {name!r}")


def test_panning_and_zooming_swap_cells_for_features_in_place(store_path, browser_page):
    store = open_store(Settings(store=str(store_path)))
    store.write_layer("signage", _signs(N), mode="replace", commit=CommitInfo("t"))
    page, url, blocked = browser_page
    page.goto(url)
    frame = _frame(page)
    frame.wait_for_selector(".gd-cell", timeout=60_000)
    cells = frame.evaluate(
        "() => [...document.querySelectorAll('.gd-cell div')]"
        ".reduce((n, d) => n + parseInt(d.textContent.replace('k', '000')), 0)"
    )
    assert 0.9 * N <= cells <= N  # counts per cell add up to the layer (k rounds)
    page.get_by_text("格网计数").wait_for()
    page.screenshot(path=str(ARTIFACTS / "map-screen-city.png"))
    frame.evaluate("() => { window.__sameMap = true; }")
    seat = next(iter(store.read_layer("signage").geometry))
    # Zoom in on a sign through Leaflet itself, as a user's scroll would.
    frame.evaluate(
        "([lat, lng]) => { const m = Object.values(window).find("
        "v => v && v._container && v.setView); m.setView([lat, lng], 15); }",
        [seat.y, seat.x],
    )
    frame.wait_for_function(
        "() => document.querySelectorAll('.gd-cell').length === 0"
        " && document.querySelectorAll('.gd-sym, .marker-cluster').length > 0",
        timeout=60_000,
    )
    assert frame.evaluate("() => window.__sameMap === true")  # not reloaded
    # the counts beside the map still cover every whole layer
    total = sum(
        store.count(layer_id)
        for layer_id in LAYER_IDS
        if layer_id not in REFERENCE_LAYERS  # boundaries are never counted
    )
    page.get_by_text(f"合计 {total} 个要素").wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "map-screen-zoomed.png"))
    # ... and so does an export made while zoomed in: every feature, not the screen's
    _choose(page, "导出图层", "永久性双拥宣传标牌")
    exported = gpd.read_file(_download(page, "GEOJSON", "signage.geojson"))
    assert len(exported) == N
    assert blocked == []
