"""`python -m dashboard status` and `audit`, driven through dashboard.cli.main."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import types
import unicodedata
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from dashboard import catalog
from dashboard.cli import UserError, main
from dashboard.commands.metrics_cmd import STATUS_FIELDS, read_actuals

CATALOG = str(Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml")
ACTUALS = """indicator_id,year,value,figure_status,source,note
services-value-added,2019,11500,final,统计公报,
services-value-added,2020,12100,preliminary,统计公报,初步数
services-share,2020,53.1,,,
approval-days,2019,10,final,,
base-stations,2020,6,,,
number-portability,2019,1,final,,
"""


@pytest.fixture
def actuals(tmp_path) -> str:
    path = tmp_path / "actuals.csv"
    path.write_text(ACTUALS, encoding="utf-8")
    return str(path)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_json(capsys, actuals):
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", actuals, "--format", "json")
    assert code == 0 and err == ""
    assert "NaN" not in out
    rows = {r["id"]: r for r in json.loads(out)}
    assert list(rows) == ["services-value-added", "services-share", "approval-days", "base-stations",
                          "number-portability"]
    sva = rows["services-value-added"]
    assert list(sva) == STATUS_FIELDS
    assert sva["baseline_year"] == 2018 and isinstance(sva["baseline_year"], int)
    assert sva["latest_year"] == 2020 and isinstance(sva["latest_year"], int)
    assert round(sva["implied_rate"], 5) == 0.07062 and round(sva["expected_value"], 1) == 12214.1
    assert round(sva["pace_ratio"], 3) == 0.929 and sva["status"] == "moderate" and sva["trend"] == "compound"
    stations = rows["base-stations"]
    assert stations["status"] == "pending" and stations["trend"] is None and stations["baseline_year"] is None
    assert stations["pace_ratio"] is None and stations["latest_value"] == 6
    assert rows["number-portability"]["status"] == "achieved"
    assert rows["approval-days"]["status"] == "limited"  # pace 0.71 under the plan's own thresholds (0.8 / 0.1)


def test_status_csv(capsys, actuals):
    code, out, _ = run(capsys, "status", "--catalog", CATALOG, "--actuals", actuals, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    spread = [f"target_1_{f}" for f in ("year", "value", "op", "verdict", "basis_year", "basis_value")]
    assert list(rows[0]) == [f for f in STATUS_FIELDS if f != "targets"] + spread  # targets flattened
    assert rows[0]["target_1_year"] == "2022" and rows[0]["target_1_verdict"] == "not_due"
    assert rows[0]["baseline_year"] == "2018" and rows[0]["status"] == "moderate"
    assert rows[3]["baseline_year"] == "" and rows[3]["status"] == "pending"


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@pytest.mark.parametrize("lang,name,status,header", [("zh", "服务业增加值", "略有滞后", "规划路径应达值"),
                                                     ("en", "Services value added", "Moderately behind", "Gap")])
def test_status_table_is_aligned_for_people(capsys, actuals, lang, name, status, header):
    code, out, _ = run(capsys, "status", "--catalog", CATALOG, "--actuals", actuals, "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    assert header in lines[0] and name in out and status in out
    assert "12,100 (2020)" in out and "43.2%" in out and "7.57%" in out
    table = [line for line in lines if "|" in line]
    bars = {tuple(_display_width(line[:i]) for i, c in enumerate(line) if c == "|") for line in table}
    assert len(table) == 6 and len(bars) == 1  # every | at the same display column
    assert lines[-1] == "as_of: demo-plan 2020, demo-strict 2019"  # per plan (methodology v2)


def test_status_plan_filter_and_as_of(capsys, actuals):
    code, out, _ = run(capsys, "status", "--catalog", CATALOG, "--actuals", actuals, "--format", "json",
                       "--plan", "demo-strict", "--as-of", "2019")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["approval-days", "number-portability"]
    assert {r["as_of"] for r in rows} == {2019}


def test_unknown_plan_is_a_user_error(capsys, actuals):
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", actuals, "--plan", "nope", "--lang", "en")
    assert code == 1 and out == ""
    assert err.strip() == ('error: unknown plan "nope" — expected one of: demo-plan, demo-strict (the plan ids in the '
                           'catalog)')
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", actuals, "--plan", "nope")
    assert code == 1 and err.strip() == "错误：未知规划“nope”：应为指标目录中的规划编号之一：demo-plan, demo-strict"


def test_figures_for_ids_not_in_the_catalog_are_reported(capsys, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,year,value\nservices-value-added,2020,12100\nghost,2020,1\n", encoding="utf-8")
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path), "--format", "json")
    assert code == 0 and err == f"注意：{path}：1 个指标编号不在指标目录中，其数据未予采用：ghost\n"
    assert json.loads(out)[0]["latest_value"] == 12100


def test_figures_of_unknown_ids_do_not_set_the_default_as_of(capsys, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("indicator_id,year,value\nservices-value-added,2020,12100\nghost,2024,1\nghost,99999,1\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path), "--format", "json",
                         "--lang", "en")
    as_of = {r["plan"]: r["as_of"] for r in json.loads(out)}
    assert code == 0 and as_of == {"demo-plan": 2020, "demo-strict": None}  # the other plan has no figure
    assert err == f"warning: {path}: figures for 1 indicator id(s) not in the catalog were ignored: ghost\n"


HEAD = "1 of 1 row has problems (rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2):"


@pytest.mark.parametrize("text,message", [
    ("indicator_id,year,val\nx,2020,1\n", "第 1 行（表头）：缺少列 value；无法识别的列“val”（是否应为“value”？） — "
                                          "需要的列：指标编号（或指标名称）、年份、数值（必填）"),
    ("indicator_id,year,value\nservices-share,2020,\"12,3\"\n",
     'row 2, value: ambiguous number "12,3" — is it 12.3 or 123? Write 12.3 or 123 (a comma is accepted only as a '
     "thousands separator in groups of three, as in 1,234,567.8)"),
    ("indicator_id,year,value\nservices-share,2020,inf\n", 'row 2, value: expected a finite number, found "inf"'),
    ("indicator_id,year,value\nservices-share,2020,1e400\n",
     'row 2, value: expected a finite number, found "1e400" — it is too large for any figure'),
    ("indicator_id,year,value\nservices-share,2020,1e3\n",
     'row 2, value: expected a plain number, found "1e3" — write it in full, as 1000'),
    ("indicator_id,year,value\nservices-value-added,2030,12100\n",
     "row 2, year: expected a year from 2018 to 2025 for Services value added (plan Demo plan (2018–2022): base "
     "year 2018 to target year 2022 + 3 years of follow-up), found 2030"),
    ("indicator_id,year,value\nservices-value-added,99999999999999999999,12100\n",
     'row 2, year: expected a four-digit year such as 2022, found "99999999999999999999"'),
    ("indicator_id,year,value\nservices-value-added,2020,-5\n",
     "row 2, value: expected a value of 0 or more for Services value added (亿元), found -5"),
    ("indicator_id,year,value\nservices-share,2020,120\n",
     "row 2, value: expected a share from 0 to 100 for Services share of GDP (%), found 120"),
    ("indicator_id,year,value\nservices-share,2020,\n", "row 2, value: expected a number, found nothing"),
    ("indicator_id,year,value,figure_status\nservices-share,2020,50,draft\n",
     'row 2, figure_status: expected one of preliminary, final, revised, found "draft"'),
])
@pytest.mark.parametrize("command", ["status", "report"])
def test_a_bad_actuals_file_is_refused_row_by_row_like_import(capsys, tmp_path, text, message, command):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    out_file = tmp_path / "r.html"
    extra = ["--format", "json"] if command == "status" else ["--format", "html", "--out", str(out_file)]
    if "表头" not in message:  # the English messages; the refusal of the file itself is checked in zh
        extra += ["--lang", "en"]
    code, out, err = run(capsys, command, "--catalog", CATALOG, "--actuals", str(path), *extra)
    assert code == 1 and out == "" and not out_file.exists()
    if "表头" in message:  # a refusal of the file itself, in the default language (zh)
        assert err.splitlines()[0].startswith(f"错误：{path} {message}")
    else:
        assert err.splitlines()[0] == f"error: {path}: {HEAD}"
        assert f"\n  {message}\n" in err
        assert err.rstrip().endswith("nothing was read from bad.csv: fix the rows above and run again")
    assert "Traceback" not in err and "Infinity" not in out


def test_every_bad_row_is_reported_at_once_and_duplicates_are_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator_id,year,value\n,2020,1\nservices-share,20x0,y\nservices-value-added,2020,12000\n"
                    "services-value-added,2020,12100\nservices-share,2019,52\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        read_actuals(path, catalog.load(CATALOG), "en")
    lines = str(info.value).splitlines()
    assert lines[0].startswith(f"{path}: 4 of 5 rows have problems")
    assert lines[1:-1] == [
        "  row 2, indicator_id: expected an indicator id, found nothing",
        '  row 3, year: expected a four-digit year such as 2022, found "20x0"',
        '  row 3, value: expected a number such as 1234.5, found "y"',
        "  row 4, year: duplicate figure for Services value added 2020 — expected one figure per indicator and year, "
        "found another at row 5",
        "  row 5, year: duplicate figure for Services value added 2020 — expected one figure per indicator and year, "
        "found another at row 4"]


def test_missing_actuals_file(capsys, tmp_path):
    code, _, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(tmp_path / "none.csv"))
    assert code == 1 and "none.csv：找不到文件 — 请选择 .csv 或 .xlsx 数据文件" in err


def test_read_actuals_types_thousands_and_trailing_commas(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("\ufeffindicator_id,year,value,figure_status\nservices-value-added,2020,\"12,100\",final,\n"
                    "services-share,2021,0.5,,\n", encoding="utf-8")
    frame = read_actuals(path, catalog.load(CATALOG))
    assert list(frame.columns) == ["indicator_id", "year", "value", "figure_status", "source", "note"]
    assert frame["year"].tolist() == [2020, 2021] and frame["value"].tolist() == [12100.0, 0.5]
    assert frame["figure_status"].tolist() == ["final", "preliminary"]


def test_xlsx_actuals_are_read_and_checked(capsys, tmp_path):
    path = tmp_path / "a.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["indicator_id", "year", "value"])
    book.active.append(["services-value-added", 2020, 14000])
    book.active.append(["services-share", 2020, 0.531])
    book.active["C3"].number_format = "0.0%"
    book.save(path)
    code, _, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path), "--format", "json",
                       "--lang", "en")
    assert code == 1 and "row 3, value: expected a plain number, found \"53.1%\"" in err
    book.active.delete_rows(3)
    book.save(path)
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path), "--format", "json")
    assert code == 0 and err == "" and json.loads(out)[0]["status"] == "achieved"


def test_a_jump_is_used_with_a_warning_since_nothing_is_stored(capsys, tmp_path):
    path = tmp_path / "j.csv"
    path.write_text("indicator_id,year,value\nservices-value-added,2019,35000\n", encoding="utf-8")
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path), "--format", "json",
                         "--lang", "en")
    assert code == 0 and json.loads(out)[0]["latest_value"] == 35000
    assert err == (f"warning: {path}: row 2: Services value added 2019 value 35,000 is more than 3 times or less "
                   "than ⅓ of the previous figure — used as is (`import` would ask to confirm it)\n")
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path), "--format", "json")
    assert err == (f"注意：{path}：第 2 行“服务业增加值”2019 年数值 35,000 是上一数据的 3 倍以上或 ⅓ 以下，已按原值采用"
                   "（导入时需要确认）\n")


def test_without_actuals_the_current_figures_come_from_the_store(capsys, monkeypatch):
    opened = []

    class FakeStore:
        def current(self):
            return pd.DataFrame({"indicator_id": ["services-value-added"], "year": [2020], "value": [14000.0],
                                 "figure_status": ["final"]})

    def open_store(url=None, create=True):
        opened.append(url)
        return FakeStore()

    fake = types.ModuleType("dashboard.store")
    fake.open_store = open_store
    monkeypatch.setitem(sys.modules, "dashboard.store", fake)
    code, out, _ = run(capsys, "status", "--catalog", CATALOG, "--format", "json", "--database", "sqlite:///x.db")
    assert code == 0 and json.loads(out)[0]["status"] == "achieved"
    assert opened == ["sqlite:///x.db"]


def test_audit_json(capsys):
    code, out, _ = run(capsys, "audit", "--catalog", CATALOG, "--format", "json", "--lang", "en")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["services-value-added", "services-share"]
    assert {"id", "declared_rate", "basis", "implied_rate", "flag", "explanation"} <= set(rows[0])
    assert rows[0]["flag"] is False and rows[0]["basis"] == "real" and round(rows[0]["implied_rate"], 2) == 7.06
    assert rows[1]["implied_rate"] == pytest.approx(0.425) and rows[1]["explanation"] == "consistent"


def test_audit_table(capsys, tmp_path):
    text = Path(CATALOG).read_text(encoding="utf-8").replace("{value: 7, unit: \"%\", basis: real}",
                                                             "{value: 9, unit: \"%\", basis: nominal}")
    path = tmp_path / "indicators.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "audit", "--catalog", str(path))
    assert code == 0
    assert "规划年均增速" in out.splitlines()[0] and "9%" in out and "7.06%" in out and "0.425个百分点" in out
    assert "相差1.94个百分点" in out and out.rstrip().endswith("1 / 2 项不一致（0 项口径不同）")


def test_a_bad_actuals_file_is_told_in_chinese_by_default(capsys, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("indicator_id,year,value\nservices-share,2020,\"12,3\"\nservices-share,2021,120\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "status", "--catalog", CATALOG, "--actuals", str(path))
    lines = err.splitlines()
    assert code == 1 and out == ""
    assert lines[0] == f"错误：{path}：2 行中有 2 行有问题（行号与表格一致：第 1 行是表头，第一条数据是第 2 行）："
    assert lines[1].startswith("  第 2 行") and "12,3" in lines[1] and lines[2].startswith("  第 3 行")
    assert lines[-1] == "未从 bad.csv 读取任何数据：请修正以上各行后再运行"
    assert not re.search(r"[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}", err), err  # no English sentence
    assert "services-share" not in err  # named as the user knows it
