"""The CJK font the install brings covers every character the handout prints."""

from pathlib import Path

from fontTools.ttLib import TTFont

from geodata.i18n import TEXTS
from geodata.present.fonts import (
    _SYSTEM_COLLECTIONS,
    FAMILY,
    cjk_font_path,
    matplotlib_family,
)
from tests.conftest import require_or_skip

SAMPLE = Path(__file__).resolve().parents[2] / "geodata" / "data"


def test_the_font_is_truetype_simplified_chinese():
    font = TTFont(cjk_font_path())
    assert font.sfntVersion == "\x00\x01\x00\x00"
    assert "glyf" in font and "CFF " not in font
    assert font["name"].getDebugName(1) == FAMILY


def test_every_character_of_our_texts_and_sample_has_a_glyph():
    cmap = TTFont(cjk_font_path())["cmap"].getBestCmap()
    texts = [text for pair in TEXTS.values() for text in pair]
    texts.append((SAMPLE / "default_deck.json").read_text(encoding="utf-8"))
    texts.append((SAMPLE / "sample" / "indicators.csv").read_text(encoding="utf-8"))
    used = {c for text in texts for c in text if not c.isspace()}
    missing = sorted(c for c in used if ord(c) not in cmap)
    assert missing == []


def test_matplotlib_picks_our_file_beside_the_system_noto():
    # CI installs Debian's fonts-noto-cjk, whose CFF faces are named
    # "Noto Sans CJK SC" too: asked for our family, matplotlib must pick our file.
    from matplotlib import font_manager

    system = [p for p in _SYSTEM_COLLECTIONS if p.exists()]
    require_or_skip(bool(system), "fonts-noto-cjk (the system CJK font) missing")
    font_manager.fontManager.addfont(str(system[0]))
    family = matplotlib_family()
    found = font_manager.findfont(
        font_manager.FontProperties(family=family), fallback_to_default=False
    )
    assert Path(found).resolve() == cjk_font_path().resolve()
