"""The one report context shared by the PDF, HTML and Excel exporters.

`make_context` runs `metrics.compute` once over the whole catalog (so statuses equal those of
`python -m dashboard status` on the same inputs), keeps the chosen plan's indicators and
gathers what every format prints: status counts, the vintage of the latest figures, the
indicators furthest behind, one table per plan and group, and the series behind the charts.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard import formatting as fmt
from dashboard import metrics
from dashboard.catalog import Catalog
from dashboard.i18n import LANGS, STATUS_ORDER, t
from dashboard.schema import Plan

BEHIND = ("deteriorating", "limited", "moderate", "missed")
AWAITING = ("pending", "no_data", "awaiting")
FIGURE_STATUSES = ("preliminary", "final", "revised")
ACTUAL_COLUMNS = ["indicator_id", "year", "value", "figure_status", "source", "note"]
TABLE_FIELDS = ("field.name", "field.unit", "field.baseline_value", "field.target_value", "report.latest",
                "field.expected_value", "field.gap", "field.required_rate", "field.status")


class ReportError(ValueError):
    """A report cannot be made from these inputs (e.g. an unknown plan id)."""


@dataclass
class GroupSection:
    plan: Plan
    name: str
    rows: pd.DataFrame


@dataclass
class ReportContext:
    results: pd.DataFrame
    plans: list[Plan]
    lang: str
    as_of: int | None
    generated: dt.datetime
    vintage: dict[str, int]
    status_counts: dict[str, int]
    behind: pd.DataFrame
    groups: list[GroupSection]
    paths: pd.DataFrame
    projections: pd.DataFrame
    actuals: pd.DataFrame
    plan_filter: str | None = None
    basis: str | None = None  # "accepted" / "submitted": which figures of the store (None: a CSV of actuals)
    unreviewed: int = 0  # figures not yet accepted: left out ("accepted") or included ("submitted")

    def title(self) -> str:
        """The report's title: the plan's title for one plan, a generic title for several."""
        if len(self.plans) == 1:
            return plan_title(self.plans[0], self.lang)
        return t("report.title", self.lang)

    def label(self) -> str:
        """Short identification for page footers: plan title and document number."""
        if len(self.plans) == 1:
            plan = self.plans[0]
            return " ".join(x for x in (plan_title(plan, self.lang), plan.document) if x)
        return t("report.all_plans", self.lang)

    def as_of_text(self) -> str:
        if self.as_of is None:
            return t("report.as_of_none", self.lang)
        return t("report.as_of", self.lang).format(year=self.as_of)

    def generated_text(self) -> str:
        return fmt.local_time(self.generated, self.lang)

    def basis_text(self) -> str | None:
        """Which figures the briefing rests on (only for figures read from the store), or None."""
        if self.basis is None:
            return None
        return t(f"report.basis_{self.basis}", self.lang).format(n=self.unreviewed)

    def awaiting(self) -> int:
        """Verdicts still awaiting figures (to be reported, or no data yet)."""
        return int(self.results["status"].isin(AWAITING).sum())

    def plan_as_of(self) -> list[str]:
        """'plan: figures as of year' for each plan (its own latest year with a figure)."""
        out = []
        for plan in self.plans:
            years = pd.to_numeric(self.results.loc[self.results["plan"] == plan.id, "latest_year"], errors="coerce")
            name = plan_title(plan, self.lang)
            out.append(t("report.plan_as_of_none", self.lang).format(plan=name) if years.isna().all() else
                       t("report.plan_as_of", self.lang).format(plan=name, year=int(years.max())))
        return out

    def vintage_text(self) -> str:
        v = self.vintage
        text = t("report.vintage_text", self.lang).format(n=sum(v.values()), **v)
        if v.get("unstated"):
            text += t("report.vintage_unstated", self.lang).format(unstated=v["unstated"])
        return text

    def chart_ids(self) -> list[str]:
        """Indicators that get a chart: every one with a figure but the milestones, in report order (those
        without a figure are listed by name instead)."""
        return [i for g in self.groups for i in split_no_data(g.rows)[0].query("kind != 'milestone'")["id"]]


def plan_title(plan: Plan, lang: str) -> str:
    return (plan.title_en or plan.title) if lang == "en" else plan.title


def indicator_name(row, lang: str) -> str:
    """The indicator's name in `lang` (the Chinese name when there is no English one)."""
    name_en = row.get("name_en")
    return name_en if lang == "en" and isinstance(name_en, str) and name_en else row["name"]


def normalise_actuals(actuals: pd.DataFrame | None) -> pd.DataFrame:
    """The current figure per (indicator, year) with the interchange columns (missing ones empty)."""
    frame = pd.DataFrame(columns=ACTUAL_COLUMNS) if actuals is None else actuals.copy()
    for col in ACTUAL_COLUMNS:
        if col not in frame:
            frame[col] = None
    frame = frame[ACTUAL_COLUMNS]
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce")
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    frame = frame.dropna(subset=["indicator_id", "year", "value"])
    frame["year"] = frame["year"].astype(int)
    return frame.drop_duplicates(["indicator_id", "year"], keep="last").reset_index(drop=True)


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def furthest_behind(results: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` indicators furthest behind: behind statuses by pace ratio (lowest first); a
    deteriorating row without a pace ratio sorts first, other rows without one last, ties by the
    gap as a share of the planned distance (most negative first, sign-adjusted for decreases)."""
    rows = results[results["status"].isin(BEHIND)].copy()
    pace = pd.to_numeric(rows["pace_ratio"], errors="coerce")
    no_pace = pace.isna()
    pace = pace.where(~no_pace, rows["status"].map(lambda s: -math.inf if s == "deteriorating" else math.inf))
    span = (rows["target_value"] - rows["baseline_value"]).abs()
    sign = np.where(rows["direction"].eq("decrease").to_numpy(bool, na_value=False), -1.0, 1.0)
    rows["_pace"] = pace.astype(float)
    rows["_gap"] = (sign * rows["gap"].astype(float) / span.where(span != 0)).astype(float).fillna(math.inf)
    return rows.sort_values(["_pace", "_gap"], kind="stable").head(n).drop(columns=["_pace", "_gap"])


def make_context(catalog: Catalog, actuals: pd.DataFrame | None, lang: str = "zh", plan: str | None = None,
                 as_of: int | None = None, generated: dt.datetime | None = None, basis: str | None = None,
                 unreviewed: int = 0) -> ReportContext:
    """Compute the metrics once and gather everything the exporters print."""
    if lang not in LANGS:
        raise ReportError(f"unknown language {lang!r}: expected one of {', '.join(LANGS)}")
    if plan is not None and plan not in catalog.plans:
        raise ReportError(t("cli.unknown_plan", lang).format(plan=plan, plans=", ".join(catalog.plans)))
    current = normalise_actuals(actuals)
    results = metrics.compute(catalog.frame(), current, as_of)
    if as_of is None and len(results):
        first = results["as_of"].iloc[0]
        as_of = None if _missing(first) else int(first)
    if plan is not None:
        results = results[results["plan"] == plan].reset_index(drop=True)
    figures = current.rename(columns={"indicator_id": "id", "year": "latest_year", "source": "latest_source",
                                      "note": "latest_note"})[["id", "latest_year", "latest_source", "latest_note"]]
    figures["latest_year"] = figures["latest_year"].astype("Int64")
    results = results.merge(figures, on=["id", "latest_year"], how="left")
    plans = [catalog.plans[p] for p in dict.fromkeys(results["plan"])] if plan is None else [catalog.plans[plan]]

    counts = results["status"].value_counts()
    has_latest = results["latest_year"].notna()
    fs = results.loc[has_latest, "latest_figure_status"]
    vintage = {s: int((fs == s).sum()) for s in FIGURE_STATUSES}
    vintage["unstated"] = int(has_latest.sum()) - sum(vintage.values())

    groups = []
    for p in plans:
        rows = results[results["plan"] == p.id]
        group = rows["group"]
        if lang == "en" and "group_en" in rows:  # the English name of the group where the catalog gives one
            group = rows["group_en"].where(rows["group_en"].notna(), group)
        names = group.astype(object).where(group.notna(), t("report.no_group", lang))
        for name in dict.fromkeys(names):
            groups.append(GroupSection(p, name, rows[names == name].reset_index(drop=True)))
    ids = set(results["id"])
    shown = current[current["indicator_id"].isin(ids)]
    if as_of is not None:
        shown = shown[shown["year"] <= as_of]
    return ReportContext(
        results=results, plans=plans, lang=lang, as_of=as_of,
        generated=generated or dt.datetime.now(dt.UTC).replace(microsecond=0),
        vintage=vintage, status_counts={s: int(counts.get(s, 0)) for s in STATUS_ORDER},
        behind=furthest_behind(results), groups=groups, paths=metrics.path_frame(results),
        projections=metrics.projection_frame(results), actuals=shown.reset_index(drop=True), plan_filter=plan,
        basis=basis, unreviewed=unreviewed)


def plan_digits(row) -> int:
    """Decimals the plan printed for baseline and target (at most 2): computed values get as many.

    >>> plan_digits({"baseline_value": 52.3, "target_value": 54.0}), plan_digits({"target_value": 99.96})
    (1, 2)
    """
    texts = [f"{float(row[k]):.6g}" for k in ("baseline_value", "target_value") if not _missing(row.get(k))]
    return min(2, max([len(s.split(".")[1]) for s in texts if "." in s and "e" not in s], default=0))


def _year(x) -> str:
    return "" if _missing(x) else f" ({int(x)})"


def table_cells(row, lang: str) -> list[str]:
    """The printed table's cells for one result row, in the order of TABLE_FIELDS (status as its code).

    >>> row = {"name": "服务业增加值", "unit": "亿元", "kind": "level", "baseline_value": 10656.0,
    ...        "baseline_year": 2018, "target_value": 14000.0, "target_year": 2022, "latest_value": 12100.0,
    ...        "latest_year": 2020, "expected_value": 12214.1, "gap": -114.1, "required_rate": 0.075654,
    ...        "rate_model": "compound", "status": "moderate"}
    >>> table_cells(row, "zh")[:5]
    ['服务业增加值', '亿元', '10,656 (2018)', '14,000 (2022)', '12,100 (2020)']
    >>> table_cells(row, "zh")[5:]
    ['12,214.1', '-114.1', '7.57%', 'moderate']
    """
    if row["kind"] == "milestone":
        done = row.get("status") == "achieved"
        latest = t("milestone.done" if done else "milestone.not_done", lang) + (_year(row["latest_year"]) if done
                                                                                 else "")
        return [indicator_name(row, lang), "", "—", f"{t('kind.milestone', lang)}{_year(row['target_year'])}",
                latest, "—", "—", "—", row["status"]]
    gap_text = fmt.signed(row.get("gap"))  # rounded as on the screen (overview_table uses the same formatters)
    return [
        indicator_name(row, lang), fmt.unit_label(row.get("unit"), lang) or "",
        fmt.number(row.get("baseline_value")) + ("" if _missing(row.get("baseline_value"))
                                                 else _year(row.get("baseline_year"))),
        fmt.number(row.get("target_value")) + _year(row.get("target_year")),
        fmt.number(row.get("latest_value")) + _year(row.get("latest_year")),
        fmt.number(row.get("expected_value")), gap_text,
        fmt.rate(row.get("required_rate"), row.get("rate_model"), row.get("unit"), lang), row["status"],
    ]


def split_no_data(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows with a figure or a milestone, indicators without any figure yet) of one group."""
    empty = rows["latest_value"].isna() & rows["kind"].ne("milestone")
    return rows[~empty].reset_index(drop=True), rows[empty].reset_index(drop=True)


def figure_notes(rows: pd.DataFrame, lang: str) -> list[str]:
    """The 数据说明: each latest figure's source title, year, status and URL (see reports/notes.py)."""
    from dashboard.reports import notes

    return notes.figure_notes(rows, lang, indicator_name)
