"""A steward signs in, uploads a GBK shapefile and commits it, in a real Chromium."""

import pytest

from geodata.auth import add_user
from geodata.config import Settings
from geodata.storage import open_store
from tests import fixtures as fx

pytestmark = pytest.mark.browser


def _close_page_not_found(page) -> None:
    """Dismiss Streamlit's "Page not found" modal, shown on a deep link to a page
    of ``st.navigation`` while a ``pages/`` folder exists; the right page runs."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    dialog = page.get_by_role("dialog")
    try:
        dialog.wait_for(timeout=5_000)
    except PlaywrightTimeout:
        return
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden", timeout=10_000)


def prepare_upload(page, base: str, user: str, upload, timeout=90_000) -> None:
    """Sign in as ``user`` on the upload page, send three schools, await the check."""
    page.goto(f"{base}/steward-upload")
    page.get_by_label("用户名").wait_for(timeout=60_000)
    _close_page_not_found(page)
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill("correct horse")
    page.get_by_role("button", name="登录", exact=True).click()
    page.get_by_label("目标图层").click()
    page.get_by_role("option", name="少年军校", exact=True).click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("3 个要素：新增 3，修改 0，删除 0；错误 0").wait_for(
        timeout=timeout
    )


def test_steward_signs_in_uploads_and_commits(browser_page, store_path, tmp_path):
    page, url, blocked = browser_page
    store = open_store(Settings(store=str(store_path)))
    add_user(store, "wang", "correct horse", "steward")
    version = store.current_version("youth_schools")
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)

    prepare_upload(page, url, "wang", upload)
    # Decoded from GBK with no .cpg: the names read right in the preview.
    page.get_by_text("科尔沁区第一少年军校").first.wait_for()
    preview = 'iframe[title="streamlit_folium.st_folium"]'
    page.locator(preview).scroll_into_view_if_needed(timeout=60_000)
    page.frame_locator(preview).locator(".leaflet-container").wait_for(timeout=60_000)
    # The three incoming schools are drawn as red circles over the layer.
    circles = page.frame_locator(preview).locator('path[stroke="#e0002a"]')
    circles.nth(2).wait_for(timeout=30_000)
    assert circles.count() == 3
    page.get_by_role("button", name="提交", exact=True).click()
    page.get_by_text("已提交").wait_for(timeout=60_000)
    assert store.current_version("youth_schools") == version + 1
    assert store.history("youth_schools")[-1].author == "wang"
    assert blocked == []
