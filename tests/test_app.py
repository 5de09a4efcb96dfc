"""The Streamlit app driven by `streamlit.testing.v1.AppTest`: every page renders, and what users do
(sign in, enter figures, upload, switch language) has the effect they expect.

Each test points the app at its own SQLite file and users file (tmp_path) through the environment;
caches are keyed on the database URL, so tests do not see each other's figures.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalog, spreadsheet
from dashboard.access.auth import UserStore
from dashboard.access.throttle import LoginGuard
from dashboard.app_pages import overview_table as board
from dashboard.i18n import STATUS_COLOURS, t
from dashboard.store import Actor, open_store

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "dashboard" / "app.py"
FIXTURE_CATALOG = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
SHIPPED_ACTUALS = ROOT / "data" / "actuals.csv"
PASSWORD = "a long enough passphrase"
PAGES = ["app_pages/overview.py", "app_pages/indicator.py", "app_pages/plan_audit.py", "app_pages/report.py",
         "app_pages/entry.py", "app_pages/trail.py"]
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def env(tmp_path, monkeypatch):
    """A fresh database URL and users file (with an admin and a 市统计局 manager) for the app."""
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.delenv("DASHBOARD_CATALOG", raising=False)
    monkeypatch.delenv("DASHBOARD_VIEWERS_MUST_SIGN_IN", raising=False)
    users = UserStore()
    users.add("admin", PASSWORD, "admin")
    users.add("li", PASSWORD, "manager", ["市统计局"], display_name="李统计")
    return {"url": url, "tmp": tmp_path}


@pytest.fixture
def fixture_catalog(env, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE_CATALOG))
    return catalog.load(FIXTURE_CATALOG)


def run_app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    at.sidebar.text_input(key="signin_username").input(username)
    at.sidebar.text_input(key="signin_password").input(password)
    at.sidebar.button[0].click().run()
    assert not at.exception, at.exception
    return at


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(page).run()
    assert not at.exception, f"{page}: {at.exception}"
    return at


def texts(elements) -> list[str]:
    return [str(e.value) for e in elements]


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    """The first rendered table that has `column` (tables without selection carry no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def overview_row(at: AppTest, indicator_id: str) -> pd.Series:
    table = at.dataframe(key="overview_table").value
    return table[table["id"] == indicator_id].iloc[0]


def show_no_data(at: AppTest) -> AppTest:
    """Open the collapsed rows without data (a one-option pill under the filters)."""
    pill = next(b for b in at.button_group if str(b.key).startswith("overview_show_no_data"))
    pill.set_value(pill.options[0]).run()
    assert not at.exception, at.exception
    return at


def edit_grid(at: AppTest, edits: dict[int, dict]) -> AppTest:
    at.session_state["entry_editor"] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="entry_save").click().run()
    assert not at.exception, at.exception
    return at


def load_shipped(url: str) -> int:
    figures = spreadsheet.read_figures(SHIPPED_ACTUALS)
    return open_store(url).add(figures, Actor("shipped-data", "admin"), catalog.load()).added


# ---------------------------------------------------------------- every page renders


@pytest.mark.parametrize("shipped", [True, False], ids=["shipped-data", "empty-store"])
def test_every_page_renders_for_an_admin(env, shipped):
    if shipped:
        assert load_shipped(env["url"]) > 0
    at = sign_in(run_app(), "admin")
    titles = {}
    for page in PAGES:
        titles[page] = texts(open_page(at, page).title)
    assert titles["app_pages/overview.py"] == ["指标总览"]
    assert titles["app_pages/indicator.py"] == ["服务业增加值"]  # the first indicator of the shipped catalog
    assert titles["app_pages/plan_audit.py"] == ["规划内部一致性核对"]
    assert titles["app_pages/entry.py"] == ["数据录入"]
    assert titles["app_pages/trail.py"] == ["修改记录"]
    assert titles["app_pages/report.py"] == ["生成报告"]
    open_page(at, "app_pages/overview.py")
    table = at.dataframe(key="overview_table").value
    total = len(catalog.load().indicators)
    if shipped:  # the rows without data are collapsed into a count that the toggle opens
        hidden = total - len(table)
        assert hidden > 0 and (table["status"] != "no_data").all()
        assert f"另有 {hidden} 项指标暂无数据" in texts(at.caption)
        table = show_no_data(at).dataframe(key="overview_table").value
        assert len(table) == total and table["status"].iloc[-1] == "no_data"
    else:  # nothing has data: nothing to collapse
        assert len(table) == total and (table["status"] == "no_data").all()


def test_the_app_starts_before_the_database_exists(env):
    db = env["tmp"] / "app.db"
    assert not db.exists()
    at = run_app()
    assert texts(at.title) == ["指标总览"]
    assert db.exists()
    assert "尚无实际数据" in " ".join(texts(at.info))


def test_viewers_read_without_signing_in_but_cannot_enter(env):
    at = run_app()
    assert len(at.dataframe(key="overview_table").value) > 100
    open_page(at, "app_pages/entry.py")
    assert "此页面需要登录" in " ".join(texts(at.info))
    assert not at.get("arrow_data_frame")  # no grid
    open_page(at, "app_pages/trail.py")
    assert not at.dataframe


def test_viewers_must_sign_in_when_the_deployment_says_so(env, monkeypatch):
    monkeypatch.setenv("DASHBOARD_VIEWERS_MUST_SIGN_IN", "true")
    at = run_app()
    assert not at.dataframe
    assert "本系统要求登录后查看" in " ".join(texts(at.info))
    sign_in(at, "li")
    assert len(at.dataframe(key="overview_table").value) > 100


def test_a_fresh_install_explains_how_to_create_the_first_admin(env):
    Path(UserStore().path).unlink()
    at = open_page(run_app(), "app_pages/entry.py")
    assert any("python -m dashboard user add admin --role admin" in c for c in texts(at.code))
    assert "尚未配置任何用户" in " ".join(texts(at.warning))


# ---------------------------------------------------------------- sign-in


def test_a_wrong_password_or_unknown_user_gets_one_generic_message(env):
    at = sign_in(run_app(), "li", "not the password")
    wrong_password = texts(at.sidebar.error)
    assert wrong_password == ["用户名或密码错误"]
    at = sign_in(run_app(), "nobody", "not the password")
    assert texts(at.sidebar.error) == wrong_password
    assert not any("已登录" in c for c in texts(at.sidebar.caption))


def test_repeated_failures_ask_to_wait_instead_of_sleeping(env):
    guard = LoginGuard.next_to()  # the app's guard, kept beside the users file
    for _ in range(6):  # 6 failures: the next attempt waits 8 s
        guard.record("li", "", ok=False)
    at = run_app()
    started = time.monotonic()
    sign_in(at, "li", PASSWORD)  # even the right password waits now
    assert time.monotonic() - started < 5  # told to wait, not made to wait
    [message] = texts(at.sidebar.error)
    assert re.fullmatch(r"尝试次数过多，请 [78] 秒后再试", message)
    assert not any("已登录" in c for c in texts(at.sidebar.caption))


def test_signing_in_and_out(env):
    at = sign_in(run_app(), "li")
    assert texts(at.sidebar.caption)[:2] == ["已登录：李统计（部门管理员）", "负责单位：市统计局"]
    at.sidebar.button(key="signin_sign_out").click().run()
    assert not any("已登录" in c for c in texts(at.sidebar.caption))


# ---------------------------------------------------------------- data entry


def test_a_figure_entered_on_the_entry_page_changes_the_status_on_the_overview(fixture_catalog, env):
    at = run_app()
    assert overview_row(at, "services-value-added")["status"] == "no_data"
    sign_in(at, "li")
    open_page(at, "app_pages/entry.py")
    grid = at.dataframe(key="entry_editor").value
    assert grid["indicator_id"].tolist() == ["services-value-added", "services-share"]  # only 市统计局's
    assert at.selectbox(key="entry_year").value == 2019
    edit_grid(at, {0: {"value": "11,500", "figure_status": "final", "source": "2019年统计公报"}})
    assert texts(at.success) == ["已保存 1 个数据。"]
    stored = open_store(env["url"]).current()
    assert stored[["indicator_id", "year", "value", "figure_status", "entered_by"]].values.tolist() == [
        ["services-value-added", 2019, 11500.0, "final", "li"]]
    open_page(at, "app_pages/overview.py")
    row = overview_row(at, "services-value-added")
    assert (row["status"], row["status_label"], row["unit"]) == ("on_track", "符合进度", "亿元")
    assert row["latest"] == "11,500（2019） · 待审核"  # a manager's figure waits for a reviewer (shown, marked)


def test_a_bad_cell_shows_its_message_and_nothing_is_saved(fixture_catalog, env):
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    store = open_store(env["url"])
    before = store.count()
    edit_grid(at, {0: {"value": "12,3"}, 1: {"value": "53"}})
    errors = " ".join(texts(at.error))
    assert "有 1 处错误，未保存任何数据" in errors
    assert "第 1 行（服务业增加值）“数值”" in errors
    assert "数字“12,3”有歧义：是 12.3 还是 123？" in errors.replace("\\", "")
    assert store.count() == before == 0


def test_a_figure_is_retracted_only_with_a_reason(fixture_catalog, env):
    store = open_store(env["url"])
    store.add(pd.DataFrame({"indicator_id": ["services-value-added"], "year": [2019], "value": [11500]}),
              Actor("li", "manager", ["市统计局"]), fixture_catalog)
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    edit_grid(at, {0: {"value": ""}})  # clearing a cell does not delete
    assert "清空数值不会删除已有数据" in " ".join(texts(at.error))
    at.button(key="entry_retract").click().run()
    assert "撤回需要说明原因" in " ".join(texts(at.error))
    assert len(store.current()) == 1
    at.text_input(key="entry_retract_reason").input("年份录错").run()
    at.button(key="entry_retract").click().run()
    assert texts(at.success) == ["已撤回 服务业增加值 2019 年的数据。"]
    assert store.current().empty
    assert store.history("services-value-added")["action"].tolist() == ["enter", "retract"]
    open_page(at, "app_pages/overview.py")
    assert overview_row(at, "services-value-added")["status"] == "no_data"


def test_a_suspicious_jump_is_saved_only_after_confirmation_and_marked(fixture_catalog, env):
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    store = open_store(env["url"])
    edit_grid(at, {0: {"value": "40000"}})  # 3.75× the 2018 baseline 10656
    assert "变化异常" in " ".join(texts(at.warning))
    assert store.count() == 0
    at.checkbox(key="entry_confirm_jumps").check().run()
    at.button(key="entry_save").click().run()
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert store.current()["confirmed_jump"].tolist() == [True]


def test_a_manager_cannot_save_another_departments_indicator(fixture_catalog, env):
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    csv = b"indicator_id,year,value\nservices-value-added,2019,11500\napproval-days,2019,10\n"
    at.file_uploader[0].upload("figures.csv", csv, "text/csv").run()
    errors = " ".join(texts(at.error))  # the refusal is named before anything is promised
    assert "第 3 行（审批时间）“编号”：无权写入" in errors and "approval" not in errors
    assert "entry_apply" not in [b.key for b in at.button]
    store = open_store(env["url"])
    at.checkbox(key="entry_valid_only").check().run()
    assert "导入预览：新增 1，修订 0，不变 0，有问题 1 行（不导入）" in texts(at.markdown)
    at.button(key="entry_apply").click().run()
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert store.current()["indicator_id"].tolist() == ["services-value-added"]  # exactly the valid row
    assert sorted(store.audit_log()["action"]) == ["access_denied", "enter", "sign_in"]  # li's sign-in too


def test_an_upload_with_a_bad_row_lists_it_and_imports_nothing(fixture_catalog, env):
    at = open_page(sign_in(run_app(), "admin"), "app_pages/entry.py")
    csv = "indicator_id,year,value\nservices-value-added,2019,11500\nservices-share,2019,340亿\n".encode()
    at.file_uploader[0].upload("figures.csv", csv, "text/csv").run()
    errors = " ".join(texts(at.error))
    assert "文件有 1 处错误，未导入任何数据" in errors and "第 3 行" in errors
    assert "entry_apply" not in [b.key for b in at.button]
    store = open_store(env["url"])
    assert store.count() == 0
    at.checkbox(key="entry_valid_only").check().run()  # the user may choose to import the valid rows only
    assert "导入预览：新增 1，修订 0，不变 0，有问题 1 行（不导入）" in texts(at.markdown)
    assert store.count() == 0
    at.button(key="entry_apply").click().run()
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert store.current()["indicator_id"].tolist() == ["services-value-added"]


def test_an_upload_is_previewed_then_applied(fixture_catalog, env):
    at = open_page(sign_in(run_app(), "admin"), "app_pages/entry.py")
    csv = "indicator_id,year,value,figure_status\nservices-value-added,2019,11500,final\napproval-days,2019,10,\n"
    at.file_uploader[0].upload("figures.csv", csv.encode(), "text/csv").run()
    store = open_store(env["url"])
    assert store.count() == 0  # the preview wrote nothing
    at.button(key="entry_apply").click().run()
    assert texts(at.success) == ["已保存 2 个数据。"]
    assert sorted(store.current()["indicator_id"]) == ["approval-days", "services-value-added"]


# ---------------------------------------------------------------- language, text safety, audit trail


def test_the_english_switch_changes_the_labels(fixture_catalog, env):
    at = run_app()
    assert texts(at.title) == ["指标总览"]
    at.sidebar.button_group(key="app_lang").set_value("en").run()
    assert texts(at.title) == ["Indicator overview"]
    row = overview_row(at, "services-value-added")
    assert (row["name"], row["status_label"]) == ("Services value added", "No data")
    open_page(at, "app_pages/plan_audit.py")
    assert texts(at.title) == ["Plan consistency audit"]


def test_filters_and_the_as_of_year_survive_a_language_switch_and_a_page_switch(fixture_catalog, env):
    open_store(env["url"]).add(
        pd.DataFrame({"indicator_id": ["services-value-added"] * 2, "year": [2019, 2020], "value": [11500, 11600]}),
        Actor("admin", "admin"), fixture_catalog)
    at = run_app()
    at.multiselect(key="overview_statuses_zh").select("no_data").run()
    at.sidebar.selectbox(key="app_as_of_zh_2020").set_value(2019).run()
    assert len(at.dataframe(key="overview_table").value) == 4  # the unreported milestone is no_data too (v2)
    at.sidebar.button_group(key="app_lang").set_value("en").run()
    assert at.multiselect(key="overview_statuses_en").value == ["no_data"]
    assert at.sidebar.selectbox(key="app_as_of_en_2020").value == 2019
    assert len(at.dataframe(key="overview_table").value) == 4
    open_page(at, "app_pages/indicator.py")
    assert any(s.startswith("2019 actual 11,500 100 million yuan") for s in texts(at.text))  # as of 2019 there too
    open_page(at, "app_pages/overview.py")
    assert at.multiselect(key="overview_statuses_en").value == ["no_data"]
    assert overview_row(at, "services-share")["status_label"] == "No data"


def test_user_text_shows_as_text_never_as_html(fixture_catalog, env):
    open_store(env["url"]).add(
        pd.DataFrame({"indicator_id": ["services-value-added"], "year": [2019], "value": ["11500"],
                      "source": [f"**bold** {SCRIPT}"], "note": [SCRIPT]}),
        Actor("admin", "admin"), fixture_catalog)
    at = run_app()
    at.switch_page("app_pages/indicator.py").run()
    history = frame_with(at, "entered_by")
    assert history["note"].tolist() == [SCRIPT]
    assert history["source"].tolist() == [f"**bold** {SCRIPT}"]
    rendered = [str(e.value) for e in (*at.markdown, *at.caption, *at.text, *at.info, *at.warning, *at.error)]
    assert not [r for r in rendered if "<script" in r]
    assert not at.get("html")


def test_the_audit_trail_shows_who_changed_what_for_admins_only(fixture_catalog, env):
    store = open_store(env["url"])
    store.add(pd.DataFrame({"indicator_id": ["services-value-added"], "year": [2019], "value": [11000]}),
              Actor("li", "manager", ["市统计局"]), fixture_catalog)
    store.add(pd.DataFrame({"indicator_id": ["services-value-added"], "year": [2019], "value": [11500]}),
              Actor("li", "manager", ["市统计局"]), fixture_catalog)
    at = open_page(sign_in(run_app(), "li"), "app_pages/trail.py")
    assert not at.dataframe and "仅限系统管理员" in " ".join(texts(at.warning))
    at.sidebar.button(key="signin_sign_out").click().run()
    sign_in(at, "admin")
    open_page(at, "app_pages/trail.py")
    trail = frame_with(at, "indicator")
    trail = trail[trail["indicator"] != ""]  # the figures' rows (sign-ins and sign-outs are in the trail too)
    assert trail[["user", "action", "indicator", "old", "new"]].values.tolist() == [
        ["李统计", "录入", "服务业增加值", "11,000", "11,500"], ["李统计", "录入", "服务业增加值", "", "11,000"]]


def test_the_overview_opens_an_indicator_page_and_its_link_names_it(fixture_catalog, env):
    at = run_app()
    table = at.dataframe(key="overview_table").value
    row = table.index[table["id"] == "approval-days"][0]
    at.session_state["overview_table"] = {"selection": {"rows": [int(row)], "columns": [], "cells": []}}
    at.run()  # selecting its row opens the indicator page
    assert not at.exception, at.exception
    assert texts(at.title) == ["审批时间"]
    assert at.query_params["indicator_id"] == "approval-days"  # the page's address names the indicator
    at.selectbox(key="indicator_id_zh").set_value("services-share").run()
    assert texts(at.title) == ["服务业增加值占生产总值的比重"]


def test_the_plan_audit_explains_each_flag(env):
    at = open_page(run_app(), "app_pages/plan_audit.py")
    table = at.dataframe[0].value
    flagged = table[table["flagged"]]
    assert 0 < len(flagged) < len(table)
    assert set(table["check"]) == {"一致", "口径不同", "不一致"}
    assert set(table.loc[table["check"] == "一致", "explanation"]) == {"一致"}
    assert set(table.loc[table["id"].isin(["services-trade", "offshore-outsourcing-execution"]), "check"]) == {"不一致"}
    row = table[table["id"] == "services-value-added"].iloc[0]
    assert (row["declared"], row["implied"], row["tolerance"]) == ("7%", "7.06%", "±0.5个百分点")
    explained = [m for m in texts(at.markdown) if m.startswith("- **")]
    assert len(explained) == len(flagged)
    assert any("可比价" in m for m in explained)  # a real-vs-nominal flag says so instead of blaming the plan
    at.toggle(key="plan_audit_only_flagged").set_value(True).run()
    assert len(at.dataframe[0].value) == len(flagged)


def test_the_report_page_builds_a_report_to_download(fixture_catalog, env):
    at = open_page(run_app(), "app_pages/report.py")
    at.button_group(key="report_format").set_value("html").run()
    at.button(key="report_build").click().run()
    assert not at.exception, at.exception
    assert any(s.startswith("报告已生成") for s in texts(at.success))
    assert "report_download" in [b.key for b in at.get("download_button")]
    html = at.session_state["report_built"][1].decode("utf-8")
    assert "服务业增加值" in html and "<html" in html.lower()


# ---------------------------------------------------------------- page helpers (pure)


def test_the_entry_grid_shows_stored_figures_as_typed_and_the_year_before(fixture_catalog):
    from dashboard.app_pages import entry_grid as eg

    frame = fixture_catalog.frame()
    current = pd.DataFrame({"indicator_id": ["services-value-added", "services-value-added"], "year": [2019, 2020],
                            "value": [11500.0, 12100.5], "figure_status": ["final", "preliminary"],
                            "source": ["公报", None], "note": [None, "初步核算"]})
    mine = eg.editable_indicators(frame, "manager", ["市统计局"])
    grid = eg.grid(mine, fixture_catalog.plans, current, 2020, "zh")
    first = grid.iloc[0]
    assert (first["value"], first["figure_status"], first["note"], first["previous"]) == (
        "12100.5", "preliminary", "初步核算", "11,500")
    assert grid.iloc[1]["previous"] == "" and pd.isna(grid.iloc[1]["figure_status"])
    assert eg.grid(mine, fixture_catalog.plans, current, 2019, "zh").iloc[0]["previous"] == "10,656（基期值）"
    figures, problems = eg.edits_to_figures(grid, grid.copy(), 2020)
    assert figures.empty and problems == []


def test_the_export_bytes_read_back_as_the_same_figures(fixture_catalog, env):
    from dashboard.app_pages import entry_grid as eg

    store = open_store(env["url"])
    store.add(pd.DataFrame({"indicator_id": ["services-value-added", "services-share"], "year": [2019, 2019],
                            "value": [11500.25, 52.8], "note": ["=1+1 不是公式", SCRIPT]}),
              Actor("admin", "admin"), fixture_catalog)
    current = store.current()
    for fmt in ("csv", "xlsx"):
        back = spreadsheet.read_figures(eg.export_bytes(current, fmt), f"figures.{fmt}")
        assert back["indicator_id"].tolist() == ["services-share", "services-value-added"]
        assert [float(v) for v in back["value"]] == [52.8, 11500.25]
        assert back["note"].tolist() == [SCRIPT, "=1+1 不是公式"]


def test_switching_the_year_never_throws_away_unsaved_edits(fixture_catalog, env):
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    year = at.selectbox(key="entry_year").value
    edits = {"edited_rows": {0: {"value": "11500"}}, "added_rows": [], "deleted_rows": []}
    at.session_state["entry_editor"] = edits
    at.run()
    at.selectbox(key="entry_year").set_value(year + 1).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="entry_year").value == year  # the change was undone
    assert any("尚未保存的修改" in w for w in texts(at.warning))
    assert at.session_state["entry_editor"]["edited_rows"] == {0: {"value": "11500"}}
    at.button(key="entry_save").click().run()
    assert open_store(env["url"]).current()[["indicator_id", "year", "value"]].values.tolist() == [
        ["services-value-added", year, 11500.0]]


def test_an_edit_of_a_figure_changed_behind_the_pages_back_is_refused_and_can_be_reloaded(fixture_catalog, env):
    store = open_store(env["url"])
    store.add([{"indicator_id": "services-value-added", "year": 2019, "value": "11500"}], Actor("admin", "admin"),
              fixture_catalog)
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    assert at.selectbox(key="entry_year").value == 2019
    assert at.dataframe(key="entry_editor").value["value"].tolist()[0] == "11500"
    # the command line (or another server) revises the figure after the page was rendered
    store.add([{"indicator_id": "services-value-added", "year": 2019, "value": "11800"}], Actor("admin", "admin"),
              fixture_catalog)
    edit_grid(at, {0: {"note": "只改备注"}})  # the note only: the grid would resubmit 11500
    errors = " ".join(texts(at.error)).replace("\\", "")  # markdown escapes
    assert "未保存任何数据：您打开此页后，以下数据已被他人修改。" in errors
    assert re.search(r"第 1 行（服务业增加值）2019 年的数据已被 admin 于 \d{4}-\d\d-\d\d \d\d:\d\d UTC 修改为 11,800，"
                     r"请刷新后再改", errors), errors
    assert not at.success
    assert store.count() == 2 and store.current()["value"].tolist() == [11800.0]
    at.button(key="entry_reload").click().run()
    assert not at.exception and not at.error
    assert at.dataframe(key="entry_editor").value["value"].tolist()[0] == "11800"
    edit_grid(at, {0: {"note": "只改备注"}})
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert store.current()[["value", "note", "revision"]].values.tolist() == [[11800.0, "只改备注", 3]]


# ---------------------------------------------------------------- overview for a planner


def test_the_overview_puts_the_most_urgent_first_and_colours_the_status_without_a_styler(env):
    load_shipped(env["url"])
    at = run_app()
    element = at.dataframe(key="overview_table")
    table = element.value
    ranks = [board.URGENCY.index(s) for s in table["status"]]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1
    assert {"plan_label", "owner", "unit", "direction", "progress_elapsed", "required"} <= set(table.columns)
    everything = show_no_data(at).dataframe(key="overview_table").value
    days = everything[everything["unit"] == "工作日"]
    assert not days.empty and (days["direction"] == "↓").all()  # lower is better, said on the row
    config = json.loads(element.proto.columns)["status_label"]
    assert config["type_config"]["type"] == "multiselect"
    colours = {o["value"]: o["color"] for o in config["type_config"]["options"]}
    assert colours["未完成"] == STATUS_COLOURS["missed"] and colours["符合进度"] == STATUS_COLOURS["on_track"]
    assert not element.proto.arrow_data.HasField("styler")  # a plain frame: no Styler marshalled on every rerun
    year = int(pd.to_numeric(open_store(env["url"]).current()["year"]).max())
    line = next(c for c in texts(at.caption) if c.startswith("数据截至："))
    assert f"现代服务业发展计划 {year}年" in line and "营商环境优化提升工作方案 暂无数据" in line  # per plan (v2)


def test_the_overview_table_writes_numbers_as_the_scalar_formatters_do():
    from dashboard import formatting as fmt
    from dashboard.metrics import compute

    cat = catalog.load()
    results = compute(cat.frame(), spreadsheet.read_figures(SHIPPED_ACTUALS).astype({"year": int}))
    table = board.overview_table(results, "en").set_index("id")
    for row in results.to_dict("records"):
        shown = table.loc[row["id"]]
        assert shown["status_label"] == t(f"status.{row['status']}", "en")
        expected = None if row["kind"] == "growth" else row["expected_value"]  # a growth row's is an index
        assert shown["expected"] == fmt.number(expected)
        assert shown["required"] == fmt.rate(row["required_rate"], row.get("rate_model") or row["trend"],
                                             row["unit"], "en")
