"""The New plan page (administrators): paste → candidates → tick → validate → save; and its table helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import catalog
from dashboard.appstate import md_escape
from dashboard.drafting import service, table
from dashboard.drafting.build import draft
from tests.test_app import env, open_page, run_app, sign_in  # noqa: F401 - fixtures

SEED = Path(__file__).parent / "fixtures" / "drafting" / "003_8745ddecfa6d881b.txt"
PAGE = "app_pages/new_plan.py"


CATALOG = """version: 1
include: [plans/*.yaml]
plans:
  - {id: demo-plan, title: 示例规划, base_year: 2020, target_year: 2024}
indicators:
  - {id: demo-parks, plan: demo-plan, name: 园区, unit: 个, kind: level, direction: increase,
     target: {year: 2024, value: 10}, owner: 市统计局}
"""
OTHER = """plans:
  - {id: other-plan, title: 另一规划, base_year: 2020, target_year: 2022}
indicators:
  - {id: other-milestone, plan: other-plan, name: 平台建成, kind: milestone, target: {year: 2021, month: 9}}
"""


@pytest.fixture
def own_catalog(env, monkeypatch):  # noqa: F811
    """A catalog in tmp_path that includes plans/*.yaml (one file there already)."""
    folder = env["tmp"] / "catalog"
    (folder / "plans").mkdir(parents=True)
    path = folder / "indicators.yaml"
    path.write_text(CATALOG, encoding="utf-8")
    (folder / "plans" / "other.yaml").write_text(OTHER, encoding="utf-8")
    catalog.load(path)  # valid as written
    monkeypatch.setenv("DASHBOARD_CATALOG", str(path))
    return path


def read_seed(at):
    at.text_area(key="newplan_text").input(SEED.read_text(encoding="utf-8", errors="replace"))
    at.text_input(key="newplan_plan_id").input("services-pilot-draft")
    at.button(key="newplan_read").click().run()
    assert not at.exception, at.exception
    return at


def test_a_manager_cannot_use_the_page(own_catalog):
    at = open_page(sign_in(run_app(), "li"), PAGE)
    assert "此页面仅限系统管理员。" in [w.value for w in at.warning]
    with pytest.raises(KeyError):
        at.text_area(key="newplan_text")


def test_paste_tick_and_save(own_catalog):
    at = read_seed(open_page(sign_in(run_app(), "admin"), PAGE))
    assert any("草稿通过校验：2 项" in s.value for s in at.success)
    at.session_state["newplan_editor"] = {"edited_rows": {1: {"keep": False}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("草稿通过校验：1 项" in s.value for s in at.success)
    at.button(key="newplan_save").click().run()
    assert not at.exception, at.exception
    saved = own_catalog.parent / "plans" / "services-pilot-draft.yaml"
    assert saved.is_file()
    loaded = catalog.load(own_catalog)
    assert "services-pilot-draft" in loaded.plans
    assert [i.target.value for i in loaded.indicators.values() if i.plan == "services-pilot-draft"] == [86]
    at = open_page(at, "app_pages/overview.py")  # the running app's catalog cache was cleared
    assert "services-pilot-draft-t01" in set(at.dataframe(key="overview_table").value["id"])


def test_an_edit_that_breaks_the_draft_is_shown_and_cannot_be_saved(own_catalog):
    at = read_seed(open_page(sign_in(run_app(), "admin"), PAGE))
    at.session_state["newplan_editor"] = {"edited_rows": {0: {"year": 2030}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert any("草稿有 1 处校验问题" in e.value for e in at.error)
    (problem,) = [c.value for c in at.code if c.language != "yaml"]
    assert problem.startswith("第 1 行（改革试点任务）target.year：expected a year within the plan's years")
    assert at.button(key="newplan_save").disabled


def test_a_bad_plan_id_is_refused_and_nothing_is_read(own_catalog):
    at = open_page(sign_in(run_app(), "admin"), PAGE)
    at.text_area(key="newplan_text").input("到2022年，建成10个园区。")
    at.text_input(key="newplan_plan_id").input("Bad Id")
    at.button(key="newplan_read").click().run()
    assert [e.value for e in at.error] == [md_escape("规划编号只能用小写字母、数字和连字符，例如 plan-2019-32")]
    assert "newplan_draft" not in at.session_state


def test_rows_round_trip_and_unticked_rows_are_left_out():
    result = draft(SEED.read_bytes())
    rows = table.rows(result, "en")
    assert [r["value"] for r in rows] == [86.0, 10.0]
    assert table.apply(result, rows).entries[0].head.value == 86
    rows[0]["keep"] = False
    rows[1]["value"] = 12
    kept = table.apply(result, rows)
    assert [e.head.value for e in kept.entries] == [12]
    assert len(result.entries) == 2  # the original draft is untouched
    text, problems = service.rerender(kept, "en")
    assert problems == [] and "value: 12" in text


def test_an_uploaded_html_page_is_drafted_and_the_yaml_is_offered(own_catalog):
    at = open_page(sign_in(run_app(), "admin"), PAGE)
    html = (SEED.parent / "003_services_opening.html").read_bytes()
    at.file_uploader(key="newplan_upload").upload("plan.html", html, "text/html").run()
    at.button(key="newplan_read").click().run()
    assert not at.exception, at.exception
    assert any("草稿通过校验：2 项" in s.value for s in at.success)
    assert "重庆市服务业扩大开放综合试点工作方案" in at.subheader[0].value
    (code,) = [c for c in at.code if c.language == "yaml"]
    catalog.parse(code.value, "draft.yaml")  # the text the download button offers validates


def test_a_row_turned_into_a_milestone_drops_what_a_milestone_cannot_have():
    result = draft((SEED.parent / "000_38d853d575b6585a.txt").read_bytes())
    rows = table.rows(result)
    rows[0].update(kind="milestone")  # 服务业增加值: baseline, declared rate, unit, direction
    for row in rows[1:]:
        row["keep"] = False
    text, problems = service.rerender(table.apply(result, rows))
    assert problems == []
    assert "kind: milestone" in text and "declared_rate" not in text and "baseline" not in text


def test_saving_beside_a_catalog_that_does_not_include_plans_says_so(own_catalog):
    own_catalog.write_text(CATALOG.replace("include: [plans/*.yaml]\n", ""), encoding="utf-8")
    at = read_seed(open_page(sign_in(run_app(), "admin"), PAGE))
    at.button(key="newplan_save").click().run()
    assert not at.exception, at.exception
    assert (own_catalog.parent / "plans" / "services-pilot-draft.yaml").is_file()
    assert any("没有包含 plans/*.yaml" in w.value for w in at.warning)


def test_a_file_already_saved_is_not_overwritten(own_catalog):
    at = read_seed(open_page(sign_in(run_app(), "admin"), PAGE))
    saved = own_catalog.parent / "plans" / "services-pilot-draft.yaml"
    saved.write_text("plans: []\n", encoding="utf-8")
    at.button(key="newplan_save").click().run()
    assert saved.read_text(encoding="utf-8") == "plans: []\n"
    assert any("已存在，未覆盖" in e.value for e in at.error)
