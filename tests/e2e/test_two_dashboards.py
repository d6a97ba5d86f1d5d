"""Two dashboard processes on one PostGIS store, driven in real Chromium.

A commit made through one dashboard shows in the other on its next rerun (its
caches are keyed by layer version, asked once per rerun); two stewards committing
to one layer at once lose nothing: one commit lands, the other is told the layer
moved on.
"""

from __future__ import annotations

import contextlib

import pytest

from geodata.auth import add_user
from geodata.config import Settings
from geodata.storage import open_store
from tests import fixtures as fx
from tests.e2e.test_upload import prepare_upload
from tests.e2e_support import (
    block_external_requests,
    chromium_path,
    launch_browser,
    streamlit_server,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def pg_location(pg_server, seeded_pg_template):
    url = pg_server.clone(seeded_pg_template)
    yield url
    pg_server.drop(url)


@contextlib.contextmanager
def _two_dashboards(url: str):
    from playwright.sync_api import sync_playwright

    from tests.conftest import require_or_skip

    require_or_skip(chromium_path() is not None, "no system Chromium installed")
    with (
        streamlit_server(url) as first,
        streamlit_server(url) as second,
        sync_playwright() as pw,
    ):
        browser = launch_browser(pw)
        pages = []
        for _ in range(2):
            page = browser.new_context(
                viewport={"width": 1366, "height": 900}
            ).new_page()
            blocked: list[str] = []
            block_external_requests(page, blocked)
            pages.append(page)
        try:
            yield (first, pages[0]), (second, pages[1])
        finally:
            browser.close()


def _total(page) -> int:
    caption = page.get_by_text("合计").first
    caption.wait_for(timeout=60_000)
    return int(caption.inner_text().split()[1])


def test_a_commit_in_one_dashboard_shows_in_the_other(pg_location, tmp_path):
    store = open_store(Settings(store=pg_location))
    add_user(store, "wang", "correct horse", "steward")
    with _two_dashboards(pg_location) as ((url_a, viewer), (url_b, steward)):
        viewer.goto(url_a)  # the map, through the router
        before = _total(viewer)
        prepare_upload(steward, url_b, "wang", fx.shapefile_zip(tmp_path))
        steward.get_by_role("button", name="提交", exact=True).click()
        steward.get_by_text("已提交").wait_for(timeout=60_000)
        # The viewer's next rerun (a filter on and off again) reads the new version.
        toggle = viewer.get_by_text("按年份筛选")
        toggle.click()
        viewer.get_by_text(f"合计 {before} 个要素").wait_for(
            state="hidden", timeout=60_000
        )
        toggle.click()
        viewer.get_by_text(f"合计 {before + 3} 个要素").wait_for(timeout=60_000)
    store.close()


def test_two_stewards_commit_at_once_and_nothing_is_lost(pg_location, tmp_path):
    store = open_store(Settings(store=pg_location))
    add_user(store, "wang", "correct horse", "steward")
    add_user(store, "li", "correct horse", "steward")
    version = store.current_version("youth_schools")
    count = store.count("youth_schools")
    with _two_dashboards(pg_location) as ((url_a, wang), (url_b, li)):
        prepare_upload(wang, url_a, "wang", fx.shapefile_zip(tmp_path / "a"))
        prepare_upload(li, url_b, "li", fx.shapefile_zip(tmp_path / "b"))
        for page in (wang, li):  # both prepared against the same version
            page.get_by_role("button", name="提交", exact=True).click()
        outcomes = []
        for page in (wang, li):
            done = page.get_by_text("已提交").or_(page.get_by_text("已更新到版本"))
            done.first.wait_for(timeout=90_000)
            outcomes.append("won" if page.get_by_text("已提交").count() else "told")
    assert sorted(outcomes) == ["told", "won"]
    assert store.current_version("youth_schools") == version + 1
    assert store.count("youth_schools") == count + 3  # one file, not two, not none
    (last,) = store.history("youth_schools")[-1:]
    assert last.author in ("wang", "li")
    store.close()
