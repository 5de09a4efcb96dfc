"""The audit trail: exports are recorded, people appear by their display names, confirmed jumps are
marked (trail, history, history export)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalog, cli
from dashboard.access.auth import UserStore
from dashboard.figures import Figure
from dashboard.store import Actor, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
PASSWORD = "a long enough passphrase"


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE))
    monkeypatch.delenv("DASHBOARD_LANG", raising=False)
    users = UserStore()
    users.add("admin", PASSWORD, "admin", display_name="管理员")
    users.add("zhang", PASSWORD, "manager", ["市统计局"], display_name="张建委")
    store = open_store(url)
    cat = catalog.load(FIXTURE)
    store.add([Figure("services-value-added", 2019, "40000")], Actor("zhang", "manager", ["市统计局"]), cat,
              confirm_jumps=True)
    store.add([Figure("services-share", 2019, "53")], Actor("zhang", "manager", ["市统计局"]), cat)
    return {"url": url, "tmp": tmp_path, "store": store}


def test_an_export_of_the_store_is_recorded(env):
    out = env["tmp"] / "all.csv"
    assert cli.main(["export", "--out", str(out), "--history", "--by", "admin"]) == 0
    log = env["store"].audit_log()
    exports = log[log["action"] == "export"]
    assert exports[["user", "reason"]].values.tolist() == [["admin", "history: 2 rows"]]
    with open(out, encoding="utf-8-sig", newline="") as f:
        marks = {r["indicator_id"]: r["confirmed_jump"] for r in csv.DictReader(f)}
    assert marks == {"services-share": "", "services-value-added": "yes"}
    assert env["store"].history()["confirmed_jump"].tolist() == [False, True]  # services-share, services-value-added


def test_the_trail_shows_display_names_exports_and_confirmed_jumps(env):
    assert cli.main(["export", "--out", str(env["tmp"] / "x.xlsx"), "--by", "admin"]) == 0
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.sidebar.text_input(key="signin_username").input("admin")
    at.sidebar.text_input(key="signin_password").input(PASSWORD)
    at.sidebar.button[0].click().run()
    at.switch_page("app_pages/trail.py").run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "indicator" in d.value.columns)
    assert table["user"].tolist() == ["管理员", "管理员", "张建委", "张建委"]  # newest first: the sign-in too
    assert table["action"].tolist() == ["登录", "导出全部数据", "录入", "录入"]
    assert table["new"].tolist()[2:] == ["53", "40,000（已确认异常变动）"]
    assert "zhang" not in table["user"].tolist()
