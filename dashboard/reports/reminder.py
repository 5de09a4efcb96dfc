"""The reminder list per department: an Excel sheet and a one-page PDF letter (fpdf2, the report's CJK font).

The letter: title "关于报送…数据的提醒", the department and date, the table of overdue figures (indicator
name, year, due date, days overdue; at most LETTER_ROWS, the rest counted), signed 规划办公室."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from openpyxl import Workbook
from openpyxl.styles import Font

from dashboard.i18n import t
from dashboard.reports.fonts import font_path
from dashboard.spreadsheet import set_text

FONT = "cjk"
LETTER_ROWS = 28
SHEET_COLUMNS = ["department", "name", "year", "due", "days_overdue", "state", "reason"]
LETTER_COLUMNS = [("name", 96), ("year", 18), ("due", 30), ("days_overdue", 26)]


def _name(row, lang: str) -> str:
    return row["name_en"] if lang == "en" and isinstance(row.get("name_en"), str) and row["name_en"] else row["name"]


def _cell(row, col: str, lang: str) -> str:
    if col == "name":
        return _name(row, lang)
    if col == "state":
        return t(f"todo.state.{row['state']}", lang)
    if col == "due":
        return row["due"].isoformat()
    value = row.get(col)
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def to_xlsx(rows: pd.DataFrame, lang: str = "zh") -> bytes:
    """Every listed figure (overdue, due soon, returned, waiting review), one row each."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("todo.title", lang)
    for c, col in enumerate(SHEET_COLUMNS, start=1):
        ws.cell(1, c, t(f"todo.col.{col}", lang)).font = Font(bold=True)
    for r, row in enumerate(rows.to_dict("records"), start=2):
        for c, col in enumerate(SHEET_COLUMNS, start=1):
            if col in ("year", "days_overdue"):
                ws.cell(r, c, int(row[col]))
            elif col == "due":
                ws.cell(r, c, row["due"]).number_format = "yyyy-mm-dd"
            else:
                set_text(ws.cell(r, c), _cell(row, col, lang))
    for letter, width in zip("ABCDEFG", (22, 40, 8, 12, 10, 10, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_pdf(rows: pd.DataFrame, department: str, on: dt.date, lang: str = "zh") -> bytes:
    """The one-page letter to `department` listing its overdue figures."""
    over = rows[(rows["department"] == department) & (rows["state"] == "overdue")]
    over = over.sort_values(["days_overdue", "name"], ascending=[False, True])
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font(FONT, fname=str(font_path()))
    pdf.add_page()
    pdf.set_margins(20, 20, 20)
    pdf.set_font(FONT, size=16)
    pdf.set_y(22)
    pdf.cell(0, 10, t("todo.letter.title", lang).format(d=department), align="C",
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font(FONT, size=11)
    date = on.isoformat()
    if over.empty:
        pdf.multi_cell(0, 7, t("todo.letter.none", lang).format(date=date), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    else:
        pdf.multi_cell(0, 7, t("todo.letter.body", lang).format(d=department, date=date),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(3)
        pdf.set_font(FONT, size=9)
        for col, width in LETTER_COLUMNS:
            pdf.cell(width, 7, t(f"todo.col.{col}", lang), border=1, align="C")
        pdf.ln(7)
        for row in over.head(LETTER_ROWS).to_dict("records"):
            name = _name(row, lang)
            while pdf.get_string_width(name) > LETTER_COLUMNS[0][1] - 2 and len(name) > 1:
                name = name[:-2] + "…"
            for (col, width), text in zip(LETTER_COLUMNS, (name, str(row["year"]), row["due"].isoformat(),
                                                           str(row["days_overdue"])), strict=True):
                pdf.cell(width, 6.5, text, border=1, align="L" if col == "name" else "C")
            pdf.ln(6.5)
        if len(over) > LETTER_ROWS:
            pdf.ln(2)
            pdf.cell(0, 6, t("todo.letter.more", lang).format(n=len(over) - LETTER_ROWS))
    pdf.set_font(FONT, size=11)
    pdf.set_y(260)
    pdf.cell(0, 7, t("todo.letter.signed", lang), align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(0, 7, date, align="R")
    return bytes(pdf.output())
