"""Sign-in that lasts, ends everywhere, and keeps the public map public, in Chromium.

Each test starts the real server (``streamlit run app.py``: the dashboard plus
its session routes) and drives system Chromium with outside requests blocked.
"""

import time
import urllib.request

import pytest

from geodata.auth import THROTTLE_KIND, add_user
from geodata.config import Settings
from geodata.mapping.assets import PAYLOAD_URL, payload_blocks
from geodata.storage import open_store
from tests.conftest import require_or_skip
from tests.e2e.test_map import FREE_MARKER
from tests.e2e_support import (
    ARTIFACTS,
    COUNT_MARKERS,
    FOLIUM_FRAME,
    block_external_requests,
    chromium_path,
    close_page_not_found,
    launch_browser,
    map_frame,
    streamlit_server,
)
from tests.leaks import (
    exact_hits,
    features_at,
    metres_between,
    positions_in_text,
    readable,
    spellings,
    vertices,
)

pytestmark = pytest.mark.browser
PASSWORD = "correct horse"
SIGNED_IN = "已登录：wang"


@pytest.fixture
def server(store_path):
    """``(browser, url, blocked)``: one Chromium, many contexts (browser sessions)."""
    require_or_skip(chromium_path() is not None, "no system Chromium installed")
    from playwright.sync_api import sync_playwright

    store = open_store(Settings(store=str(store_path)))
    add_user(store, "wang", PASSWORD, "steward")
    with streamlit_server(store_path) as url, sync_playwright() as pw:
        browser = launch_browser(pw)
        blocked: list[str] = []
        yield browser, url, blocked, store
        browser.close()
    assert blocked == []


def _tab(context, blocked):
    page = context.new_page()
    block_external_requests(page, blocked)
    return page


def _warm(page, url):
    """Open the app once: the first deep link after a start shows a notice."""
    page.goto(url)
    page.get_by_role("heading", name="双拥地图", exact=True).wait_for(timeout=90_000)
    # The map reports its view and the page runs again: what is typed into the
    # sidebar while that run replaces it is lost, so let the first runs settle.
    map_frame(page)
    page.wait_for_timeout(3000)


def _sign_in(page, password=PASSWORD):
    form = page.locator('[data-testid="stForm"]').last
    form.get_by_label("用户名").fill("wang")
    form.get_by_label("密码").fill(password)
    form.get_by_role("button", name="登录", exact=True).click()


def test_sign_in_lasts_across_reload_tabs_and_deep_links_and_ends_everywhere(server):
    browser, url, blocked, _ = server
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    first = _tab(context, blocked)
    _warm(first, url)
    first.goto(f"{url}/layer-history")
    close_page_not_found(first)
    _sign_in(first)
    first.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    # The cookie holds a random id the page's script cannot read.
    first.wait_for_function("() => true")
    deadline = time.monotonic() + 30
    while not [c for c in context.cookies() if c["name"] == "geodata_session"]:
        assert time.monotonic() < deadline, "no session cookie arrived"
        first.wait_for_timeout(200)
    (cookie,) = [c for c in context.cookies() if c["name"] == "geodata_session"]
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert "geodata_session" not in first.evaluate("document.cookie")
    assert PASSWORD not in cookie["value"] and "argon2" not in cookie["value"]

    first.reload()
    first.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    second = _tab(context, blocked)
    second.goto(f"{url}/layer-history?lang=zh")  # a deep link in a new tab
    second.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    second.get_by_label("图层").wait_for(timeout=60_000)  # the steward page, not a form

    first.get_by_role("button", name="退出登录").click()
    first.get_by_role("button", name="登录", exact=True).last.wait_for(timeout=60_000)
    # The other tab is signed out on its next action.
    second.get_by_label("图层").click()
    second.get_by_role("option", name="少年军校", exact=True).click()
    second.get_by_text("登录已结束").wait_for(timeout=60_000)
    assert second.get_by_text(SIGNED_IN).count() == 0
    second.reload()
    second.get_by_role("button", name="登录", exact=True).last.wait_for(timeout=60_000)
    assert second.get_by_text(SIGNED_IN).count() == 0


def _listen(page) -> list:
    """Everything the server sends this tab over its WebSocket, as text, and the
    map payloads the page fetches (responses, read in :func:`_page_source`).

    The WebSocket is where the map's script travels (streamlit-folium hands it
    to its frame), the payload files are where its data does: together what
    "reached the browser"; JSON string escapes are undone so the map's own
    JavaScript reads as written.
    """
    received: list = []

    def on_socket(ws):
        def on_frame(payload):
            raw = payload if isinstance(payload, bytes) else payload.encode()
            received.append(raw.decode("utf-8", "ignore").replace('\\"', '"'))

        ws.on("framereceived", on_frame)

    def on_response(response):
        if PAYLOAD_URL in response.url:
            received.append(response)

    page.on("websocket", on_socket)
    page.on("response", on_response)
    return received


def _page_source(page, received: list) -> str:
    """The page, its frames, every message the server sent it, and the payloads
    it fetched (in a standalone page's form, so the leak readers decode them)."""
    map_frame(page)
    page.locator(FOLIUM_FRAME).first.wait_for()
    page.wait_for_timeout(2000)  # the map fetches its payloads once drawn
    html = page.content() + "".join(f.content() for f in page.frames)
    parts = []
    for item in list(received):
        if isinstance(item, str):
            parts.append(item)
            continue
        digest = item.url.rsplit("/", 1)[-1].removesuffix(".gdp")
        # the same file again from the server: a response of a page reloaded
        # since keeps no body in the browser
        with urllib.request.urlopen(item.url, timeout=30) as answer:
            parts.append(payload_blocks({digest: answer.read()}))
    return readable(html + "".join(parts))


def test_a_public_page_source_holds_no_restricted_coordinate(server):
    browser, url, blocked, store = server
    restricted = features_at(store, "restricted")
    public = _tab(browser.new_context(viewport={"width": 1366, "height": 768}), blocked)
    heard = _listen(public)
    public.goto(url)
    source = _page_source(public, heard)
    found = positions_in_text(source)
    assert len(found) > 50  # the page did hold the map's positions
    assert (metres_between(found, vertices(restricted)) >= 500).all()
    assert not [s for n in restricted.name for s in spellings(n) if s in source]
    # The same page for a signed-in user holds them: the check can see them.
    inside = _tab(browser.new_context(viewport={"width": 1366, "height": 768}), blocked)
    _warm(inside, url)
    inside.get_by_text("登录", exact=True).first.click()  # the sidebar sign-in
    _sign_in(inside)
    inside.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    heard = _listen(inside)
    inside.reload()  # signed in from the cookie, the map sent afresh
    inside.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    found = positions_in_text(_page_source(inside, heard))
    assert exact_hits(found, vertices(restricted)).all()


def test_ten_browser_sessions_guessing_at_once_lock_the_name_after_five(server):
    browser, url, blocked, store = server
    pages = []
    for i in range(10):
        page = _tab(
            browser.new_context(viewport={"width": 1024, "height": 768}), blocked
        )
        if i == 0:
            _warm(page, url)
        page.goto(f"{url}/steward-upload")
        close_page_not_found(page)
        form = page.locator('[data-testid="stForm"]').last
        form.get_by_label("用户名").fill("wang")
        form.get_by_label("密码").fill("wrong password")
        pages.append(page)
    buttons = [
        p.locator('[data-testid="stForm"]').last.get_by_role("button", name="登录")
        for p in pages
    ]
    for button in buttons:  # as close together as one driver can click
        button.click(no_wait_after=True)
    outcomes = []
    for page in pages:
        wrong, locked = (
            page.get_by_text("用户名或密码错误"),
            page.get_by_text("登录失败次数过多"),
        )
        deadline = time.monotonic() + 60
        while not (wrong.count() or locked.count()):
            assert time.monotonic() < deadline, "no answer to a sign-in"
            page.wait_for_timeout(200)
        outcomes.append("wrong" if wrong.count() else "locked")
    assert outcomes.count("wrong") == 5, outcomes
    assert outcomes.count("locked") == 5
    assert store.get_document(THROTTLE_KIND, "wang").body["failures"] == 5
    # Locked now: the right password is refused too.
    last = pages[0]
    form = last.locator('[data-testid="stForm"]').last
    form.get_by_label("密码").fill(PASSWORD)
    form.get_by_role("button", name="登录").click()
    last.get_by_text("登录失败次数过多").last.wait_for(timeout=60_000)
    assert last.get_by_text(SIGNED_IN).count() == 0


def test_a_steward_reads_why_and_sets_a_features_sensitivity(server):
    browser, url, blocked, store = server
    # At 768 px high Playwright's scroll-then-click lands outside the marker in
    # the map's frame; a taller window clicks what a user sees.
    page = _tab(browser.new_context(viewport={"width": 1400, "height": 900}), blocked)
    _warm(page, url)
    page.get_by_text("登录", exact=True).first.click()
    _sign_in(page)
    page.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    page.goto(f"{url}/?layers=service_sites&banner=奈曼旗")
    frame = map_frame(page)
    frame.wait_for_function(f"({COUNT_MARKERS})() === 3", timeout=30_000)
    page.wait_for_timeout(1500)  # clusters animate; a click mid-way misses
    free = frame.evaluate(FREE_MARKER)
    assert free >= 0
    frame.locator(".gd-sym").nth(free).click()
    page.get_by_test_id("stTable").first.wait_for(timeout=30_000)
    page.get_by_text("公众").first.wait_for(timeout=30_000)  # how the public sees it
    page.get_by_role("combobox", name="此要素的公开范围").click()
    page.keyboard.type("公开")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="保存公开范围").click()
    page.get_by_text("已保存为图层第").wait_for(timeout=60_000)
    sites = store.read_layer("service_sites")
    assert (sites.sensitivity == "public").sum() == 1
    assert store.history("service_sites")[-1].author == "wang"


def test_the_public_analysis_page_source_holds_no_hidden_position(server):
    # Villages (internal) served by service sites, some restricted: the next
    # sites are ranked among the sites themselves, so hidden ones would show.
    browser, url, blocked, store = server
    restricted = features_at(store, "restricted")
    internal = features_at(store, "internal")
    villages = internal[
        (internal.layer == "partner_villages") & (internal.geom_type == "Point")
    ]
    ask = "places=partner_villages&facilities=service_sites&view=sites"
    link = f"{url}/coverage-analysis?{ask}"
    public = _tab(browser.new_context(viewport={"width": 1366, "height": 768}), blocked)
    _warm(public, url)
    heard = _listen(public)
    public.goto(link)
    close_page_not_found(public)
    public.get_by_text("示意图，不作为权属争议和划界依据").first.wait_for(
        timeout=60_000
    )
    source = _page_source(public, heard)
    found = positions_in_text(source)
    assert len(found) > 20  # the analysis map and tables did send positions
    assert (metres_between(found, vertices(restricted)) >= 500).all()
    assert not exact_hits(found, vertices(villages)).any()
    assert not [s for n in restricted.name for s in spellings(n) if s in source]
    public.screenshot(path=str(ARTIFACTS / "analysis-public-sites.png"))
    # Signed in, the same link holds them exactly: the check can see them.
    inside = _tab(browser.new_context(viewport={"width": 1366, "height": 768}), blocked)
    _warm(inside, url)
    inside.get_by_text("登录", exact=True).first.click()
    _sign_in(inside)
    inside.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    heard = _listen(inside)
    inside.goto(link)
    close_page_not_found(inside)
    inside.get_by_text(SIGNED_IN).wait_for(timeout=60_000)
    inside.get_by_text("内部资料").first.wait_for(timeout=60_000)
    found = positions_in_text(_page_source(inside, heard))
    assert exact_hits(found, vertices(restricted)).all()
    assert exact_hits(found, vertices(villages)).all()
