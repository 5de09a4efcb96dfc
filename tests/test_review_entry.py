"""The entry page with reviews (AppTest): a manager's figure shows 待审核 until accepted, a returned figure
shows with its reason and is corrected and resubmitted, and a locked year refuses the save naming the lock."""

from __future__ import annotations

import streamlit as st

from dashboard.access.auth import UserStore
from dashboard.figures import Figure
from dashboard.review import reviewer_actor
from dashboard.store import Actor, open_store
from tests.test_app import PASSWORD, edit_grid, env, fixture_catalog, frame_with, open_page, run_app, sign_in, texts  # noqa: F401

IND = "services-value-added"


def entry_as_li():
    st.cache_data.clear()  # figures reviewed outside the app (as another server would) are read afresh
    return open_page(sign_in(run_app(), "li"), "app_pages/entry.py")


def test_the_cycle_on_the_entry_page(fixture_catalog, env):  # noqa: F811
    UserStore().add("planner", PASSWORD, "reviewer")
    at = entry_as_li()
    edit_grid(at, {0: {"value": "11,500", "figure_status": "final", "source": "2019年统计公报"}})
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert at.dataframe(key="entry_editor").value["review"].tolist() == ["待审核", ""]
    store = open_store(env["url"])
    store.return_figure(IND, 2019, "与统计公报不符", reviewer_actor("planner"), fixture_catalog)

    at = entry_as_li()
    returned = frame_with(at, "退回理由")
    assert returned.values.tolist() == [["服务业增加值", 2019, 11500.0, "与统计公报不符"]]
    assert at.dataframe(key="entry_editor").value["review"].tolist()[0] == "已退回"
    edit_grid(at, {0: {"value": "11,632.1"}})  # corrected and resubmitted
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert not [d for d in at.dataframe if "退回理由" in d.value.columns]
    assert at.dataframe(key="entry_editor").value["review"].tolist()[0] == "待审核"
    assert store.current([IND])[["value", "review_state"]].values.tolist() == [[11632.1, "submitted"]]
    store.accept(IND, 2019, reviewer_actor("planner"), fixture_catalog)
    at = entry_as_li()
    assert at.dataframe(key="entry_editor").value["review"].tolist()[0] == ""
    store.close()


def test_a_locked_year_refuses_the_save_and_names_the_lock(fixture_catalog, env):  # noqa: F811
    store = open_store(env["url"])
    store.add([Figure(IND, 2019, "11000")], Actor("admin", "admin"), fixture_catalog)
    store.lock("demo-plan", 2019, Actor("admin", "admin"), fixture_catalog)
    at = entry_as_li()
    edit_grid(at, {0: {"value": "11,500"}})
    assert not at.success
    assert any("示例规划（2018—2022年）》2019 年已由 admin 锁定" in e.value for e in at.error)
    assert store.count() == 1
    store.close()


def test_the_overview_marks_a_figure_waiting_for_review_until_it_is_accepted(fixture_catalog, env):  # noqa: F811
    UserStore().add("planner", PASSWORD, "reviewer")
    store = open_store(env["url"])
    store.add([Figure(IND, 2019, "11500", source="2019年统计公报")], Actor("li", "manager", ["市统计局"]),
              fixture_catalog)

    def latest_cell():
        st.cache_data.clear()
        at = open_page(run_app(), "app_pages/overview.py")
        table = at.dataframe(key="overview_table").value
        return table.loc[table["name"] == "服务业增加值", "latest"].iloc[0]

    assert latest_cell() == "11,500（2019） · 待审核"
    store.return_figure(IND, 2019, "与统计公报不符", reviewer_actor("planner"), fixture_catalog)
    assert latest_cell() == "11,500（2019） · 已退回"
    store.add([Figure(IND, 2019, "11632.1")], Actor("li", "manager", ["市统计局"]), fixture_catalog)
    store.accept(IND, 2019, reviewer_actor("planner"), fixture_catalog)
    assert latest_cell() == "11,632.1（2019）"
    store.close()


def test_the_overview_shows_the_owners_the_office_assigned(fixture_catalog, env):  # noqa: F811
    from dashboard import assignments

    store = open_store(env["url"])
    assignments.assign(store, Actor("admin", "admin"), IND, "override", "市发展改革委", ["市统计局"], "职能调整")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = open_page(run_app(), "app_pages/overview.py")
    table = at.dataframe(key="overview_table").value
    assert table.loc[table["name"] == "服务业增加值", "owner"].iloc[0] == "市发展改革委"  # the lead department
    store.close()


def test_a_figure_saved_without_a_source_is_saved_and_named_in_a_warning(fixture_catalog, env):  # noqa: F811
    at = entry_as_li()
    edit_grid(at, {0: {"value": "11,500"}})
    assert texts(at.success) == ["已保存 1 个数据。"]
    assert [w.value for w in at.warning] == [
        "已保存，但以下数据没有填写来源：“服务业增加值”2019 年。请在“来源”列补充数据出处（如统计公报名称和网址），"
        "审核人和简报读者需要据此核对。"]
    edit_grid(at, {0: {"value": "11,600", "source": "2019年统计公报"}})
    assert texts(at.success) == ["已保存 1 个数据。"] and not at.warning
