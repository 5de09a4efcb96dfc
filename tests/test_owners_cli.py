"""`assign` and `import` agree: a manager of an assigned department may import its figures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard import cli
from dashboard.access import auth
from dashboard.store import open_store

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"


@pytest.fixture(autouse=True)
def users(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.delenv("DASHBOARD_DATABASE_URL", raising=False)
    store = auth.UserStore(tmp_path / "users.json")
    store.add("管理员", "a-long-passphrase-0", "admin", [])
    store.add("李四", "a-long-passphrase-1", "manager", ["市统计局"])


def run(*argv) -> int:
    return cli.main([str(a) for a in argv])


def test_an_assigned_manager_imports_and_a_manager_cannot_assign(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'o.db'}"
    file = tmp_path / "f.csv"
    with open(file, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["indicator_id", "year", "value"], ["approval-days", 2020, "10"]])
    common = ("--catalog", FIXTURE, "--database", url)
    assert run("import", file, *common, "--by", "李四") == 1  # 市规划自然资源局 owns it in the catalog
    assert run("assign", "approval-days", "--lead", "市统计局", "--reason", "试", "--by", "李四", *common) == 1
    assert "李四 不是管理员" in capsys.readouterr().err
    assert run("assign", "approval-days", "--mode", "add", "--lead", "市统计局", "--reason", "协办",
               "--by", "管理员", *common) == 0
    assert "市规划自然资源局、市统计局" in capsys.readouterr().out
    assert run("import", file, *common, "--by", "李四") == 0
    assert open_store(url).count() == 1


def test_assign_refuses_an_unknown_department_or_indicator_and_stores_nothing(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'o.db'}"
    common = ("--catalog", FIXTURE, "--database", url, "--by", "管理员", "--lang", "en")
    assert run("assign", "approval-days", "--lead", "市外星局", "--reason", "x", *common) == 1
    assert "not one of the known departments" in capsys.readouterr().err
    assert run("assign", "no-such", "--lead", "市统计局", "--reason", "x", *common) == 1
    assert "no indicator no-such" in capsys.readouterr().err
    from dashboard import assignments
    assert assignments.read(open_store(url)) == []


def test_user_add_checks_the_department_against_the_given_catalog_and_the_assignments(tmp_path, capsys, monkeypatch):
    import io
    url = f"sqlite:///{tmp_path / 'o.db'}"

    def add(name, department):
        monkeypatch.setattr("sys.stdin", io.StringIO("a-long-passphrase-9\n"))
        assert run("user", "add", name, "--role", "manager", "--department", department, "--password-stdin",
                   "--catalog", FIXTURE, "--database", url) == 0
        return capsys.readouterr().err

    assert "市新设局" in add("甲", "市新设局")  # warned: no indicator of this catalog is theirs
    assert "市统计局" not in add("乙", "市统计局")
    from dashboard import assignments
    from dashboard.store.writes import Actor
    assignments.assign(open_store(url), Actor("管理员", "admin"), "approval-days", "add", "市统计局", ["市新设局"],
                       "新设局配合")
    capsys.readouterr()
    assert "市新设局" not in add("丁", "市新设局")  # an assigned partner department is known

