"""The PNG pictures of an analysis: made offline, in the language asked for."""

import io

import pytest
from PIL import Image

from geodata.analysis import charts
from geodata.analysis.run import run_analysis
from geodata.analysis.spec import AnalysisSpec
from geodata.present.fonts import matplotlib_family


@pytest.fixture(scope="module")
def result(seeded_store_file):
    from geodata.config import Settings
    from geodata.storage import open_store

    store = open_store(Settings(store=str(seeded_store_file)))
    spec = AnalysisSpec(places="signage", k=2, measure="covered_share")
    return run_analysis(store, spec)


@pytest.mark.parametrize(
    "draw", [charts.coverage_map_png, charts.choropleth_png, charts.progress_png]
)
def test_pictures_differ_by_language_and_are_pngs(result, draw):
    family = matplotlib_family()
    zh, en = draw(result, "zh", family), draw(result, "en", family)
    assert zh != en
    for data in (zh, en):
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.width >= 900


def test_map_colours_places_by_band(result):
    data = charts.coverage_map_png(result, "en", matplotlib_family())
    image = Image.open(io.BytesIO(data)).convert("RGB")
    colours = {c for _, c in image.getcolors(maxcolors=1 << 20)}

    def present(hex_colour: str) -> bool:
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        return rgb in colours

    assert present(charts.BAND_COLORS[3])  # far boards in red
    assert present(charts.NEWLY_COLOR)  # boards the two chosen sites cover
