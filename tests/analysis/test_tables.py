"""Result tables read the same in both languages: only the words change."""

import pytest

from geodata.analysis.run import run_analysis
from geodata.analysis.spec import AnalysisSpec
from geodata.analysis.tables import (
    banner_measures,
    distance_table,
    progress_table,
    scorecard_table,
    sites_table,
)


@pytest.fixture(scope="module")
def result(seeded_store_file):
    from geodata.config import Settings
    from geodata.storage import open_store

    store = open_store(Settings(store=str(seeded_store_file)))
    spec = AnalysisSpec(places="signage", candidates=("planned", "seats"), k=2)
    return run_analysis(store, spec)


@pytest.mark.parametrize(
    "make",
    [distance_table, sites_table, scorecard_table, banner_measures, progress_table],
)
def test_same_numbers_in_both_languages(result, make):
    zh, en = make(result, "zh"), make(result, "en")
    assert zh.shape == en.shape and list(zh.columns) != list(en.columns)
    numeric = zh.select_dtypes("number").columns
    positions = [zh.columns.get_loc(c) for c in numeric]
    assert positions
    names = range(len(positions))
    assert (
        zh.iloc[:, positions]
        .set_axis(names, axis=1)
        .equals(en.iloc[:, positions].set_axis(names, axis=1))
    )


def test_distance_table_is_farthest_first_with_bands(result):
    table = distance_table(result, "en")
    distances = table["Distance (km)"].tolist()
    assert distances == sorted(distances, reverse=True)
    assert len(table) == 45
    assert set(table["Band"]) <= {"≤ 10 km", "10–20 km", "20–40 km", "> 40 km"}
    assert table.loc[table["Covered"], "Distance (km)"].max() <= 20


def test_sites_table_puts_the_chosen_first(result):
    table = sites_table(result, "zh")
    assert table["顺序"].head(2).tolist() == [1, 2]
    assert table["顺序"].iloc[2:].isna().all()
    assert {"未计入的设施", "旗县区驻地"} == set(table["类型"])


def test_scorecard_table_names_the_city(result):
    assert scorecard_table(result, "en")["Banner / county"].iloc[-1] == (
        "Tongliao (total)"
    )
    every = scorecard_table(result, "zh", layers=())
    assert "图层" in every.columns and len(every) == 8 * 9
