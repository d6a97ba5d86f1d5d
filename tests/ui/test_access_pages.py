"""AppTest of who sees what: audiences on the map, sessions re-checked, admin pages."""

import pytest
from streamlit.testing.v1 import AppTest

from geodata.audit import read_audit
from geodata.auth import add_user, delete_user, get_user, start_session
from geodata.i18n import banner_label, t
from tests.common import DASHBOARD, shown, signed_in


@pytest.fixture
def app(store_env) -> AppTest:
    return AppTest.from_file(DASHBOARD, default_timeout=60)


def _texts(at: AppTest) -> str:
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning)]
    parts += [str(d.value.to_dict()) for d in at.dataframe]
    parts += [str(t_.value.to_dict()) for t_ in at.table]
    return "\n".join(map(str, parts))


def test_the_public_map_counts_restricted_sites_but_names_none(app):
    app.run()
    assert not app.exception
    text = _texts(app)
    assert t("display.withheld_caption", "zh", n=10) in text
    assert "通辽军供站" not in text and "武装部（应急物资器材）" not in text
    assert t("display.notice.schematic", "zh") in text


def test_a_viewer_sees_the_internal_map_and_its_notice(app, store_path):
    signed_in(app, store_path, role="viewer").run()
    text = _texts(app)
    assert t("display.withheld_caption", "zh", n=10) not in text
    assert text.count("内部资料") >= 1


def test_a_steward_is_told_what_the_public_does_not_see(app, store_path):
    signed_in(app, store_path, role="steward").run()
    assert not app.exception
    assert t("display.hidden_caption", "zh", restricted=10, internal=24) in _texts(app)


def test_a_removed_account_is_signed_out_on_its_next_request(app, store_path, store):
    signed_in(app, store_path, name="wang", role="steward")
    app.run()
    app.switch_page("app_pages/upload.py").run()
    assert app.get("file_uploader")
    delete_user(store, "wang")
    app.run()
    assert not app.get("file_uploader")
    assert app.text_input(key="upload_auth_name") is not None
    assert t("error.auth.session_ended", "zh") in [i.value for i in app.sidebar.info]


def test_a_demoted_account_loses_the_page_at_once(app, store_path, store):
    from geodata.auth import update_user

    signed_in(app, store_path, name="wang", role="steward")
    app.run()
    app.switch_page("app_pages/upload.py").run()
    update_user(store, "wang", role="viewer")
    app.run()
    assert not app.get("file_uploader")


def test_a_made_up_session_id_is_nobody(app):
    app.session_state["auth_session"] = "not-a-session"
    app.session_state["auth_user"] = {"name": "boss", "role": "admin"}
    app.run()
    app.switch_page("app_pages/upload.py").run()
    assert not app.get("file_uploader")
    assert "auth_user" not in app.session_state


def test_failed_and_good_sign_ins_are_audited(app, store):
    add_user(store, "wang", "correct horse", "steward")
    app.run()
    app.switch_page("app_pages/upload.py").run()
    for password in ("wrong password", "correct horse"):
        app.text_input(key="upload_auth_name").input("wang")
        app.text_input(key="upload_auth_password").input(password)
        app.button(key="upload_auth_submit").click().run()
    actions = [(e.action, e.who) for e in read_audit(store)]
    assert actions[:2] == [("sign_in", "wang"), ("sign_in_failed", "wang")]


def test_admins_manage_accounts_on_a_page(app, store_path, store):
    signed_in(app, store_path, name="root", role="admin")
    app.run()
    app.switch_page("app_pages/accounts.py").run()
    assert not app.exception
    app.text_input(key="accounts_add_name").input("naiman")
    app.selectbox(key="accounts_add_role").set_value("steward")
    app.multiselect(key="accounts_add_banners").set_value(["奈曼旗"])
    app.text_input(key="accounts_add_password").input("correct horse")
    (button,) = [b for b in app.button if b.label == t("accounts.add", "zh")]
    button.click().run()
    assert not app.exception
    assert get_user(store, "naiman").banners == ("奈曼旗",)
    session = start_session(store, "naiman", "steward")
    app.selectbox(key="accounts_choice").set_value("naiman").run()
    app.selectbox(key="accounts_change_naiman_role").set_value("viewer")
    (save,) = [b for b in app.button if b.label == t("accounts.save", "zh")]
    save.click().run()
    assert get_user(store, "naiman").role == "viewer"
    from geodata.auth import session_user

    assert session_user(store, session) is None  # demoted: signed out at once
    app.checkbox(key="accounts_confirm_remove").check().run()
    app.button(key="accounts_remove").click().run()
    assert get_user(store, "naiman") is None
    details = [e.detail for e in read_audit(store, action="account_change")]
    assert details == ["remove naiman", "role=viewer change naiman", "add naiman"]


def test_the_role_and_banners_chosen_in_chinese_stay_chosen_in_english(app, store_path):
    signed_in(app, store_path, name="root", role="admin")
    app.run()
    app.switch_page("app_pages/accounts.py").run()
    app.selectbox(key="accounts_choice").set_value("root").run()
    # the last admin may not step down: the save is refused, the choices stay
    app.selectbox(key="accounts_change_root_role").set_value("steward")
    app.multiselect(key="accounts_change_root_banners").set_value(["奈曼旗"])
    (save,) = [b for b in app.button if b.label == t("accounts.save", "zh")]
    save.click().run()
    assert t("accounts.last_admin", "zh") in [w.value for w in app.warning]
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    role = app.selectbox(key="accounts_change_root_role")
    assert (role.value, shown(role)) == ("steward", t("role.steward", "en"))
    banners = app.multiselect(key="accounts_change_root_banners")
    assert (banners.value, shown(banners)) == (
        ["奈曼旗"],
        [banner_label("奈曼旗", "en")],
    )


def test_the_last_admin_cannot_be_removed(app, store_path, store):
    signed_in(app, store_path, name="root", role="admin")
    app.run()
    app.switch_page("app_pages/accounts.py").run()
    app.selectbox(key="accounts_choice").set_value("root").run()
    app.checkbox(key="accounts_confirm_remove").check().run()
    app.button(key="accounts_remove").click().run()
    assert get_user(store, "root") is not None
    assert t("accounts.last_admin", "zh") in [w.value for w in app.warning]


def test_the_audit_page_is_for_admins(app, store_path, store):
    signed_in(app, store_path, name="li", role="steward")
    app.run()
    assert "pages/audit.py" not in str(app)  # not in a steward's navigation
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    signed_in(app, store_path, name="root", role="admin")
    app.run()
    app.switch_page("app_pages/audit.py").run()
    assert not app.exception
    assert [i.value for i in app.info] == [t("audit.empty", "zh")]
    from geodata.audit import record

    record(store, "li\n伪造", "sign_in")
    app.run()
    frame = app.dataframe[0].value
    assert frame[t("audit.column.who", "zh")].tolist() == ["li\\n伪造"]
    assert frame[t("audit.column.action", "zh")].tolist() == ["登录"]


def test_the_audit_action_chosen_in_chinese_stays_chosen_in_english(
    app, store_path, store
):
    from geodata.audit import record

    record(store, "li", "sign_in")
    record(store, "li", "sign_out")
    signed_in(app, store_path, name="root", role="admin")
    app.run()
    app.switch_page("app_pages/audit.py").run()
    app.selectbox(key="audit_action").set_value("sign_out").run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    action = app.selectbox(key="audit_action")
    assert (action.value, shown(action)) == (
        "sign_out",
        t("audit.action.sign_out", "en"),
    )
    frame = app.dataframe[0].value
    assert frame[t("audit.column.action", "en")].tolist() == [
        t("audit.action.sign_out", "en")
    ]


def test_an_identity_provider_user_gets_the_mapped_accounts_role(app, store):
    add_user(store, "li", "correct horse", "steward", email="Li@Example.org")
    app.user = {"is_logged_in": True, "email": "li@example.org"}
    app.run()
    assert not app.exception
    assert app.session_state["auth_user"]["name"] == "li"
    delete_user(store, "li")  # removing the account ends it on the next request
    app.switch_page("app_pages/presenter.py").run()
    assert "auth_user" not in app.session_state
    assert t("auth.provider_unknown", "zh") in [i.value for i in app.sidebar.info]
