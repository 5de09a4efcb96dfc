"""The audit trail of accounts (`Store.log_event`): sign-ins that worked, failed or were throttled, and
every change made with `python -m dashboard user …`, each with who, when and from where; the `user`
commands' messages in Chinese (the default) and English; the reviewer role."""

from __future__ import annotations

import datetime as dt
import getpass
import io
import sys

import pandas as pd
import pytest

from dashboard import catalog, cli
from dashboard.access import auth
from dashboard.access.auth import AuthError, Throttled, UserStore
from dashboard.access.throttle import LoginGuard
from dashboard.store import PermissionDenied, open_store
from tests.pg import postgres_database, store_url  # noqa: F401 - fixtures

PASSWORD = "correct-horse-1"


@pytest.fixture
def users_file(tmp_path, monkeypatch):
    path = tmp_path / "users.json"
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(path))
    monkeypatch.delenv("DASHBOARD_LANG", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "ops")  # the login name running the commands
    return path


def user_cmd(monkeypatch, capsys, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(["user", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def events(url: str) -> pd.DataFrame:
    """The account events, oldest first."""
    log = open_store(url).audit_log()
    return log[log["indicator_id"].isna()].iloc[::-1].reset_index(drop=True)


def test_every_user_command_change_is_in_the_audit_trail(users_file, store_url, monkeypatch, capsys):  # noqa: F811
    db = ["--database", store_url]
    started = pd.Timestamp.now(tz="UTC") - pd.Timedelta(seconds=1)
    for argv, stdin in [
        (("add", "ann", "--role", "manager", "--department", "市商务委", "--password-stdin"), PASSWORD + "\n"),
        (("reset-password", "ann", "--password-stdin"), "another-passphrase\n"),
        (("set-role", "ann", "--role", "reviewer"), ""),
        (("remove", "ann"), ""),
    ]:
        code, _, err = user_cmd(monkeypatch, capsys, *argv, *db, stdin=stdin)
        assert code == 0, err
    log = events(store_url)
    assert log["action"].tolist() == ["user_added", "password_reset", "role_changed", "user_removed"]
    assert set(log["user"]) == {"ops"}  # who: the login name that ran the command
    assert (log["at"] >= started).all() and (log["at"] <= pd.Timestamp.now(tz="UTC")).all()  # when
    assert log["reason"].tolist() == [
        'added user "ann" as manager: 市商务委 (from CLI)',
        'new password for user "ann"; open sessions ended (from CLI)',
        'user "ann": manager: 市商务委 -> reviewer: 市商务委; open sessions ended (from CLI)',
        'removed user "ann" (reviewer: 市商务委); open sessions ended (from CLI)',
    ]
    user_cmd(monkeypatch, capsys, "list")  # reading changes nothing: no event
    assert len(events(store_url)) == 4


def test_a_refused_user_command_changes_nothing_and_logs_nothing(users_file, tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'trail.db'}"
    code, out, err = user_cmd(monkeypatch, capsys, "add", "bob", "--role", "viewer", "--password-stdin",
                              "--database", url, stdin="short\n")
    assert (code, out) == (1, "") and err == "错误：密码太短——至少需要 10 个字符，实际为 5 个\n"
    assert not users_file.exists() and events(url).empty


def test_the_user_commands_refuse_a_database_that_cannot_be_opened_before_changing_anything(
        users_file, tmp_path, monkeypatch, capsys):
    code, _, err = user_cmd(monkeypatch, capsys, "add", "bob", "--role", "viewer", "--password-stdin",
                            "--database", "nosuchdb://x", stdin=PASSWORD + "\n")
    assert code == 1 and err.startswith("错误：“nosuchdb://x”中的数据库类型不受支持")  # zh by default
    assert not users_file.exists()  # no unrecorded change


def test_sign_ins_are_in_the_audit_trail_with_the_client_address(users_file, store_url):  # noqa: F811
    store, users = open_store(store_url), UserStore()
    users.add("ann", PASSWORD, "viewer")
    clock = [1000.0]
    guard = LoginGuard.next_to(users.path, clock=lambda: clock[0])
    auth.sign_in(users, guard, "ann", PASSWORD, "10.0.0.7", audit=store.log_event)
    for name in ("nobody", "ann", "ann"):  # an unknown name and wrong passwords look alike
        with pytest.raises(AuthError, match="Wrong user name or password"):
            auth.sign_in(users, guard, name, "wrong-password", "203.0.113.9", audit=store.log_event)
    with pytest.raises(AuthError):
        auth.sign_in(users, guard, "ann", "wrong-password", "", audit=store.log_event)  # address unknown
    for _ in range(2):
        with pytest.raises(Throttled):
            auth.sign_in(users, guard, "ann", PASSWORD, "203.0.113.9", audit=store.log_event)
    log = events(store_url)
    assert log["action"].tolist() == ["sign_in"] + ["sign_in_failed"] * 4 + ["sign_in_throttled"]
    assert log["user"].tolist() == ["ann", "nobody", "ann", "ann", "ann", "ann"]
    assert log["reason"].tolist() == [
        "signed in as viewer (from 10.0.0.7)",
        "wrong user name or password (from 203.0.113.9)",
        "wrong user name or password (from 203.0.113.9)",
        "wrong user name or password (from 203.0.113.9)",
        "wrong user name or password",
        "sign-in refused without a password check: wait 1 s (from 203.0.113.9)",
    ]
    assert (log["at"] > pd.Timestamp(dt.datetime.now(dt.UTC)) - pd.Timedelta(minutes=1)).all()


# ---------------------------------------------------------------- languages


def test_user_commands_speak_chinese_by_default_and_english_on_request(users_file, tmp_path, monkeypatch, capsys):
    db = ["--database", f"sqlite:///{tmp_path / 'trail.db'}"]
    code, out, _ = user_cmd(monkeypatch, capsys, "add", "ann", "--role", "viewer", "--password-stdin", *db,
                            stdin=PASSWORD + "\n")
    assert code == 0 and out == f"已添加 ann（viewer）到 {users_file}\n"
    _, out, _ = user_cmd(monkeypatch, capsys, "list")
    assert out.splitlines()[0].split() == ["用户", "姓名", "角色", "负责单位"]
    code, _, err = user_cmd(monkeypatch, capsys, "remove", "zed", *db)
    assert code == 1 and err == "错误：没有用户“zed”——查看用户：python -m dashboard user list\n"

    monkeypatch.setenv("DASHBOARD_LANG", "en")
    _, _, err = user_cmd(monkeypatch, capsys, "remove", "zed", *db)
    assert err == 'error: no user "zed" — see the users with: python -m dashboard user list\n'
    _, _, err = user_cmd(monkeypatch, capsys, "remove", "zed", "--lang", "zh", *db)  # --lang wins
    assert err.startswith("错误：没有用户“zed”")

    monkeypatch.setenv("DASHBOARD_LANG", "fr")
    code, _, err = user_cmd(monkeypatch, capsys, "list")
    assert code == 1 and err == '错误：DASHBOARD_LANG: expected zh or en, found "fr"\n'


def test_a_broken_users_file_is_explained_in_the_language_asked(users_file, monkeypatch, capsys):
    users_file.write_text('{"users": [{"username": "ann", "role": "boss", "departments": [], "password": "x"}]}')
    _, _, err = user_cmd(monkeypatch, capsys, "list", "--lang", "en")
    assert err == f'error: {users_file}: users[0]: unknown role — expected one of viewer, reviewer, manager, ' \
                  'admin, found "boss"\n'
    _, _, err = user_cmd(monkeypatch, capsys, "list")
    assert err == f"错误：{users_file}：users[0]：未知角色——应为 viewer, reviewer, manager, admin 之一，实际为“boss”\n"


def test_every_sign_in_refusal_reads_in_both_languages():
    exc = AuthError("auth.record_hash", name="ann", problem=AuthError("auth.hash_short", salt=1, key=2))
    assert exc.message("en") == 'user "ann": password hash too short — expected a salt of 8+ and a key of 16+ ' \
                                "bytes, found 1 and 2"
    assert exc.message("zh").startswith("用户“ann”：密码哈希过短")
    assert str(Throttled(1.2)) == "尝试次数过多，请 2 秒后再试 / Too many failed attempts: try again in 2 s"
    assert str(AuthError("auth.wrong_credentials")) == auth.WRONG_CREDENTIALS


# ---------------------------------------------------------------- the reviewer role


def test_a_reviewer_signs_in_reads_and_writes_nothing(users_file, tmp_path, monkeypatch, capsys):
    code, out, _ = user_cmd(monkeypatch, capsys, "add", "wang", "--role", "reviewer", "--password-stdin",
                            "--lang", "en", "--database", f"sqlite:///{tmp_path / 'trail.db'}", stdin=PASSWORD + "\n")
    assert code == 0 and out.startswith("added wang (reviewer)")
    user = auth.sign_in(UserStore(), LoginGuard(), "wang", PASSWORD)
    assert user.role == "reviewer"
    store, cat = open_store(f"sqlite:///{tmp_path / 'figures.db'}"), catalog.load()
    figure = [{"indicator_id": "services-value-added", "year": 2019, "value": 11000.0}]
    with pytest.raises(PermissionDenied, match="viewers only read"):
        store.add(figure, user.actor(), cat)
    assert store.count() == 0


def test_every_account_label_has_both_languages_with_the_same_fields():
    import re
    import string
    from pathlib import Path

    from dashboard.labels.signin import LABELS

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert {k: v for k, v in LABELS.items() if fields(v[0]) != fields(v[1]) or not all(v)} == {}
    root = Path(__file__).resolve().parent.parent / "dashboard"
    code = "".join((root / name).read_text(encoding="utf-8") for name in
                   ("access/auth.py", "access/throttle.py", "appstate.py", "commands/user_cmd.py"))
    used = set(re.findall(r'"((?:auth|usercmd|signin\.ended)[a-z_.]*)"', code)) - {"auth.py"}
    assert used and sorted(k for k in used if k not in LABELS) == []
