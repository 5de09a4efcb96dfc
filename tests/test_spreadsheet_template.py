"""The fill-in template: generate → fill in with openpyxl → read / import → export → the same figures."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from dashboard import catalog, cli, spreadsheet
from dashboard.figures import validate
from dashboard.files import template
from dashboard.store import open_store

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "catalog" / "indicators.yaml"
CAT = catalog.load(FIXTURE)
TODAY = dt.date(2021, 6, 1)


@pytest.fixture(autouse=True)
def no_users(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.delenv("DASHBOARD_DATABASE_URL", raising=False)


def fill(data: bytes, values: dict[tuple[str, int], object], status: str = "最终数", source: str = "统计公报") -> bytes:
    """The template with `values` typed into the year cells of their indicators, as a user would."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        for (ind_id, year), value in values.items():
            if row[0].value == ind_id:
                row[header.index(f"{year}年")].value = value
                row[header.index("数据状态")].value = status
                row[header.index("来源")].value = source
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_template_lists_the_departments_indicators_with_checks_on_every_cell_to_fill():
    data = template.build(CAT, "市统计局", today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["填报", "填报说明"]
    ws = book["填报"]
    assert [c.value for c in ws[1]] == ["指标编号", "指标名称", "单位", "基期值", "目标值", "最新数据", "2019年",
                                        "2020年", "2021年", "数据状态", "来源", "备注"]
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == ["服务业增加值", "服务业增加值占生产总值的比重"]
    assert ws.column_dimensions["A"].hidden and ws.freeze_panes == "C2" and ws.protection.sheet
    assert ws["B2"].protection.locked and not ws["G2"].protection.locked and not ws["K3"].protection.locked
    rules = {(v.type, v.operator, v.formula1, v.formula2): str(v.sqref) for v in ws.data_validations.dataValidation}
    assert rules[("decimal", "greaterThanOrEqual", "0", None)] == "G2:I2"  # 亿元
    assert rules[("decimal", "between", "0", "100")] == "G3:I3"  # a share in %
    assert rules[("list", None, '"初步数,最终数,修订数"', None)] == "J2:J3" and len(rules) == 3  # no empty rule
    assert book["填报说明"]["A1"].value == "市统计局 指标数据填报表"
    milestones = openpyxl.load_workbook(io.BytesIO(template.build(CAT, "市通信管理局", year=2019)))["填报"]
    assert {(v.type, v.formula1, v.formula2, str(v.sqref)) for v in milestones.data_validations.dataValidation
            if v.type == "whole"} == {("whole", "0", "1", "G3")}


def test_generate_fill_import_export_gives_the_same_figures(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    open_store(url).close()
    out = tmp_path / "模板.xlsx"
    assert cli.main(["template", "--department", "市统计局", "--out", str(out), "--catalog", str(FIXTURE),
                     "--database", url]) == 0
    assert capsys.readouterr().out.startswith(f"已生成模板 {out}：2 个指标，年份 2019—")
    typed = {("services-value-added", 2019): 11000.5, ("services-value-added", 2020): "12100",
             ("services-share", 2020): 53.2}
    filled = tmp_path / "已填.xlsx"
    filled.write_bytes(fill(out.read_bytes(), typed))
    rows = spreadsheet.read_figures(filled, catalog=CAT)
    assert rows[["row", "indicator_id", "year"]].values.tolist() == [
        [2, "services-value-added", 2019], [2, "services-value-added", 2020], [3, "services-share", 2020]]
    assert cli.main(["import", str(filled), "--catalog", str(FIXTURE), "--database", url]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "已读取工作表“填报”", "已以 " + open_store(url).current()["entered_by"].iloc[0]
        + " 的身份保存 3 个数据（新增 3，修订 0），不变 0"]
    current = open_store(url).current()
    exported = spreadsheet.to_xlsx(spreadsheet.export_frame(current, lang="zh"))
    back, problems = validate(spreadsheet.read_figures(exported, "figures.xlsx"), CAT)
    assert problems == []
    assert sorted(zip(back["indicator_id"], back["year"], back["value"], back["figure_status"], back["source"],
                      strict=True)) == sorted((i, y, float(v), "final", "统计公报") for (i, y), v in typed.items())
    again = template.build(CAT, "市统计局", actuals=current, today=TODAY)
    latest = [r[5] for r in openpyxl.load_workbook(io.BytesIO(again))["填报"].iter_rows(min_row=2, values_only=True)]
    assert latest == ["12100（2020年）", "53.2（2020年）"]


def test_a_filled_template_goes_through_the_same_checks(tmp_path):
    data = fill(template.build(CAT, "市统计局", today=TODAY), {("services-share", 2019): "52.8%",
                                                               ("services-value-added", 2021): -3})
    rows = spreadsheet.read_figures(data, "t.xlsx", catalog=CAT)
    _, problems = validate(rows, CAT)
    assert [(p.row, p.column) for p in problems] == [(2, "value"), (3, "value")]


def test_owner_may_be_a_list_of_departments_lead_first():
    lead = CAT.indicators["approval-days"]
    shared = lead.model_copy(update={"owner": ["市住房城乡建委", "市规划自然资源局"]})
    cat = CAT.model_copy(update={"indicators": {**CAT.indicators, "approval-days": shared}}) \
        if hasattr(CAT, "model_copy") else None
    if cat is None:  # a plain catalog object: swap the indicator in a copy of its mapping
        import copy

        cat = copy.copy(CAT)
        cat.indicators = {**CAT.indicators, "approval-days": shared}
    assert [i.id for i in template.indicators_of(cat, "市规划自然资源局")] == ["approval-days"]
    assert [i.id for i in template.indicators_of(cat, "市住房城乡建委")] == ["approval-days"]
    assert "市住房城乡建委" in template.departments(cat)


def test_the_template_command_refuses_an_unknown_department_or_plan(tmp_path, capsys):
    assert cli.main(["template", "--department", "市无此局", "--out", str(tmp_path / "x.xlsx"), "--catalog",
                     str(FIXTURE), "--database", f"sqlite:///{tmp_path / 'none.db'}"]) == 1
    assert capsys.readouterr().err.strip() == ("错误：没有责任单位为“市无此局”的指标；目录中的责任单位："
                                               "市统计局、市规划自然资源局、市通信管理局")
    assert cli.main(["template", "--department", "市统计局", "--plan", "nope", "--out", str(tmp_path / "x.xlsx"),
                     "--catalog", str(FIXTURE), "--lang", "en"]) == 1
    assert capsys.readouterr().err.strip() == 'error: no plan "nope"; the plans: demo-plan, demo-strict'
    assert not (tmp_path / "x.xlsx").exists()
