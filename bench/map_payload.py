"""Map speed and bytes: realistic signage through the store, AppTest and Chromium.

For each size (default 10k, 100k, 300k, 1M points in ``signage``) this prints, in
one run and beside its anchor:

- store write vs a pyogrio Arrow write of the same frame;
- ``read_layer`` vs a pyogrio Arrow read of the same rows (``_vto IS NULL``);
- AppTest (a fresh process, so caches are cold): first render, a warm rerun, and
  a filter rerun (status = built, about a third of the points);
- Chromium, network blocked: time to the first marker for the first visitor of a
  fresh server started as in production (``streamlit run app.py``, which
  rehearses the default page before it answers) and for a later visitor (warm),
  the bytes the browser receives for the map (the component message on the
  WebSocket plus the payload files it fetches) and for the whole page, first and
  after the filter change; beside them two anchors: the same layer as standalone
  offline HTML opened from a file (the browser's own drawing time), and the first
  visitor of a fresh server without the rehearsal (``streamlit run
  dashboard.py``); and how long each server takes to answer its health check.

Realistic points: names of ~57 UTF-8 bytes in Chinese (banner, township, a place
of two to three characters out of ~250, a kind of board, a number; 60 % start with
their banner), 70 % within a few kilometres of a banner seat, the rest anywhere
in the city's box. Three interleaved rounds for the store figures (best of each).

Run: ``.venv/bin/python bench/map_payload.py [--sizes 10000,100000]``
(``--no-browser``, ``--no-apptest`` to skip parts). Targets at 100k: at most 30
bytes per point on the wire, first render <= 3 s and filter rerun <= 1 s in
AppTest, first marker in Chromium <= 5 s; ``read_layer`` within 2x of Arrow.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import geopandas as gpd
import pyogrio
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.catalog import BANNERS, CITY_BOUNDS, STATUSES  # noqa: E402
from tests.e2e_support import (  # noqa: E402
    block_external_requests,
    launch_browser,
    streamlit_server,
)

TOWNSHIPS = {
    "科尔沁区": "明仁街道 永清街道 科尔沁街道 西门街道 红星街道 施介街道 大林镇"
    " 钱家店镇 余粮堡镇 木里图镇",
    "科尔沁左翼中旗": "保康镇 舍伯吐镇 花吐古拉镇 巴彦塔拉镇 门达镇 宝龙山镇 努日木镇",
    "科尔沁左翼后旗": "甘旗卡镇 吉尔嘎朗镇 金宝屯镇 常胜镇 朝鲁吐镇 海鲁吐镇 阿古拉镇",
    "开鲁县": "开鲁镇 大榆树镇 黑龙坝镇 麦新镇 义和塔拉镇 建华镇 小街基镇",
    "库伦旗": "库伦镇 扣河子镇 白音花镇 六家子镇 额勒顺镇 先进苏木",
    "奈曼旗": "大沁他拉镇 八仙筒镇 青龙山镇 新镇 治安镇 东明镇 沙日浩来镇 义隆永镇",
    "扎鲁特旗": "鲁北镇 黄花山镇 巴彦塔拉苏木 香山镇 阿日昆都楞镇 巨日合镇",
    "霍林郭勒市": "莫斯台街道 珠斯花街道 沙尔呼热街道 宝日呼吉尔街道 达来胡硕街道",
}
CHARS = (
    "和平团结建设胜利友谊幸福光明新华民主人民东风向阳红旗解放长征富强文化兴安金山银河"
    "宝塔白音乌兰查干巴彦哈达额尔敦阿拉坦吉日嘎朗呼和塔拉都兰敖包青龙永安福兴隆丰泰康"
    "宁德广义礼仁智信忠孝春秋松柏桃李杏梅兰竹菊花园林泉溪湖海岭峰山川河桥北南西中前后"
    "上下东升朝阳育才振华繁荣昌盛锦绣龙凤麒麟云霞星月辰新城老街工农商学兵医护军民拥政"
    "爱双拥共建鱼水情深同心协力奋进创业开拓实干创新惠民富裕美丽乡村振兴牧草原沙漠绿洲"
    "科尔沁库伦奈曼扎鲁特霍林郭勒开鲁舍伯吐甘旗卡保康大沁他拉鲁北甘泉清河柳榆杨槐枫桦"
)
PLACE = ("路", "街", "社区", "村", "嘎查", "小区", "广场", "公园", "大街", "胡同")
KINDS = (
    "双拥宣传标牌",
    "双拥宣传栏",
    "拥军优属宣传牌",
    "双拥主题公益广告牌",
    "双拥文化墙",
    "军民共建宣传牌",
)
UNITS = ("通辽军分区", "科尔沁区人武部", "通辽市退役军人事务局", "武警通辽支队")
SITE_TYPES = ("road_entrance", "street", "township_office", "residential")
SOURCE = "在市旗两级各主要道路进出口设立了永久性双拥宣传标牌，大力宣传拥军优属工作。"


def realistic_points(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """``n`` signage points with Chinese names, 70 % around banner seats."""
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(BANNERS), n)
    banner = np.array([b.name_zh for b in BANNERS], dtype=object)[pick]
    near = rng.random(n) < 0.7
    lon_min, lat_min, lon_max, lat_max = CITY_BOUNDS
    seat_lon = np.array([b.seat_lon for b in BANNERS])[pick]
    seat_lat = np.array([b.seat_lat for b in BANNERS])[pick]
    lon = np.where(
        near, seat_lon + rng.normal(0, 0.04, n), rng.uniform(lon_min, lon_max, n)
    )
    lat = np.where(
        near, seat_lat + rng.normal(0, 0.03, n), rng.uniform(lat_min, lat_max, n)
    )
    chars = np.array(list(CHARS), dtype=object)
    towns = [TOWNSHIPS[b.name_zh].split() for b in BANNERS]
    counts = np.array([len(t) for t in towns])
    table = np.array([t + [""] * (counts.max() - len(t)) for t in towns], dtype=object)
    town = table[pick, (rng.random(n) * counts[pick]).astype(int)]
    width = rng.integers(2, 4, n)
    place = [
        "".join(chars[rng.integers(0, len(chars), w)]) + PLACE[k]
        for w, k in zip(width, rng.integers(0, len(PLACE), n), strict=True)
    ]
    kinds = np.array(KINDS, dtype=object)[rng.integers(0, len(KINDS), n)]
    number = rng.integers(1, 1000, n)
    prefixed = rng.random(n) < 0.6
    names = [
        f"{b if p else ''}{t}{pl}{k}{m}号"
        for b, p, t, pl, k, m in zip(
            banner, prefixed, town, place, kinds, number, strict=True
        )
    ]
    return gpd.GeoDataFrame(
        {
            "name": names,
            "banner": banner,
            "township": town,
            "status": np.array(STATUSES, dtype=object)[
                rng.integers(0, len(STATUSES), n)
            ],
            "year": rng.integers(2015, 2025, n),
            "unit": np.array(UNITS, dtype=object)[rng.integers(0, len(UNITS), n)],
            "funding_wan": rng.uniform(1, 50, n).round(1),
            "note": "合成数据，用于性能测试",
            "source": SOURCE,
            "illustrative": True,
            "site_type": np.array(SITE_TYPES, dtype=object)[
                rng.integers(0, len(SITE_TYPES), n)
            ],
        },
        geometry=shapely.points(lon, lat),
        crs=4326,
    )


# --- the store against pyogrio's Arrow path -------------------------------------
def _best(rounds: list[float]) -> float:
    return min(rounds)


def measure_store(frame: gpd.GeoDataFrame, workdir: Path) -> tuple[Path, dict]:
    """Write and read times of the store and of pyogrio's Arrow path, interleaved."""
    from geodata.config import Settings
    from geodata.seeding import open_or_seed
    from geodata.storage import CommitInfo

    store_path = workdir / f"store-{len(frame)}.gpkg"
    store = open_or_seed(Settings(store=str(store_path)))
    times: dict[str, list[float]] = {
        k: [] for k in ("write", "awrite", "read", "aread")
    }
    for i in range(3):
        start = time.perf_counter()
        store.write_layer(
            "signage", frame, mode="replace", commit=CommitInfo(author="bench")
        )
        times["write"].append(time.perf_counter() - start)
        anchor = workdir / f"anchor-{i}.gpkg"
        start = time.perf_counter()
        pyogrio.write_dataframe(frame, anchor, layer="signage", use_arrow=True)
        times["awrite"].append(time.perf_counter() - start)
        anchor.unlink()
        start = time.perf_counter()
        rows = store.read_layer("signage")
        times["read"].append(time.perf_counter() - start)
        start = time.perf_counter()
        same = pyogrio.read_dataframe(
            store_path, layer="signage", where="_vto IS NULL", use_arrow=True
        )
        times["aread"].append(time.perf_counter() - start)
        assert len(rows) == len(same) == len(frame)
    return store_path, {k: _best(v) for k, v in times.items()}


# --- AppTest in a fresh process ----------------------------------------------------
APPTEST = """
import json, os, sys, time
from streamlit.testing.v1 import AppTest
from geodata.config import Settings
from geodata.storage import CommitInfo, open_store

def run(at):
    t = time.perf_counter(); at.run(); seconds = time.perf_counter() - t
    assert not at.exception, at.exception
    return seconds

out = {"cold": run(AppTest.from_file(sys.argv[1], default_timeout=3600))}
# A steward commits a new version: the running server's caches for it are cold.
store = open_store(Settings(store=os.environ["GEODATA_STORE"]))
store.write_layer("signage", store.read_layer("signage"), mode="replace",
                  commit=CommitInfo(author="bench"))
at = AppTest.from_file(sys.argv[1], default_timeout=3600)
out["first"] = run(at)
out["warm"] = run(at)
at.sidebar.multiselect(key="map_statuses").set_value(["built"])
out["filter"] = run(at)
print(json.dumps(out))
"""


def measure_apptest(store_path: Path, workdir: Path) -> dict:
    """Map page render times in AppTest, in a fresh process.

    ``cold``: the process's first run (imports included); ``first``: a new
    session right after a commit (the new version's data is built, the process
    is warm, as on a running server); ``warm``: that session's rerun;
    ``filter``: its rerun after choosing status = built.
    """
    env = {
        **os.environ,
        "GEODATA_STORE": str(store_path),
        # nothing kept on disk from an earlier run: the first runs count
        "XDG_CACHE_HOME": str(workdir / f"apptest-cache-{store_path.stem}"),
    }
    out = subprocess.run(
        [sys.executable, "-c", APPTEST, str(ROOT / "dashboard.py")],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- Chromium -------------------------------------------------------------------
# a symbol or a cluster on the map (legend swatches are .gd-sym too)
FIRST_MARKER = (
    "() => !!document.querySelector("
    "'.leaflet-marker-icon.gd-sym, .gd-cluster, .gd-cell')"
)
DRAWN = "() => window.gdData && window.map ? gdData.drawn(window.map).features : -1"
# What the map shows: features drawn from payloads plus the counts on grid cells
# (a layer with more features on screen than the map may carry comes as cells).
SHOWN = """() => {
  const cells = Array.from(document.querySelectorAll('.gd-cell'))
    .map(c => c.textContent).join(',');
  const n = window.gdData && window.map ? gdData.drawn(window.map).features : 0;
  return n + '|' + cells;
}"""
ALL_SHOWN = f"""() => ({DRAWN})() >= N || !!document.querySelector('.gd-cell')"""
#: What the first paint holds: features drawn from payloads, and count cells.
WHAT = f"""() => [Math.max(({DRAWN})(), 0),
  document.querySelectorAll('.gd-cell').length]"""


class Wire:
    """Bytes the page receives: WebSocket frames and HTTP bodies, from CDP."""

    def __init__(self, page) -> None:
        self.ws = 0
        self.component = 0
        self.payload = 0
        self.http = 0
        self._urls: dict[str, str] = {}
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", self._finished)

    def _frame(self, event) -> None:
        data = event["response"]["payloadData"]
        raw = (
            base64.b64decode(data)
            if event["response"]["opcode"] == 2
            else data.encode("utf-8")
        )
        self.ws += len(raw)
        if b"streamlit_folium" in raw and b"map_div" in raw:
            self.component += len(raw)

    def _response(self, event) -> None:
        self._urls[event["requestId"]] = event["response"]["url"]

    def _finished(self, event) -> None:
        size = int(event["encodedDataLength"])
        self.http += size
        if "/app/static/geodata/data/" in self._urls.get(event["requestId"], ""):
            self.payload += size

    def snapshot(self) -> dict[str, int]:
        return {
            "ws": self.ws,
            "component": self.component,
            "payload": self.payload,
            "http": self.http,
        }


def _wait(page, fn, timeout: float, step: float = 0.05):
    """Poll ``fn``; waiting through Playwright, which answers routed requests."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        page.wait_for_timeout(step * 1000)
    raise TimeoutError("timed out")


def _map_frame(page):
    for frame in page.frames:
        if "st_folium" in frame.url:
            return frame
    return None


def _marker_shown(page) -> bool:
    frame = _map_frame(page)
    if frame is None:
        return False
    try:
        return bool(frame.evaluate(FIRST_MARKER))
    except Exception:  # the frame is still loading
        return False


def _visit(pw, url: str, n: int, timeout: float) -> tuple:
    """Open the map as a new visitor (a browser of its own): its timings.

    The browser has started and shown a blank page first: its own start, and what
    a browser keeps between two visits of one origin, are not the server's.
    """
    browser = launch_browser(pw)
    blank = browser.new_page()
    blank.goto("data:text/html,<p>ready</p>")
    blank.close()
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    blocked: list[str] = []
    block_external_requests(page, blocked)
    wire = Wire(page)
    out: dict = {}
    start = time.perf_counter()
    page.goto(url)
    try:
        _wait(page, lambda p=page: _marker_shown(p), timeout)
    except TimeoutError:
        page.screenshot(path=str(ROOT / "test-artifacts" / "bench-timeout.png"))
        raise
    out["marker"] = time.perf_counter() - start
    frame = _map_frame(page)
    every = ALL_SHOWN.replace("N", str(n))
    _wait(page, lambda f=frame, e=every: f.evaluate(e), timeout, 0.2)
    out["drawn"] = time.perf_counter() - start
    out["features"], out["cells"] = frame.evaluate(WHAT)
    page.wait_for_timeout(1500)  # trailing messages (counts, charts)
    # The map reports where it is and the page runs again for that screen: wait
    # for the server to be done, so the next visitor meets an idle one.
    _wait(page, lambda: _idle(page), timeout, 0.25)
    out["settled"] = time.perf_counter() - start
    out["bytes"] = wire.snapshot()
    assert blocked == [], blocked
    return browser, page, frame, wire, out


IDLE = "() => !!document.querySelector('[data-test-script-state=\"notRunning\"]')"


def _idle(page, quiet_ms: int = 1000) -> bool:
    """True when the page's script has been done for ``quiet_ms`` (no rerun since)."""
    if not page.evaluate(IDLE):
        return False
    page.wait_for_timeout(quiet_ms)
    return bool(page.evaluate(IDLE))


def _rehearsal_seconds(url: str) -> float:
    log = ROOT / "test-artifacts" / f"streamlit-{url.rsplit(':', 1)[1]}.log"
    found = re.search(r"Rehearsed the default page in ([0-9.]+) s", log.read_text())
    return float(found.group(1)) if found else float("nan")


def measure_browser(store_path: Path, n: int, workdir: Path) -> dict:
    """First marker for a fresh server's first visitor and a warm one; bytes.

    Each visit is a new visitor in a Chromium of its own: the first visitor of a
    server started with the launcher (``app.py``, which rehearses the default
    page before it answers) and a later visitor of that server (warm); beside
    them the first visitor of a server started without the rehearsal
    (``streamlit run dashboard.py``, the anchor for what the rehearsal saves).
    Both first start with nothing kept on disk (a cache folder of their own);
    the launcher's server is then restarted on its folder, to time how soon a
    restart answers when the store's counts are kept. Each visit's timing
    starts at its request, after the server answers its health check.
    """
    from playwright.sync_api import sync_playwright

    out: dict = {}
    timeout = 600 + n / 1000

    def server(script: str, cache: str):
        env = {"XDG_CACHE_HOME": str(workdir / cache)}
        return streamlit_server(store_path, env, timeout=300, script=script)

    with sync_playwright() as pw:
        start = time.perf_counter()
        with server("dashboard.py", "plain-cache") as url:
            out["plain_ready"] = time.perf_counter() - start
            browser, *_, out["plain"] = _visit(pw, url, n, timeout)
            browser.close()
        start = time.perf_counter()
        with server("app.py", "cache") as url:
            out["ready"] = time.perf_counter() - start
            out["rehearsal"] = _rehearsal_seconds(url)
            browser, *_, out["cold"] = _visit(pw, url, n, timeout)
            browser.close()
            browser, page, frame, wire, out["warm"] = _visit(pw, url, n, timeout)
            out.update(_filter(page, frame, wire, timeout))
            browser.close()
        start = time.perf_counter()
        with server("app.py", "cache") as url:
            out["restart_ready"] = time.perf_counter() - start
            out["restart_rehearsal"] = _rehearsal_seconds(url)
    return out


def _filter(page, frame, wire: Wire, timeout: float) -> dict:
    before = wire.snapshot()
    drawn = frame.evaluate(SHOWN)
    start = time.perf_counter()
    option = page.get_by_role("option", name="已建成", exact=True)
    for _ in range(5):  # the sidebar may still be settling after the first run
        page.locator(".st-key-map_statuses input").click()
        page.keyboard.type("已建成")
        try:
            option.wait_for(timeout=10_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    option.click()
    page.keyboard.press("Escape")
    try:
        _wait(page, lambda: frame.evaluate(SHOWN) != drawn, timeout, 0.05)
    except TimeoutError:
        page.screenshot(path=str(ROOT / "test-artifacts" / "bench-filter.png"))
        print("shown", drawn, frame.evaluate(SHOWN), file=sys.stderr)
        raise
    seconds = time.perf_counter() - start
    page.wait_for_timeout(1500)
    after = wire.snapshot()
    return {
        "filter_drawn": seconds,
        "filter_bytes": {k: after[k] - before[k] for k in after},
    }


def measure_standalone(store_path: Path, workdir: Path, n: int) -> dict:
    """The same layer as standalone offline HTML, opened from a file."""
    from playwright.sync_api import sync_playwright

    from geodata.config import Settings
    from geodata.mapping.basemaps import load_basemap_data
    from geodata.mapping.render import map_html
    from geodata.storage import open_store
    from geodata.storage.base import read_view
    from geodata.view import MapView

    store = open_store(Settings(store=str(store_path)))
    view = MapView(layers=("signage",))
    page_html = map_html(view, read_view(store, view), basemap_data=load_basemap_data())
    path = workdir / f"standalone-{n}.html"
    path.write_text(page_html, encoding="utf-8")
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function(FIRST_MARKER, timeout=600_000, polling=50)
        marker = time.perf_counter() - start
        browser.close()
    return {"standalone_marker": marker, "standalone_bytes": path.stat().st_size}


# --- the table -------------------------------------------------------------------
def _print(n: int, store: dict, app: dict | None, web: dict | None) -> None:
    print(f"\n{n:,} realistic points in signage")
    print(
        f"  store write {store['write']:.2f} s / Arrow write {store['awrite']:.2f} s"
        f" = {store['write'] / store['awrite']:.1f}x"
    )
    print(
        f"  read_layer {store['read']:.2f} s / Arrow read {store['aread']:.2f} s"
        f" = {store['read'] / store['aread']:.2f}x"
    )
    if app:
        print(
            f"  AppTest: first render {app['first']:.2f} s (new version on a running"
            f" server; a cold process's first run {app['cold']:.2f} s), warm rerun "
            f"{app['warm']:.2f} s, filter rerun {app['filter']:.2f} s"
        )
    if web:
        rehearsal = web["rehearsal"]
        print(
            "  Chromium, first marker: fresh server, first visitor "
            f"{web['cold']['marker']:.2f} s; warm server, a later visitor "
            f"{web['warm']['marker']:.2f} s. Anchors: standalone HTML "
            f"{web['standalone_marker']:.2f} s (file "
            f"{web['standalone_bytes'] / 1e6:.2f} MB); a fresh server without the "
            f"rehearsal (streamlit run dashboard.py), first visitor "
            f"{web['plain']['marker']:.2f} s"
        )
        print(
            "  server start to its health check answering: first start "
            f"{web['ready']:.1f} s (rehearsal {rehearsal:.1f} s); a restart with "
            f"the counts kept on disk {web['restart_ready']:.1f} s (rehearsal "
            f"{web['restart_rehearsal']:.1f} s); without the rehearsal "
            f"{web['plain_ready']:.1f} s"
        )
        for visit, label in (
            ("cold", "first visitor"),
            ("warm", "warm"),
            ("plain", "no rehearsal"),
        ):
            b = web[visit]["bytes"]
            mapped = b["component"] + b["payload"]
            print(
                f"  {label}: all shown {web[visit]['drawn']:.2f} s "
                f"({web[visit]['features']} features, {web[visit]['cells']} count "
                f"cells), page settled {web[visit]['settled']:.1f} s; map bytes "
                f"{mapped / 1e6:.2f} MB = "
                f"{mapped / n:.1f} B/point (component {b['component'] / 1e3:.0f} kB"
                f" + payloads {b['payload'] / 1e6:.2f} MB); page total "
                f"{(b['ws'] + b['http']) / 1e6:.2f} MB"
            )
        f = web["filter_bytes"]
        print(
            f"  filter status=built: drawn in {web['filter_drawn']:.2f} s, map bytes "
            f"{(f['component'] + f['payload']) / 1e3:.0f} kB = "
            f"{(f['component'] + f['payload']) / n:.2f} B/point; all WebSocket "
            f"{f['ws'] / 1e3:.0f} kB"
        )
    sys.stdout.flush()


def main() -> None:
    """Measure each size and print its block."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,300000,1000000")
    parser.add_argument("--no-apptest", action="store_true")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="geodata-bench-"))
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            frame = realistic_points(n)
            store_path, store = measure_store(frame, workdir)
            del frame
            app = None if args.no_apptest else measure_apptest(store_path, workdir)
            web = None
            if not args.no_browser:
                web = measure_browser(store_path, n, workdir)
                web.update(measure_standalone(store_path, workdir, n))
            _print(n, store, app, web)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        print(f"\nload average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
