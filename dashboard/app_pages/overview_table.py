"""The overview's display table: one row per indicator, most urgent first, numbers written as text.

Pure (no Streamlit): frames in, frames out. Every number is written by `dashboard.formatting` (each
distinct value once), every label comes from `dashboard.i18n`.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import formatting as fmt
from dashboard.i18n import t

OVERVIEW_COLUMNS = ["status_label", "name", "direction", "plan_label", "owner", "unit", "baseline", "target", "latest",
                    "expected", "gap", "progress_elapsed", "required"]
# Most urgent first: the default order of the overview. A status code of i18n.STATUS_ORDER missing here
# (a new one) sorts just before "pending"; the colours and labels always come from dashboard.i18n.
URGENCY = ("missed", "deteriorating", "limited", "moderate", "awaiting", "on_track", "achieved_late", "achieved",
           "pending", "no_data")


def urgency(statuses: pd.Series) -> pd.Series:
    """The rank of each status code in `URGENCY` (unknown codes just before "pending").

    >>> urgency(pd.Series(["achieved", "missed", "brand_new", "no_data"])).tolist()
    [7.0, 0.0, 7.5, 9.0]
    """
    ranks = {code: float(i) for i, code in enumerate(URGENCY)}
    return statuses.map(ranks).fillna(ranks["pending"] - 0.5).astype(float)


def _column(results: pd.DataFrame, name: str) -> list:
    """A column as plain Python values, None where missing (also when the column is absent)."""
    if name not in results:
        return [None] * len(results)
    col = results[name].astype(object)
    return col.where(col.notna(), None).tolist()


def _numbers(values: list, write) -> list[str]:
    """`write(x)` of each value, each distinct value written once (many rows share baselines and years)."""
    seen: dict = {}
    return [("—" if x is None else seen[x] if x in seen else seen.setdefault(x, write(x))) for x in values]


def _with_year(texts: list[str], years: list, lang: str) -> list[str]:
    template = t("overview.latest_with_year", lang)
    return [x if y is None or x == "—" else template.format(value=x, year=int(y))
            for x, y in zip(texts, years, strict=True)]


def plan_label(title: str) -> str:
    """A plan's title without the city prefix and the years in brackets, short enough for a column.

    >>> plan_label("重庆市现代服务业发展计划（2019—2022年）"), plan_label("Chongqing Services Plan (2019–2022)")
    ('现代服务业发展计划', 'Services Plan')
    """
    for prefix in ("重庆市", "Chongqing "):
        title = title.removeprefix(prefix)
    return title.split("（")[0].split(" (")[0].strip() or title


def review_marks(current: pd.DataFrame) -> dict[tuple[str, int], str]:
    """(indicator id, year) -> review state of every stored figure not yet accepted (`Store.current()`).

    >>> review_marks(pd.DataFrame({"indicator_id": ["a", "b"], "year": [2021, 2022],
    ...                            "review_state": ["accepted", "submitted"]}))
    {('b', 2022): 'submitted'}
    """
    if "review_state" not in current or current.empty:
        return {}
    open_ = current[current["review_state"].notna() & (current["review_state"] != "accepted")]
    return {(str(i), int(y)): str(s) for i, y, s in zip(open_["indicator_id"], open_["year"], open_["review_state"],
                                                        strict=True)}


def _marked(texts: list[str], ids: list, years: list, marks: Mapping, lang: str) -> list[str]:
    """The latest figure's text with "· 待审核" / "· 已退回" where that figure is not accepted yet."""
    if not marks:
        return texts
    template = t("overview.review_mark", lang)
    out = []
    for x, i, y in zip(texts, ids, years, strict=True):
        state = None if y is None else marks.get((i, int(y)))
        out.append(template.format(value=x, state=t(f"review.state.{state}", lang)) if state else x)
    return out


def overview_table(results: pd.DataFrame, lang: str, plan_titles: Mapping[str, str] | None = None,
                   marks: Mapping[tuple[str, int], str] | None = None) -> pd.DataFrame:
    """One display row per indicator, most urgent first (`URGENCY`, then catalog order): numbers
    written as text without their unit (the unit has its own column), target and latest with their
    year, the direction as ↑ / ↓ (lower is better), progress beside time elapsed; plus `id` and the
    status code `status` (for colouring and linking). Built column by column, each distinct number
    written once.

    >>> r = pd.DataFrame([{"id": "sva", "plan": "p", "name": "服务业增加值", "name_en": "Services value added",
    ...     "group": "总量", "owner": "市统计局", "unit": "亿元", "kind": "level", "direction": "increase",
    ...     "baseline_year": 2018, "baseline_value": 10656.0, "target_year": 2022, "target_value": 14000.0,
    ...     "latest_year": 2020, "latest_value": 12100.0, "expected_value": 12214.1, "gap": -114.1,
    ...     "progress": 0.432, "elapsed": 0.5, "expected_progress": 0.466, "required_rate": 0.075651,
    ...     "trend": "compound", "rate_model": "compound", "status": "moderate"}])
    >>> row = overview_table(r, "zh", {"p": "重庆市现代服务业发展计划（2019—2022年）"}).iloc[0]
    >>> row.latest, row.target, row.gap, row.progress_elapsed, row.required, row.status_label, row.direction
    ('12,100（2020）', '14,000（2022）', '-114.1', '43.2% / 50.0%', '7.57%', '略有滞后', '↑')
    >>> row.plan_label, row.owner, row.unit
    ('现代服务业发展计划', '市统计局', '亿元')
    """
    units = _column(results, "unit")
    kinds = _column(results, "kind")
    milestone = [k == "milestone" for k in kinds]
    names = _column(results, "name")
    names_en = _column(results, "name_en")
    if lang == "en":
        names = [e or n for n, e in zip(names, names_en, strict=True)]
    done, not_done = t("milestone.done", lang), t("milestone.not_done", lang)
    latest_values = _column(results, "latest_value")
    latest = [(("—" if v is None else done if v == 1 else not_done) if m else None)
              for v, m in zip(latest_values, milestone, strict=True)]
    latest_numbers = _numbers(latest_values, fmt.number)
    latest = [x if x is not None else n for x, n in zip(latest, latest_numbers, strict=True)]
    deadline = t("overview.deadline", lang)
    target_years = _column(results, "target_year")
    targets = _with_year(_numbers(_column(results, "target_value"), fmt.number), target_years, lang)
    targets = [deadline.format(year=int(y)) if m and y is not None else x
               for x, y, m in zip(targets, target_years, milestone, strict=True)]
    pp = f"{' ' if lang == 'en' else ''}{t('unit.pp', lang)}"
    gaps = _numbers(_column(results, "gap"), fmt.signed)
    gaps = [x if x == "—" or u != "%" else x + pp for x, u in zip(gaps, units, strict=True)]
    progress = _numbers(_column(results, "progress"), fmt.fraction)
    elapsed = _numbers(_column(results, "elapsed"), fmt.fraction)
    models = [m or tr for m, tr in zip(_column(results, "rate_model"), _column(results, "trend"), strict=True)]
    arrows = {"increase": t("overview.direction_up", lang), "decrease": t("overview.direction_down", lang)}
    titles = dict(plan_titles or {})
    statuses = _column(results, "status")
    table = pd.DataFrame({
        "id": _column(results, "id"),
        "status_label": [t(f"status.{s}", lang) for s in statuses],
        "name": names,
        "direction": [t("overview.direction_milestone", lang) if m else arrows.get(d, "")
                      for d, m in zip(_column(results, "direction"), milestone, strict=True)],
        "plan_label": [plan_label(titles.get(p) or p or "") for p in _column(results, "plan")],
        "owner": [o or "" for o in _column(results, "owner")],
        "group": [(e if lang == "en" and e else g) or "" for g, e in zip(
            _column(results, "group"), _column(results, "group_en"), strict=True)],
        "unit": [fmt.unit_label(u, lang) or "" for u in units],
        "baseline": _numbers(_column(results, "baseline_value"), fmt.number),
        "target": targets,
        "latest": _marked(_with_year(latest, _column(results, "latest_year"), lang), _column(results, "id"),
                          _column(results, "latest_year"), marks or {}, lang),
        "expected": _numbers([None if k == "growth" else v for v, k in zip(  # a growth row's is an index, not a value
            _column(results, "expected_value"), kinds, strict=True)], fmt.number),
        "gap": gaps,
        "progress_elapsed": [f"{p} / {e}" if p != "—" or e != "—" else "—"
                             for p, e in zip(progress, elapsed, strict=True)],
        "required": [fmt.rate(r, m, u, lang)
                     for r, m, u in zip(_column(results, "required_rate"), models, units, strict=True)],
        "status": statuses,
    }, columns=["id", *OVERVIEW_COLUMNS, "group", "status"])
    order = urgency(table["status"]).sort_values(kind="stable").index
    return table.loc[order].reset_index(drop=True)


def plans_as_of(results: pd.DataFrame) -> dict[str, int | None]:
    """Each plan's as-of year: the `as_of` of its rows (the newest when rows differ), None without data.

    >>> plans_as_of(pd.DataFrame({"plan": ["p", "p", "q"], "as_of": [2021, 2022, None]}))
    {'p': 2022, 'q': None}
    """
    if "as_of" not in results or "plan" not in results:
        return {}
    years = pd.to_numeric(results["as_of"], errors="coerce").groupby(results["plan"], sort=False).max()
    return {str(p): (None if pd.isna(y) else int(y)) for p, y in years.items()}
