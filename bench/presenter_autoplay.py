"""Presenter autoplay in a real Chromium: does it keep its interval?

Starts the dashboard on a seeded store, opens the presenter, turns autoplay on
with the chosen interval, and records in the page the moment each new slide title
shows (titles wait for their map, so this is what the room sees). Prints every gap
between two slides and their mean, beside the interval asked for.

Run: ``.venv/bin/python bench/presenter_autoplay.py [--interval 3] [--slides 6]``.
Target: the mean gap within 10 % of the interval, no gap drifting upwards.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geodata.config import Settings  # noqa: E402
from geodata.seeding import open_or_seed  # noqa: E402
from tests.e2e_support import launch_browser, streamlit_server  # noqa: E402

RECORD = """() => { window.__shown = [];
  new MutationObserver(() => {
    const h = document.querySelector('.st-key-gd_present_head h1');
    if (!h || getComputedStyle(h).visibility !== 'visible') return;
    const last = window.__shown[window.__shown.length - 1];
    if (!last || last[0] !== h.textContent)
      window.__shown.push([h.textContent, performance.now()]);
  }).observe(document.documentElement, {subtree: true, childList: true,
                                        characterData: true, attributes: true});
}"""


def measure(interval: int, slides: int) -> list[float]:
    """Seconds between the moments consecutive slides show."""
    from playwright.sync_api import sync_playwright

    store = Path(tempfile.mkdtemp(prefix="geodata-bench-")) / "store.gpkg"
    open_or_seed(Settings(store=str(store)))
    with streamlit_server(store) as url, sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{url}/present?slide=1")
        page.wait_for_function(
            "() => document.documentElement.dataset.gdSlide", timeout=90_000
        )
        page.evaluate(RECORD)
        page.get_by_role("button", name="更多").click()
        page.get_by_text("自动播放", exact=True).click()
        box = page.get_by_label("间隔（秒）")
        box.fill(str(interval))
        box.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_function(
            f"() => window.__shown.length > {slides}",
            timeout=(interval + 10) * (slides + 2) * 1000,
        )
        shown = page.evaluate("() => window.__shown")
        browser.close()
    times = [t / 1000 for _, t in shown[1:]]  # from the first autoplayed slide
    return [b - a for a, b in itertools.pairwise(times)]


def main() -> None:
    """Print the gaps."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=int, default=3)
    parser.add_argument("--slides", type=int, default=6)
    args = parser.parse_args()
    gaps = measure(args.interval, args.slides)
    print(f"interval asked   {args.interval:.2f} s")
    print("gaps             " + "  ".join(f"{g:.2f}" for g in gaps))
    print(f"mean gap         {statistics.mean(gaps):.2f} s")
    print(f"min / max        {min(gaps):.2f} / {max(gaps):.2f} s")


if __name__ == "__main__":
    main()
