"""The reminder exports: the Excel list and the one-page PDF letter (its Chinese text extractable)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard import duedates
from dashboard.reports import reminder
from tests.test_duedates import ON, current, frame


@pytest.fixture
def rows():
    f = pd.concat([frame(), frame(id="x", name="=HYPERLINK(\"x\")", owners="市统计局")], ignore_index=True)
    return duedates.calendar_rows(f, current([]), on=ON)


def test_xlsx_lists_every_row_and_keeps_formulas_inert(rows):
    ws = load_workbook(io.BytesIO(reminder.to_xlsx(rows))).active
    assert ws.max_row == len(rows) + 1 and ws.cell(1, 2).value == "指标"
    names = [ws.cell(r, 2).value for r in range(2, ws.max_row + 1)]
    assert "=HYPERLINK(\"x\")" in names
    cell = next(ws.cell(r, 2) for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value.startswith("="))
    assert cell.data_type == "s"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")
def test_pdf_letter_is_one_page_in_chinese(rows, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(reminder.to_pdf(rows, "市统计局", ON))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "关于报送市统计局数据的提醒" in text and "规划办公室" in text and "2024-05-10" in text
    assert "地区生产总值" in text and "2023-03-31" in text and text.count("\f") == 1


def test_pdf_letter_counts_the_rows_it_cannot_show(tmp_path):
    many = frame(owners="市统计局", plan_base_year=1950, plan_target_year=2023)
    rows = duedates.calendar_rows(many, current([]), on=dt.date(2024, 5, 10))
    assert len(rows) > reminder.LETTER_ROWS
    path = tmp_path / "letter.pdf"
    path.write_bytes(reminder.to_pdf(rows, "市统计局", ON))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert f"另有 {len(rows) - reminder.LETTER_ROWS} 项未列出" in text and text.count("\f") == 1
