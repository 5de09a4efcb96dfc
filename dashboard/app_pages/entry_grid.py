"""Pure helpers of the data-entry page: which indicators a user edits, the grid for one year,
the figures a set of edits amounts to, problem messages, the import preview and the export bytes.

The grid is one row per indicator for one chosen year (the way figures arrive: a statistical
bulletin gives a year's figures for many indicators). Values are text so that what the manager
typed reaches `figures.validate` unchanged ("12,3" gets its own message instead of a silent 123).
Each row also carries, hidden, the revision of the figure it shows (0: none), which the edits
pass on as `base_revision`: the store refuses them if another writer changed the figure since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

import pandas as pd

from dashboard import spreadsheet
from dashboard.cells import strip_control
from dashboard.figures import FOLLOW_UP_YEARS, JUMP, STATUSES, RowProblem
from dashboard.formatting import number, unit_label
from dashboard.i18n import t
from dashboard.messages import Msg

GRID_COLUMNS = ["indicator_id", "name", "unit", "owner", "previous", "value", "figure_status", "source", "note",
                "revision"]
FIGURE_COLUMNS = ["row", "indicator_id", "year", "value", "figure_status", "source", "note", "base_revision"]
# The lost-update messages (zh, en); their keys could move to dashboard/i18n.py.
EDITABLE = ["value", "figure_status", "source", "note"]
ALL = "*"  # the department / plan choice "all"
NO_OWNER = ""  # the department choice meaning "indicators without an owner" (admins only)


def _text(x) -> str:
    if x is None or x is pd.NA or (isinstance(x, float) and x != x):
        return ""
    return str(x).strip()


def plain(x) -> str:
    """A stored value as the manager would type it: no thousands separators, no trailing zeros.

    >>> plain(12100.0), plain(52.35), plain(None)
    ('12100', '52.35', '')
    """
    return "" if _text(x) == "" else spreadsheet.plain_number(x)


def editable_indicators(frame: pd.DataFrame, role: str, departments: Iterable[str],
                        department: str = ALL) -> pd.DataFrame:
    """The catalog rows the user may write: admins all, managers those owned by their departments;
    narrowed to one `department` when given (`NO_OWNER`: indicators without an owner).

    >>> cat = pd.DataFrame({"id": ["a", "b", "c"], "owner": ["市统计局", "市商务委", None]})
    >>> editable_indicators(cat, "manager", ["市统计局"]).id.tolist(), editable_indicators(cat, "admin", []).id.tolist()
    (['a'], ['a', 'b', 'c'])
    >>> editable_indicators(cat, "admin", [], NO_OWNER).id.tolist(), editable_indicators(cat, "viewer", []).id.tolist()
    (['c'], [])
    """
    owner = frame["owner"].astype("string")
    if role == "admin":
        keep = pd.Series(True, index=frame.index)
    elif role == "manager":
        keep = owner.isin(list(departments)).fillna(False).astype(bool)
    else:
        keep = pd.Series(False, index=frame.index)
    if department == NO_OWNER:
        keep &= owner.isna()
    elif department != ALL:
        keep &= (owner == department).fillna(False).astype(bool)
    return frame[keep]


def year_range(frame: pd.DataFrame, plans: Mapping, today: dt.date | None = None) -> list[int]:
    """Years a figure may be entered for any of these indicators: each plan's base year to its target
    year plus the follow-up years, never after the current year.

    >>> from types import SimpleNamespace as P
    >>> year_range(pd.DataFrame({"plan": ["p"]}), {"p": P(base_year=2018, target_year=2022)}, dt.date(2021, 5, 1))
    [2018, 2019, 2020, 2021]
    """
    last_allowed = (today or dt.date.today()).year
    years: set[int] = set()
    for plan_id in frame["plan"].unique():
        plan = plans[plan_id]
        years.update(range(plan.base_year, min(plan.target_year + FOLLOW_UP_YEARS, last_allowed) + 1))
    return sorted(years)


def default_year(years: list[int], frame: pd.DataFrame, plans: Mapping, current: pd.DataFrame) -> int | None:
    """The latest year with a figure for these indicators, else the first year after the earliest base year."""
    if not years:
        return None
    mine = current[current["indicator_id"].isin(frame["id"])]
    if len(mine):
        latest = int(mine["year"].max())
        if latest in years:
            return latest
    first = min(plans[p].base_year for p in frame["plan"].unique()) + 1
    return first if first in years else years[0]


def grid(frame: pd.DataFrame, plans: Mapping, current: pd.DataFrame, year: int, lang: str) -> pd.DataFrame:
    """One row per indicator whose plan accepts `year`: the stored figure (as text) to edit, and the
    previous year's value (or the plan's baseline) to compare with."""
    in_range = [plans[p].base_year <= year <= plans[p].target_year + FOLLOW_UP_YEARS for p in frame["plan"]]
    rows = frame[in_range]
    by_key = {(r["indicator_id"], int(r["year"])): r for r in current.to_dict("records")}
    out = []
    for ind in rows.to_dict("records"):
        now, before = by_key.get((ind["id"], year)), by_key.get((ind["id"], year - 1))
        unit = unit_label(_text(ind.get("unit")), lang)
        if before is not None:
            previous = number(before["value"])
        elif _text(ind.get("baseline_year")) == str(year - 1):
            previous = t("entry.baseline_value", lang).format(value=number(ind["baseline_value"]))
        else:
            previous = ""
        out.append({
            "indicator_id": ind["id"],
            "name": _text(ind.get("name_en")) if lang == "en" and _text(ind.get("name_en")) else ind["name"],
            "unit": unit if ind.get("kind") != "milestone" else t("kind.milestone", lang) + " (1/0)",
            "owner": _text(ind.get("owner")),
            "previous": previous,
            "value": plain(now["value"]) if now else "",
            "figure_status": now["figure_status"] if now else None,
            "source": _text(now["source"]) if now else "",
            "note": _text(now["note"]) if now else "",
            "revision": (int(now["revision"]) if "revision" in now else pd.NA) if now else 0,  # NA: not known
        })
    return pd.DataFrame(out, columns=GRID_COLUMNS)


def edits_to_figures(original: pd.DataFrame, edited: pd.DataFrame, year: int,
                     lang: str = "zh") -> tuple[pd.DataFrame, list[RowProblem]]:
    """The figures the edited rows amount to (row = grid row number, from 1), and problems found
    before validation (a value cleared: clearing does not delete a stored figure).

    >>> g = pd.DataFrame({"indicator_id": ["a", "b"], "value": ["", "5"], "figure_status": [None, "final"],
    ...                   "source": ["", ""], "note": ["", ""]})
    >>> e = g.assign(value=["12,3", ""])
    >>> figs, problems = edits_to_figures(g, e, 2020, "en")
    >>> figs[["row", "indicator_id", "value"]].values.tolist(), [(p.row, p.column) for p in problems]
    ([[1, 'a', '12,3']], [(2, 'value')])
    """
    rows, problems = [], []
    for i, (old, new) in enumerate(zip(original.to_dict("records"), edited.to_dict("records"), strict=True)):
        if all(_text(old[c]) == _text(new[c]) for c in EDITABLE):
            continue
        if _text(new["value"]) == "" and _text(old["value"]) != "":
            problems.append(RowProblem(i + 1, "value", Msg.of("entry.blank_clears")))
            continue
        rows.append({"row": i + 1, "indicator_id": old["indicator_id"], "year": year, "value": _text(new["value"]),
                     "figure_status": _text(new["figure_status"]) or "preliminary",
                     "source": _text(new["source"]) or None, "note": _text(new["note"]) or None,
                     "base_revision": old.get("revision", pd.NA)})
    return pd.DataFrame(rows, columns=FIGURE_COLUMNS), problems


def column_label(column: str, lang: str) -> str:
    key = {"indicator_id": "field.id", "year": "field.year", "value": "field.value",
           "figure_status": "field.figure_status", "source": "field.source", "note": "field.note"}.get(column)
    return t(key, lang) if key else column


def problem_lines(problems: Iterable[RowProblem], names: Mapping[int, str], lang: str) -> list[str]:
    """One line per problem: row, indicator name, column label and the validator's message, in `lang`.

    >>> problem_lines([RowProblem(1, "value", Msg.of("store.number.nothing"))], {1: "服务业增加值"}, "zh")
    ['第 1 行（服务业增加值）“数值”：应为数字，实际为空']
    """
    return [t("entry.cell_problem", lang).format(row=p.row, name=names.get(p.row, "?"),
                                                 column=column_label(p.column, lang), message=p.text(lang))
            for p in problems]


def stale_lines(conflicts: Iterable, names: Mapping[int, str], lang: str) -> list[str]:
    """One line per `store.Conflict`: who changed (or retracted) which row's figure, when, to what.

    >>> from dashboard.store import Conflict
    >>> c = Conflict(1, "a", 2020, 1, 2, "enter", 12000.0, "王五", dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.UTC))
    >>> stale_lines([c], {1: "服务业增加值"}, "zh")
    ['第 1 行（服务业增加值）2020 年的数据已被 王五 于 2024-05-01 08:30 UTC 修改为 12,000，请刷新后再改']
    """
    return [t("entry.stale_retracted" if c.action == "retract" else "entry.stale_changed", lang).format(
        row=c.row, name=names.get(c.row, c.indicator_id), year=c.year, who=c.entered_by, at=c.when(),
        value=number(c.value)) for c in conflicts]


def split_jumps(problems: list[RowProblem]) -> tuple[list[RowProblem], list[RowProblem]]:
    """(problems a user must fix, suspicious jumps a user may confirm)."""
    return [p for p in problems if p.msg.key != JUMP], [p for p in problems if p.msg.key == JUMP]


def jump_keys(jumps: Iterable[RowProblem], figures: pd.DataFrame) -> set[tuple[str, int]]:
    """(indicator_id, year) of each jump, for `Store.add(confirm_jumps=...)`."""
    by_row = {int(r["row"]): (r["indicator_id"], int(r["year"])) for r in figures.to_dict("records")}
    return {by_row[p.row] for p in jumps if p.row in by_row}


def preview_table(changes: pd.DataFrame, names: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The import preview: one row per figure with its change (new / revised / unchanged)."""
    out = pd.DataFrame({
        "row": changes["row"].astype(int),
        "name": [names.get(i, i) for i in changes["indicator_id"]],
        "year": changes["year"].astype(int),
        "change": [t(f"entry.change_{c}", lang) for c in changes["change"]],
        "old_value": [number(v) for v in changes["old_value"]],
        "value": [number(v) for v in changes["value"]],
        "figure_status": [t(f"figure_status.{s}", lang) if s in STATUSES else _text(s)
                          for s in changes["figure_status"]],
    })
    return out


def export_bytes(current: pd.DataFrame, fmt: str) -> bytes:
    """The current figures as a CSV or XLSX file (the interchange columns, re-importable)."""
    return spreadsheet.EXPORTERS[fmt](strip_control(spreadsheet.export_frame(current)))
