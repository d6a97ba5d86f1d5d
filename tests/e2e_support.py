"""Real-browser test support: a Streamlit server on a free port and system Chromium.

Chromium is the Debian package (a browser download is impossible offline); its
background-networking flags keep it from reaching for the internet.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
NETGUARD = ROOT / "tests" / "netguard"


def chromium_path() -> str | None:
    """Path of a system Chromium, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    store_path: Path,
    extra_env: dict[str, str] | None = None,
    timeout: float = 90,
    script: str = "app.py",
) -> Iterator[str]:
    """Run ``streamlit run app.py`` (dashboard and session routes) on loopback.

    The server answers once it has rehearsed the default page, as in production;
    ``script="dashboard.py"`` serves the router alone (no rehearsal, no routes).
    Yields its base URL.
    """
    port = _free_port()
    log = ARTIFACTS / f"streamlit-{port}.log"
    netlog = ARTIFACTS / f"streamlit-{port}.outside-requests.log"
    ARTIFACTS.mkdir(exist_ok=True)
    netlog.unlink(missing_ok=True)
    env = {
        **os.environ,
        "GEODATA_STORE": str(store_path),
        # tests/netguard/sitecustomize.py logs any request leaving the machine
        "PYTHONPATH": os.pathsep.join(
            p for p in (str(NETGUARD), os.environ.get("PYTHONPATH")) if p
        ),
        "GEODATA_NETGUARD_LOG": str(netlog),
        **(extra_env or {}),
    }
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                script,
                "--server.headless",
                "true",
                "--server.port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(url, proc, timeout, log)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        # the server runs with the repository's .streamlit/config.toml, as users do
        outside = netlog.read_text() if netlog.exists() else ""
        assert outside == "", f"the dashboard reached outside the machine:\n{outside}"


def _wait_ready(url: str, proc: subprocess.Popen, timeout: float, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()[-3000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.3)
    raise RuntimeError(
        f"streamlit did not start in {timeout}s:\n{log.read_text()[-3000:]}"
    )


def launch_browser(playwright):
    """Launch the system Chromium headless with the offline-friendly flags."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
    )


def block_external_requests(page, blocked: list[str]) -> None:
    """Abort any request that leaves loopback (a meeting room has no internet)."""

    def route(route_obj):
        target = route_obj.request.url
        if target.startswith(
            ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")
        ):
            return route_obj.continue_()
        blocked.append(target)
        return route_obj.abort()

    page.context.route("**/*", route)


FOLIUM_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
#: The eight banner boundaries the offline basemap draws (dashed "4 3").
BOUNDARIES = 'path.leaflet-interactive[stroke-dasharray="4 3"]'
#: JS counting drawn markers: single symbols plus the counts written on clusters.
COUNT_MARKERS = """() => {
  let n = document.querySelectorAll('.leaflet-marker-icon.gd-sym').length;
  document.querySelectorAll('.marker-cluster span')
    .forEach(s => n += parseInt(s.textContent));
  return n;
}"""


def wait_idle(page, timeout: float = 60_000) -> None:
    """Wait until no script run is in progress (Streamlit's status widget gone).

    The map reports its screen after it is drawn, which reruns the page once;
    while a rerun is in progress Streamlit may show old and new elements at once.
    """
    page.wait_for_timeout(300)  # a rerun starts a moment after the report
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
        timeout=timeout,
    )


def map_frame(page):
    """The streamlit-folium frame once Leaflet has drawn at least one marker and
    the page has settled after the map reported its screen."""
    page.frame_locator(FOLIUM_FRAME).locator(".leaflet-container").wait_for(
        timeout=60_000
    )
    frame = next(f for f in page.frames if "st_folium" in f.url)
    frame.wait_for_function(f"({COUNT_MARKERS})() > 0", timeout=30_000)
    wait_idle(page)
    return frame


def close_page_not_found(page) -> None:
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


def picture(page, name: str, settle_ms: int = 0) -> None:
    """Save a screenshot under test-artifacts/; with GEODATA_UPDATE_SCREENSHOT set,
    also into docs/ (the README's pictures)."""
    if settle_ms:
        page.wait_for_timeout(settle_ms)  # clusters animate
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
    if os.environ.get("GEODATA_UPDATE_SCREENSHOT"):
        shutil.copy(ARTIFACTS / name, ROOT / "docs" / name)
