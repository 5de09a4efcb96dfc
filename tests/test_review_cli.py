"""The `review` command and the import path with reviews and locks, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.access import auth
from dashboard.store import open_store
from tests.pg import postgres_database, store_url  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
IND = "services-value-added"


@pytest.fixture(autouse=True)
def users(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_LANG", "en")
    store = auth.UserStore(tmp_path / "users.json")
    store.add("wang", "a-long-passphrase-1", "manager", ["市统计局"])
    store.add("planner", "a-long-passphrase-2", "reviewer")
    store.add("boss", "a-long-passphrase-3", "admin")
    store.add("reader", "a-long-passphrase-4", "viewer")


def run(url, *argv) -> int:
    return cli.main([str(a) for a in argv] + ["--catalog", str(FIXTURE), "--database", url])


def figures_file(tmp_path, value) -> Path:
    path = tmp_path / f"f{value}.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["indicator_id", "year", "value"], [IND, 2020, value]])
    return path


def test_the_cycle_through_the_command_line(store_url, tmp_path, capsys):  # noqa: F811
    assert run(store_url, "import", figures_file(tmp_path, "12000"), "--by", "wang") == 0
    capsys.readouterr()
    assert run(store_url, "review", "list", "--by", "planner", "--plan", "demo-plan") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "1 figures waiting for review"
    assert out[1].startswith("  Services value added (services-value-added) | Demo plan (2018–2022) | 市统计局 | 2020: "
                             "12000 (accepted —")
    assert run(store_url, "review", "list", "--by", "planner", "--year", "2021") == 0
    assert capsys.readouterr().out.splitlines() == ["0 figures waiting for review"]
    assert run(store_url, "review", "return", IND, 2020, "--reason", "与公报不符", "--by", "planner") == 0
    assert capsys.readouterr().out.strip() == "returned the figure of Services value added for 2020 (planner)"
    assert run(store_url, "review", "accept", IND, 2020, "--by", "planner") == 1
    assert "already returned by planner" in capsys.readouterr().err
    assert run(store_url, "import", figures_file(tmp_path, "12100"), "--by", "wang") == 0
    assert run(store_url, "review", "accept", IND, 2020, "--by", "boss", "--lang", "zh") == 0
    assert capsys.readouterr().out.splitlines()[-1] == "已审核通过“服务业增加值”2020 年的数据（boss）"
    store = open_store(store_url)
    assert store.accepted()["value"].tolist() == [12100.0]
    store.close()


def test_only_reviewers_review_and_only_admins_lock(store_url, tmp_path, capsys):  # noqa: F811
    assert run(store_url, "review", "list", "--by", "wang") == 1
    err = capsys.readouterr().err
    assert "wang" in err and "not a reviewer" in err
    assert run(store_url, "review", "list", "--by", "reader") == 1
    assert run(store_url, "review", "lock", "demo-plan", 2020, "--by", "planner") == 1
    assert "not an admin" in capsys.readouterr().err


def test_a_locked_year_refuses_an_import_naming_the_lock(store_url, tmp_path, capsys):  # noqa: F811
    assert run(store_url, "review", "lock", "demo-plan", 2020, "--by", "boss") == 0
    assert capsys.readouterr().out.strip() == "locked Demo plan (2018–2022) for 2020 (boss)"
    assert run(store_url, "import", figures_file(tmp_path, "12000"), "--by", "wang") == 1
    err = capsys.readouterr().err
    assert "Demo plan (2018–2022) is locked for 2020 by boss" in err
    store = open_store(store_url)
    assert store.count() == 0
    store.close()
    assert run(store_url, "review", "unlock", "demo-plan", 2020, "--by", "boss") == 0
    assert run(store_url, "import", figures_file(tmp_path, "12000"), "--by", "wang") == 0


def test_the_history_export_carries_the_review_state(store_url, tmp_path, capsys):  # noqa: F811
    assert run(store_url, "import", figures_file(tmp_path, "12000"), "--by", "wang") == 0
    assert run(store_url, "review", "accept", IND, 2020, "--by", "planner") == 0
    assert run(store_url, "import", figures_file(tmp_path, "12100"), "--by", "wang") == 0
    out = tmp_path / "h.csv"
    assert cli.main(["export", "--out", str(out), "--history", "--database", store_url, "--by", "boss"]) == 0
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["revision"], r["review_state"]) for r in rows] == [("1", "accepted"), ("2", "submitted")]
