"""The 待办 page (AppTest): a manager sees their department's list, an admin the counts by department."""

from __future__ import annotations

import pytest

from tests.test_app import (  # noqa: F401 - fixtures
    FIXTURE_CATALOG,
    env,
    open_page,
    run_app,
    sign_in,
    texts,
)


@pytest.fixture
def released(env, monkeypatch):  # noqa: F811
    """The fixture catalog with demo-plan's figures due by 31 March; today fixed at 2023-06-01."""
    text = FIXTURE_CATALOG.read_text(encoding="utf-8")
    anchor = "  - id: demo-plan\n"
    path = env["tmp"] / "indicators.yaml"
    path.write_text(text.replace(anchor, anchor + "    release: {month: 3, day: 31}\n", 1), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CATALOG", str(path))
    monkeypatch.setenv("DASHBOARD_TODAY", "2023-06-01")
    return path


def test_a_manager_sees_their_overdue_figures_and_downloads(released):
    at = open_page(sign_in(run_app(), "li"), "app_pages/todo.py")
    assert len(at.dataframe) == 1  # no counts table for a manager
    table = at.dataframe[0].value
    assert len(table) > 0 and set(table["状态"]) == {"已逾期"}
    assert (table["逾期天数"] > 0).all()
    assert "市统计局" in texts(at.subheader)
    assert len(at.get("download_button")) == 2


def test_an_admin_sees_counts_by_department(released):
    at = open_page(sign_in(run_app(), "admin"), "app_pages/todo.py")
    counts = at.dataframe[0].value  # tables without selection carry no key
    assert "市统计局" in set(counts["责任单位"]) and (counts["逾期项数"] > 0).all()
    at.selectbox(key="todo_department").set_value("市统计局").run()
    assert "市统计局" in texts(at.subheader) and len(at.dataframe[1].value) > 0


def test_signed_out_the_page_asks_to_sign_in(released):
    at = open_page(run_app(), "app_pages/todo.py")
    assert not at.dataframe and "登录" in " ".join(texts(at.info))
