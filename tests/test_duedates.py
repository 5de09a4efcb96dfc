"""The reporting calendar core, on frames built by hand (with and without the review columns)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard import duedates

ON = dt.date(2024, 5, 10)


def frame(**over):
    row = {"id": "gdp", "plan": "p", "name": "地区生产总值", "name_en": "GDP", "kind": "level",
           "owners": "市发展改革委、市统计局", "plan_base_year": 2020, "plan_target_year": 2025,
           "release_month": 3, "release_day": 31, "release_irregular": False}
    row.update(over)
    return pd.DataFrame([row])


def current(rows, review=False):
    cols = ["indicator_id", "year", "value"] + (["review_state", "review_reason"] if review else [])
    return pd.DataFrame(rows, columns=cols)


def test_today_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DASHBOARD_TODAY", "2026-12-03")
    assert duedates.today() == dt.date(2026, 12, 3)
    monkeypatch.delenv("DASHBOARD_TODAY")
    assert isinstance(duedates.today(), dt.date)


def test_due_date_clamps_to_the_month_end():
    assert duedates.due_date(2023, 3, 31) == dt.date(2024, 3, 31)
    assert duedates.due_date(2023, 2, 31) == dt.date(2024, 2, 29)
    assert duedates.due_date(2022, 2, 30) == dt.date(2023, 2, 28)


def test_missing_figures_are_overdue_in_each_owners_list():
    rows = duedates.calendar_rows(frame(), current([("gdp", 2021, 1.0)]), on=ON)
    # 2021 entered; 2022 due 2023-03-31 and 2023 due 2024-03-31 overdue; 2024 due 2025: beyond the window
    assert set(rows["department"]) == {"市发展改革委", "市统计局"}
    dev = duedates.for_department(rows, "市发展改革委")
    assert list(dev["year"]) == [2022, 2023] and set(dev["state"]) == {"overdue"}
    assert list(dev["days_overdue"]) == [(ON - dt.date(2023, 3, 31)).days, 40]


def test_due_soon_within_the_window():
    rows = duedates.calendar_rows(frame(release_month=6, release_day=30), current([]), on=ON)
    soon = rows[rows["state"] == "due_soon"]
    assert list(soon["year"].unique()) == [2023] and (soon["days_overdue"] == 0).all()
    later = duedates.calendar_rows(frame(release_month=9, release_day=30), current([]), on=ON)
    assert 2023 not in set(later["year"])


def test_review_states_returned_and_submitted():
    cur = current([("gdp", 2021, 1.0, "accepted", None), ("gdp", 2022, 2.0, "returned", "单位错误"),
                   ("gdp", 2023, 3.0, "submitted", None)], review=True)
    rows = duedates.for_department(duedates.calendar_rows(frame(owners="市统计局"), cur, on=ON), "市统计局")
    by_year = rows.set_index("year")
    assert by_year.loc[2022, "state"] == "returned" and by_year.loc[2022, "reason"] == "单位错误"
    assert by_year.loc[2023, "state"] == "submitted" and by_year.loc[2023, "days_overdue"] == 0
    assert 2021 not in by_year.index
    assert duedates.overdue_counts(rows).empty  # nothing missing: none overdue


def test_without_review_columns_every_figure_is_accepted():
    cur = current([("gdp", 2021, 1.0), ("gdp", 2022, 2.0), ("gdp", 2023, 3.0)])
    assert duedates.calendar_rows(frame(), cur, on=ON).empty


@pytest.mark.parametrize("over", [{"kind": "milestone"}, {"release_irregular": True, "release_month": None},
                                  {"release_month": None, "release_day": None}])
def test_milestones_irregular_and_undeclared_are_off_the_calendar(over):
    assert duedates.calendar_rows(frame(**over), current([]), on=ON).empty


def test_irregular_and_undeclared_are_counted_apart():
    f = pd.concat([frame(), frame(id="a", release_irregular=True, release_month=None),
                   frame(id="b", release_month=None, release_day=None)], ignore_index=True)
    assert list(duedates.irregular(f)["id"]) == ["a"]
    assert duedates.undeclared_count(f) == 1


def test_no_owner_and_ended_plans():
    rows = duedates.calendar_rows(frame(owners=None), current([]), on=ON)
    assert set(rows["department"]) == {duedates.NO_OWNER}
    ended = duedates.calendar_rows(frame(plan_target_year=2021), current([]), on=dt.date(2024, 5, 10))
    assert ended.empty  # its last figure was due 2022-03-31: more than a cycle ago


def test_overdue_counts_by_department():
    f = pd.concat([frame(), frame(id="b", owners="市统计局")], ignore_index=True)
    counts = duedates.overdue_counts(duedates.calendar_rows(f, current([]), on=ON)).set_index("department")
    assert counts.loc["市统计局", "overdue"] == 6 and counts.loc["市发展改革委", "overdue"] == 3
