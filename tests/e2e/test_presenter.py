"""Presenter mode in a real Chromium with no internet: slide map, next, autoplay."""

import re

import pytest

from tests.e2e_support import BOUNDARIES, COUNT_MARKERS
from tests.e2e_support import map_frame as _map_frame

pytestmark = pytest.mark.browser


def test_slide_map_then_next_slide_without_reloading_the_map(browser_page):
    page, url, blocked = browser_page
    # The first session after a server start, straight to a deep link.
    page.goto(f"{url}/present?slide=3")
    heading = page.get_by_role("heading", name="少年军校：已建与规划", exact=True)
    heading.wait_for(timeout=60_000)
    frame = _map_frame(page)
    # The youth-schools slide: 9 schools, the only point layer on it.
    frame.wait_for_function(f"({COUNT_MARKERS})() === 9", timeout=30_000)
    assert frame.locator(BOUNDARIES).count() == 8
    page.get_by_text("3 / 9 所").wait_for(timeout=30_000)
    assert page.get_by_text("Page not found").count() == 0
    frame.evaluate("() => { window.__sameMap = true; }")

    page.get_by_role("button", name="下一页 ▶").click()
    heading = page.get_by_role("heading", name="民族团结示范校", exact=True)
    heading.wait_for(timeout=30_000)
    # the URL is updated by a message that may trail the page content
    page.wait_for_url(re.compile(r"slide=4\b"), timeout=30_000)
    # 13 unity schools replace the 9 youth schools in the same Leaflet map:
    # the iframe was not reloaded, so the flag set above is still there.
    frame.wait_for_function(f"({COUNT_MARKERS})() === 13", timeout=30_000)
    assert frame.evaluate("() => window.__sameMap === true")
    page.get_by_text("13 所").wait_for(timeout=30_000)

    # Autoplay moves on by itself after the interval.
    page.get_by_role("button", name="更多").click()
    page.get_by_text("自动播放", exact=True).click()
    interval = page.get_by_label("间隔（秒）")
    interval.fill("3")
    interval.press("Enter")
    heading = page.get_by_role("heading", name="帮扶村与帮扶资金", exact=True)
    heading.wait_for(timeout=20_000)
    # the URL is updated by a message that may trail the page content
    page.wait_for_url(re.compile(r"slide=5\b"), timeout=30_000)
    assert frame.evaluate("() => window.__sameMap === true")
    assert blocked == []
