"""Version 1 of the metrics engine, kept unchanged as a reference for the property tests: where methodology
version 2 did not change a rule (one target, before its deadline), version 2 must give the same numbers.

Numbers in, numbers out: no Streamlit, no files, no database. `compute` works on all indicators
at once with numpy; only `status_sentence` (one row, for people) loops.

Decisions on edge cases (each has a test in tests/test_metrics.py):
- no baseline (or a milestone): `trend` is null and only no_data / achieved / missed / pending apply;
  the latest actual is then the newest figure <= as_of of any year.
- baseline or target <= 0 on a level indicator: linear trend.
- compound trend whose latest actual is <= 0: observed / pace / required / projected use the
  linear formulas, pace against (T - B)/n; column `rate_model` says which formulas were used.
- target = baseline: progress and expected_progress are null, pace cannot be computed, so the
  indicator is achieved when met and otherwise missed (a >= T_y) or deteriorating.
- a baseline year at or after the target year is not a usable baseline (treated as no baseline;
  the catalog rejects it anyway).
- an actual row without a value or year is not a figure and is skipped; for several rows of one
  (indicator_id, year) the last row in the frame is the current one.
- milestones: 1 = done; achieved when the latest figure <= as_of is 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.i18n import STATUS_ORDER

STATUSES = STATUS_ORDER
THRESHOLDS = {"on_track": 0.95, "moderate": 0.60, "limited": 0.0}

RESULT_COLUMNS = ["trend", "implied_rate", "latest_year", "latest_value", "latest_figure_status", "expected_value",
                  "gap", "progress", "elapsed", "expected_progress", "observed_rate", "pace_ratio", "required_rate",
                  "projected_value", "status", "as_of", "rate_model"]


def annual_rate(start, end, years, compound):
    """Annual rate from `start` to `end` over `years`: (end/start)^(1/years) - 1 if `compound`,
    else (end - start)/years. Used for implied (B->T), observed (B->A) and required (A->T) rates.

    >>> round(float(annual_rate(10656, 14000, 4, True)), 5), round(float(annual_rate(52.3, 54, 4, False)), 6)
    (0.07062, 0.425)
    """
    start, end, years = (np.asarray(x, dtype=float) for x in (start, end, years))
    with np.errstate(all="ignore"):
        return np.where(compound, np.power(end / start, 1.0 / years) - 1.0, (end - start) / years)


def path_value(start, rate, years, compound):
    """Value `years` after `start` at `rate`: start(1+rate)^years if `compound`, else start + rate*years.
    Gives the planned path P(t) and the projection at the observed pace.

    >>> round(float(path_value(10656, 0.0706153, 2, True)), 1), float(path_value(52.3, 0.425, 2, False))
    (12214.1, 53.15)
    """
    start, rate, years = (np.asarray(x, dtype=float) for x in (start, rate, years))
    with np.errstate(all="ignore"):
        return np.where(compound, start * np.power(1.0 + rate, years), start + rate * years)


def _is(frame: pd.DataFrame, column: str, value: str) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    return (frame[column] == value).to_numpy(dtype=bool, na_value=False)


def _floats(frame: pd.DataFrame, column: str) -> np.ndarray:
    if column not in frame:
        return np.full(len(frame), np.nan)
    return pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def default_as_of(actuals: pd.DataFrame) -> int | None:
    """The latest year with any actual (a value) in the data set; None when there is none.

    >>> default_as_of(pd.DataFrame({"indicator_id": ["a", "b"], "year": [2019, 2021], "value": [1.0, None]}))
    2019
    """
    year, value = _floats(actuals, "year"), _floats(actuals, "value")
    ok = ~np.isnan(year) & ~np.isnan(value)
    return int(year[ok].max()) if ok.any() else None


def row_positions(ids: pd.Series, actuals: pd.DataFrame) -> np.ndarray:
    """For each row of `actuals`, the position of its indicator in `ids` (-1: not in the catalog).
    Hashes the distinct ids once rather than every row's string.

    >>> row_positions(pd.Series(["a", "b"]), pd.DataFrame({"indicator_id": ["b", "zzz", "a", "b"]})).tolist()
    [1, -1, 0, 1]
    """
    if len(actuals) == 0 or "indicator_id" not in actuals:
        return np.full(len(actuals), -1, dtype=np.int64)
    codes, uniques = pd.factorize(actuals["indicator_id"])
    return np.where(codes >= 0, pd.Index(ids).get_indexer(uniques)[codes], -1)


def latest_actuals(ids: pd.Series, after: np.ndarray, actuals: pd.DataFrame, as_of: int | None,
                   pos: np.ndarray | None = None):
    """Per indicator (in the order of `ids`): year and value of the newest figure with after < year <= as_of
    (no lower bound where `after` is NaN), and its row position in `actuals` (-1: none). Of several rows
    for one year the last wins: the row with the largest key (year - min year)·rows + position per indicator.

    >>> act = pd.DataFrame({"indicator_id": ["a", "a", "a", "b"], "year": [2020, 2021, 2021, 2022],
    ...                     "value": [1.0, 2.0, 3.0, 4.0]})
    >>> year, value, row = latest_actuals(pd.Series(["a", "b"]), np.array([np.nan, 2022]), act, 2021)
    >>> year.tolist(), value.tolist(), row.tolist()
    ([2021.0, nan], [3.0, nan], [2, -1])
    """
    m = len(ids)
    year_out, value_out, row_out = np.full(m, np.nan), np.full(m, np.nan), np.full(m, -1, dtype=np.int64)
    if as_of is None or len(actuals) == 0 or m == 0:
        return year_out, value_out, row_out
    if pos is None:
        pos = row_positions(ids, actuals)
    year, value = _floats(actuals, "year"), _floats(actuals, "value")
    with np.errstate(invalid="ignore"):
        keep = (pos >= 0) & ~np.isnan(value) & ~np.isnan(year) & (year <= as_of)
        keep[keep] &= ~(year[keep] <= after[pos[keep]])
    rows = np.flatnonzero(keep)
    if len(rows):
        years = year[rows].astype(np.int64)
        key = (years - years.min()) * len(actuals) + rows
        best = np.full(m, -1, dtype=np.int64)
        np.maximum.at(best, pos[rows], key)
        hit = np.flatnonzero(best >= 0)
        row_out[hit] = best[hit] % len(actuals)
        year_out[hit], value_out[hit] = year[row_out[hit]], value[row_out[hit]]
    return year_out, value_out, row_out


def _labels(codes: np.ndarray, names) -> pd.api.extensions.ExtensionArray:
    """A string array from integer codes into `names` (-1: missing), without building Python strings."""
    return pd.array(list(names), dtype="str").take(codes, allow_fill=True)


def compute(indicators: pd.DataFrame, actuals: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """All fields of methodology.md for every indicator of `indicators` (Catalog.frame()), in order.

    `actuals`: indicator_id, year, value (+ optional figure_status). `as_of` defaults to the latest
    year with any actual. The catalog's `trend` column (None | "linear") becomes the model used.
    With a = latest year, A = its value, n = T_y - B_y and P the planned path (`path_value`):
    implied = annual_rate(B, T, n), expected = P(a), gap = A - P(a), progress = (A - B)/(T - B),
    elapsed = (a - B_y)/n, expected_progress = (P(a) - B)/(T - B), observed = annual_rate(B, A, a - B_y),
    pace_ratio = observed/implied, required = annual_rate(A, T, T_y - a), projected = A grown at observed
    to T_y; status by the first rule of methodology.md that applies.

    >>> cat = pd.DataFrame({"id": ["sva"], "kind": ["level"], "direction": ["increase"], "baseline_year": [2018],
    ...                     "baseline_value": [10656.0], "target_year": [2022], "target_value": [14000.0]})
    >>> act = pd.DataFrame({"indicator_id": ["sva", "sva"], "year": [2019, 2020], "value": [11500.0, 12100.0]})
    >>> r = compute(cat, act).iloc[0]
    >>> r.status, round(float(r.expected_value), 1), round(float(r.pace_ratio), 3), round(float(r.projected_value), 1)
    ('moderate', 12214.1, 0.929, 13739.7)
    """
    ind = indicators.reset_index(drop=True)
    pos = row_positions(ind["id"], actuals)
    if as_of is None:  # figures of indicators not in the catalog do not count
        year, value = _floats(actuals, "year"), _floats(actuals, "value")
        known = (pos >= 0) & ~np.isnan(year) & ~np.isnan(value)
        as_of = int(year[known].max()) if known.any() else None
    B, T = _floats(ind, "baseline_value"), _floats(ind, "target_value")
    By, Ty = _floats(ind, "baseline_year"), _floats(ind, "target_year")
    milestone, increase = _is(ind, "kind", "milestone"), _is(ind, "direction", "increase")
    n = Ty - By
    with np.errstate(invalid="ignore"):
        has_base = ~milestone & ~np.isnan(B) & ~np.isnan(By) & (n > 0)
        compound = has_base & _is(ind, "kind", "level") & ~_is(ind, "trend", "linear") & (B > 0) & (T > 0)
    ay, A, source_row = latest_actuals(ind["id"], np.where(has_base, By, np.nan), actuals, as_of, pos)
    has_latest = ~np.isnan(ay)
    on = has_base & has_latest

    nan = np.nan
    with np.errstate(all="ignore"):
        implied = np.where(has_base, annual_rate(B, T, n, compound), nan)
        k = ay - By
        expected = np.where(on, path_value(B, implied, k, compound), nan)
        span = T - B
        progress = np.where(on & (span != 0), (A - B) / span, nan)
        expected_progress = np.where(on & (span != 0), (expected - B) / span, nan)
        elapsed = np.where(on, k / n, nan)
        rate_compound = compound & (A > 0)
        observed = np.where(on, annual_rate(B, A, k, rate_compound), nan)
        pace_implied = np.where(rate_compound, implied, span / n)
        pace = np.where(on & (pace_implied != 0), observed / pace_implied, nan)
        before = on & (ay < Ty)
        required = np.where(before, annual_rate(A, T, Ty - ay, rate_compound), nan)
        projected = np.where(before, path_value(A, observed, Ty - ay, rate_compound), nan)
        met = has_latest & np.where(increase, A >= T, A <= T)
        th = {name: np.where(np.isnan(v := _floats(ind, name)), default, v) for name, default in THRESHOLDS.items()}
        as_of_f = nan if as_of is None else float(as_of)
        code = {name: STATUSES.index(name) for name in STATUSES}
        status = np.select(
            [milestone & ~has_latest & (as_of is None), ~milestone & ~has_latest,
             milestone & (A == 1), ~milestone & met,
             milestone & (as_of_f > Ty), ~milestone & (ay >= Ty),
             milestone | ~has_base,
             pace >= th["on_track"], pace >= th["moderate"], pace >= th["limited"]],
            [code[s] for s in ("no_data", "no_data", "achieved", "achieved", "missed", "missed", "pending",
                               "on_track", "moderate", "limited")],
            default=code["deteriorating"])

    models = ("compound", "linear")
    figure_status = (actuals["figure_status"].array.take(source_row, allow_fill=True).astype("str")
                     if "figure_status" in actuals else _labels(np.full(len(ind), -1), ["final"]))
    result = pd.DataFrame({
        "trend": _labels(np.where(compound, 0, np.where(has_base, 1, -1)), models),
        "implied_rate": implied, "latest_year": pd.array(ay, dtype="Int64"),
        "latest_value": A, "latest_figure_status": figure_status, "expected_value": expected, "gap": A - expected,
        "progress": progress, "elapsed": elapsed, "expected_progress": expected_progress,
        "observed_rate": observed, "pace_ratio": pace, "required_rate": required, "projected_value": projected,
        "status": _labels(status, STATUSES), "as_of": pd.array([as_of] * len(ind), dtype="Int64"),
        "rate_model": _labels(np.where(~on, -1, np.where(rate_compound, 0, 1)), models),
    })
    return pd.concat([ind.drop(columns=[c for c in RESULT_COLUMNS if c in ind]), result], axis=1)


def path_frame(results: pd.DataFrame, ids=None) -> pd.DataFrame:
    """The planned path P(t) for every year from baseline to target: columns id, year, planned.

    >>> r = pd.DataFrame({"id": ["x"], "trend": ["linear"], "implied_rate": [0.425], "baseline_year": [2018],
    ...                   "baseline_value": [52.3], "target_year": [2020]})
    >>> path_frame(r).planned.round(3).tolist()
    [52.3, 52.725, 53.15]
    """
    r = results[results["trend"].notna()]
    if ids is not None:
        r = r[r["id"].isin(list(ids))]
    by, ty = _floats(r, "baseline_year").astype(int), _floats(r, "target_year").astype(int)
    counts = ty - by + 1
    row = np.repeat(np.arange(len(r)), counts)
    step = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    planned = path_value(_floats(r, "baseline_value")[row], _floats(r, "implied_rate")[row], step,
                         _is(r, "trend", "compound")[row])
    return pd.DataFrame({"id": r["id"].to_numpy()[row], "year": by[row] + step, "planned": planned})


def projection_frame(results: pd.DataFrame, ids=None) -> pd.DataFrame:
    """The projection at the observed pace from the latest year to the target year: id, year, projected.

    >>> r = pd.DataFrame({"id": ["x"], "rate_model": ["compound"], "observed_rate": [0.1], "latest_year": [2020],
    ...                   "latest_value": [100.0], "target_year": [2022]})
    >>> projection_frame(r).projected.round(2).tolist()
    [100.0, 110.0, 121.0]
    """
    ay, ty, obs = _floats(results, "latest_year"), _floats(results, "target_year"), _floats(results, "observed_rate")
    keep = ~np.isnan(obs) & (ay < ty)
    if ids is not None:
        keep &= results["id"].isin(list(ids)).to_numpy()
    r = results[keep]
    ay, ty = ay[keep].astype(int), ty[keep].astype(int)
    counts = ty - ay + 1
    row = np.repeat(np.arange(len(r)), counts)
    step = np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)
    compound = (r["rate_model"] if "rate_model" in r else r["trend"]).eq("compound").to_numpy(bool, na_value=False)
    projected = path_value(_floats(r, "latest_value")[row], obs[keep][row], step, compound[row])
    return pd.DataFrame({"id": r["id"].to_numpy()[row], "year": ay[row] + step, "projected": projected})
