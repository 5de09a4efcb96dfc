"""The owners page (admins): the table of catalog and effective owners, a saved assignment, its history,
and the permission it gives a manager on the entry path."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import assignments, catalog
from dashboard.store import open_store
from dashboard.store.writes import Actor
from tests.test_app import FIXTURE_CATALOG, env, open_page, run_app, sign_in  # noqa: F401

PAGE = "app_pages/owners.py"


@pytest.fixture
def cat(env, monkeypatch):  # noqa: F811
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE_CATALOG))
    return catalog.load(FIXTURE_CATALOG)


def test_an_admin_assigns_an_owner_and_the_history_and_permission_follow(env, cat):  # noqa: F811
    at = open_page(sign_in(run_app(), "admin"), PAGE)
    plan = cat.indicators["approval-days"].plan
    at.selectbox(key="owners_plan").select(plan).run()
    table = at.dataframe[0].value
    row = table[table["指标"] == cat.indicators["approval-days"].name].iloc[0]
    assert row["目录中的责任部门"] == "市规划自然资源局" and row["现行责任部门"] == "市规划自然资源局"
    at.selectbox(key="owners_indicator").select("approval-days")
    at.radio(key="owners_mode").set_value("add")
    at.selectbox(key="owners_lead").select("市统计局")
    at.button(key="FormSubmitter:owners_form-保存指派").click().run()  # no reason: refused, nothing stored
    assert any("请填写指派理由" in e.value for e in at.error)
    assert assignments.read(open_store(env["url"])) == []
    at.text_input(key="owners_reason").input("统计局协办")
    at.button(key="FormSubmitter:owners_form-保存指派").click().run()
    assert not at.exception, at.exception
    assert any("市规划自然资源局、市统计局" in s.value for s in at.success)
    table = at.dataframe[0].value
    row = table[table["指标"] == cat.indicators["approval-days"].name].iloc[0]
    assert row["现行责任部门"] == "市规划自然资源局、市统计局"
    history = at.dataframe[1].value
    assert list(history["理由"]) == ["统计局协办"] and list(history["指派人"]) == ["admin"]
    store = open_store(env["url"])
    owned = assignments.apply(store, cat)
    store.authorise(pd.DataFrame({"indicator_id": ["approval-days"], "year": [2021]}),
                    Actor("li", "manager", ["市统计局"]), owned)  # raises if the manager may not write it


def test_a_manager_does_not_get_the_owners_page(env, cat):  # noqa: F811
    at = open_page(sign_in(run_app(), "li"), PAGE)
    assert not at.dataframe and "保存指派" not in [b.label for b in at.button]
