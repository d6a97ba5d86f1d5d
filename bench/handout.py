"""Handout speed: the default deck as PDF and PNGs, and the one-off font build.

    .venv/bin/python bench/handout.py [--cold-font]

Prints seconds per step for the bundled deck (7 slides) on a fresh seeded store:
loading the deck, the PDF in Chinese and in English, one PNG per slide, and the
PDF size. ``--cold-font`` also builds the TrueType CJK font in an empty cache
folder (what the first handout on a new machine pays).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(label: str, func):
    start = time.perf_counter()
    value = func()
    print(f"{label:<34} {time.perf_counter() - start:7.2f} s")
    return value


def _cold_font() -> None:
    with tempfile.TemporaryDirectory() as cache:
        code = "from geodata.present.fonts import cjk_font_path; cjk_font_path()"
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        _timed(
            "font build (cold cache)",
            lambda: subprocess.run(
                [sys.executable, "-c", code], env=env, check=True, cwd=ROOT
            ),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cold-font", action="store_true")
    args = parser.parse_args()
    if args.cold_font:
        _cold_font()
    from geodata.config import Settings
    from geodata.present.decks import load_deck
    from geodata.present.fonts import matplotlib_family
    from geodata.present.handout import deck_pdf, deck_pngs
    from geodata.seeding import open_or_seed

    with tempfile.TemporaryDirectory() as tmp:
        store = _timed(
            "seed store",
            lambda: open_or_seed(Settings(store=str(Path(tmp) / "s.gpkg"))),
        )
        deck = _timed("load default deck", lambda: load_deck(store))
        _timed("font registration (warm cache)", matplotlib_family)
        pdf = _timed(
            f"PDF zh ({len(deck.slides)} pages)", lambda: deck_pdf(store, deck, "zh")
        )
        _timed(
            f"PDF en ({len(deck.slides)} pages)", lambda: deck_pdf(store, deck, "en")
        )
        pngs = _timed(
            f"PNG zh x{len(deck.slides)} (110 dpi)",
            lambda: deck_pngs(store, deck, "zh"),
        )
    print(f"{'PDF size':<34} {len(pdf) / 1024:7.0f} KiB")
    print(f"{'PNG size (mean)':<34} {sum(map(len, pngs)) / len(pngs) / 1024:7.0f} KiB")


if __name__ == "__main__":
    main()
