"""The reporting calendar: when each yearly figure is due, and which are outstanding (pure, no I/O).

Rules:
- `today()` is the ONE source of today: env `DASHBOARD_TODAY=YYYY-MM-DD`, else the date in Asia/Shanghai.
- A figure for year Y of an indicator with release (m, d) is due on (Y+1, m, d); a day past the month's
  end means its last day (release {month: 2, day: 31} -> 28/29 February).
- Years considered: each plan year from plan_base_year+1 to the plan's target year whose due date is
  <= today + WINDOW_DAYS ("due soon"); a plan whose last figure was due more than one reporting cycle
  (CYCLE_DAYS) ago is no longer chased.
- Milestones have no yearly figure: skipped. `irregular`: listed apart ("不定期发布（不催报）"), never
  overdue. No release declared: not on the calendar (only counted).
- A figure is outstanding when the current figures (store.current(): retractions in force are absent)
  hold none for (indicator, year). With `review_state`: "returned" is listed as returned with its
  `review_reason`; "submitted" waits for review (not overdue); "accepted" is done. Without the column,
  every figure is accepted.
- Owners: the frame's `owners` ("、"-joined, lead first); an indicator with several owners appears in each
  owner's list; no owner: NO_OWNER ("未指定责任单位").
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
from zoneinfo import ZoneInfo

import pandas as pd

WINDOW_DAYS = 60
CYCLE_DAYS = 365
NO_OWNER = "未指定责任单位"
# state of a calendar row: overdue / due_soon / returned / submitted (done rows are dropped)
ROW_COLUMNS = ["department", "id", "plan", "name", "name_en", "year", "due", "days_overdue", "state", "reason"]


def today() -> dt.date:
    """Today: DASHBOARD_TODAY (YYYY-MM-DD) if set, else the date in Asia/Shanghai."""
    fixed = os.environ.get("DASHBOARD_TODAY", "").strip()
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()


def due_date(year: int, month: int, day: int) -> dt.date:
    """When the figure of `year` is due: (year+1, month, day), a day past the month's end being its last."""
    last = calendar.monthrange(int(year) + 1, int(month))[1]
    return dt.date(int(year) + 1, int(month), min(int(day), last))


def owners_of(row) -> list[str]:
    owners = row.get("owners")
    if owners is None or (isinstance(owners, float) and pd.isna(owners)) or not str(owners).strip():
        return [NO_OWNER]
    return [o.strip() for o in str(owners).split("、") if o.strip()]


def _present(current: pd.DataFrame) -> dict[tuple[str, int], tuple[str, str | None]]:
    """(indicator, year) -> (review_state, reason) of every current figure."""
    has_state = "review_state" in current.columns
    has_reason = "review_reason" in current.columns
    out = {}
    for rec in current.to_dict("records"):
        state = rec.get("review_state") if has_state else None
        state = state if isinstance(state, str) and state else "accepted"
        reason = rec.get("review_reason") if has_reason else None
        out[(str(rec["indicator_id"]), int(rec["year"]))] = (state, reason if isinstance(reason, str) else None)
    return out


def _expected_years(row, on: dt.date, window: int):
    base, target = row["plan_base_year"], row["plan_target_year"]
    if pd.isna(base) or pd.isna(target):
        return
    m, d = int(row["release_month"]), int(row["release_day"])
    if (on - due_date(int(target), m, d)).days > CYCLE_DAYS:
        return
    horizon = on + dt.timedelta(days=window)
    for y in range(int(base) + 1, int(target) + 1):
        due = due_date(y, m, d)
        if due <= horizon:
            yield y, due


def calendar_rows(frame: pd.DataFrame, current: pd.DataFrame, on: dt.date | None = None,
                  window: int = WINDOW_DAYS) -> pd.DataFrame:
    """One row per (department, indicator, year) still to act on: overdue, due soon, returned, submitted."""
    on = on or today()
    present = _present(current)
    rows = []
    for rec in frame.to_dict("records"):
        if rec["kind"] == "milestone" or rec["release_irregular"] or pd.isna(rec["release_month"]):
            continue
        for y, due in _expected_years(rec, on, window):
            state, reason = present.get((rec["id"], y), (None, None))
            if state == "accepted":
                continue
            late = (on - due).days
            if state is None:
                state = "overdue" if late > 0 else "due_soon"
            for dept in owners_of(rec):
                rows.append({"department": dept, "id": rec["id"], "plan": rec["plan"], "name": rec["name"],
                             "name_en": rec.get("name_en"), "year": y, "due": due,
                             "days_overdue": max(late, 0) if state in ("overdue", "returned") else 0,
                             "state": state, "reason": reason})
    out = pd.DataFrame(rows, columns=ROW_COLUMNS)
    return out.sort_values(["department", "state", "due", "id"], ignore_index=True)


def irregular(frame: pd.DataFrame) -> pd.DataFrame:
    """Indicators published irregularly (不定期发布（不催报）), with their owners: never overdue."""
    keep = frame["release_irregular"].astype(bool) & (frame["kind"] != "milestone")
    return frame.loc[keep, ["id", "name", "owners"]].reset_index(drop=True)


def undeclared_count(frame: pd.DataFrame) -> int:
    """How many (non-milestone) indicators declare no release: not on the calendar."""
    keep = (frame["kind"] != "milestone") & ~frame["release_irregular"].astype(bool) & frame["release_month"].isna()
    return int(keep.sum())


def overdue_counts(rows: pd.DataFrame) -> pd.DataFrame:
    """Overdue figures by department (the planning office's table), most overdue first."""
    over = rows[rows["state"] == "overdue"]
    counts = over.groupby("department").agg(overdue=("id", "size"), max_days=("days_overdue", "max"))
    return counts.sort_values(["overdue", "max_days"], ascending=False).reset_index()


def for_department(rows: pd.DataFrame, department: str) -> pd.DataFrame:
    return rows[rows["department"] == department].reset_index(drop=True)
