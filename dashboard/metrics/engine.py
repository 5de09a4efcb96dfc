"""`compute`: every field of methodology.md (version 2) for every indicator at once, with numpy.

The indicators come as `Catalog.frame()` (final target in `target_*`, earlier ones in `interim_targets`),
the figures as rows (indicator_id, year, value[, figure_status]). Every target of every indicator is one
row of a long array sorted by (indicator, year), so interim targets, per-target verdicts and the piecewise
path are vectorised like the rest; only growth chains' per-target verdicts and `missing_years` loop, over
growth indicators alone.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from dashboard.i18n import STATUS_ORDER, VERDICTS
from dashboard.metrics.arrays import at, blend, keep, masked, pick
from dashboard.metrics.figures import Figures, floats
from dashboard.metrics.rates import OPS, annual_rate, meets, path_value, segment_value
from dashboard.metrics.target_lists import TargetLists
from dashboard.metrics.targets import Targets, codes

THRESHOLDS = {"on_track": 0.95, "moderate": 0.60, "limited": 0.0}
VINTAGE = {"level": 0.005, "share": 0.05}  # relative to the baseline for levels, percentage points for shares
S = {name: i for i, name in enumerate(VERDICTS)}  # status and verdict codes
NAN = np.nan

RESULT_COLUMNS = ["as_of", "status", "latest_year", "latest_value", "latest_figure_status", "basis_year",
                  "basis_value", "trend", "rate_model", "implied_rate", "expected_value", "gap", "observed_rate",
                  "path_rate", "pace_ratio", "required_rate", "projected_value", "progress", "elapsed",
                  "expected_progress", "next_target_year", "next_target_value", "missing_years", "targets",
                  "vintage_break", "revised_baseline", "rebased_status", "rebased_gap"]


def _is(frame: pd.DataFrame, column: str, value) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    return (frame[column] == value).to_numpy(dtype=bool, na_value=False)


KINDS = ("level", "share", "growth", "milestone")


class Context:
    """Per-indicator inputs as arrays, and the figures; shared by the headline, the targets and rebasing."""

    def __init__(self, ind: pd.DataFrame, actuals: pd.DataFrame, as_of: int | None):
        self.m = m = len(ind)
        self.rows = np.arange(m)
        self.fig = Figures(ind["id"], actuals)
        self.tg = Targets(ind)
        kind = codes(ind["kind"], KINDS) if "kind" in ind else np.full(m, -1)
        self.level, self.share, self.growth, self.milestone = (kind == k for k in range(len(KINDS)))
        self.hold = _is(ind, "hold", True) & ~self.milestone & ~self.growth
        self.increase = _is(ind, "direction", "increase") | self.growth
        self.forced_linear = _is(ind, "trend", "linear")
        tg = self.tg  # a target without an op takes its direction's (growth: increase)
        tg.op = pick([tg.op >= 0, self.increase[tg.q]], [tg.op, 0], 2)
        self.By, self.B = floats(ind, "baseline_year"), floats(ind, "baseline_value")
        self.By = masked(self.By, ~self.milestone)
        self.Ty, self.T = self.tg.year[self.tg.final], self.tg.value[self.tg.final]
        self.n = self.Ty - self.By
        self.th = {k: np.where(np.isnan(v := floats(ind, k)), d, v) for k, d in THRESHOLDS.items()}
        if as_of is not None:
            self.as_of = np.full(m, float(as_of))
        else:  # per plan: the latest year with a figure of any of its indicators
            plan_code = (pd.factorize(ind["plan"])[0] if "plan" in ind else np.zeros(m, dtype=np.int64))
            latest = np.full(plan_code.max() + 1 if m else 0, -1.0)
            np.fmax.at(latest, plan_code, self.fig.latest_year())
            self.as_of = np.where(latest[plan_code] >= 0, latest[plan_code], NAN) if m else np.zeros(0)
        with np.errstate(invalid="ignore"):
            self.valued = ~self.milestone & ~self.growth & ~np.isnan(self.B) & ~np.isnan(self.By) & (self.n > 0)
        self.latest = self.fig.newest(self.rows, self.By, self.as_of)
        self.has_fig = self.latest >= 0

    ROW_ARRAYS = ("milestone", "growth", "level", "share", "hold", "increase", "forced_linear", "By", "B", "Ty", "T",
                  "n", "as_of", "valued")

    def subset(self, rows: np.ndarray) -> tuple[Context, np.ndarray]:
        """The same inputs for indicator rows `rows` (ascending) only; and the mask of their targets."""
        new = object.__new__(Context)
        new.m, new.rows = len(rows), np.arange(len(rows))
        for name in self.ROW_ARRAYS:
            setattr(new, name, getattr(self, name)[rows])
        new.th = {k: v[rows] for k, v in self.th.items()}
        new.fig = self.fig.subset(rows)
        new.tg, keep = self.tg.subset(rows)
        new.latest = new.fig.newest(new.rows, new.By, new.as_of)
        new.has_fig = new.latest >= 0
        return new, keep

    def compound_trend(self, B: np.ndarray, T: np.ndarray) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return self.valued & self.level & ~self.forced_linear & (B > 0) & (T > 0)


# ---------------------------------------------------------------- verdicts of each target


def target_verdicts(c: Context, tv: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(verdict code, basis figure index, a hold's first breach) of every target (rule 3; rule 4 for holds;
    milestones), target values `tv` (rebasing passes moved ones). Growth targets are filled in by
    `growth_fields`."""
    tg, f = c.tg, c.fig
    q, Y = tg.q, tg.year
    as_of, lower, inc = c.as_of[q], c.By[q], c.increase[q]
    K = len(q)
    b = f.newest(q, lower, np.fmin(Y, as_of))
    bv, by = at(f.value, b), at(f.year, b)
    b_meets = (b >= 0) & meets(bv, tv, tg.op, inc, tg.tol)
    b_at_year = (b >= 0) & (by == Y)

    mq, hold = c.milestone[q], c.hold[q]
    with np.errstate(invalid="ignore"):
        not_due = as_of < Y
    no_data = np.isnan(as_of) | ~c.has_fig[q]
    # L (the figures after the target year up to as_of) decides only targets not settled before it
    first_l, lo, hi = _first_where(c, np.flatnonzero(~(not_due | no_data | mq | hold | b_meets)), Y, as_of,
                                   lambda t, pf: meets(f.value[pf], tv[t], tg.op[t], inc[t], tg.tol[t]))
    newest_l = pick([hi > lo], [hi - 1], -1)
    breach = _first_where(c, np.flatnonzero(hold), lower, np.fmin(Y, as_of),  # hold: every figure up to the year
                          lambda t, pf: ~meets(f.value[pf], tv[t], tg.op[t], inc[t], tg.tol[t]))[0]
    done = _milestone_done(c)[q]
    done_year = at(f.year, done)
    latest_year = at(f.year, c.latest[q])

    conditions = [
        not_due, no_data,
        mq & (done >= 0) & (done_year <= Y), mq & (done >= 0), mq & (latest_year >= Y), mq,
        hold & (breach >= 0), hold & b_at_year, hold,
        b_meets, first_l >= 0, b_at_year | (newest_l >= 0),
    ]
    verdict = pick(conditions, [S["not_due"], S["no_data"], S["achieved"], S["achieved_late"], S["missed"],
                                S["awaiting"], S["missed"], S["achieved"], S["awaiting"], S["achieved"],
                                S["achieved_late"], S["missed"]], default=S["awaiting"])
    basis = pick(conditions, [np.full(K, -1), np.full(K, -1), done, done, c.latest[q], c.latest[q],
                              breach, b, b, b, first_l, pick([b_at_year], [b], newest_l)], default=b)
    return verdict, basis, breach


def _first_where(c: Context, t: np.ndarray, after: np.ndarray, upto: np.ndarray, hit) -> tuple[np.ndarray, ...]:
    """For the queries `t` (of indicator c.tg.q[t], bounds after[t] < year ≤ upto[t]): the first figure in bounds
    where hit(query, figure index) (arrays of pairs), and the span [lo, hi) of figures; -1 for other queries."""
    first, lo, hi = (np.full(len(after), -1) for _ in range(3))
    if len(t):
        lo[t], hi[t] = c.fig.span(c.tg.q[t], after[t], upto[t])
        pq, pf = c.fig.pairs(lo[t], hi[t])
        first[t] = c.fig.first_where(pq, pf, hit(t[pq], pf), len(t))
    return first, lo, hi


def _milestone_done(c: Context) -> np.ndarray:
    """Per indicator, the index of its first figure 1 up to as_of (milestones), -1 where none."""
    if getattr(c, "_done", None) is None:
        rows = np.flatnonzero(c.milestone)
        done = np.full(c.m, -1)
        if len(rows):
            lo, hi = c.fig.span(rows, np.full(len(rows), NAN), c.as_of[rows])
            pq, pf = c.fig.pairs(lo, hi)
            done[rows] = c.fig.first_where(pq, pf, c.fig.value[pf] == 1, len(rows))
        c._done = done
    return c._done


# ---------------------------------------------------------------- headline of level and share rows


def level_share(c: Context, B: np.ndarray, tv: np.ndarray) -> dict[str, np.ndarray]:
    """Status, basis and every numeric field of level, share and milestone rows, on baseline `B` and
    target values `tv` (the declared ones, or rebased ones)."""
    tg, f, rows = c.tg, c.fig, c.rows
    T = tv[tg.final]
    verdict, vbasis, breach = target_verdicts(c, tv)
    compound = c.compound_trend(B, T)
    with np.errstate(invalid="ignore"):
        before = c.as_of < c.Ty
    final_v, final_b = verdict[tg.final], vbasis[tg.final]
    basis = pick([c.hold & (final_v == S["not_due"]), c.hold, before], [c.latest, final_b, c.latest], final_b)
    done = _milestone_done(c)
    basis = pick([c.milestone & (done >= 0), c.milestone], [done, c.latest], basis)
    with np.errstate(invalid="ignore"):
        milestone_status = pick(
            [(done >= 0) & (at(f.year, done) <= c.Ty), done >= 0, at(f.year, c.latest) >= c.Ty, before],
            [S["achieved"], S["achieved_late"], S["missed"], S["pending"]], default=S["awaiting"])
    first = breach[tg.final]  # before the deadline a hold's first breach of its final target decides too
    hold_breach = c.hold & (first >= 0) & c.has_fig
    basis = pick([hold_breach], [first], basis)
    a, A = at(f.year, basis), at(f.value, basis)
    on = c.valued & (basis >= 0)

    with np.errstate(all="ignore"):
        n, k = c.n, a - c.By
        implied = masked(annual_rate(B, T, n, compound), c.valued)
        seg = tg.first_from(rows, a, strictly_after=False)
        first_seg = seg == tg.start
        y0 = np.where(first_seg, c.By, tg.year[np.maximum(seg - 1, 0)])
        v0 = np.where(first_seg, B, tv[np.maximum(seg - 1, 0)])
        y1, v1 = tg.year[seg], tv[seg]
        comp_seg = c.level & ~c.forced_linear & (v0 > 0) & (v1 > 0)
        on_path = on & (a <= c.Ty)
        P = masked(segment_value(y0, v0, y1, v1, a, comp_seg), on_path)
        P_linear = masked(segment_value(y0, v0, y1, v1, a, False), on_path)
        rate_compound = compound & (A > 0)
        observed = masked(annual_rate(B, A, k, rate_compound), on)
        path_rate = blend(rate_compound, np.power(P / B, 1.0 / k) - 1.0, (blend(compound, P_linear, P) - B) / k)
        path_rate = masked(path_rate, on)
        pace = masked(observed / path_rate, path_rate != 0)
        nxt = tg.first_from(rows, a, strictly_after=True)
        Ny, N = tg.year[nxt], tv[nxt]
        early = on & (a < c.Ty)
        next_met = meets(A, N, tg.op[nxt], c.increase, tg.tol[nxt])
        required = masked(annual_rate(A, N, Ny - a, rate_compound), early & ~next_met)
        projected = masked(path_value(A, observed, Ny - a, rate_compound), early)
        span = T - B
        spanned = keep(on & (span != 0))
        progress = (A - B) / span * spanned
        expected_progress = (P - B) / span * spanned
        elapsed = masked((np.fmin(a, c.Ty) - c.By) / n, on)
        met_final = meets(at(f.value, c.latest), T, tg.op[tg.final], c.increase, tg.tol[tg.final])

        status = pick(
            [~c.has_fig | np.isnan(c.as_of), c.milestone, ~before & ~c.hold, hold_breach, c.hold & before, c.hold,
             met_final, ~c.valued, pace >= c.th["on_track"], pace >= c.th["moderate"], pace >= c.th["limited"]],
            [S["no_data"], milestone_status, final_v, S["missed"], S["on_track"], final_v, S["achieved"],
             S["pending"], S["on_track"], S["moderate"], S["limited"]], default=S["deteriorating"])
    status = pick([c.hold & (status == S["not_due"])], [S["on_track"]], status)
    shown = keep(~c.hold)  # a hold has no planned path: no expected value, gap, path rate, pace or required rate
    has_basis = basis >= 0
    return {
        "status": status, "basis": basis, "verdict": verdict, "vbasis": vbasis,
        "trend": pick([compound, c.valued], [0, 1], -1),
        "rate_model": pick([on & rate_compound, on], [0, 1], -1),
        "implied_rate": implied, "expected_value": P * shown, "gap": (A - P) * shown,
        "observed_rate": observed, "path_rate": path_rate * shown,
        "pace_ratio": pace * shown, "required_rate": required * shown,
        "projected_value": projected, "progress": progress, "elapsed": elapsed,
        "expected_progress": expected_progress * shown,
        "next_target_year": masked(Ny, has_basis),
        "next_target_value": masked(N, has_basis & ~c.milestone),
    }


# ---------------------------------------------------------------- the result frame


def _ints(values: np.ndarray) -> pd.arrays.IntegerArray:
    """An Int64 array of whole-number floats (NaN: missing)."""
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int64), missing)


def _labels(codes: np.ndarray, names) -> pd.api.extensions.ExtensionArray:
    """A string array from integer codes into `names` (-1: missing), without building Python strings."""
    return pd.array(list(names), dtype="str").take(np.asarray(codes, dtype=np.int64), allow_fill=True)


def _target_lists(c: Context, out) -> TargetLists:
    """The `targets` column: per indicator a list of {year, value, op, verdict, basis_year, basis_value}."""
    tg, f = c.tg, c.fig
    basis = pick([(out["verdict"] == S["not_due"]) | (out["verdict"] == S["no_data"])], [-1], out["vbasis"])
    op = pick([c.milestone[tg.q], tg.op >= 0, c.increase[tg.q]], [len(OPS), tg.op, 0], 2)
    columns = {"year": tg.year, "value": tg.value, "op": op, "verdict": out["verdict"],
               "basis_year": at(f.year, basis), "basis_value": at(f.value, basis)}
    return TargetLists.from_columns(columns, tg.start, tg.final + 1, [*OPS, None], VERDICTS)


def compute(indicators: pd.DataFrame, actuals: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """All fields of methodology.md (version 2) for every indicator of `indicators`, in order.

    `actuals`: indicator_id, year, value (+ optional figure_status); of several rows for one indicator and
    year the last is the current one. `as_of`: the year of evaluation for every plan; None: per plan, the
    latest year with a figure of any of its indicators.

    >>> cat = pd.DataFrame({"id": ["sva"], "plan": ["p"], "kind": ["level"], "direction": ["increase"],
    ...                     "baseline_year": [2018], "baseline_value": [10656.0], "target_year": [2022],
    ...                     "target_value": [14000.0]})
    >>> act = pd.DataFrame({"indicator_id": ["sva", "sva"], "year": [2019, 2020], "value": [11500.0, 12100.0]})
    >>> r = compute(cat, act).iloc[0]
    >>> r.status, round(float(r.expected_value), 1), round(float(r.pace_ratio), 3), round(float(r.projected_value), 1)
    ('moderate', 12214.1, 0.929, 13739.7)
    >>> act = pd.concat([act, pd.DataFrame({"indicator_id": ["sva"] * 2, "year": [2022, 2023], "value": [13900.0,
    ...                                                                                               14100.0]})])
    >>> r = compute(cat, act, 2023).iloc[0]
    >>> r.status, int(r.basis_year), pd.isna(r.expected_value), float(r.elapsed)
    ('achieved_late', 2023, True, 1.0)
    """
    ind = indicators.reset_index(drop=True)
    c = Context(ind, actuals, as_of)
    out = level_share(c, c.B, c.tg.value)
    from dashboard.metrics.growth import growth_fields  # both build on this module's Context
    from dashboard.metrics.vintage import vintage

    missing = growth_fields(c, out)
    vin = vintage(c, out)
    f = c.fig
    latest_row = np.where(c.latest >= 0, f.row[np.maximum(c.latest, 0)] if len(f.row) else -1, -1)
    if "figure_status" in actuals and len(actuals):
        figure_status = actuals["figure_status"].array.take(latest_row, allow_fill=True).astype("str")
    else:
        figure_status = _labels(np.where(c.latest >= 0, 0, -1), ["final"])
    models = ("compound", "linear")
    result = pd.DataFrame({
        "as_of": _ints(c.as_of),
        "status": _labels(out["status"], VERDICTS),
        "latest_year": _ints(at(f.year, c.latest)), "latest_value": at(f.value, c.latest),
        "latest_figure_status": figure_status,
        "basis_year": _ints(at(f.year, out["basis"])), "basis_value": at(f.value, out["basis"]),
        "trend": _labels(out["trend"], models), "rate_model": _labels(out["rate_model"], models),
        **{name: out[name] for name in ("implied_rate", "expected_value", "gap", "observed_rate", "path_rate",
                                        "pace_ratio", "required_rate", "projected_value", "progress", "elapsed",
                                        "expected_progress")},
        "next_target_year": _ints(out["next_target_year"]),
        "next_target_value": out["next_target_value"],
        "missing_years": missing if missing is not None else np.full(c.m, None, dtype=object),
        "targets": _target_lists(c, out),
        "vintage_break": vin["vintage_break"], "revised_baseline": vin["revised_baseline"],
        "rebased_status": _labels(vin["rebased_status"], VERDICTS), "rebased_gap": vin["rebased_gap"],
    }, copy=False)  # every column is a fresh array of this call: no copy into consolidated blocks
    return pd.concat([ind.drop(columns=[col for col in RESULT_COLUMNS if col in ind]), result], axis=1)


STATUSES = STATUS_ORDER
