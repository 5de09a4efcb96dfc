"""Users, passwords, roles and sign-in throttling (dashboard/auth.py, `python -m dashboard user`)."""

from __future__ import annotations

import getpass
import io
import json
import os
import stat
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.access import auth
from dashboard.access.auth import AuthError, Throttled, UserStore
from dashboard.access.throttle import LoginGuard

PASSWORD = "correct-horse-1"


@pytest.fixture(autouse=True)
def cli_env(tmp_path, monkeypatch):
    """The `user` commands log to a database of their own here, in English unless a test says otherwise."""
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'trail.db'}")
    monkeypatch.setenv("DASHBOARD_LANG", "en")


@pytest.fixture
def store(tmp_path):
    return UserStore(tmp_path / "users.json")


@pytest.fixture
def scrypt_calls(monkeypatch):
    """Count the scrypt computations (the expensive, time-revealing step)."""
    calls = []
    real = auth._scrypt

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(auth, "_scrypt", counting)
    return calls


class FakeClock:
    def __init__(self, t: float = 1000.0):
        self.t = t

    def __call__(self) -> float:
        return self.t


# ---------------------------------------------------------------- hashes


def test_hash_is_salted_and_verifiable():
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first != second
    assert first.startswith("scrypt$n=16384,r=8,p=1$")
    assert auth.verify_password(PASSWORD, first) and auth.verify_password(PASSWORD, second)
    assert not auth.verify_password(PASSWORD + "x", first)


def test_hash_keeps_its_parameters_so_they_can_be_raised_later():
    old = auth.hash_password(PASSWORD, n=2**10, r=4)
    assert auth.verify_password(PASSWORD, old)
    assert auth.needs_rehash(old)
    assert not auth.needs_rehash(auth.hash_password(PASSWORD))


@pytest.mark.parametrize("stored", ["", "plain-text-password", "scrypt$n=16384,r=8,p=1$abc",
                                    "scrypt$n=3,r=8,p=1$AAAA$AAAA", "scrypt$n=4194304,r=8,p=1$AAAA$AAAA",
                                    "scrypt$n=16,r=8,p=1$A$AAAA", "scrypt$n=16,r=8,p=1$AAAA$AAAA"])
def test_malformed_hash_is_a_clear_error(stored):
    with pytest.raises(AuthError, match="password hash"):
        auth.verify_password(PASSWORD, stored)


# ---------------------------------------------------------------- users file


def test_add_and_authenticate(store):
    assert not store.exists()
    user = store.add("ann", PASSWORD, "manager", ["市商务委", " 市统计局 ", "市商务委"], display_name="张三")
    assert user == auth.User("ann", "张三", "manager", ("市商务委", "市统计局"))
    assert store.exists()
    assert store.authenticate("ann", PASSWORD) == user
    assert store.authenticate(" ANN ", PASSWORD) == user  # names are matched case-insensitively
    assert store.authenticate("ann", "wrong-password") is None


def test_unknown_user_and_wrong_password_look_the_same(store, scrypt_calls):
    store.add("ann", PASSWORD, "viewer")
    guard = LoginGuard(clock=FakeClock())
    scrypt_calls.clear()
    with pytest.raises(AuthError) as unknown:
        auth.sign_in(store, guard, "nobody", PASSWORD, "10.0.0.1")
    assert len(scrypt_calls) == 1  # an unknown user still costs one scrypt computation
    with pytest.raises(AuthError) as wrong:
        auth.sign_in(store, guard, "ann", "wrong-password", "10.0.0.2")
    assert len(scrypt_calls) == 2
    assert str(unknown.value) == str(wrong.value) == "用户名或密码错误 / Wrong user name or password"
    assert auth.sign_in(store, guard, "ann", PASSWORD, "10.0.0.2").username == "ann"


@pytest.mark.parametrize("username, password, role, departments, message", [
    ("bob", "short", "viewer", (), "password too short — expected at least 10 characters, found 5"),
    ("bob", "aaaaaaaaaaaa", "viewer", (), "password too simple"),
    ("bob", "bob-and-friends", "viewer", (), "password contains the user name"),
    ("bob", PASSWORD, "editor", (), 'unknown role — expected one of viewer, reviewer, manager, admin, found "editor"'),
    ("bob", PASSWORD, "manager", (), "a manager needs at least one department"),
    ("bob", PASSWORD, "manager", (" ",), "a manager needs at least one department"),
    ("bob smith", PASSWORD, "viewer", (), 'invalid user name — expected 1 to 64 letters'),
    ("", PASSWORD, "viewer", (), "invalid user name"),
])
def test_add_refuses_bad_input(store, username, password, role, departments, message):
    with pytest.raises(AuthError, match=message):
        store.add(username, password, role, departments)
    assert not store.path.exists()


def test_add_refuses_duplicates_whatever_the_case(store):
    store.add("ann", PASSWORD, "viewer")
    with pytest.raises(AuthError, match='user "Ann" already exists'):
        store.add("Ann", "another-password", "admin")
    assert [u.role for u in store.list()] == ["viewer"]


def test_reset_password_set_role_and_remove(tmp_path):
    times = iter(datetime(2024, month, 1, tzinfo=UTC) for month in range(1, 13))
    store = UserStore(tmp_path / "users.json", now=lambda: next(times))
    store.add("ann", PASSWORD, "viewer")
    store.reset_password("ann", "brand-new-secret")
    assert store.authenticate("ann", PASSWORD) is None
    assert store.authenticate("ann", "brand-new-secret") is not None
    record = json.loads(store.path.read_text())["users"][0]
    assert (record["created"], record["updated"]) == ("2024-01-01T00:00:00+00:00", "2024-02-01T00:00:00+00:00")

    with pytest.raises(AuthError, match="a manager needs at least one department"):
        store.set_role("ann", "manager")
    assert store.set_role("ann", "manager", ["市商务委"]).departments == ("市商务委",)
    assert store.set_role("ann", "admin").departments == ("市商务委",)  # kept unless given

    with pytest.raises(AuthError, match='no user "zed"'):
        store.reset_password("zed", "brand-new-secret")
    store.remove("ANN")
    assert store.list() == [] and not store.exists()
    with pytest.raises(AuthError, match='no user "ann"'):
        store.remove("ann")


def test_users_file_is_private_and_written_atomically(store, monkeypatch):
    store.add("ann", PASSWORD, "viewer")
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o600
    before = store.path.read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        store.add("bob", PASSWORD, "viewer")
    assert store.path.read_bytes() == before  # the old file is intact, never half-written
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["users.json", "users.json.lock"]  # no temp left


def test_users_file_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "elsewhere" / "people.json"))
    UserStore().add("ann", PASSWORD, "admin")
    assert (tmp_path / "elsewhere" / "people.json").exists()
    assert auth.users_path("explicit.json").name == "explicit.json"
    monkeypatch.delenv("DASHBOARD_USERS_FILE")
    assert auth.users_path() == auth.DEFAULT_USERS_FILE
    assert auth.DEFAULT_USERS_FILE.parts[-2:] == ("data", "users.json")


@pytest.mark.parametrize("content, message", [
    ("{not json", "cannot read the users file — expected JSON"),
    ('{"users": {}}', 'expected {"version": 1, "users": \\[...\\]}'),
    ('{"users": [{"username": "ann"}]}', 'users\\[0\\]: field "role" missing'),
    ('{"users": [{"username": "ann", "role": "viewer", "departments": [], "password": "x"}]}',
     'users\\[0\\]: user "ann": malformed password hash'),
])
def test_broken_users_file_is_a_clear_error(store, content, message):
    store.path.write_text(content)
    with pytest.raises(AuthError, match=message) as err:
        store.list()
    assert str(store.path) in str(err.value)


def test_user_acts_as_a_store_actor():
    store_module = pytest.importorskip("dashboard.store", reason="dashboard/store.py is written by another engineer")
    actor = auth.User("ann", "张三", "manager", ("市商务委",)).actor()
    assert actor == store_module.Actor(name="ann", role="manager", departments=("市商务委",))


# ---------------------------------------------------------------- throttling


def test_throttle_grows_after_three_failures_and_resets_after_success():
    clock = FakeClock()
    guard = LoginGuard(clock=clock, client_threshold=3, client_cap=60)
    waits = []
    for _ in range(10):
        guard.record("ann", "10.0.0.1", ok=False)
        waits.append(guard.check("ann", "10.0.0.1"))
    assert waits == [0, 0, 1, 2, 4, 8, 16, 32, 60, 60]
    clock.t += 59
    assert guard.check("ann", "") == pytest.approx(1)
    assert guard.check("bob", "10.0.0.1") == pytest.approx(1)  # the client is slowed down too
    assert guard.check("bob", "10.0.0.2") == 0
    clock.t += 1
    assert guard.check("ann", "10.0.0.1") == 0
    guard.record("ann", "10.0.0.1", ok=True)
    guard.record("ann", "10.0.0.3", ok=False)
    assert guard.check("ann", "10.0.0.3") == 0  # success cleared the user's count


def test_success_does_not_clear_the_client_count_but_time_does():
    clock = FakeClock()
    guard = LoginGuard(clock=clock, forget_after=900, client_threshold=3)
    for name in ("ann", "bob", "carl"):  # spraying different names from one client
        guard.record(name, "10.0.0.1", ok=False)
    guard.record("mallory", "10.0.0.1", ok=True)  # the attacker's own account
    assert guard.check("dora", "10.0.0.1") == 1
    clock.t += 900
    assert guard.check("dora", "10.0.0.1") == 0


def test_sign_in_waits_before_checking_the_password(store, scrypt_calls):
    store.add("ann", PASSWORD, "viewer")
    clock = FakeClock()
    guard = LoginGuard(clock=clock)
    for _ in range(3):
        with pytest.raises(AuthError, match="Wrong user name or password"):
            auth.sign_in(store, guard, "ann", "wrong-password", "10.0.0.1")
    scrypt_calls.clear()
    with pytest.raises(Throttled, match="try again in 1 s") as err:
        auth.sign_in(store, guard, "ann", PASSWORD, "10.0.0.1")
    assert err.value.seconds == 1 and scrypt_calls == []  # refused before the password is checked
    clock.t += 1
    assert auth.sign_in(store, guard, "ann", PASSWORD, "10.0.0.1").username == "ann"


def test_throttle_survives_a_restart_when_kept_in_a_file(tmp_path):
    clock = FakeClock()
    guard = LoginGuard.next_to(tmp_path / "users.json", clock=clock)
    assert guard.path == tmp_path / "users.throttle.json"
    for _ in range(4):
        guard.record("ann", "", ok=False)
    assert stat.S_IMODE(os.stat(guard.path).st_mode) == 0o600
    assert LoginGuard.next_to(tmp_path / "users.json", clock=clock).check("ann") == 2


# ---------------------------------------------------------------- deployment setting


@pytest.mark.parametrize("raw, expected", [("true", True), ("1", True), (" YES ", True), ("false", False),
                                           ("0", False), ("", False)])
def test_require_login_for_viewers(monkeypatch, raw, expected):
    monkeypatch.setenv("DASHBOARD_VIEWERS_MUST_SIGN_IN", raw)
    assert auth.require_login_for_viewers() is expected


def test_require_login_for_viewers_default_and_typo(monkeypatch):
    monkeypatch.delenv("DASHBOARD_VIEWERS_MUST_SIGN_IN", raising=False)
    assert auth.require_login_for_viewers() is False
    with pytest.raises(AuthError, match='expected true or false, found "ture"'):
        auth.require_login_for_viewers({"DASHBOARD_VIEWERS_MUST_SIGN_IN": "ture"})


# ---------------------------------------------------------------- command line


def run(monkeypatch, capsys, argv, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_add_list_reset_remove(tmp_path, monkeypatch, capsys):
    users = ["--users-file", str(tmp_path / "users.json")]
    code, out, _ = run(monkeypatch, capsys, ["user", "add", "ann", "--role", "manager", "--department", "市商务委",
                                             "--department", "市统计局", "--display-name", "张三",
                                             "--password-stdin", *users], PASSWORD + "\n")
    assert code == 0 and out.startswith("added ann (manager: 市商务委, 市统计局)")
    code, _, _ = run(monkeypatch, capsys, ["user", "add", "bob", "--role", "viewer", "--password-stdin", *users],
                     "viewer-password\r\n")
    assert code == 0
    store = UserStore(tmp_path / "users.json")
    assert store.authenticate("bob", "viewer-password") is not None  # line ending stripped

    code, out, _ = run(monkeypatch, capsys, ["user", "list", *users])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["user", "name", "role", "departments"]
    assert lines[1].split() == ["ann", "张三", "manager", "市商务委,", "市统计局"]
    assert lines[2].split() == ["bob", "bob", "viewer", "—"]

    code, out, _ = run(monkeypatch, capsys, ["user", "reset-password", "ann", "--password-stdin", *users],
                       "a-new-password\n")
    assert (code, out) == (0, "new password set for ann\nann's open sessions are signed out at their next action\n")
    assert store.authenticate("ann", "a-new-password") is not None

    code, out, _ = run(monkeypatch, capsys, ["user", "remove", "bob", *users])
    assert (code, out) == (0, "removed bob\n")
    assert [u.username for u in store.list()] == ["ann"]


@pytest.mark.parametrize("argv, stdin, message", [
    (["user", "add", "bob", "--role", "manager", "--password-stdin"], PASSWORD,
     "error: a manager needs at least one department"),
    (["user", "add", "bob", "--role", "viewer", "--password-stdin"], "short\n",
     "error: password too short — expected at least 10 characters, found 5"),
    (["user", "add", "bob", "--role", "viewer", "--password-stdin"], "",
     "error: no password on standard input"),
    (["user", "reset-password", "zed", "--password-stdin"], PASSWORD, 'error: no user "zed"'),
    (["user", "remove", "zed"], "", 'error: no user "zed"'),
])
def test_cli_errors_exit_1_with_a_message(tmp_path, monkeypatch, capsys, argv, stdin, message):
    code, out, err = run(monkeypatch, capsys, [*argv, "--users-file", str(tmp_path / "users.json")], stdin)
    assert code == 1 and out == ""
    assert err.startswith(message)
    assert "Traceback" not in err


def test_cli_refuses_an_existing_user_before_asking_for_a_password(tmp_path, monkeypatch, capsys):
    UserStore(tmp_path / "users.json").add("ann", PASSWORD, "viewer")
    monkeypatch.setattr(getpass, "getpass", lambda prompt: pytest.fail("asked for a password"))
    code, _, err = run(monkeypatch, capsys, ["user", "add", "ANN", "--role", "admin",
                                             "--users-file", str(tmp_path / "users.json")])
    assert code == 1 and 'user "ann" already exists' in err


def test_cli_never_takes_a_password_from_argv(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["user", "add", "bob", "--role", "viewer", "--password", PASSWORD,
                  "--users-file", str(tmp_path / "users.json")])
    assert exit_.value.code == 2
    assert not (tmp_path / "users.json").exists()


def test_cli_interactive_password_typed_twice(tmp_path, monkeypatch, capsys):
    typed = iter([PASSWORD, PASSWORD + "?"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt: next(typed))
    users = ["--users-file", str(tmp_path / "users.json")]
    code, _, err = run(monkeypatch, capsys, ["user", "add", "bob", "--role", "viewer", *users])
    assert code == 1 and err == "error: the two passwords differ — nothing was changed\n"
    typed = iter([PASSWORD, PASSWORD])
    code, _, _ = run(monkeypatch, capsys, ["user", "add", "bob", "--role", "viewer", *users])
    assert code == 0 and UserStore(users[1]).authenticate("bob", PASSWORD) is not None


def test_cli_lists_the_departments_a_manager_can_be_given(monkeypatch, capsys):
    fixture = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
    code, out, _ = run(monkeypatch, capsys, ["user", "departments", "--catalog", str(fixture)])
    assert code == 0
    assert out.splitlines() == ["市统计局\t2 indicator(s)", "市规划自然资源局\t1 indicator(s)",
                                "市通信管理局\t2 indicator(s)"]
