"""AppTest of the steward pages: sign-in, upload, report, commit, history, rollback."""

import pytest
from streamlit.testing.v1 import AppTest

from geodata.auth import add_user
from geodata.config import Settings
from geodata.i18n import t
from geodata.storage import open_store
from tests import broken_stores as broken
from tests import fixtures as fx
from tests.common import DASHBOARD

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
    _open(app, "pages/upload.py")
    assert app.text_input(key="upload_auth_name") is not None
    assert not app.get("file_uploader")
    assert app.info[0].value == t("auth.required", "zh", roles="数据管理员、系统管理员")


def test_wrong_password_is_refused(app):
    _open(app, "pages/upload.py")
    _sign_in(app, "upload_auth", "wang", "wrong password")
    assert app.error[0].value == "用户名或密码错误。"  # in the page's language
    assert not app.get("file_uploader")


def test_viewer_may_not_upload(app):
    _open(app, "pages/upload.py")
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
    _open(app, "pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    app.get("file_uploader")[0].set_value(
        ("学校.zip", upload.read_bytes(), "application/zip")
    ).run()
    assert not app.exception
    assert "科尔沁区第一少年军校" in app.text[0].value  # decoded-name preview
    assert app.success[0].value == t(
        "upload.summary", "zh", n=3, added=3, changed=0, removed=0, errors=0, warnings=0
    )
    app.text_input(key="upload_note").input("三所学校")
    app.button(key="upload_commit").click().run()
    assert not app.exception
    assert app.success[0].value.startswith("已提交")
    assert store.current_version("youth_schools") == before + 1
    assert store.count("youth_schools") == n_before + 3
    last = store.history("youth_schools")[-1]
    assert (last.author, last.file_name, last.note) == ("wang", "学校.zip", "三所学校")

    app.switch_page("pages/history.py").run()
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
    assert app.sidebar.caption[0].value == t(
        "auth.signed_in_as", "zh", name="wang", role=t("role.steward", "zh")
    )


def test_report_with_errors_blocks_commit(app, tmp_path):
    frame = fx.schools()
    frame.loc[1, "状态"] = "烂尾"  # not an allowed status
    upload = fx.shapefile_zip(tmp_path, frame)
    _open(app, "pages/upload.py")
    _sign_in(app, "upload_auth", "wang")
    app.selectbox(key="upload_layer").set_value("youth_schools").run()
    app.get("file_uploader")[0].set_value(
        ("bad.zip", upload.read_bytes(), "application/zip")
    ).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table.iloc[:, 0]) == [2]
    assert app.warning[0].value == t("upload.blocked", "zh")
    assert not [b for b in app.button if b.key == "upload_commit"]


def test_second_steward_is_told_the_layer_moved_on_and_can_reapply(
    app, store_env, tmp_path
):
    store = open_store(Settings(store=str(store_env)))
    _open(app, "pages/upload.py")
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
    _open(app, "pages/upload.py")
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
    _open(app, "pages/upload.py")
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
    app.switch_page("pages/history.py").run()
    assert not app.exception
    assert app.title[0].value == "Version history"
    _sign_in(app, "history_auth", "wang")
    app.selectbox(key="history_layer").set_value("youth_schools").run()
    assert "Version" in app.dataframe[0].value.columns
    assert "Signed in: wang (data steward)" in [c.value for c in app.sidebar.caption]
