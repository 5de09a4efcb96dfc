"""An open browser tab keeps no rights, and no password, that the users file no longer gives: a password
reset, a role change and a removal made with `python -m dashboard user …` sign the user out of every tab
at its next run, with a message; other users' tabs stay signed in."""

from __future__ import annotations

import io
import sys

import pytest

from dashboard import cli
from dashboard.access.auth import UserStore
from dashboard.store import open_store
from tests.test_app import (  # noqa: F401 - fixtures
    PASSWORD,
    env,
    fixture_catalog,
    open_page,
    run_app,
    sign_in,
    texts,
)

CHANGED = "您的账户已更改（密码、角色或负责单位），已退出登录，请重新登录。"
REMOVED = "您的账户已被删除，已退出登录。"


def has_entry_grid(at) -> bool:
    try:
        at.dataframe(key="entry_editor")
    except KeyError:
        return False
    return True


def signed_in(at) -> bool:
    return any("已登录" in c for c in texts(at.sidebar.caption))


def user_command(monkeypatch, *argv: str, stdin: str = "") -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert cli.main(["user", *argv]) == 0


CHANGES = {
    "reset-password": (("reset-password", "li", "--password-stdin"), "another long passphrase\n", CHANGED),
    "set-role": (("set-role", "li", "--role", "viewer"), "", CHANGED),
    "new-departments": (("set-role", "li", "--role", "manager", "--department", "市商务委"), "", CHANGED),
    "remove": (("remove", "li"), "", REMOVED),
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_an_account_change_ends_the_open_sessions_of_that_user(fixture_catalog, env, monkeypatch, change):  # noqa: F811
    argv, stdin, message = CHANGES[change]
    tabs = [open_page(sign_in(run_app(), "li"), "app_pages/entry.py") for _ in range(2)]  # two browsers
    admin = open_page(sign_in(run_app(), "admin"), "app_pages/entry.py")
    assert all(signed_in(at) and has_entry_grid(at) for at in tabs)

    user_command(monkeypatch, *argv, stdin=stdin)
    for at in (*tabs, admin):
        at.run()
        assert not at.exception, at.exception
    for at in tabs:
        assert not signed_in(at) and not has_entry_grid(at)
        assert message in texts(at.sidebar.warning)
        at.run()
        assert message not in texts(at.sidebar.warning)  # said once
    assert signed_in(admin) and has_entry_grid(admin)  # another user's session is untouched


def test_after_a_reset_only_the_new_password_signs_in_again(fixture_catalog, env, monkeypatch):  # noqa: F811
    at = sign_in(run_app(), "li")
    user_command(monkeypatch, "reset-password", "li", "--password-stdin", stdin="another long passphrase\n")
    at.run()
    assert not signed_in(at)
    sign_in(at, "li", PASSWORD)
    assert not signed_in(at) and texts(at.sidebar.error) == ["用户名或密码错误"]
    sign_in(at, "li", "another long passphrase")
    assert signed_in(at) and not at.sidebar.warning


def test_a_reviewer_signs_in_and_reads_but_does_not_enter(fixture_catalog, env, monkeypatch):  # noqa: F811
    user_command(monkeypatch, "add", "wang", "--role", "reviewer", "--password-stdin", stdin=PASSWORD + "\n")
    at = sign_in(run_app(), "wang")
    assert texts(at.sidebar.caption)[0] == "已登录：wang（审核人）"
    assert len(at.dataframe(key="overview_table").value) > 0
    open_page(at, "app_pages/entry.py")
    assert not has_entry_grid(at) and "此页面需要登录" in " ".join(texts(at.warning))


def test_sign_in_and_out_are_in_the_audit_trail(env):  # noqa: F811
    at = sign_in(run_app(), "li", "not the password")
    sign_in(at, "li")
    at.sidebar.button(key="signin_sign_out").click().run()
    log = open_store(env["url"]).audit_log()
    assert log["action"].tolist() == ["sign_out", "sign_in", "sign_in_failed"]  # newest first
    assert set(log["user"]) == {"li"}
    assert log["reason"].tolist() == ["signed out", "signed in as manager", "wrong user name or password"]


def test_a_changed_user_acts_with_what_the_file_holds_today(fixture_catalog, env):  # noqa: F811
    at = sign_in(run_app(), "li")
    UserStore().set_role("li", "viewer", ())  # as any other change of the file: the session ends
    at.run()
    assert not at.exception, at.exception
    assert not signed_in(at)


def test_a_users_file_broken_while_signed_in_signs_out_with_a_message(env):  # noqa: F811
    at = sign_in(run_app(), "li")
    UserStore().path.write_text("{not json")
    at.run()
    assert not at.exception, at.exception
    assert not signed_in(at)
    assert "用户文件暂时无法读取，已退出登录。请稍后再登录，或联系管理员。" in texts(at.sidebar.warning)


def test_a_mistyped_sign_in_setting_is_explained_in_the_chosen_language(env, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DASHBOARD_VIEWERS_MUST_SIGN_IN", "ture")
    at = run_app()
    assert texts(at.error) == ["DASHBOARD\\_VIEWERS\\_MUST\\_SIGN\\_IN：应为 true 或 false，实际为“ture”"]
    assert not at.dataframe  # nothing shown on a setting that cannot be read
