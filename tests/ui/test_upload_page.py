"""AppTest of the steward pages: sign-in, upload, report, commit, history, rollback."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from geodata.auth import add_user
from geodata.config import Settings
from geodata.i18n import layer_title, t
from geodata.storage import open_store
from geodata.ui.text import escape_markdown
from tests import broken_stores as broken
from tests import fixtures as fx
from tests.common import DASHBOARD, shown

pytestmark = pytest.mark.backends

PASSWORD = "correct horse"


@pytest.fixture
def app(store_env) -> AppTest:
    store = open_store(Settings(store=str(store_env)))
    add_user(store, "wang", PASSWORD, "steward")
    add_user(store, "zhao", PASSWORD, "viewer")
    return AppTest.from_file(DASHBOARD, default_timeout=60)


def _open(app: AppTest, page: str) -> AppTest:
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    return app


def _sign_in(app: AppTest, prefix: str, name: str, password: str = PASSWORD) -> AppTest:
    app.text_input(key=f"{prefix}_name").input(name)
    app.text_input(key=f"{prefix}_password").input(password)
    app.button(key=f"{prefix}_submit").click().run()
    assert not app.exception
    return app


def test_upload_page_asks_for_sign_in_without_a_session(app):
    _open(app, "app_pages/upload.py")
    assert app.text_input(key="upload_auth_name") is not None
    assert not app.get("file_uploader")
    assert app.info[0].value == t("auth.required", "zh", roles="数据管理员、系统管理员")


def test_wrong_password_is_refused(app):
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang", "wrong password")
    assert app.error[0].value == "用户名或密码错误。"  # in the page's language
    assert not app.get("file_uploader")


def test_viewer_may_not_upload(app):
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "zhao")
    assert app.warning[0].value == t(
        "auth.forbidden", "zh", name="zhao", role=t("role.viewer", "zh")
    )
    assert "viewer" not in app.warning[0].value
    assert not app.get("file_uploader")


def test_steward_uploads_reads_report_commits_and_rolls_back(app, store_env, tmp_path):
    store = open_store(Settings(store=str(store_env)))
    before = store.current_version("youth_schools")
    n_before = store.count("youth_schools")
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    app.get("file_uploader")[0].set_value(
        ("学校.zip", upload.read_bytes(), "application/zip")
    ).run()
    assert not app.exception
    assert "科尔沁区第一少年军校" in app.text[0].value  # decoded-name preview
    assert app.success[0].value == t(
        "upload.summary",
        "zh",
        n=3,
        added=3,
        changed=0,
        unchanged=0,
        removed=0,
        errors=0,
        warnings=0,
    )
    app.text_input(key="upload_note").input("三所学校")
    app.button(key="upload_commit").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("已提交")
    assert store.current_version("youth_schools") == before + 1
    assert store.count("youth_schools") == n_before + 3
    last = store.history("youth_schools")[-1]
    assert (last.author, last.file_name, last.note) == ("wang", "学校.zip", "三所学校")

    app.switch_page("app_pages/history.py").run()
    assert not app.exception
    app.selectbox(key="history_layer").set_value("youth_schools").run()
    assert len(app.dataframe[0].value) == before + 1
    app.selectbox(key="history_to").set_value(before).run()
    app.checkbox(key="history_confirm").check().run()
    app.button(key="history_rollback").click().run()
    assert not app.exception
    assert store.current_version("youth_schools") == before + 2
    assert store.count("youth_schools") == n_before
    assert store.history("youth_schools")[-1].rolled_back_to == before
    # the log speaks the reader's language: modes, and the rollback's own note
    table = app.dataframe[0].value
    newest = table.iloc[0]
    assert newest[t("history.mode", "zh")] == t("upload.mode.rollback", "zh")
    assert newest[t("history.note", "zh")] == t(
        "history.rollback_note", "zh", to=before
    )
    assert table.iloc[1][t("history.mode", "zh")] == t("upload.mode.append", "zh")
    # local time with its zone named, and the confirm box asks again next time
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d \((.+, )?UTC[+-]\d\d:\d\d\)",
        newest[t("history.created_at", "zh")],
    )
    assert app.checkbox(key="history_confirm").value is False
    assert app.sidebar.caption[0].value == t(
        "auth.signed_in_as", "zh", name="wang", role=t("role.steward", "zh")
    )


def _upload(app, tmp_path, layer, name, data):
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value(layer).run()
    app.get("file_uploader")[0].set_value((name, data, "application/zip")).run()
    assert not app.exception
    return app


def test_a_file_nothing_of_which_can_go_in_blocks_the_commit(app, tmp_path):
    far = fx.schools(lonlat=[(116.4, 39.9), (116.5, 39.9), (116.6, 39.9)])
    upload = fx.shapefile_zip(tmp_path, far)  # every school in Beijing
    _upload(app, tmp_path, "youth_schools", "far.zip", upload.read_bytes())
    table = app.dataframe[0].value
    assert "all_outside_city" in list(table[t("report.code", "zh")])
    assert app.warning[0].value == t("upload.blocked", "zh")
    keys = {b.key for b in app.button}
    assert "upload_commit" not in keys and "upload_commit_skip" not in keys


def test_rows_with_errors_can_be_skipped_with_one_button_naming_both_counts(
    app, store_env, tmp_path
):
    store = open_store(Settings(store=str(store_env)))
    n_before = store.count("youth_schools")
    frame = fx.schools()
    frame.loc[1, "名称"] = None  # one school without a name
    upload = fx.shapefile_zip(tmp_path, frame)
    _upload(app, tmp_path, "youth_schools", "bad.zip", upload.read_bytes())
    table = app.dataframe[0].value
    assert list(table.iloc[:, 0]) == [2]
    assert app.warning[0].value == t("upload.blocked", "zh")
    assert not [b for b in app.button if b.key == "upload_commit"]
    skip = app.button(key="upload_commit_skip")
    assert skip.label == t("upload.commit_skip", "zh", valid=2, skipped=1)
    skip.click().run()
    assert not app.exception
    assert app.success[0].value.startswith("已提交")
    assert "跳过 1 行：required_missing 1" in app.success[0].value
    assert store.count("youth_schools") == n_before + 2
    last = store.history("youth_schools")[-1]
    assert (last.added, last.skipped, last.skipped_reasons) == (
        2,
        1,
        "required_missing:1",
    )
    app.switch_page("app_pages/history.py").run()
    app.selectbox(key="history_layer").set_value("youth_schools").run()
    newest = app.dataframe[0].value.iloc[0]
    assert newest[t("history.skipped", "zh")] == "1 (required_missing 1)"


def test_a_value_outside_the_list_is_mapped_or_kept_on_the_page(
    app, store_env, tmp_path
):
    store = open_store(Settings(store=str(store_env)))
    frame = fx.schools()
    frame["类型"] = ["道路进出口", "宣传牌", "宣传牌"]
    upload = fx.shapefile_zip(tmp_path, frame)
    _upload(app, tmp_path, "signage", "boards.zip", upload.read_bytes())
    assert app.success[0].value.startswith("3 个要素")  # a warning, not an error
    assert app.subheader[0].value == t("upload.values", "zh")
    pick = next(s for s in app.selectbox if s.key.startswith("upload_value_"))
    assert pick.label == t(
        "upload.value_label", "zh", field="设置位置", value="宣传牌", count=2
    )
    assert pick.value == "" and "主要街道" in pick.options  # labels of the list
    pick.set_value("street").run()
    assert not app.exception
    codes = list(app.dataframe[-1].value[t("report.code", "zh")])
    assert "value_kept" not in codes  # mapped: nothing kept outside the list
    app.button(key="upload_commit").click().run()
    assert app.success[0].value.startswith("已提交")
    stored = store.read_layer("signage")
    assert sorted(stored["site_type"].tail(3)) == ["road_entrance", "street", "street"]


def test_update_by_id_shows_each_changed_value_before_the_commit(
    app, store_env, tmp_path
):
    import json

    from geodata.export import to_bytes

    store = open_store(Settings(store=str(store_env)))
    layer = store.read_layer("youth_schools")
    data = json.loads(to_bytes(layer, "geojson", "youth_schools"))
    old = data["features"][2]["properties"]["name"]
    data["features"][2]["properties"]["name"] = "新的校名"
    body = json.dumps(data, ensure_ascii=False).encode()
    _upload(app, tmp_path, "youth_schools", "schools.geojson", body)
    app.radio(key="upload_mode").set_value("update").run()
    assert not app.exception
    assert app.success[0].value == t(
        "upload.summary",
        "zh",
        n=len(layer),
        added=0,
        changed=1,
        unchanged=len(layer) - 1,
        removed=0,
        errors=0,
        warnings=0,
    )
    changes = app.dataframe[0].value  # shown before the issues
    assert changes.values.tolist() == [
        [3, layer["feature_id"][2], "名称 (name)", old, "新的校名"]
    ]
    app.button(key="upload_commit").click().run()
    last = store.history("youth_schools")[-1]
    assert (last.added, last.changed, last.removed) == (0, 1, 0)
    names = dict(store.read_layer("youth_schools")[["feature_id", "name"]].values)
    assert names[layer["feature_id"][2]] == "新的校名"


def test_the_same_content_again_has_nothing_to_commit(app, store_env, tmp_path):
    from geodata.export import to_bytes

    store = open_store(Settings(store=str(store_env)))
    body = to_bytes(store.read_layer("youth_schools"), "shp", "youth_schools")
    _upload(app, tmp_path, "youth_schools", "schools.zip", body)
    app.radio(key="upload_mode").set_value("update").run()
    assert app.info[-1].value == t("upload.nothing_to_commit", "zh")
    assert not [b for b in app.button if b.key == "upload_commit"]


def test_the_upload_limit_is_the_one_the_setting_names(app, monkeypatch):
    from streamlit import config as st_config

    monkeypatch.setenv("GEODATA_MAX_UPLOAD_MB", "350")
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    assert app.get("file_uploader")[0].proto.max_upload_size_mb == 350
    # the server's own limit follows, or it would refuse what the page allows
    assert st_config.get_option("server.maxUploadSize") == 350


def test_second_steward_is_told_the_layer_moved_on_and_can_reapply(
    app, store_env, tmp_path
):
    store = open_store(Settings(store=str(store_env)))
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    upload = fx.shapefile_zip(tmp_path / "mine")
    app.get("file_uploader")[0].set_value(
        ("mine.zip", upload.read_bytes(), "application/zip")
    ).run()
    # Meanwhile another steward commits to the same layer.
    from geodata.ingest import commit, prepare

    other = prepare(store, fx.geojson(tmp_path), "youth_schools")
    commit(store, other, author="li")
    moved_to = store.current_version("youth_schools")
    app.button(key="upload_commit").click().run()
    assert not app.exception
    assert f"已更新到版本 {moved_to}" in app.error[0].value  # in the page's language
    assert store.current_version("youth_schools") == moved_to  # nothing written
    app.button(key="upload_commit").click().run()  # re-apply on the fresh report
    assert app.success[0].value.startswith("已提交")
    assert store.current_version("youth_schools") == moved_to + 1
    assert store.history("youth_schools")[-1].author == "wang"


def test_a_locked_store_is_a_message_naming_the_layer(app, store_env, tmp_path):
    store = open_store(Settings(store=str(store_env)))
    before = store.current_version("youth_schools")
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    upload = fx.shapefile_zip(tmp_path)
    app.get("file_uploader")[0].set_value(
        ("mine.zip", upload.read_bytes(), "application/zip")
    ).run()
    with broken.write_lock(store_env):  # another steward's commit in progress
        app.button(key="upload_commit").click().run()
    assert not app.exception
    assert "另一位数据管理员正在" in app.error[0].value
    assert "少年军校" in app.error[0].value
    assert store.current_version("youth_schools") == before
    app.button(key="upload_commit").click().run()  # the lock is gone: try again
    assert app.success[0].value.startswith("已提交")


def test_file_without_crs_waits_for_the_steward_to_confirm_a_zone(app, tmp_path):
    upload = fx.shapefile_zip(tmp_path, fx.schools(4528), prj=False)
    _open(app, "app_pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    app.get("file_uploader")[0].set_value(
        ("gk.zip", upload.read_bytes(), "application/zip")
    ).run()
    assert not app.exception
    assert app.warning[0].value == t("upload.crs_help", "zh")
    pick = app.selectbox(key="upload_crs_pick")
    assert pick.value is None and pick.options[0].startswith("EPSG:4528")
    assert not [b for b in app.button if b.key == "upload_commit"]  # nothing guessed
    pick.set_value("EPSG:4528").run()
    assert not app.exception
    assert app.success[0].value.startswith("3 个要素")
    assert app.button(key="upload_commit") is not None


def test_steward_pages_in_english(app):
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    app.switch_page("app_pages/history.py").run()
    assert not app.exception
    assert app.title[0].value == "Version history"
    _sign_in(app, "history_auth", "wang")
    app.selectbox(key="history_layer").set_value("youth_schools").run()
    assert "Version" in app.dataframe[0].value.columns
    # (AppTest drops the router's sidebar elements once the language radio has
    # changed, so the signed-in caption is checked in test_sign_in_... instead.)
    assert app.session_state["auth_user"]["name"] == "wang"


def test_switching_language_keeps_the_choices_made(app, tmp_path):
    frame = fx.schools()
    frame["类型"] = ["道路进出口", "宣传牌", "宣传牌"]
    upload = fx.shapefile_zip(tmp_path, frame)
    _upload(app, tmp_path, "signage", "boards.zip", upload.read_bytes())
    app.radio(key="upload_mode").set_value("replace").run()
    app.selectbox(key="upload_encoding").set_value("UTF-8").run()
    pick = next(s for s in app.selectbox if s.key.startswith("upload_value_"))
    pick.set_value("residential").run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.radio(key="upload_mode").value == "replace"
    assert app.selectbox(key="upload_encoding").value == "UTF-8"
    layer = app.selectbox(key="upload_layer")
    assert (layer.value, layer.format_func("signage")) == (
        "signage",
        "Permanent double-support boards",
    )
    pick = app.selectbox(key=pick.key)
    assert pick.value == "residential"
    assert pick.label == escape_markdown("Placement: '宣传牌' (2 features)")


def test_the_history_layer_chosen_in_chinese_stays_chosen_in_english(app):
    _open(app, "app_pages/history.py")
    _sign_in(app, "history_auth", "wang")
    app.selectbox(key="history_layer").set_value("youth_schools").run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    layer = app.selectbox(key="history_layer")
    assert layer.value == "youth_schools"
    assert shown(layer) == layer_title("youth_schools", "en")
    assert "Version" in app.dataframe[0].value.columns


def _codes_on_page(app):
    return set(app.dataframe[-1].value[t("report.code", "zh")])


def test_a_surveyors_table_is_offered_the_swap_first(app, tmp_path):
    upload = fx.surveyor_csv(tmp_path)
    _upload(app, tmp_path, "youth_schools", "测量成果.csv", upload.read_bytes())
    pick = app.selectbox(key="upload_crs_pick")
    assert pick.options[0].endswith(t("upload.crs.swap", "zh"))
    assert pick.options[0].startswith("EPSG:4528")
    pick.set_value("EPSG:4528 swap").run()
    assert not app.exception
    assert app.success[0].value.startswith("3 个要素")
    assert app.button(key="upload_commit") is not None


def test_a_windows_zip_lists_its_members_by_their_real_names(app, tmp_path):
    a = fx.write_shapefile(tmp_path / "a", fx.schools(), stem="学校")
    b = fx.write_shapefile(tmp_path / "b", fx.schools(), stem="标牌")
    upload = fx.windows_zip(
        tmp_path / "两个.zip", {**fx.shapefile_members(a), **fx.shapefile_members(b)}
    )
    _upload(app, tmp_path, "youth_schools", "两个.zip", upload.read_bytes())
    member = app.selectbox(key="upload_member")
    assert sorted(member.options) == ["学校.shp", "标牌.shp"]
    member.set_value("标牌.shp").run()
    assert not app.exception
    assert app.success[0].value.startswith("3 个要素")


def test_big5_chosen_for_a_gbk_file_names_the_encoding_that_reads_clean(
    app, store_env, tmp_path
):
    store = open_store(Settings(store=str(store_env)))
    before = store.current_version("youth_schools")
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    _upload(app, tmp_path, "youth_schools", "学校.zip", upload.read_bytes())
    app.selectbox(key="upload_encoding").set_value("BIG5").run()
    assert not app.exception
    assert "GB18030" in app.error[0].value
    assert not [b for b in app.button if b.key == "upload_commit"]
    assert store.current_version("youth_schools") == before


def test_datav_boundaries_and_a_gcj02_name_on_the_page(app, store_env, tmp_path):
    from geodata.coords import wgs84_to_gcj02

    store = open_store(Settings(store=str(store_env)))
    datav = fx.datav_geojson(tmp_path, fx.admin_areas(store))
    _upload(app, tmp_path, "admin_areas", "100000_full.json", datav.read_bytes())
    app.radio(key="upload_mode").set_value("replace").run()
    assert not app.exception
    assert app.success[0].value.startswith("8 个要素")
    shifted = fx.schools(lonlat=[wgs84_to_gcj02(a, b) for a, b in fx.SCHOOL_LONLAT])
    upload = fx.shapefile_zip(tmp_path / "g", shifted)
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    app.get("file_uploader")[0].set_value(
        ("学校_gcj02.zip", upload.read_bytes(), "application/zip")
    ).run()
    assert not app.exception
    assert "gcj02_in_file" in _codes_on_page(app)
    app.selectbox(key="upload_crs").set_value("gcj02").run()
    assert "gcj02_in_file" not in _codes_on_page(app)
