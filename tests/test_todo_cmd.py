"""`python -m dashboard todo` on the shipped catalog and database data, with a fixed today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dashboard import cli

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('todo') / 'd.db'}"
    assert cli.main(["init-db", "--database", url]) == 0
    return url


@pytest.fixture(scope="module")
def released():
    """The shipped catalog: every plan declares `release: {month: 3, day: 31}` (the office's reporting rule)."""
    return str(ROOT / "indicators.yaml")


def run(capsys, *args):
    code = cli.main(["todo", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_shipped_catalog_at_2026_12_03_chases_nothing(capsys, db, monkeypatch):
    # every shipped plan has ended more than a reporting cycle ago: the opening pilot's last figure (2024) was due
    # 2025-03-31, the two 2022 plans' last figures 2023-03-31; every indicator declares a release (its plan's)
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-12-03")
    code, out, _ = run(capsys, "--database", db, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["today"] == "2026-12-03" and data["rows"] == []
    assert data["undeclared"] == 0 and data["irregular"] == []


def test_the_overdue_list_of_the_shipped_catalog_at_2025_04_30_is_pinned(capsys, db, monkeypatch):
    # the opening pilot's two yearly indicators have no figure in the shipped data for 2021-2024; the 2022 plans
    # are no longer chased (their last figures were due more than 365 days before)
    monkeypatch.setenv("DASHBOARD_TODAY", "2025-04-30")
    code, out, _ = run(capsys, "--database", db, "--format", "json")
    rows = json.loads(out)["rows"]
    got = [(r["department"], r["id"], r["year"], r["due"], r["days_overdue"], r["state"]) for r in rows]
    overdue = {2021: ("2022-03-31", 1126), 2022: ("2023-03-31", 761), 2023: ("2024-03-31", 395),
               2024: ("2025-03-31", 30)}
    expected = [(dept, ind, y, *overdue[y], "overdue")
                for dept, ind in [("市服务业扩大开放综合试点专项工作组", "services-pilot-tasks-implemented"),
                                  ("市服务业扩大开放综合试点专项工作组办公室", "services-pilot-replicable-cases")]
                for y in range(2021, 2025)]
    assert code == 0 and got == expected


def test_a_plan_release_lists_the_missing_figures(capsys, db, released, monkeypatch):
    monkeypatch.setenv("DASHBOARD_TODAY", "2025-06-01")
    code, out, _ = run(capsys, "--database", db, "--catalog", released, "--format", "json")
    rows = json.loads(out)["rows"]
    assert code == 0 and rows
    assert {r["plan"] for r in rows} == {"services-opening-pilot-2021"}
    assert {r["state"] for r in rows} == {"overdue"}  # no review columns: entered figures count as accepted
    assert all(r["due"] == f"{r['year'] + 1}-03-31" and r["days_overdue"] > 0 for r in rows)
    dept = rows[0]["department"]
    code, text, _ = run(capsys, "--database", db, "--catalog", released, "--department", dept)
    assert code == 0 and dept in text and "已逾期" in text


def test_xlsx_and_pdf_reminders(capsys, db, released, monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_TODAY", "2025-06-01")
    _, out, _ = run(capsys, "--database", db, "--catalog", released, "--format", "json")
    dept = json.loads(out)["rows"][0]["department"]
    xlsx, pdf = tmp_path / "r.xlsx", tmp_path / "r.pdf"
    assert run(capsys, "--database", db, "--catalog", released, "--format", "xlsx", "--out", str(xlsx))[0] == 0
    ws = load_workbook(xlsx).active
    assert ws.cell(1, 1).value == "责任单位" and ws.max_row > 1
    assert run(capsys, "--database", db, "--catalog", released, "--department", dept,
               "--format", "pdf", "--out", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")


def test_bad_input_gets_a_message(capsys, db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-12-03")
    code, _, err = run(capsys, "--database", db, "--department", "不存在的单位")
    assert code != 0 and "不存在的单位" in err and "Traceback" not in err
    code, _, err = run(capsys, "--database", db, "--format", "pdf", "--out", "x.pdf")
    assert code != 0 and "--department" in err
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-13-01")
    code, _, err = run(capsys, "--database", db)
    assert code != 0 and "YYYY-MM-DD" in err
