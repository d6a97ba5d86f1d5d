"""Headline figures: one formatter for map cards, slides and the handout."""

import re

import pandas as pd
import pytest

from geodata.figures import (
    HEADLINE_IDS,
    FigureError,
    format_period,
    format_value,
    headline_figures,
    resolve_figures,
)


def test_headline_figures_come_from_the_store_in_order(store):
    figures = headline_figures(store, "zh")
    assert [f.id for f in figures] == list(HEADLINE_IDS)
    plaques = next(f for f in figures if f.id == "glory_plaques")
    assert plaques.value_with_unit == "70,600 块"
    assert plaques.period == "累计"
    assert "光荣牌" in plaques.source


def test_big_sums_and_lower_bounds_read_as_the_article_writes_them(store):
    (zh,) = resolve_figures(store, ["army_support_investment"], "zh")
    (en,) = resolve_figures(store, ["army_support_investment"], "en")
    assert zh.value_with_unit == "5 亿余元"
    assert en.value_with_unit == "500+ million yuan"
    assert "（下限）" not in zh.label and "lower bound" not in en.label


def test_english_labels_units_and_periods(store):
    figures = {f.id: f for f in headline_figures(store, "en")}
    placed = figures["soldiers_placed"]
    assert placed.label and all(ord(c) < 0x3000 for c in placed.label)
    assert placed.period == "since 2016"
    assert figures["model_units_2021"].period == "2021-11"
    # the source sentence stays as written (Chinese): it is what the figure rests on
    assert "493" in placed.source


def test_every_stored_period_is_worded_in_both_languages(store):
    for period in store.read_indicators()["period"].unique():
        assert not re.search("[A-Za-z]", format_period(period, "zh")), period
        assert format_period(period, "en")


def test_values():
    assert format_value(100000.0, "个", "zh") == ("100,000", "个")
    assert format_value(0.5, "%", "en") == ("0.5", "%")
    assert format_value(None, "个", "zh") == ("–", "个")


def test_unknown_ids_are_refused_and_headlines_skip_them(store):
    with pytest.raises(FigureError, match="nope"):
        resolve_figures(store, ["nope"], "zh")
    table = store.read_indicators()
    store.write_indicators(table[table["id"] != "glory_plaques"])
    assert "glory_plaques" not in [f.id for f in headline_figures(store, "zh")]


def test_missing_english_text_falls_back_to_chinese(store):
    row = {
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
    store.write_indicators(pd.DataFrame([row]))
    (figure,) = resolve_figures(store, ["a"], "en")
    assert (figure.label, figure.unit, figure.period) == ("甲", "个", "weird")
