"""The review page (AppTest): reviewers see the submitted figures, accept or return them (a reason is
required), several at once; admins lock and unlock a plan's year and the lock shows who set it."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalog
from dashboard.access.auth import UserStore
from dashboard.figures import Figure
from dashboard.store import Actor, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
PASSWORD = "a long enough passphrase"
STATS = Actor("zhang", "manager", ["市统计局"])


@pytest.fixture
def env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE))
    monkeypatch.delenv("DASHBOARD_LANG", raising=False)
    users = UserStore()
    users.add("admin", PASSWORD, "admin")
    users.add("planner", PASSWORD, "reviewer")
    users.add("zhang", PASSWORD, "manager", ["市统计局"], display_name="张统计")
    store, cat = open_store(url), catalog.load(FIXTURE)
    store.add([Figure("services-value-added", 2019, "11000")], Actor("admin", "admin"), cat)
    store.add([Figure("services-value-added", 2019, "11500", source="年鉴"), Figure("services-share", 2019, "53")],
              STATS, cat)
    return {"store": store, "cat": cat}


def signed_in(name: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.sidebar.text_input(key="signin_username").input(name)
    at.sidebar.text_input(key="signin_password").input(PASSWORD)
    at.sidebar.button[0].click().run()
    at.switch_page("app_pages/review.py").run()
    assert not at.exception, at.exception
    return at


def test_a_reviewer_sees_the_submitted_figures_and_accepts_several_at_once(env):
    at = signed_in("planner")
    table = at.dataframe[0].value
    assert table["指标"].tolist() == ["服务业增加值占生产总值的比重", "服务业增加值"]
    assert table["已审核值"].tolist()[1] == "11,000" and table["变动（%）"].tolist()[1] == "+4.5%"
    assert table["来源"].tolist()[1] == "年鉴" and table["责任部门"].tolist() == ["市统计局", "市统计局"]
    assert table["录入人"].tolist() == ["张统计", "张统计"]  # the name people know, not the login "zhang"
    assert not [s for s in at.subheader if s.value == "锁定年份（管理员）"]  # not an admin
    at.multiselect(key="review_chosen").set_value(["services-share|2019", "services-value-added|2019"])
    at.button(key="review_accept").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("已审核通过 2 条数据")
    assert env["store"].pending().empty and at.info[0].value == "没有待审核的数据"
    assert env["store"].accepted()["value"].tolist() == [53.0, 11500.0]


def test_returning_needs_a_reason_and_the_reason_reaches_the_figure(env):
    at = signed_in("planner")
    at.multiselect(key="review_chosen").set_value(["services-value-added|2019"])
    at.button(key="review_return").click().run()
    assert at.error[0].value == "退回数据须说明理由"
    assert len(env["store"].pending()) == 2
    at.multiselect(key="review_chosen").set_value(["services-value-added|2019"])
    at.text_input(key="review_reason").input("与年鉴不符")
    at.button(key="review_return").click().run()
    assert at.success[0].value.startswith("已退回 1 条数据")
    current = env["store"].current().set_index("indicator_id")
    assert current.loc["services-value-added", ["review_state", "review_reason"]].tolist() == ["returned", "与年鉴不符"]


def test_a_manager_may_not_open_the_review_page(env):
    at = signed_in("zhang")
    assert at.warning and not at.dataframe


def test_an_admin_locks_and_unlocks_a_year_and_sees_who_locked_it(env):
    at = signed_in("admin")
    at.selectbox(key="review_lock_plan").set_value("demo-plan")
    at.number_input(key="review_lock_year").set_value(2020)
    at.button(key="review_lock").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "已锁定《示例规划（2018—2022年）》2020 年（admin）"
    locks = at.dataframe[-1].value
    assert locks[["规划", "年份", "锁定人"]].values.tolist() == [["示例规划（2018—2022年）", 2020, "admin"]]
    with pytest.raises(Exception, match="locked for 2020 by admin"):
        env["store"].add([Figure("services-value-added", 2020, "12000")], STATS, env["cat"])
    at.button(key="review_lock").click().run()
    assert "已由 admin 锁定" in at.error[0].value
    at.button(key="review_unlock").click().run()
    assert at.success[0].value == "已解锁《示例规划（2018—2022年）》2020 年（admin）"
    assert env["store"].locks().empty
