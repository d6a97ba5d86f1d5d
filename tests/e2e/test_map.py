"""The planner map in a real Chromium with every non-loopback request blocked."""

import os
import re
import shutil
from urllib.parse import quote

import pytest

from geodata.storage import CommitInfo
from tests.common import HOSTILE_NAME
from tests.e2e_support import (
    ARTIFACTS,
    BOUNDARIES,
    COUNT_MARKERS,
    ROOT,
    picture,
    wait_idle,
)
from tests.e2e_support import FOLIUM_FRAME as FRAME
from tests.e2e_support import map_frame as _map_frame

pytestmark = pytest.mark.browser


# Index of the first symbol not covered by a cluster (a real click must reach it).
FREE_MARKER = """() => Array.from(
  document.querySelectorAll('.leaflet-marker-icon.gd-sym')).findIndex(el => {
  const r = el.getBoundingClientRect();
  return el.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2));
})"""


def _wait_for_markers(frame, expected: int) -> None:
    """Wait until the drawn count settles on ``expected`` (clusters animate)."""
    try:
        frame.wait_for_function(f"({COUNT_MARKERS})() === {expected}", timeout=30_000)
    except Exception:
        pytest.fail(
            f"map shows {frame.evaluate(COUNT_MARKERS)} markers, not {expected}"
        )


def _open_until_free(frame) -> int:
    """Click clusters as a user would until one symbol can be clicked; its index."""
    for _ in range(6):
        free = frame.evaluate(FREE_MARKER)
        if free >= 0:
            return free
        frame.locator(".gd-cluster").first.click()
        frame.wait_for_timeout(1200)  # the zoom animates, then the grid redraws
    pytest.fail("no symbol reachable after opening clusters")


POINT_LAYERS = (
    "signage",
    "youth_schools",
    "unity_schools",
    "partner_villages",
    "flood_sites",
    "service_sites",
)


def _point_count(store, banners=(), statuses=(), layers=POINT_LAYERS):
    """Points the public map draws: restricted sites are not sent, and internal
    shapes smaller than a grid cell arrive as points."""
    from geodata.catalog import get_layer
    from geodata.display import prepare_for_display
    from geodata.query import LayerQuery

    total = 0
    for layer_id in layers:
        query = LayerQuery(banners=banners, statuses=statuses)
        frame = store.read_layer(layer_id, query)
        frame = prepare_for_display(frame, get_layer(layer_id), "public")
        total += int((frame.geom_type == "Point").sum())
    return total


def test_planner_map_filters_details_and_english(browser_page, store):
    page, url, blocked = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if ".gdp" in r.url else None)
    # the first session after a start, by the page's name: no "Page not found"
    page.goto(f"{url}/map")
    frame = _map_frame(page)
    assert page.get_by_text("Page not found").count() == 0
    _wait_for_markers(frame, _point_count(store))
    payloads = len(fetched)
    assert payloads >= 2  # the layers' data and the basemap's, fetched as files
    frame.evaluate("() => { window.gdOpen = true; }")
    # The 8 banner polygons (dashed boundaries) are drawn by the offline basemap.
    assert frame.locator(BOUNDARIES).count() == 8
    page.wait_for_timeout(1500)  # let clusters settle for the picture
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "screenshot-map.png"))
    if os.environ.get("GEODATA_UPDATE_SCREENSHOT"):
        shutil.copy(
            ARTIFACTS / "screenshot-map.png", ROOT / "docs" / "screenshot-map.png"
        )

    # A choice made while one of the first runs (the map reporting its view)
    # replaces the sidebar is lost with it, as it would be for a quick user:
    # choose again until the page has taken it (the URL carries it).
    banner_box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").nth(1)
    for attempt in range(4):
        wait_idle(page)
        if "奈曼旗" not in banner_box.inner_text():
            banner_box.locator("input").click()  # as a planner does, then types
            banner_box.locator("input").fill("奈曼旗")
            page.get_by_role("option", name="奈曼旗").wait_for(timeout=10_000)
            page.keyboard.press("Enter")
        try:
            page.wait_for_url(re.compile(r"banner="), timeout=10_000)
            break
        except Exception:
            assert attempt < 3, "the banner choice never reached the page"
    expected = _point_count(store, ("奈曼旗",))
    assert expected < _point_count(store)
    _wait_for_markers(frame, expected)
    # the filter swapped the layers inside the open map (no reload); what the
    # store returned for the screen came as new payloads, none fetched twice
    assert frame.evaluate("() => window.gdOpen") is True
    assert len(fetched) > payloads and len(set(fetched)) == len(fetched)
    # the view is in the URL (set by a message that may trail the redraw)
    page.wait_for_url(re.compile(r"banner="), timeout=30_000)

    free = _open_until_free(frame)
    main = page.get_by_test_id("stMain")
    top = main.evaluate("m => m.scrollTop")
    frame.locator(".leaflet-marker-icon.gd-sym").nth(free).click()
    details = page.locator(".st-key-map_details_0").get_by_test_id("stTable")
    details.wait_for(timeout=30_000)
    assert "奈曼旗" in details.inner_text()
    assert main.evaluate("m => m.scrollTop") == top  # the first click lands
    assert page.get_by_text("示意位置：原文未给出准确位置").count() >= 1

    page.get_by_test_id("stSidebar").get_by_text("English").click()
    page.get_by_text("Feature details").wait_for(timeout=30_000)
    # A new language redraws the base map: find the (possibly new) frame again.
    english = page.frame_locator(FRAME).last
    english.locator(".gd-legend").get_by_text("Youth military schools").wait_for(
        timeout=30_000
    )
    wait_idle(page)  # the new map reports its screen, and the page reruns once
    assert (
        "Youth military schools"
        in english.locator(".leaflet-control-layers").text_content()
    )  # collapsed: text but hidden
    assert page.get_by_text("Feature details").count() == 1
    assert blocked == []


def test_hostile_name_shows_as_text_in_the_browser(browser_page, store):
    layer = store.read_layer("youth_schools")
    layer.loc[layer.index[0], "name"] = HOSTILE_NAME
    store.write_layer(
        "youth_schools", layer, mode="replace", commit=CommitInfo(author="e2e")
    )
    page, url, blocked = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # The map is the default page, so its links are "/?..." and the router runs.
    page.goto(f"{url}/?q={quote('<img')}")
    frame = _map_frame(page)
    assert page.get_by_test_id("stSidebar").get_by_text("English").count() == 1
    _wait_for_markers(frame, 1)
    marker = frame.locator(".leaflet-marker-icon.gd-sym").first
    marker.hover()
    assert frame.locator(".leaflet-tooltip").inner_text() == HOSTILE_NAME
    marker.click()
    assert frame.locator(".leaflet-popup-content b").inner_text() == HOSTILE_NAME
    details = page.locator(".st-key-map_details_0").get_by_test_id("stTable")
    details.wait_for(timeout=30_000)
    assert HOSTILE_NAME in details.inner_text()
    assert frame.locator('img[src="x"]').count() == 0
    assert page.locator('img[src="x"]').count() == 0
    assert dialogs == [] and blocked == []


def test_exported_html_draws_from_a_file_with_no_network(store, tmp_path):
    from playwright.sync_api import sync_playwright

    from geodata.catalog import LAYER_IDS
    from geodata.mapping.basemaps import load_basemap_data
    from geodata.mapping.render import map_html
    from geodata.view import MapView
    from tests.conftest import require_or_skip
    from tests.e2e_support import chromium_path, launch_browser

    require_or_skip(chromium_path() is not None, "no system Chromium installed")
    frames = {layer_id: store.read_layer(layer_id) for layer_id in LAYER_IDS}
    path = tmp_path / "map.html"
    path.write_text(
        map_html(MapView(lang="en"), frames, basemap_data=load_basemap_data(store)),
        encoding="utf-8",
    )
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        fetched: list[str] = []

        def route(route_obj):
            if route_obj.request.url.startswith(("file:", "data:")):
                return route_obj.continue_()
            fetched.append(route_obj.request.url)
            return route_obj.abort()

        page.context.route("**/*", route)
        page.goto(path.as_uri())
        page.locator(".leaflet-container").wait_for(timeout=30_000)
        _wait_for_markers(page.main_frame, _point_count(store))
        assert page.locator(".gd-legend").get_by_text("Youth military schools").count()
        browser.close()
    assert fetched == []


def _chips(page, index: int) -> list[str]:
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").nth(index)
    tags = box.locator(".react-aria-ComboBox [data-tag] > span[title]")
    return [c.inner_text().strip() for c in tags.all()]


def _params(url: str) -> dict[str, str]:
    from urllib.parse import parse_qs, urlparse

    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def test_language_switch_keeps_layers_and_filters_both_ways(browser_page, store):
    page, url, blocked = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{url}/?banner=奈曼旗&status=built&layers=signage,youth_schools")
    frame = _map_frame(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("按年份筛选").click()  # and the year filter on
    page.wait_for_url(re.compile(r"years="), timeout=30_000)
    layers = ("signage", "youth_schools")
    expected = _point_count(store, ("奈曼旗",), ("built",), layers)
    assert 0 < expected < _point_count(store, layers=layers)
    _wait_for_markers(frame, expected)
    want = _params(page.url)
    assert want["banner"] == "奈曼旗" and want["status"] == "built"
    zh = {
        "lang": "中文",
        "layers": ["永久性双拥宣传标牌", "少年军校"],
        "banner": ["奈曼旗"],
        "status": ["已建成"],
        "legend": "图例",
        "zoom_in": "放大",
    }
    en = {
        "lang": "English",
        "layers": ["Permanent double-support boards", "Youth military schools"],
        "banner": ["Naiman Banner"],
        "status": ["Built"],
        "legend": "Legend",
        "zoom_in": "Zoom in",
    }

    def same_view(words):
        page.wait_for_function(
            "(b) => document.querySelector('[data-testid=stSidebar]')"
            ".innerText.includes(b)",
            arg=words["banner"][0],
            timeout=30_000,
        )
        assert _chips(page, 0) == words["layers"], words["lang"]
        assert _chips(page, 1) == words["banner"], words["lang"]
        assert _chips(page, 2) == words["status"], words["lang"]
        assert page.get_by_text("请至少选择一个图层").count() == 0
        page.wait_for_timeout(500)  # the URL is rewritten after the run
        params = _params(page.url)
        for key in ("layers", "banner", "status", "years"):
            assert params.get(key) == want[key], (words["lang"], key)
        # the map follows: same features; legend and controls in the language
        shown = page.frame_locator(FRAME).last
        shown.locator(".gd-legend").get_by_text(words["legend"]).wait_for(
            timeout=30_000
        )
        zoom_in = shown.locator(".leaflet-control-zoom-in")
        assert zoom_in.get_attribute("title") == words["zoom_in"]
        inner = next(f for f in reversed(page.frames) if "st_folium" in f.url)
        _wait_for_markers(inner, expected)

    same_view(zh)
    sidebar.get_by_text("English", exact=True).click()
    same_view(en)
    picture(page, "screenshot-map-en.png", 1500)
    sidebar.get_by_text("中文", exact=True).click()
    same_view(zh)
    picture(page, "screenshot-map-zh.png", 1500)
    assert blocked == []
