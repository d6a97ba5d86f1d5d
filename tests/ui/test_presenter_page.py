"""AppTest of presenter mode: stepping through slides, notes, and the deck editor."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from geodata.config import Settings
from geodata.i18n import layer_title, t
from geodata.present.decks import load_deck
from geodata.storage import open_store
from tests.common import DASHBOARD, DEFAULT_DECK_TITLES_ZH, shown, signed_in
from tests.payloads import with_served_payloads


@pytest.fixture
def app(store_env) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.run()
    at.store_path = store_env
    return at


def presenter(at: AppTest, slide: str | None = None) -> AppTest:
    if slide is not None:
        at.query_params["slide"] = slide
    return at.switch_page("app_pages/presenter.py").run()


def test_steps_through_the_default_deck_forwards_and_back(app):
    at = presenter(app)
    seen = [at.title[0].value]
    for _ in range(6):
        at.button(key="presenter_next").click().run()
        assert not at.exception
        seen.append(at.title[0].value)
    assert seen == DEFAULT_DECK_TITLES_ZH
    assert at.query_params["slide"] == "7"
    assert at.button(key="presenter_next").disabled
    at.button(key="presenter_prev").click().run()
    assert at.title[0].value == DEFAULT_DECK_TITLES_ZH[5]
    assert at.query_params["slide"] == "6"


@pytest.mark.parametrize(
    ("param", "title"),
    [
        ("3", DEFAULT_DECK_TITLES_ZH[2]),
        ("99", DEFAULT_DECK_TITLES_ZH[6]),
        ("abc", DEFAULT_DECK_TITLES_ZH[0]),
    ],
)
def test_slide_number_comes_from_the_query_string(app, param, title):
    at = presenter(app, param)
    assert not at.exception
    assert at.title[0].value == title


def test_a_slide_shows_its_figures_with_sources(app):
    at = presenter(app, "3")
    assert [m.value for m in at.metric] == ["3 / 9 所"]
    assert len(at.get("progress")) == 8  # one bar per banner
    assert any("目前已建立3所" in c.value for c in at.caption)
    at.toggle(key="presenter_sources").set_value(False).run()
    assert not any("目前已建立3所" in c.value for c in at.caption)


def test_language_button_switches_slides_and_figures_to_english(app):
    at = presenter(app, "3")
    at.button(key="presenter_lang").click().run()
    assert not at.exception
    # the title is data: escaped Markdown, which renders as written
    assert at.title[0].value == r"Youth military schools\: built and planned"
    assert [m.value for m in at.metric] == ["3 of 9 schools"]


def test_notes_page_shows_notes_and_what_comes_next(app):
    app.query_params["slide"] = "2"
    at = app.switch_page("app_pages/presenter_notes.py").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "永久性双拥宣传标牌设在道路进出口" in text
    assert at.info[0].value == t(
        "presenter.next_up", "zh", title=DEFAULT_DECK_TITLES_ZH[2]
    )
    at.button(key="notes_next").click().run()
    assert at.title[0].value == DEFAULT_DECK_TITLES_ZH[2]


def test_deck_editor_asks_for_a_presenter_account(app):
    at = app.switch_page("app_pages/decks.py").run()
    assert not at.exception
    # presenters may edit decks, so the prompt names that role
    assert at.info[0].value == t(
        "auth.required", "zh", roles="演示者、数据管理员、系统管理员"
    )
    assert not [b for b in at.button if b.key and b.key.startswith("decks_up_")]


def editor(at: AppTest) -> AppTest:
    signed_in(at, at.store_path)
    return at.switch_page("app_pages/decks.py").run()


def click_label(at: AppTest, label: str) -> AppTest:
    (button,) = [b for b in at.button if b.label == label]
    return button.click().run()


def test_edits_in_the_editor_survive_a_restart(app, store_path):
    at = editor(app)
    assert not at.exception
    ids = [s.id for s in load_deck(open_store(Settings(store=str(store_path)))).slides]
    # reorder: the third slide up one place
    at.button(key=f"decks_up_{ids[2]}").click().run()
    # delete the last slide: it asks first; "keep" keeps it, "delete" deletes it
    at.button(key=f"decks_delete_{ids[6]}").click().run()
    assert "删除第 7 页" in at.warning[0].value
    at.button(key=f"decks_delete_no_{ids[6]}").click().run()
    assert len(load_deck(open_store(Settings(store=str(store_path)))).slides) == 7
    assert not at.warning
    at.button(key=f"decks_delete_{ids[6]}").click().run()
    at.button(key=f"decks_delete_yes_{ids[6]}").click().run()
    # edit the first slide's title and figures
    at.button(key=f"decks_edit_{ids[0]}").click().run()
    form = f"decks_form_{ids[0]}"
    at.text_input(key=f"{form}_title_zh").input("全市概览（修订）")
    at.multiselect(key=f"{form}_figures").set_value(["count:youth_schools"])
    click_label(at, t("decks.save", "zh"))
    # add a slide
    at.button(key="decks_add").click().run()
    assert not at.exception
    assert at.success[0].value == t("decks.saved", "zh")

    st.cache_resource.clear()  # a restart: nothing kept in the process
    deck = load_deck(open_store(Settings(store=str(store_path))))
    assert [s.id for s in deck.slides][:6] == [ids[0], ids[2], ids[1], *ids[3:6]]
    assert deck.slides[0].title_zh == "全市概览（修订）"
    assert deck.slides[0].figures == ("count:youth_schools",)
    assert deck.slides[-1].title_zh == t("decks.new_slide_title", "zh")
    assert len(deck.slides) == 7

    fresh = AppTest.from_file(DASHBOARD, default_timeout=60)
    fresh.run()
    at = presenter(fresh)
    assert at.title[0].value == "全市概览（修订）"
    assert [m.value for m in at.metric] == ["9 所"]


def test_choices_made_in_chinese_stay_chosen_in_english(app, store_path):
    at = editor(app)
    slide = load_deck(open_store(Settings(store=str(store_path)))).slides[0]
    at.button(key=f"decks_edit_{slide.id}").click().run()
    form = f"decks_form_{slide.id}"
    # a save refused (no title) leaves the choices in the form, not in the slide
    at.text_input(key=f"{form}_title_zh").input(" ")
    at.multiselect(key=f"{form}_layers").set_value(["youth_schools"])
    at.multiselect(key=f"{form}_banners").set_value(["奈曼旗"])
    click_label(at, t("decks.save", "zh"))
    assert [w.value for w in at.warning] == [t("decks.title_required", "zh")]
    at.radio(key="decks_handout_audience").set_value("internal").run()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert not at.exception
    layers = at.multiselect(key=f"{form}_layers")
    assert (layers.value, shown(layers)) == (
        ["youth_schools"],
        [layer_title("youth_schools", "en")],
    )
    assert at.multiselect(key=f"{form}_banners").value == ["奈曼旗"]
    audience = at.radio(key="decks_handout_audience")
    assert (audience.value, shown(audience)) == (
        "internal",
        t("display.audience.internal", "en"),
    )


def test_new_deck_then_delete_it(app, store_path):
    at = editor(app)
    at.text_input(key="decks_new_name").input("council")
    at.text_input(key="decks_new_title").input("联席会议")
    click_label(at, t("decks.create", "zh"))
    assert not at.exception
    assert at.selectbox(key="decks_choice").value == "council"
    at.checkbox(key="decks_confirm_delete").check().run()
    at.button(key="decks_delete_deck").click().run()
    assert not at.exception
    store = open_store(Settings(store=str(store_path)))
    assert [d.key for d in store.list_documents("deck")] == ["tongliao"]
    from geodata.audit import read_audit

    changes = read_audit(store, action="deck_change")
    assert [e.detail for e in changes] == ["delete council", "create council"]
    assert {e.who for e in changes} == {"wang"}


def test_a_bad_deck_name_is_refused_with_a_message(app):
    at = editor(app)
    at.text_input(key="decks_new_name").input("../x")
    click_label(at, t("decks.create", "zh"))
    assert not at.exception
    assert "不可用" in at.error[0].value  # in the page's language


def test_deck_page_makes_the_pdf_handout(app):
    at = editor(app)
    at.button(key="decks_make_handout").click().run()
    assert not at.exception
    (download,) = at.get("download_button")
    assert download.proto.label == t("decks.handout", "zh")
    at.button(key="decks_make_pngs").click().run()
    assert not at.exception
    (download,) = at.get("download_button")
    assert download.proto.label == t("decks.pngs", "zh")


SAVE_VIEW_SCRIPT = """
from geodata.ui.auth import refresh_user
from geodata.ui.decks import save_view_control
from geodata.ui.resources import get_store
from geodata.view import MapView

refresh_user()  # as the router does on every run
view = MapView(layers=("flood_sites",), banners=("科尔沁区",))
save_view_control(get_store(), view, "zh")
"""


def test_save_current_map_as_a_slide(app, store_path):
    # the control as the planner map calls it, with that page's view
    at = AppTest.from_string(SAVE_VIEW_SCRIPT, default_timeout=60)
    at.run()
    assert at.caption[0].value == t("decks.save_view_sign_in", "zh")
    signed_in(at, store_path)
    at.run()
    at.text_input(key="save_view_title").input("科尔沁区防汛")
    click_label(at, t("decks.save_view_button", "zh"))
    assert not at.exception
    assert "第 8 页" in at.success[0].value
    slide = load_deck(open_store(Settings(store=str(store_path)))).slides[-1]
    assert slide.title_zh == "科尔沁区防汛"
    assert slide.view.layers == ("flood_sites",)
    assert slide.view.banners == ("科尔沁区",)
    assert slide.view.zoom == 7  # no centre on the map: the whole city


def test_autoplay_offers_an_interval(app):
    # The timer itself runs in the browser (tests/test_e2e_presenter.py).
    at = presenter(app)
    at.toggle(key="presenter_autoplay").set_value(True).run()
    assert not at.exception
    assert at.number_input(key="presenter_interval").value == 20


def test_planner_map_saves_its_view_as_a_slide(store_env, store_path):
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.query_params["banner"] = "奈曼旗"
    signed_in(at, store_path)
    at.run()
    at.text_input(key="save_view_title").input("奈曼旗一览")
    click_label(at, t("decks.save_view_button", "zh"))
    assert not at.exception
    slide = load_deck(open_store(Settings(store=str(store_path)))).slides[-1]
    assert (slide.title_zh, slide.view.banners) == ("奈曼旗一览", ("奈曼旗",))


def _payload(at: AppTest) -> str:
    """Every string the page's map components send to the browser."""
    import json

    def strings(value) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    parts = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    # the layers' data is fetched by the page from the app's static folder
    return with_served_payloads("\n".join(strings(parts)), Path(DASHBOARD).parent)


def test_a_slide_an_internal_user_saved_shows_the_public_its_public_version(
    store_env, store_path, store
):
    import json

    from tests.leaks import (
        exact_hits,
        features_at,
        internal_only,
        metres_between,
        positions_in_text,
        readable,
        spellings,
        vertices,
    )

    saver = AppTest.from_file(DASHBOARD, default_timeout=60)
    saver.query_params["layers"] = "service_sites,partner_villages"
    signed_in(saver, store_path, role="steward").run()
    saver.text_input(key="save_view_title").input("军地服务站点")
    click_label(saver, t("decks.save_view_button", "zh"))
    assert not saver.exception
    number = str(len(load_deck(store).slides))
    restricted = features_at(store, "restricted")
    internal = features_at(store, "internal")
    internal = internal[internal.layer.isin(("service_sites", "partner_villages"))]
    for audience in ("public", "internal"):
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        if audience == "internal":
            signed_in(at, store_path, name="li", role="viewer")
        at.run()
        at = presenter(at, number)
        assert not at.exception
        assert at.title[0].value == "军地服务站点"
        payload = _payload(at)
        # the map's notice, as the script spells it (JSON escapes)
        assert (json.dumps("内部资料")[1:-1] in payload) is (audience == "internal")
        assert json.dumps("示意图，不作为权属争议和划界依据")[1:-1] in payload
        found = positions_in_text(payload)
        text = readable(payload)
        names = [s for n in restricted.name for s in spellings(n) if s in text]
        if audience == "public":
            assert (metres_between(found, vertices(restricted)) >= 500).all()
            assert not exact_hits(found, internal_only(store)).any()
            assert names == []
        else:
            assert exact_hits(found, vertices(restricted)).all()
            assert exact_hits(found, vertices(internal)).all()
            assert names


SAVE_SEEN_SCRIPT = """
from geodata.ui import map_state
from geodata.ui.auth import refresh_user
from geodata.ui.decks import save_view_control
from geodata.ui.resources import get_store
from geodata.view import MapView

# what the planner's map reports after a pan and a zoom
result = {
    "center": {"lat": 43.61, "lng": 122.27},
    "zoom": 10,
    "bounds": {
        "_southWest": {"lat": 43.4, "lng": 121.9},
        "_northEast": {"lat": 43.8, "lng": 122.6},
    },
}
refresh_user()  # as the router does on every run
view = map_state.follow_map(MapView(layers=("flood_sites",)), result)
save_view_control(get_store(), view, "zh")
"""


def test_a_slide_saved_from_the_map_keeps_what_the_planner_saw(app, store_path):
    at = AppTest.from_string(SAVE_SEEN_SCRIPT, default_timeout=60)
    signed_in(at, store_path)
    at.run()
    at.text_input(key="save_view_title").input("科尔沁区")
    click_label(at, t("decks.save_view_button", "zh"))
    assert not at.exception
    slide = load_deck(open_store(Settings(store=str(store_path)))).slides[-1]
    assert (slide.view.center, slide.view.zoom) == ((43.61, 122.27), 10)
    assert slide.view.extent == (121.9, 43.4, 122.6, 43.8)  # fitted on any screen
