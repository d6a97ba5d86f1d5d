"""AppTest of the id choice widgets: a choice keeps its id, its label the language."""

import pytest
from streamlit.testing.v1 import AppTest

SCRIPT = """
import streamlit as st
from geodata.ui.widgets import id_multiselect, id_radio, id_selectbox

lang = st.radio("lang", ["zh", "en"], key="lang")
NAMES = {"a": ("甲", "A"), "b": ("乙", "B"), "c": ("丙", "C")}
label = lambda v: NAMES[v][lang == "en"]
options = ["a", "c"] if st.checkbox("without b", key="narrow") else list(NAMES)
if not st.checkbox("hide", key="hide"):
    id_radio("r", options, key="r", lang=lang, format_func=label, index=1)
    id_selectbox("s", options, key="s", lang=lang, format_func=label, index=None)
    id_multiselect("m", options, key="m", lang=lang, format_func=label)
"""
KINDS = [("radio", "r", "c"), ("selectbox", "s", "b"), ("multiselect", "m", ["b"])]


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_string(SCRIPT, default_timeout=30).run()


def _widget(at: AppTest, kind: str, key: str):
    return getattr(at, kind)(key=key)


def _switch(at: AppTest, lang: str) -> None:
    at.radio(key="lang").set_value(lang).run()
    assert not at.exception


@pytest.mark.parametrize(("kind", "key", "value"), KINDS)
def test_a_choice_made_in_chinese_survives_english_and_back(at, kind, key, value):
    _widget(at, kind, key).set_value(value).run()
    _switch(at, "en")
    assert _widget(at, kind, key).value == value
    assert _widget(at, kind, key).options == ["A", "B", "C"]
    _switch(at, "zh")
    assert _widget(at, kind, key).value == value
    assert _widget(at, kind, key).options == ["甲", "乙", "丙"]


@pytest.mark.parametrize(("kind", "key", "value"), KINDS)
def test_a_choice_comes_back_after_the_language_changed_while_hidden(
    at, kind, key, value
):
    # Streamlit forgets a widget not drawn in a run; the kept ids do not.
    _widget(at, kind, key).set_value(value).run()
    at.checkbox(key="hide").check().run()
    _switch(at, "en")
    at.checkbox(key="hide").uncheck().run()
    assert _widget(at, kind, key).value == value
    assert _widget(at, kind, key).options == ["A", "B", "C"]


def test_each_widget_starts_as_told_and_a_switch_makes_no_choice(at):
    assert (at.radio(key="r").value, at.selectbox(key="s").value) == ("b", None)
    assert at.selectbox(key="s").placeholder == "请选择一项"
    _switch(at, "en")
    assert (at.radio(key="r").value, at.selectbox(key="s").value) == ("b", None)
    assert at.multiselect(key="m").value == []
    assert at.selectbox(key="s").placeholder == "Choose one"


def test_a_kept_id_no_longer_offered_gives_way_to_the_start(at):
    at.radio(key="r").set_value("b").run()
    at.selectbox(key="s").set_value("b").run()
    at.multiselect(key="m").set_value(["a", "b"]).run()
    at.checkbox(key="hide").check().run()
    at.checkbox(key="narrow").check().run()
    _switch(at, "en")
    at.checkbox(key="hide").uncheck().run()
    assert at.radio(key="r").value == "c"  # index 1 of what is offered now
    assert at.selectbox(key="s").value is None
    assert at.multiselect(key="m").value == ["a"]
