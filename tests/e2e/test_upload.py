"""A steward uploads, maps values, reads the diff, skips a bad row: real Chromium."""

import json

import pytest

from geodata.auth import add_user
from geodata.config import Settings
from geodata.storage import open_store
from tests import fixtures as fx
from tests.e2e_support import ARTIFACTS, close_page_not_found

pytestmark = pytest.mark.browser


def prepare_upload(page, base: str, user: str, upload, timeout=90_000) -> None:
    """Sign in as ``user`` on the upload page, send three schools, await the check."""
    _sign_in(page, base, user)
    page.get_by_label("目标图层").click()
    page.get_by_role("option", name="少年军校", exact=True).click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("3 个要素：新增 3，修改 0，未变 0，删除 0；错误 0").wait_for(
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


def _sign_in(page, url: str, user: str = "wang") -> None:
    page.goto(f"{url}/steward-upload")
    page.get_by_label("用户名").wait_for(timeout=60_000)
    close_page_not_found(page)
    page.get_by_label("用户名").fill(user)
    page.get_by_label("密码").fill("correct horse")
    page.get_by_role("button", name="登录", exact=True).click()


def _edited_export(store, folder):
    """The signage layer as exported, with three edits a steward might make."""
    from geodata.export import to_bytes

    layer = store.read_layer("signage")
    data = json.loads(to_bytes(layer, "geojson", "signage"))
    props = [f["properties"] for f in data["features"]]
    props[3]["name"] = "新的标牌名"  # an edit: shown old -> new
    props[5]["site_type"] = "宣传牌"  # a value outside the list
    props[7]["name"] = None  # a row that cannot go in
    path = folder / "标牌.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return layer, path


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox ``label`` (again if a rerun closed it)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _ in range(3):
        page.get_by_label(label).click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"no option {option!r} in {label!r}")


def _shoot(page, name: str, *anchors) -> None:
    """Screenshots of the viewport with each anchor scrolled to the top.

    Streamlit scrolls its main area inside the page, so a full-page shot would
    show the top only.
    """
    ARTIFACTS.mkdir(exist_ok=True)
    for i, anchor in enumerate(anchors):
        anchor.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{i + 1}.png"))


def test_value_mapping_field_diff_and_skipping_in_the_browser(
    browser_page, store_path, tmp_path
):
    page, url, blocked = browser_page
    page.set_viewport_size({"width": 1366, "height": 768})
    store = open_store(Settings(store=str(store_path)))
    add_user(store, "wang", "correct horse", "steward")
    layer, upload = _edited_export(store, tmp_path)
    _sign_in(page, url)
    page.get_by_label("目标图层").click()
    page.get_by_role("option", name="永久性双拥宣传标牌", exact=True).click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("按编号更新").click()
    page.get_by_text("修改 3，未变 42").wait_for(timeout=60_000)
    # (the row without a name counts among the changes until it is skipped)
    # the diff names the field and both values before anything is written
    page.get_by_text("将修改的值").wait_for()
    diff = page.locator('[data-testid="stDataFrame"]').first
    # the grid draws on a canvas; its cells are in an accessible table beside it
    diff.get_by_text("新的标牌名").wait_for(state="attached", timeout=30_000)
    # the value outside the list, with its count, and the skip button
    mapping = page.get_by_label("设置位置：“宣传牌”（1 个要素）")
    mapping.wait_for()
    skip = page.get_by_role("button", name="提交 44 个有效要素，跳过 1 个有错误的要素")
    skip.wait_for()
    _shoot(
        page,
        "screenshot-upload-zh",
        page.get_by_text("取值对应", exact=True),
        page.get_by_text("检查报告", exact=True),
        page.get_by_text("预览：红色为待导入要素", exact=False),
    )
    page.get_by_text("English", exact=True).click()
    page.get_by_text("3 changed, 42 unchanged").wait_for(timeout=60_000)
    page.get_by_role(
        "button", name="Commit the 44 valid features, skip the 1 with errors"
    ).wait_for()
    _shoot(
        page,
        "screenshot-upload-en",
        page.get_by_text("Value mapping", exact=True),
        page.get_by_text("Check report", exact=True),
    )
    page.get_by_text("中文", exact=True).click()
    # the choices made stay made through the language switch
    page.get_by_text("修改 3，未变 42").wait_for(timeout=60_000)
    _choose(page, "设置位置：“宣传牌”（1 个要素）", "居民小区")
    page.get_by_text("修改 3，未变 42").wait_for(timeout=60_000)
    skip = page.get_by_role("button", name="提交 44 个有效要素，跳过 1 个有错误的要素")
    skip.click()
    page.get_by_text("已提交").wait_for(timeout=60_000)
    page.get_by_text("跳过 1 行：required_missing 1").wait_for()
    last = store.history("signage")[-1]
    assert (last.changed, last.added, last.skipped) == (2, 0, 1)
    now = store.read_layer("signage").set_index("feature_id")
    ids = list(layer["feature_id"])
    assert now.loc[ids[3], "name"] == "新的标牌名"
    assert now.loc[ids[5], "site_type"] == "residential"  # mapped on the page
    assert now.loc[ids[7], "name"] == layer["name"][7]  # skipped: left as it was
    assert blocked == []
