"""The Excel workbook (openpyxl): a summary sheet and a sheet per plan.

Values stay numbers with a display format per unit (counts '#,##0', decimals '0.00', % units
'0.0"%"'), rates in percentage format (linear rates in units per year), status cells filled with
the status colour, the header row frozen. Text that starts with = + - @ is written as inert
text (data type "s", quote prefix; `spreadsheet.set_text`), never as a formula. Sheet names are cleaned and kept unique.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.i18n import STATUS_COLOURS, STATUS_ORDER, t
from dashboard.metrics import status_sentence
from dashboard.reports.context import ReportContext, indicator_name, plan_digits, plan_title
from dashboard.spreadsheet import FORMULA_START, set_text

FORBIDDEN = "[]:*?/\\"
HEAD_FILL = PatternFill(fill_type="solid", fgColor="E2E8F0")
WHITE = Font(color="FFFFFF")

# (label key, result column, format kind, column width)
COLUMNS = [
    ("field.id", "id", "text", 24), ("field.group", "group", "text", 14), ("field.name", "name", "name", 30),
    ("field.unit", "unit", "text", 9), ("field.kind", "kind", "kind", 9),
    ("field.direction", "direction", "direction", 11),
    ("field.baseline_year", "baseline_year", "year", 8), ("field.baseline_value", "baseline_value", "value", 12),
    ("field.target_year", "target_year", "year", 8), ("field.target_value", "target_value", "value", 12),
    ("field.latest_year", "latest_year", "year", 8), ("field.latest_value", "latest_value", "entered", 12),
    ("field.figure_status", "latest_figure_status", "figure_status", 9),
    ("field.expected_value", "expected_value", "value", 12), ("field.gap", "gap", "difference", 11),
    ("field.progress", "progress", "share", 9), ("field.elapsed", "elapsed", "share", 9),
    ("field.expected_progress", "expected_progress", "share", 9),
    ("field.implied_rate", "implied_rate", "implied", 12), ("field.observed_rate", "observed_rate", "rate", 12),
    ("field.required_rate", "required_rate", "rate", 12), ("field.pace_ratio", "pace_ratio", "ratio", 8),
    ("field.projected_value", "projected_value", "value", 12), ("field.status", "status", "status", 11),
    ("field.owner", "owner", "text", 12), ("report.catalog_source", "source", "text", 14),
    ("report.latest_source", "latest_source", "text", 16), ("report.latest_note", "latest_note", "text", 24),
    ("report.catalog_notes", "notes", "text", 40),
]


def sheet_names(titles: list[str], taken: tuple[str, ...] = ()) -> list[str]:
    """Excel-safe sheet names: characters []:*?/\\ replaced by '_', cut to 31 characters, unique
    (Excel compares names without case) after cutting.

    >>> sheet_names(["a/b: c?", "x" * 40, "x" * 40])
    ['a_b_ c_', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxx~2']
    """
    used = {name.lower() for name in taken}
    out = []
    for title in titles:
        clean = "".join("_" if ch in FORBIDDEN else ch for ch in title).strip().strip("'")[:31] or "Sheet"
        name, k = clean, 1
        while name.lower() in used:
            k += 1
            suffix = f"~{k}"
            name = clean[:31 - len(suffix)] + suffix
        used.add(name.lower())
        out.append(name)
    return out


def _missing(x) -> bool:
    return x is None or (not isinstance(x, str) and bool(pd.isna(x)))


def _inert(cell, value) -> None:
    """`spreadsheet.set_text` (text starting with = + - @ stays text, never a formula), plus Excel's
    quote prefix on such text so that it stays text when someone edits the cell."""
    set_text(cell, value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.quotePrefix = True


def value_format(row, entered=None) -> str:
    """Display format of an indicator's values: decimals as the plan printed them (or as `entered`,
    a figure someone typed, when it has more; at most 2), '%' units shown.

    >>> value_format({"unit": "亿元", "target_value": 14000.0}), value_format({"unit": "%", "target_value": 99.96})
    ('#,##0', '0.00"%"')
    >>> value_format({"unit": "亿元", "target_value": 14000.0}, entered=11957.4)
    '#,##0.0'
    """
    digits = max(plan_digits(row), plan_digits({"target_value": entered}))
    decimals = "." + "0" * digits if digits else ""
    return f'0{decimals}"%"' if row.get("unit") == "%" else f"#,##0{decimals}"


def rate_format(model, unit, lang: str) -> str:
    """Compound rates are fractions (percentage format); linear ones are units (or pp) per year."""
    if model == "compound":
        return "0.00%"
    shown = t("unit.pp", lang) if unit == "%" else (unit or "")
    sep = " " if lang == "en" and shown else ""
    return f'0.00"{sep}{shown}{t("unit.per_year", lang)}"'


def _cell_value(row, column: str, kind: str, lang: str):
    value = row.get(column)
    if _missing(value):
        return None, None
    if kind in ("kind", "direction", "figure_status", "status"):
        return t(f"{kind}.{value}", lang), None
    if kind == "name":
        return indicator_name(row, lang), None
    if kind == "year":
        return int(value), "0"
    if kind in ("value", "entered"):
        return float(value), value_format(row, value if kind == "entered" else None)
    if kind == "difference":  # a gap on a % indicator is in percentage points, not a percentage
        pp = '"个百分点"' if lang == "zh" else '" pp"'
        return float(value), value_format(row).replace('"%"', pp)
    if kind == "share":
        return float(value), "0.0%"
    if kind == "ratio":
        return float(value), "0.00"
    if kind in ("implied", "rate"):
        model = row.get("trend") if kind == "implied" else row.get("rate_model")
        return float(value), rate_format(model, row.get("unit"), lang)
    return str(value), None


def _append(ws, values, number_format: str | None = None, status: str | None = None) -> None:
    """One row of inert cells; `number_format` for the second cell, `status` colours the first."""
    r = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for k, value in enumerate(values, start=1):
        _inert(ws.cell(r, k), value)
    if number_format:
        ws.cell(r, 2).number_format = number_format
    if status:
        ws.cell(r, 1).fill = PatternFill(fill_type="solid", fgColor=STATUS_COLOURS[status][1:].upper())
        ws.cell(r, 1).font = WHITE


def _summary(ws, ctx: ReportContext) -> None:
    lang = ctx.lang
    _append(ws, [ctx.title()])
    for plan in ctx.plans:
        _append(ws, [plan_title(plan, lang), plan.document or None])
    _append(ws, [t("report.as_of_short", lang), ctx.as_of], "0")
    _append(ws, [t("report.generated", lang), ctx.generated_text()])  # with its zone named, as on the page
    _append(ws, [t("report.vintage", lang), ctx.vintage_text()])
    if ctx.basis_text():
        _append(ws, [t("report.basis", lang), ctx.basis_text()])
    for s in ("preliminary", "final", "revised"):
        _append(ws, [t(f"figure_status.{s}", lang), ctx.vintage[s]], "0")
    ws.append([])
    _append(ws, [t("field.status", lang), t("report.count", lang)])
    for cell in ws[ws.max_row]:
        cell.fill = HEAD_FILL
    for status in STATUS_ORDER:
        _append(ws, [t(f"status.{status}", lang), ctx.status_counts[status]], "0", status)
    _append(ws, [t("report.total", lang), sum(ctx.status_counts.values())], "0")
    ws.append([])
    _append(ws, [t("report.behind", lang)])
    for row in ctx.behind.to_dict("records"):
        _append(ws, [t(f"status.{row['status']}", lang), indicator_name(row, lang), status_sentence(row, lang)],
                status=row["status"])
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 34, 40


def _plan_sheet(ws, rows, lang: str, tick: Callable[[], None]) -> None:
    ws.append([t(key, lang) for key, *_ in COLUMNS])
    for cell in ws[1]:
        cell.fill = HEAD_FILL
    for row in rows.to_dict("records"):
        r = ws.max_row + 1
        for c, (_key, column, kind, _width) in enumerate(COLUMNS, start=1):
            value, number_format = _cell_value(row, column, kind, lang)
            cell = ws.cell(r, c)
            _inert(cell, value)
            if number_format:
                cell.number_format = number_format
            if kind == "status":
                cell.fill = PatternFill(fill_type="solid", fgColor=STATUS_COLOURS[row["status"]][1:].upper())
                cell.font = WHITE
        tick()
    for c, (*_rest, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "D2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"


def export(ctx: ReportContext, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The workbook as .xlsx bytes."""
    wb = Workbook()
    summary = wb.active
    summary.title = sheet_names([t("report.summary_sheet", ctx.lang)])[0]
    _summary(summary, ctx)
    names = sheet_names([plan_title(p, ctx.lang) for p in ctx.plans], taken=(summary.title,))
    total, done = len(ctx.results), 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    for plan, name in zip(ctx.plans, names, strict=True):
        _plan_sheet(wb.create_sheet(name), ctx.results[ctx.results["plan"] == plan.id], ctx.lang, tick)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
