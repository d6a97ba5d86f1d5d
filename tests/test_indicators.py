import re

import pandas as pd

from geodata.indicators import (
    HEADLINE_IDS,
    figures_from_table,
    format_period,
    format_value,
    headline_figures,
)


def test_headline_figures_come_from_the_store_in_order(store):
    figures = headline_figures(store, "zh", HEADLINE_IDS)
    assert [f.id for f in figures] == list(HEADLINE_IDS)
    plaques = next(f for f in figures if f.id == "glory_plaques")
    assert plaques.value_with_unit == "70,600 块"
    assert plaques.period == "累计"
    assert "光荣牌" in plaques.source


def test_english_titles_units_and_periods(store):
    figures = {f.id: f for f in headline_figures(store, "en")}
    placed = figures["soldiers_placed"]
    assert placed.title and all(ord(c) < 0x3000 for c in placed.title)
    assert placed.period == "since 2016"
    assert figures["model_units_2021"].period == "2021-11"
    # the source sentence stays as written (Chinese): it is what the figure rests on
    assert "493" in placed.source


def test_every_stored_period_is_worded_in_chinese(store):
    for period in store.read_indicators()["period"].unique():
        assert not re.search("[A-Za-z]", format_period(period, "zh")), period
        assert format_period(period, "en")


def test_values():
    assert format_value(100000.0) == "100,000"
    assert format_value(0.5) == "0.5"
    assert format_value(float("nan")) == "–"


def test_unknown_ids_are_skipped_and_missing_units_fall_back():
    table = pd.DataFrame(
        [
            {
                "id": "a",
                "title_zh": "甲",
                "title_en": None,
                "value": 1.0,
                "unit_zh": "个",
                "unit_en": None,
                "period": "weird",
                "category": "x",
                "source": "s",
            }
        ]
    )
    (figure,) = figures_from_table(table, "en", ids=["nope", "a"])
    assert (figure.title, figure.unit, figure.period) == ("甲", "个", "weird")
