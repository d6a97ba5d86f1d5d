"""The PDF handout: one page per slide, Chinese text embedded, pages that render."""

import shutil
import subprocess
import warnings

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from geodata.cli import main
from geodata.config import Settings
from geodata.present.decks import Slide, load_deck
from geodata.present.handout import render_slide, slide_png
from geodata.storage import open_store
from geodata.view import MapView
from tests.conftest import require_or_skip


@pytest.fixture(scope="module")
def printed(tmp_path_factory, seeded_store_file):
    """The default deck printed once through the CLI, missing glyphs as errors.

    Matplotlib warns "Glyph ... missing from font(s)" when a character has no
    glyph and would print as a box; as an error, the command fails instead.
    """
    folder = tmp_path_factory.mktemp("handout")
    store_path = folder / "store.gpkg"
    shutil.copy(seeded_store_file, store_path)
    pdf = folder / "deck.pdf"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .* missing from font")
        result = CliRunner().invoke(
            main,
            [
                "--store",
                str(store_path),
                "handout",
                "--output",
                str(pdf),
                "--png-dir",
                str(folder / "png"),
            ],
        )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return pdf, folder, load_deck(open_store(Settings(store=str(store_path))))


def test_one_page_per_slide_with_its_chinese_title(printed):
    pdf, _, deck = printed
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(deck.slides) == 7
    for page, slide in zip(reader.pages, deck.slides, strict=True):
        text = page.extract_text()
        assert slide.title_zh in text
        assert "图上位置为示意位置" in text  # the illustrative-positions note
        assert "公里" in text  # the scale bar


def test_figures_and_their_sources_are_printed(printed):
    text = PdfReader(printed[0]).pages[2].extract_text()
    assert "3 / 9" in text
    assert "目前已建立3所" in text  # the source sentence of the youth-school figure


def test_the_cjk_font_is_embedded(printed):
    reader = PdfReader(printed[0])
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        names = {str(f.get_object()["/BaseFont"]) for f in fonts.values()}
        assert any("GeodataNotoSansCJKSC" in n for n in names), names
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        # a subset embedded in the file, not a reference to a system font; its data
        # TrueType as declared (CFF data under a TrueType label makes viewers fail)
        (cid_font,) = font.get_object()["/DescendantFonts"]
        descriptor = cid_font.get_object()["/FontDescriptor"].get_object()
        data = descriptor["/FontFile2"].get_object().get_data()
        assert data[:4] == b"\x00\x01\x00\x00"


def test_one_png_per_slide(printed):
    _, folder, deck = printed
    pngs = sorted((folder / "png").glob("slide-*.png"))
    assert len(pngs) == len(deck.slides)
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_pages_render_with_poppler(printed, tmp_path):
    require_or_skip(
        shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) missing"
    )
    result = subprocess.run(
        [
            "pdftoppm",
            "-f",
            "3",
            "-l",
            "3",
            "-r",
            "60",
            "-png",
            str(printed[0]),
            str(tmp_path / "page"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no font or syntax warnings either
    (image,) = tmp_path.glob("page*.png")
    assert image.stat().st_size > 20_000  # a map, text and figures, not a blank page


def test_filters_decide_what_the_legend_lists(store):
    view = MapView(
        layers=("admin_areas", "youth_schools", "partner_villages"),
        banners=("奈曼旗",),
        indicators=("progress:youth_schools",),
    )
    fig = render_slide(store, Slide(view, "奈曼旗"), "en")
    (ax,) = fig.axes
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    # Naiman has a (planned) youth school but no partner village: that layer is
    # left out, and the school's row says its state, as the live map does
    assert labels == ["Banner boundaries", "Youth military schools · Planned"]


def test_english_pages_carry_english_text(store):
    deck = load_deck(store)
    fig = render_slide(store, deck.slides[2], "en")
    texts = {t.get_text() for t in fig.texts}
    assert "Youth military schools: built and planned" in texts
    assert "3 of 9" in texts
    assert slide_png(store, deck.slides[2], "en", dpi=40)[:4] == b"\x89PNG"


def test_unknown_deck_is_one_line_and_a_failure(store_path, tmp_path):
    result = CliRunner().invoke(
        main,
        [
            "--store",
            str(store_path),
            "handout",
            "--deck",
            "nope",
            "--output",
            str(tmp_path / "x.pdf"),
        ],
    )
    assert result.exit_code == 1  # in Chinese: the CLI follows GEODATA_LANG, zh
    assert result.output == "错误：没有幻灯片组 'nope'；现有：tongliao\n"
    assert not (tmp_path / "x.pdf").exists()


def test_user_text_is_printed_as_written(store, caplog):
    from tests.common import HOSTILE_NAME

    title = "经费 $5 与 $6_{x} " + HOSTILE_NAME
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = render_slide(store, Slide(MapView(layers=("signage",)), title), "zh")
        (text,) = [t for t in fig.texts if t.get_text() == title]
        assert text.get_window_extent().width > 0
    # as mathtext, "$5 与 $" would print 与 as a dummy box and log that
    assert not [r for r in caplog.records if r.name.startswith("matplotlib")]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sources_are_printed_whole_and_break_lines_by_the_rules(store, lang):
    from geodata.figures import resolve_figures
    from geodata.present.handout import _NO_END, _NO_START

    for slide in load_deck(store).slides:
        fig = render_slide(store, slide, lang)
        lines = [text.get_text() for text in fig.texts]
        printed = "".join("".join(lines).split())
        for figure in resolve_figures(store, slide.figures, lang):
            assert "".join(figure.source.split()) in printed, (slide.id, figure.id)
        assert not [ln for ln in lines if ln[:1] in _NO_START], slide.id
        assert not [ln for ln in lines if len(ln) > 1 and ln[-1] in _NO_END], slide.id
