"""Failures of the database itself read as one line (CLI: exit 1; app: st.error), never a traceback:
damaged, truncated or foreign files, read-only files and roles, locks held too long, unreachable
servers and URLs that are not databases."""

from __future__ import annotations

import gc
import os
import sqlite3
import stat
import threading
import time
import uuid
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from dashboard import catalog, cli
from dashboard.figures import Figure
from dashboard.store import Actor, StoreBusy, StoreReadOnly, StoreUnavailable, open_store
from dashboard.store import database as store
from tests import pg
from tests.pg import postgres_database  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
ADMIN = Actor("admin", "admin")
FIGURES = pd.DataFrame({"indicator_id": ["services-share"] * 3, "year": [2019, 2020, 2021], "value": ["53"] * 3,
                        "note": ["x" * 1500] * 3})


@pytest.fixture(scope="module")
def cat():
    return catalog.load(FIXTURE)


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.delenv("DASHBOARD_DATABASE_URL", raising=False)
    monkeypatch.setenv("DASHBOARD_LANG", "en")


def one_line_failure(capsys, argv: list[str]) -> str:
    assert cli.main(argv) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1, err
    return err.strip()


def cli_commands(url: str, tmp_path: Path) -> list[list[str]]:
    figures = tmp_path / "in.csv"
    figures.write_text("indicator_id,year,value\nservices-share,2019,53\n", encoding="utf-8")
    return [["status", "--catalog", str(FIXTURE), "--database", url, "--lang", "en"],
            ["export", "--out", str(tmp_path / "x.csv"), "--database", url],
            ["import", str(figures), "--catalog", str(FIXTURE), "--database", url]]


# ------------------------------------------------------------------ files


@pytest.mark.parametrize("damage", ["foreign", "truncated"])
def test_a_damaged_or_foreign_file_is_one_line_for_every_command(tmp_path, cat, capsys, damage):
    path = tmp_path / "x.db"
    if damage == "foreign":
        path.write_bytes(b"%PDF-1.7 this is not a database " * 100)
    else:
        s = open_store(f"sqlite:///{path}")
        s.add(FIGURES, ADMIN, cat)
        s.close()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        with open(path, "r+b") as f:
            f.truncate(8192)
    for argv in cli_commands(f"sqlite:///{path}", tmp_path):
        message = one_line_failure(capsys, argv)
        assert message.startswith(f"error: {path} is not a usable database file (damaged, truncated or not a "
                                  "database: "), message
    with pytest.raises(StoreUnavailable) as err:
        open_store(f"sqlite:///{path}")
    assert err.value.render("zh").startswith(f"{path} 不是可用的数据库文件")


def test_a_read_only_file_is_read_and_a_write_says_read_only(tmp_path, cat, capsys, monkeypatch):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    s = open_store(url)
    s.add(FIGURES.iloc[:1], ADMIN, cat)
    s.close()
    real = os.access
    monkeypatch.setattr(store.os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real(p, mode, **kw))
    ro = open_store(url)  # as a user without write permission (root may write any file, so simulated)
    assert ro.current()["value"].tolist() == [53.0] and len(ro.history()) == 1
    with pytest.raises(StoreReadOnly) as err:
        ro.add(FIGURES.iloc[1:2], ADMIN, cat)
    assert str(err.value) == (f"the database {url} is read-only, nothing was stored — figures can be read, but writing "
                              "needs write access to the database file and its directory, or a database role that "
                              "may write")
    status, export, imp = cli_commands(url, tmp_path)
    assert cli.main(status) == 0 and cli.main(export) == 0
    capsys.readouterr()
    assert one_line_failure(capsys, imp).startswith(f"error: the database {url} is read-only")
    assert ro.count() == 1


def test_a_new_sqlite_file_is_private(tmp_path):
    open_store(f"sqlite:///{tmp_path / 'new.db'}").close()
    assert stat.S_IMODE((tmp_path / "new.db").stat().st_mode) == 0o600


def test_urls_that_are_not_databases(capsys, tmp_path):
    for url, start in (("notaurl", '"notaurl" is not a database URL'),
                       ("postgres://u@localhost/db", 'unknown kind of database in "postgres://u@localhost/db"'),
                       ("mysql://u:secret@localhost/db", 'unknown kind of database in "mysql://u:***@localhost/db"')):
        with pytest.raises(StoreUnavailable) as err:
            open_store(url)
        assert str(err.value).startswith(start) and "secret" not in str(err.value)
        for argv in cli_commands(url, tmp_path):
            assert one_line_failure(capsys, argv).startswith(f"error: {start}")


def test_an_unreachable_server(capsys, tmp_path):
    url = "postgresql+psycopg://ann:s3cret@127.0.0.1:1/dash"
    with pytest.raises(StoreUnavailable) as err:
        open_store(url)
    assert str(err.value).startswith("cannot use the database postgresql+psycopg://ann:***@127.0.0.1:1/dash: ")
    assert "s3cret" not in str(err.value) and "server is running" in str(err.value)
    assert err.value.render("zh").startswith("无法使用数据库 postgresql+psycopg://ann:***@127.0.0.1:1/dash：")


# ------------------------------------------------------------------ locks


def test_a_sqlite_lock_held_past_the_timeout_is_a_message(tmp_path, cat, monkeypatch):
    monkeypatch.setenv("DASHBOARD_SQLITE_BUSY_TIMEOUT", "0.3")
    path = tmp_path / "x.db"
    s = open_store(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.perf_counter()
        with pytest.raises(StoreBusy) as err:
            s.add(FIGURES.iloc[:1], ADMIN, cat)
        assert time.perf_counter() - started < 10
        assert "is busy: another writer has held the lock for more than 0.3 s, nothing was stored" in str(err.value)
        assert s.current().empty  # readers are not blocked
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert s.add(FIGURES.iloc[:1], ADMIN, cat).added == 1


def test_an_app_save_while_sqlite_is_locked_shows_an_error(tmp_path, monkeypatch):
    from dashboard.access.auth import UserStore

    path = tmp_path / "app.db"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE))
    monkeypatch.setenv("DASHBOARD_SQLITE_BUSY_TIMEOUT", "0.3")
    UserStore().add("li", "a long enough passphrase", "manager", ["市统计局"])
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.sidebar.text_input(key="signin_username").input("li")
    at.sidebar.text_input(key="signin_password").input("a long enough passphrase")
    at.sidebar.button[0].click().run()
    at.switch_page("app_pages/entry.py").run()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        at.session_state["entry_editor"] = {"edited_rows": {0: {"value": "11500"}}, "added_rows": [],
                                            "deleted_rows": []}
        at.run()
        at.button(key="entry_save").click().run()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not at.exception, at.exception
    errors = " ".join(str(e.value) for e in at.error).replace("\\", "")
    assert "无法保存：" in errors and "正忙" in errors and "0.3 秒" in errors
    assert open_store(f"sqlite:///{path}").count() == 0


@pytest.mark.postgres
def test_a_postgresql_writer_waits_for_a_stuck_lock_only_as_long_as_allowed(postgres_database, cat,  # noqa: F811
                                                                           monkeypatch):
    url = pg.fresh_schema(postgres_database)
    s = open_store(url)
    with s._writing() as conn:
        assert conn.exec_driver_sql("SHOW lock_timeout").scalar() == "10s"
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "30s"
    monkeypatch.setenv("DASHBOARD_PG_LOCK_TIMEOUT", "0.3")
    monkeypatch.setenv("DASHBOARD_PG_STATEMENT_TIMEOUT", "2")
    with s._writing() as conn:
        assert conn.exec_driver_sql("SHOW statement_timeout").scalar() == "2s"
    stuck = sa.create_engine(url)
    outcome = []
    with stuck.connect() as conn, conn.begin():
        conn.exec_driver_sql("LOCK TABLE figures IN SHARE ROW EXCLUSIVE MODE")  # an instance that hangs
        thread = threading.Thread(target=lambda: outcome.append(_try_add(s, cat)))
        thread.start()
        thread.join(timeout=20)
        assert s.current().empty  # readers are not blocked
    stuck.dispose()
    assert len(outcome) == 1 and isinstance(outcome[0], StoreBusy), outcome
    assert "is busy: another writer has held the lock for more than 0.3 s" in str(outcome[0])
    assert s.add(FIGURES.iloc[:1], ADMIN, cat).added == 1
    s.close()


def _try_add(s, cat):
    try:
        return s.add(FIGURES.iloc[:1], ADMIN, cat)
    except StoreUnavailable as exc:
        return exc


@pytest.mark.postgres
def test_a_read_only_postgresql_role_reads_and_a_write_says_read_only(postgres_database, cat, capsys,  # noqa: F811
                                                                      tmp_path):
    if os.environ.get(pg.ENV_URL):
        pytest.skip("creating a role needs the local cluster")
    s = open_store(postgres_database)
    s.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    s.close()
    role = f"dash_ro_{uuid.uuid4().hex[:8]}"
    parsed = sa.make_url(postgres_database)
    port = str(parsed.port)
    pg._as_postgres(f"CREATE ROLE {role} LOGIN PASSWORD 'pw'", port)
    grant = sa.create_engine(postgres_database, isolation_level="AUTOCOMMIT")
    with grant.connect() as conn:
        conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
        conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    grant.dispose()
    ro_url = parsed.set(username=role, password="pw").render_as_string(hide_password=False)
    try:
        ro = open_store(ro_url)
        assert ro.current()["value"].tolist() == [53.0]
        with pytest.raises(StoreReadOnly):
            ro.add([Figure("services-share", 2020, "54")], ADMIN, cat)
        ro.close()
        argv = cli_commands(ro_url, tmp_path)[2]
        assert one_line_failure(capsys, argv).startswith("error: the database postgresql+psycopg://")
    finally:
        revoke = sa.create_engine(postgres_database, isolation_level="AUTOCOMMIT")
        with revoke.connect() as conn:
            conn.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}")
            conn.exec_driver_sql(f"REVOKE USAGE ON SCHEMA public FROM {role}")
        revoke.dispose()
        gc.collect()  # stores the CLI opened as this role close their connections
        pg._as_postgres(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'", port)
        pg._as_postgres(f"DROP ROLE {role}", port)


def test_the_app_on_a_damaged_database_shows_one_line_in_chinese(tmp_path, monkeypatch):
    path = tmp_path / "app.db"
    path.write_bytes(b"not a database at all " * 200)
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE))
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    errors = " ".join(str(e.value) for e in at.error).replace("\\", "")
    assert "无法打开数据库：" in errors and "不是可用的数据库文件" in errors
