"""AppTest of the analysis page end to end: question, answer, URL, slide."""

import pytest
from streamlit.testing.v1 import AppTest

import shapely

from geodata.config import Settings
from geodata.i18n import t
from geodata.present.decks import load_deck
from geodata.storage import open_store
from tests.common import DASHBOARD, signed_in

pytestmark = pytest.mark.backends


def _params(at: AppTest) -> dict[str, str]:
    return {
        k: v[0] if isinstance(v, list) else v
        for k, v in ((k, at.query_params[k]) for k in at.query_params)
    }


def analysis(at: AppTest, **params: str) -> AppTest:
    if "lang" in params:
        at.query_params["lang"] = params["lang"]  # read once, on the first run
    at.run()  # the map page first (the default): it rewrites the URL as its own
    at.query_params.clear()
    for key, value in params.items():
        at.query_params[key] = value
    return at.switch_page("app_pages/analysis.py").run()


@pytest.fixture
def app(store_env) -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=90)


def _metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_default_question_partner_villages_and_built_schools(app, store_path):
    at = analysis(signed_in(app, store_path, role="viewer"))
    assert not at.exception
    assert at.title[0].value == t("analysis.heading", "zh")
    assert _metrics(at)["20 公里内的地点（75%）"] == "3 / 4"
    assert any("直线距离" in c.value for c in at.caption)  # said plainly
    assert any("帮扶村（第 1 版，4 个）" in c.value for c in at.caption)  # the source
    table = at.dataframe[0].value
    assert table["名称"].tolist()[0] == "北大营子村"  # the farthest leads
    assert table["距离（公里）"].tolist()[0] == pytest.approx(21.55, abs=0.01)
    assert table["已覆盖"].tolist() == [False, True, True, True]
    labels = [d.proto.label for d in at.get("download_button")]
    assert labels == ["下载 CSV", "下载 XLSX", "下载 PNG"]
    assert any(c.value.startswith("内部资料") for c in at.caption)


def test_the_public_reads_villages_coarsened_and_the_schematic_notice(app):
    # Partner villages are internal: the public's answer is computed from their
    # positions snapped to the ~1 km grid, and says the map is a schematic.
    from geodata.display import snap_to_grid

    at = analysis(app)
    assert not at.exception
    table = at.dataframe[0].value
    assert table["名称"].tolist()[0] == "北大营子村"
    assert table["距离（公里）"].tolist()[0] != pytest.approx(21.55, abs=0.01)
    points = shapely.points(
        table["经度"].to_numpy(float), table["纬度"].to_numpy(float)
    )
    assert shapely.equals(snap_to_grid(points), points).all()
    assert any(c.value.startswith("示意图") for c in at.caption)
    assert not any("内部资料" in c.value for c in at.caption)


def test_widgets_change_the_answer_and_the_url(app):
    at = analysis(app)
    at.sidebar.number_input(key="analysis_radius").set_value(25.0).run()
    assert not at.exception
    assert _metrics(at)["25 公里内的地点（100%）"] == "4 / 4"
    assert _params(at)["within"] == "25"
    at.sidebar.selectbox(key="analysis_places").set_value("signage").run()
    at.sidebar.multiselect(key="analysis_candidates").set_value(["planned", "seats"])
    at.run()
    metrics = list(at.metric)
    assert metrics[0].label.startswith("25 公里内的地点")
    assert metrics[0].value.endswith("/ 45")  # boards near the 3 built schools
    assert metrics[1].label.startswith("新增 3 处新址后")
    assert int(metrics[1].value.split(" / ")[0]) > int(metrics[0].value.split(" / ")[0])
    assert _params(at) | {} == {
        "places": "signage",
        "within": "25",
        "cand": "planned,seats",
    }


def test_a_link_reopens_the_same_analysis_in_english(app):
    at = analysis(
        app,
        lang="en",
        places="signage",
        within="15",
        view="sites",
        k="2",
        banner="奈曼旗,库伦旗",
    )
    assert not at.exception
    assert at.sidebar.selectbox(key="analysis_places").value == "signage"
    assert at.sidebar.number_input(key="analysis_radius").value == 15.0
    assert at.sidebar.multiselect(key="analysis_banners").value == [
        "奈曼旗",
        "库伦旗",
    ]
    assert at.radio(key="analysis_section").value == "sites"
    assert any(label.startswith("Places within 15 km") for label in _metrics(at))
    sites = at.dataframe[0].value
    assert sites["Step"].tolist()[:2] == ["1", "2"]
    assert set(sites["Kind"]) == {"Uncounted facility"}


def test_no_facility_counted_offers_counting_every_status(app):
    # service sites record no status: "built only" (the default) counts none
    at = analysis(app, lang="en", places="signage", facilities="service_sites")
    assert not at.exception
    assert [w.value for w in at.warning] == [t("analysis.no_facilities", "en")]
    before = _metrics(at)
    at.button(key="analysis_every_status").click().run()
    assert not at.exception and not at.warning
    assert at.sidebar.multiselect(key="analysis_statuses").value == []
    assert _params(at)["status"] == "all"
    assert _metrics(at) != before  # the sites now cover places
    assert "analysis_every_status" not in [b.key for b in at.button]


def test_every_section_in_both_languages(app):
    at = analysis(app)
    for lang in ("zh", "en"):
        at.sidebar.radio(key="lang").set_value(lang).run()
        for section in ("coverage", "sites", "scorecard", "progress"):
            at.radio(key="analysis_section").set_value(section).run()
            assert not at.exception, (lang, section)
    card = at.dataframe[0].value  # English, progress shown last
    assert list(card.columns)[:2] == ["Year", "Built that year"]
    assert any("Built 3 of a target of 9 (33%)" in c.value for c in at.caption)
    assert len(at.get("vega_lite_chart")) == 2
    at.radio(key="analysis_section").set_value("scorecard").run()
    card = at.dataframe[0].value
    assert card["Banner / county"].tolist()[-1] == "Tongliao (total)"
    assert card["Count"].tolist()[-1] == 9 and card["Built"].tolist()[-1] == 3


def test_a_language_switch_keeps_every_choice(app):
    at = analysis(app, places="signage", within="15", view="sites", banner="奈曼旗")
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert at.sidebar.selectbox(key="analysis_places").value == "signage"
    assert at.sidebar.selectbox(key="analysis_places").format_func("signage") == (
        "Permanent double-support boards"
    )
    assert at.sidebar.number_input(key="analysis_radius").value == 15.0
    assert at.sidebar.multiselect(key="analysis_banners").value == ["奈曼旗"]
    assert at.radio(key="analysis_section").value == "sites"
    assert _params(at)["lang"] == "en" and _params(at)["view"] == "sites"
    at.sidebar.number_input(key="analysis_radius").set_value(30.0).run()
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert at.sidebar.number_input(key="analysis_radius").value == 30.0
    assert at.radio(key="analysis_section").value == "sites"


def test_typed_points_become_candidates_and_bad_ones_are_explained(app):
    at = analysis(app, places="signage", view="sites")
    at.sidebar.multiselect(key="analysis_candidates").set_value([])
    at.sidebar.text_area(key="analysis_points").input("119.62,45.49")
    at.sidebar.number_input(key="analysis_k").set_value(1).run()
    assert not at.exception
    assert _metrics(at)["新增 1 处新址后（42%）"] == "19 / 45"
    assert "119.62000,45.49000" in _params(at)["pts"]
    at.sidebar.text_area(key="analysis_points").input("45.49,119.62").run()
    assert not at.exception
    assert "先写经度" in at.sidebar.error[0].value  # in the page's language


def test_the_same_layer_twice_is_a_message_not_a_traceback(app):
    at = analysis(app)
    at.sidebar.selectbox(key="analysis_facilities").set_value("partner_villages").run()
    assert not at.exception
    assert "两个不同的图层" in at.error[0].value


def test_saved_as_a_slide_the_presenter_shows_the_analysis(app, store_path):
    at = analysis(signed_in(app, store_path), places="signage", within="30", k="2")
    at.text_input(key="save_view_title").input("标牌覆盖")
    (button,) = [b for b in at.button if b.label == t("decks.save_view_button", "zh")]
    button.click().run()
    assert not at.exception
    deck = load_deck(open_store(Settings(store=str(store_path))))
    slide = deck.slides[-1]
    assert dict(slide.analysis) == {"places": "signage", "within": "30", "k": "2"}
    at.query_params["slide"] = str(len(deck.slides))
    at = at.switch_page("app_pages/presenter.py").run()
    assert not at.exception
    assert at.title[0].value == "标牌覆盖"
    assert any(label.startswith("30 公里内的地点") for label in _metrics(at))
    # the deck editor keeps the analysis when the slide's title is edited
    at = at.switch_page("app_pages/decks.py").run()
    at.button(key=f"decks_edit_{slide.id}").click().run()
    at.text_input(key=f"decks_form_{slide.id}_title_zh").input("标牌覆盖（修订）")
    (save,) = [b for b in at.button if b.label == t("decks.save", "zh")]
    save.click().run()
    edited = load_deck(open_store(Settings(store=str(store_path)))).slides[-1]
    assert edited.title_zh == "标牌覆盖（修订）" and edited.analysis == slide.analysis
