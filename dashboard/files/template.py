"""The fill-in template: an .xlsx listing a department's indicators with one column per year to fill.

Sheet 1 (填报) holds per indicator its id (hidden, locked), name, unit, baseline, target and
latest stored figure (locked), then one column per year, the figure status (a drop-down of
初步数 / 最终数 / 修订数), source and note (unlocked). Each year cell validates its entry: a number
of 0 or more (0 to 100 for a share in %), 1 or 0 for a milestone. The header row and the name
column are frozen. Sheet 2 (填报说明) explains how to fill it in. The template reads back through
`read_figures` like any file (the year columns become one figure row per filled cell), so every
check of an ordinary import applies.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from dashboard.files.cells import plain_number, set_text
from dashboard.files.headers import STATUS_WORDS, ZH_HEADERS
from dashboard.i18n import t

FOLLOW_UP_YEARS = 3  # as figures.FOLLOW_UP_YEARS: the years after a plan's target year that take figures
INFO = ["indicator_id", "name", "unit", "baseline", "target", "latest"]
TAIL = ["figure_status", "source", "note"]
INSTRUCTIONS = 6  # lines files.template_line1 .. files.template_lineN


def owners(indicator) -> list[str]:
    """The departments of an indicator's `owner`: a string, or a list with the lead first.

    >>> from types import SimpleNamespace as I
    >>> owners(I(owner="市统计局")), owners(I(owner=["市商务委", "市统计局"])), owners(I(owner=None))
    (['市统计局'], ['市商务委', '市统计局'], [])
    """
    owner = getattr(indicator, "owner", None)
    if owner is None:
        return []
    return [owner] if isinstance(owner, str) else [str(o) for o in owner]


def departments(catalog) -> list[str]:
    """Every department named as an owner in the catalog, sorted."""
    return sorted({d for ind in catalog.indicators.values() for d in owners(ind)})


def indicators_of(catalog, department: str, plan: str | None = None) -> list:
    """The indicators `department` owns (lead or partner), in catalog order, optionally of one plan."""
    return [ind for ind in catalog.indicators.values()
            if department in owners(ind) and (plan is None or ind.plan == plan)]


def years_of(catalog, indicators: list, year: int | None = None, today: dt.date | None = None) -> list[int]:
    """The year columns: `year`, else every year after the plans' base years up to their follow-up
    years, never after the current year (at least the first such year).

    >>> from types import SimpleNamespace as N
    >>> cat = N(plans={"p": N(base_year=2018, target_year=2022)})
    >>> years_of(cat, [N(plan="p")], today=dt.date(2021, 3, 1)), years_of(cat, [N(plan="p")], 2020)
    ([2019, 2020, 2021], [2020])
    """
    if year is not None:
        return [year]
    this_year = (today or dt.date.today()).year
    years: set[int] = set()
    for ind in indicators:
        plan = catalog.plans[ind.plan]
        first, last = plan.base_year + 1, min(plan.target_year + FOLLOW_UP_YEARS, this_year)
        years.update(range(first, max(first, last) + 1))
    return sorted(years)


def _latest(actuals: pd.DataFrame | None) -> dict[str, tuple[int, float]]:
    if actuals is None or actuals.empty:
        return {}
    last = actuals.sort_values("year").groupby("indicator_id").tail(1)
    return {i: (int(y), float(v)) for i, y, v in zip(last["indicator_id"], last["year"], last["value"], strict=True)}


def _header(column, lang: str) -> str:
    if isinstance(column, int):
        return f"{column}年" if lang == "zh" else str(column)
    return ZH_HEADERS[column] if lang == "zh" else column


def build(catalog, department: str, plan: str | None = None, year: int | None = None,
          actuals: pd.DataFrame | None = None, lang: str = "zh", today: dt.date | None = None,
          chosen: list | None = None) -> bytes:
    """The template's .xlsx bytes for `department`'s indicators (or the `chosen` ones; see the module
    docstring)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    chosen = indicators_of(catalog, department, plan) if chosen is None else chosen
    years = years_of(catalog, chosen, year, today)
    latest = _latest(actuals)
    columns = [*INFO, *years, *TAIL]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = t("files.template_sheet", lang)
    for col, column in enumerate(columns, start=1):
        cell = ws.cell(1, col, _header(column, lang))
        cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center")
    statuses = [k for k in STATUS_WORDS] if lang == "zh" else list(STATUS_WORDS.values())
    status_list = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True,
                                 showErrorMessage=True, errorTitle=t("files.template_bad", lang),
                                 error=t("files.template_status", lang), promptTitle="", prompt="")
    rules = {
        "milestone": DataValidation(type="whole", operator="between", formula1="0", formula2="1", allow_blank=True),
        "share": DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True),
        "level": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True),
    }
    for kind, rule in rules.items():
        rule.showErrorMessage, rule.showInputMessage = True, True
        rule.errorTitle = t("files.template_bad", lang)
        rule.error = rule.prompt = t("files.template_milestone" if kind == "milestone" else "files.template_number",
                                     lang)
    fill = PatternFill("solid", fgColor="FFF7E6")
    first_year, last_year = len(INFO) + 1, len(INFO) + len(years)
    for r, ind in enumerate(chosen, start=2):
        last = latest.get(ind.id)
        values = [ind.id, ind.name, ind.unit or "", plain_number(ind.baseline.value) if ind.baseline else "",
                  plain_number(ind.target.value) if ind.target.value is not None else str(ind.target.year),
                  t("files.template_latest", lang).format(value=plain_number(last[1]), year=last[0]) if last else ""]
        for col, value in enumerate(values, start=1):
            set_text(ws.cell(r, col), value)
        kind = "milestone" if ind.kind == "milestone" else "share" if ind.unit == "%" else "level"
        rules[kind].add(f"{get_column_letter(first_year)}{r}:{get_column_letter(last_year)}{r}")
        for col in range(first_year, len(columns) + 1):
            cell = ws.cell(r, col)
            cell.protection, cell.fill = Protection(locked=False), fill
    end = max(len(chosen) + 1, 2)
    status_col = get_column_letter(last_year + 1)
    status_list.add(f"{status_col}2:{status_col}{end}")
    for rule in [*rules.values(), status_list]:
        if rule.sqref:  # Excel calls a rule without cells unreadable content
            ws.add_data_validation(rule)
    ws.column_dimensions["A"].hidden = True
    for col, width in zip(range(2, len(columns) + 1), [34, 10, 12, 12, 18] + [12] * len(years) + [12, 30, 30],
                          strict=True):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "C2"
    ws.protection.sheet = True
    ws.protection.formatColumns = ws.protection.formatRows = False  # widths and heights may still change
    _instructions(book.create_sheet(t("files.template_help_sheet", lang)), department, years, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _instructions(ws, department: str, years: list[int], lang: str) -> None:
    from openpyxl.styles import Font

    ws["A1"] = t("files.template_title", lang).format(department=department)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = t("files.template_years", lang).format(years=f"{years[0]}—{years[-1]}" if years else "—")
    for i in range(1, INSTRUCTIONS + 1):
        set_text(ws.cell(i + 3, 1), f"{i}. " + t(f"files.template_line{i}", lang))
    ws.column_dimensions["A"].width = 110
