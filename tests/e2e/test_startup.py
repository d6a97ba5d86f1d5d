"""The launcher's server (``streamlit run app.py``) rehearses before it answers.

A real server on a store that does not exist yet: once it answers its health
check, and before any visitor, the store is seeded, the map's basemap payload is
published and the log says the default page ran; then a visitor in Chromium gets
the map.
"""

from __future__ import annotations

import re
import time

import pytest

from geodata.config import Settings
from geodata.mapping.assets import PAYLOAD_DIR
from geodata.storage import open_store
from tests.e2e_support import (
    ARTIFACTS,
    FOLIUM_FRAME,
    ROOT,
    block_external_requests,
    chromium_path,
    launch_browser,
    streamlit_server,
)

pytestmark = pytest.mark.browser


def _published_since(started: float) -> list[str]:
    return [
        path.name
        for path in (ROOT / PAYLOAD_DIR).glob("*.gdp")
        if path.stat().st_mtime >= started
    ]


def test_a_fresh_server_rehearses_its_first_page_before_it_answers(tmp_path):
    from playwright.sync_api import sync_playwright

    from tests.conftest import require_or_skip

    require_or_skip(chromium_path() is not None, "no system Chromium installed")
    path = tmp_path / "new.gpkg"  # the dashboard's first start seeds it
    started = time.time() - 1  # file times may be rounded to the second
    with streamlit_server(path) as url:
        assert not open_store(Settings(store=str(path))).is_empty()
        assert _published_since(started)  # touched or written by the rehearsal
        log = (ARTIFACTS / f"streamlit-{url.rsplit(':', 1)[1]}.log").read_text()
        assert re.search(r"Rehearsed the default page in [0-9.]+ s: ok", log), log
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            blocked: list[str] = []
            block_external_requests(page, blocked)
            page.goto(url)
            frame = page.frame_locator(FOLIUM_FRAME)
            frame.locator(".gd-sym, .gd-cluster, .gd-cell").first.wait_for(
                timeout=60_000
            )
            browser.close()
            assert blocked == []
