"""Time `metrics.compute` (methodology v2) on 1,000 / 10,000 / 100,000 synthetic indicators with 10 years of
figures each, against its numpy lower bound and against the independent plain-Python oracle of the tests
(tests/oracle_v2.py), checking that engine and oracle agree on every field.

    .venv/bin/python benchmarks/bench_metrics.py [--sizes 1000 10000 100000] [--repeats 5]

The numpy lower bound is the work no implementation of the contract can skip on this input, done with
numpy at its plainest: map the figures' ids to indicator positions (factorize), sort the figures by
(indicator, year), find for every target the figure it is judged on (one searchsorted), evaluate the rate
and path formulas once per indicator, and build a result frame of the same number of columns. Prints
figures; asserts nothing except that engine and oracle agree.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import metrics, schema  # noqa: E402
from dashboard.catalog import indicator_frame  # noqa: E402
from tests import oracle_v2  # noqa: E402

ORACLE_LIMIT = 2_000  # the oracle runs on this many indicators and its time is scaled
PLANS = 20


def synthetic(n: int, seed: int = 0) -> tuple[dict, pd.DataFrame]:
    """A v2 catalog (as the parsed YAML) of `n` indicators over 20 plans 2018–2030 — levels, shares, growth,
    milestones; both directions; interim targets, ops, tolerances, holds, linear trends, no baseline, plan
    thresholds — and 10 years of figures each (2019–2028; 3 % unreported after 2021, 10 % with a baseline-year
    figure, 1 % revised by a later row)."""
    rng = np.random.default_rng(seed)
    plans = [{"id": f"plan-{p:02d}", "title": f"规划{p}", "base_year": 2018, "target_year": 2030}
             for p in range(PLANS)]
    plans[0]["thresholds"] = {"on_track": 0.99, "moderate": 0.8, "limited": 0.1}
    kinds = rng.choice(np.array(["level", "share", "growth", "milestone"]), n, p=[0.55, 0.25, 0.08, 0.12])
    indicators, rows = [], []
    for i in range(n):
        kind, ind_id = str(kinds[i]), f"ind-{i:06d}"
        ind = {"id": ind_id, "plan": plans[i % PLANS]["id"], "name": "指标", "kind": kind}
        target_year = int(2019 + rng.integers(2, 12))
        if kind == "milestone":
            ind["target"] = {"year": target_year}
            done = int(2019 + rng.integers(0, 14))
            rows += [(ind_id, y, 1.0 if y >= done else 0.0) for y in range(2019, 2029)]
        elif kind == "growth":
            ind.update(unit="%", direction="increase", baseline={"year": 2018},
                       target={"year": target_year, "value": round(float(rng.uniform(3, 9)), 1)})
            rows += [(ind_id, y, round(float(rng.normal(6, 3)), 1)) for y in range(2019, 2029)]
        else:
            up = rng.random() < 0.75
            base = float(rng.uniform(1, 90) if kind == "share" else rng.uniform(1, 20000))
            change = float(rng.uniform(0.05, 0.6)) * (1 if up else -0.7)
            final = base * (1 + change) if kind == "level" else min(99.0, max(0.0, base * (1 + change)))
            hold = rng.random() < 0.05
            if hold:
                final = base * (0.95 if up else 1.05)
            ind.update(unit="%" if kind == "share" else "亿元", direction="increase" if up else "decrease")
            if rng.random() > 0.05:
                ind["baseline"] = {"year": 2018, "value": base}
            op = rng.choice(np.array([None, ">=", ">", "~"] if up else [None, "<=", "<", "~"]), p=[0.7, 0.1, 0.1, 0.1])
            final_target = {"year": target_year, "value": final, **({"op": str(op)} if op else {})}
            if op == "~" and rng.random() < 0.5:
                final_target["tolerance"] = 0.05
            if not hold and target_year >= 2023 and rng.random() < 0.15:
                ind["targets"] = [{"year": target_year - 2, "value": base + (final - base) * 0.6}, final_target]
            else:
                ind["target"] = final_target
            if hold:
                ind["hold"] = True
            if kind == "level" and rng.random() < 0.1:
                ind["trend"] = "linear"
            pace = rng.normal(0.9, 0.5)
            years = np.arange(2019, 2029)
            values = base + pace * (final - base) / (target_year - 2018) * (years - 2018) * (1 if not hold else 0) \
                + rng.normal(0, 0.02, len(years)) * base
            values = np.maximum(values, 0.0) if kind == "level" else np.clip(values, 0, 100)
            rows += [(ind_id, int(y), round(float(v), 3)) for y, v in zip(years, values, strict=True)]
            if rng.random() < 0.1:
                rows.append((ind_id, 2018, round(base * float(rng.choice([1.0, 1.02])), 3)))
        indicators.append(ind)
    actuals = pd.DataFrame(rows, columns=["indicator_id", "year", "value"])
    actuals["figure_status"] = "final"
    unreported = rng.random(n) < 0.03
    gone = set(np.array([ind["id"] for ind in indicators])[unreported])
    actuals = actuals[~(actuals["indicator_id"].isin(gone) & (actuals["year"] > 2021))]
    revised = actuals.sample(frac=0.01, random_state=seed).assign(figure_status="revised")
    revised["value"] = np.where(revised["value"] > 1, (revised["value"] * 1.01).round(3), revised["value"])
    return {"version": 1, "plans": plans, "indicators": indicators}, pd.concat([actuals, revised], ignore_index=True)


def frame_of(cat: dict) -> pd.DataFrame:
    """The catalog dict as `Catalog.frame()` would give it (each indicator validated by the schema)."""
    plans = {p["id"]: schema.Plan.model_validate(p) for p in cat["plans"]}
    indicators = {i["id"]: schema.Indicator.model_validate(i) for i in cat["indicators"]}
    return indicator_frame(SimpleNamespace(plans=plans, indicators=indicators, rate_tolerance={}))


def lower_bound(frame: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """The numpy floor described in the module docstring."""
    ids = frame["id"]
    codes, uniques = pd.factorize(actuals["indicator_id"])
    pos = pd.Index(ids).get_indexer(uniques)[codes]
    year = actuals["year"].to_numpy(np.int64)
    value = actuals["value"].to_numpy(float)
    key = pos * 600 + (year - 1800)
    order = np.argsort(key, kind="stable")
    key, value = key[order], value[order]
    m = len(ids)
    ty = frame["target_year"].to_numpy(float)
    as_of = float(year.max())
    idx = np.searchsorted(key, np.arange(m) * 600 + (np.minimum(ty, as_of) - 1800).astype(np.int64), "right") - 1
    A = value[np.maximum(idx, 0)]
    B, T = frame["baseline_value"].to_numpy(float), frame["target_value"].to_numpy(float)
    n = ty - frame["baseline_year"].to_numpy(float)
    with np.errstate(all="ignore"):
        implied = np.power(T / B, 1 / n) - 1
        k = np.minimum(ty, as_of) - 2018
        expected = B * np.power(1 + implied, k)
        observed = np.power(A / B, 1 / k) - 1
        pace = observed / implied
        required = np.power(T / A, 1 / (ty - as_of)) - 1
        progress = (A - B) / (T - B)
    columns = {f"c{j}": x for j, x in enumerate([implied, expected, observed, pace, required, progress] * 5)}
    return pd.concat([frame, pd.DataFrame(columns)], axis=1)


NUMERIC = ["latest_year", "latest_value", "basis_year", "basis_value", "implied_rate", "expected_value", "gap",
           "observed_rate", "path_rate", "pace_ratio", "required_rate", "projected_value", "progress", "elapsed",
           "expected_progress", "next_target_year", "next_target_value", "revised_baseline", "rebased_gap", "as_of"]
TEXT = ["status", "trend", "rate_model", "rebased_status"]


def _num(x) -> float:
    return math.nan if x is None or (np.ndim(x) == 0 and pd.isna(x)) else float(x)


def agree(result: pd.DataFrame, reference: list[dict]) -> list[str]:
    """Every field of every row, engine against oracle; the differences counted per field."""
    problems: dict[str, int] = {}
    for row, ref in zip(result.to_dict("records"), reference, strict=True):
        for f in NUMERIC:
            a, b = _num(row[f]), _num(ref[f])
            if not (math.isnan(a) and math.isnan(b)) and not math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
                problems[f] = problems.get(f, 0) + 1
        for f in TEXT:
            a, b = (None if pd.isna(row[f]) else row[f]), ref[f]
            if a != b:
                problems[f] = problems.get(f, 0) + 1
        if bool(row["vintage_break"]) != bool(ref["vintage_break"]):
            problems["vintage_break"] = problems.get("vintage_break", 0) + 1
        if [(t["year"], t["verdict"], t["basis_year"]) for t in row["targets"]] != \
                [(t["year"], t["verdict"], t["basis_year"]) for t in ref["targets"]]:
            problems["targets"] = problems.get("targets", 0) + 1
        mine = row["missing_years"]
        if (list(mine) if isinstance(mine, list) else None) != ref["missing_years"]:
            problems["missing_years"] = problems.get("missing_years", 0) + 1
    return [f"{k}: {v} differ" for k, v in problems.items()]


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def interleaved(fns: dict, repeats: int) -> dict[str, float]:
    """Median seconds of each function, the runs interleaved so that machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ok = True
    print(f"{'indicators':>10} {'figures':>10} {'compute':>10} {'numpy bound':>12} {'ratio':>6} {'oracle':>10}")
    for size in args.sizes:
        cat, actuals = synthetic(size)
        frame = frame_of(cat)
        result = metrics.compute(frame, actuals)
        medians = interleaved({"compute": lambda f=frame, a=actuals: metrics.compute(f, a),
                               "bound": lambda f=frame, a=actuals: lower_bound(f, a)}, args.repeats)
        sub = min(size, ORACLE_LIMIT)
        sub_cat = {**cat, "indicators": cat["indicators"][:sub]}
        keep = set(i["id"] for i in sub_cat["indicators"])
        figures = actuals[actuals["indicator_id"].isin(keep)].to_dict("records")
        reference = oracle_v2.evaluate(sub_cat, figures, None)
        t_oracle = timed(lambda c=sub_cat, f=figures: oracle_v2.evaluate(c, f, None), 1) * size / sub
        t_compute, t_bound = medians["compute"], medians["bound"]
        print(f"{size:>10,} {len(actuals):>10,} {t_compute * 1000:>7.1f} ms {t_bound * 1000:>9.1f} ms "
              f"{t_compute / t_bound:>5.2f}x {t_oracle * 1000:>7.0f} ms"
              + (f"  (oracle on {sub:,}, scaled)" if sub < size else ""))
        problems = agree(result.iloc[:sub], reference)
        if problems:
            ok = False
            print("   DISAGREE with the oracle: " + "; ".join(problems))
    counts = result["status"].value_counts().to_dict()
    print("status mix of the largest run:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("engine and oracle agree on every field" if ok else "engine and oracle DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
