"""Scorecards and progress on hand-counted frames."""

import pandas as pd
import pytest

import geopandas as gpd
import shapely

from geodata.analysis.projection import ANALYSIS_CRS
from geodata.analysis.scorecard import CITY, banner_areas, progress, scorecard

ADMIN = gpd.GeoDataFrame(
    {"banner": ["奈曼旗", "库伦旗"]},
    geometry=[shapely.box(0, 0, 50e3, 40e3), shapely.box(50e3, 0, 60e3, 50e3)],
    crs=ANALYSIS_CRS,
).to_crs(4326)
SCHOOLS = pd.DataFrame(
    {
        "banner": ["奈曼旗", "奈曼旗", "奈曼旗", "库伦旗", None],
        "status": ["built", "planned", "under_construction", "built", "built"],
        "year": [2018, 2023, None, 2020, 2020],
        "funding_wan": [100.0, 50.0, None, None, 1.0],
    }
)


def test_areas_in_km2():
    areas = banner_areas(ADMIN)
    assert areas["奈曼旗"] == pytest.approx(2000.0) and areas[
        "库伦旗"
    ] == pytest.approx(500)


def test_counts_density_status_funding_years():
    card = scorecard(ADMIN, {"youth_schools": SCHOOLS}, ["奈曼旗", "库伦旗"])
    rows = card.set_index("banner")
    naiman = rows.loc["奈曼旗"]
    assert naiman["count"] == 3
    assert naiman["per_1000km2"] == pytest.approx(1.5)
    assert (naiman["planned"], naiman["under_construction"], naiman["built"]) == (
        1,
        1,
        1,
    )
    assert naiman["funding_wan"] == 150.0
    assert (naiman["first_year"], naiman["last_year"]) == (2018, 2023)
    hure = rows.loc["库伦旗"]
    assert pd.isna(hure["funding_wan"])  # no feature gives funding: not 0
    # the city row sums the banners in scope; the row without a banner is counted
    city = rows.loc[CITY]
    assert city["count"] == 5 and city["area_km2"] == pytest.approx(2500)
    assert city["built"] == 3


def test_one_row_per_layer_and_banner():
    card = scorecard(ADMIN, {"a": SCHOOLS, "b": SCHOOLS.iloc[0:0]}, ["奈曼旗"])
    assert card[["layer", "banner"]].values.tolist() == [
        ["a", "奈曼旗"],
        ["a", CITY],
        ["b", "奈曼旗"],
        ["b", CITY],
    ]
    assert card.loc[2, "count"] == 0 and pd.isna(card.loc[2, "first_year"])


def test_progress_cumulates_built_by_year_against_the_target():
    p = progress(SCHOOLS)
    assert p.table.values.tolist() == [[2018, 1, 1], [2019, 0, 1], [2020, 2, 3]]
    assert (p.target, p.built, p.without_year) == (5, 3, 0)
    assert progress(SCHOOLS, target=9).share == pytest.approx(3 / 9)


def test_progress_without_years_or_features():
    p = progress(pd.DataFrame({"status": ["built"], "year": [None]}))
    assert p.table.empty and p.without_year == 1 and p.built == 1
    assert progress(pd.DataFrame()).share == 0.0
