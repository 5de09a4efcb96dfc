"""Time `metrics.compute` on 1,000 / 10,000 / 100,000 synthetic indicators with 10 years of actuals
each, against a plain per-indicator Python loop computing the same fields; check that both agree.

    .venv/bin/python benchmarks/bench_metrics.py [--sizes 1000 10000 100000] [--repeats 5]

Prints figures; asserts nothing except that the two implementations agree.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import catalog, metrics  # noqa: E402

NUMERIC = ["implied_rate", "latest_year", "latest_value", "expected_value", "gap", "progress", "elapsed",
           "expected_progress", "observed_rate", "pace_ratio", "required_rate", "projected_value"]
LOOP_LIMIT = 100_000  # above this many indicators the loop runs on the first LOOP_LIMIT and is extrapolated


def synthetic(n: int, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A catalog frame of `n` indicators (levels, shares, milestones; both directions; some without
    baseline, some with baseline <= 0, target = baseline, trend: linear, threshold overrides) and 10
    years of actuals each (2015-2024; 3 % have none after 2018), 1 % of figures revised by a later row."""
    rng = np.random.default_rng(seed)
    kind = rng.choice(np.array(["level", "share", "milestone"]), n, p=[0.6, 0.3, 0.1])
    direction = rng.choice(np.array(["increase", "decrease"]), n, p=[0.75, 0.25])
    base = np.where(kind == "share", rng.uniform(1, 90, n), rng.uniform(1, 20000, n))
    base = np.where(rng.random(n) < 0.02, -rng.uniform(0, 50, n), base)
    change = rng.uniform(0.05, 0.8, n)
    target = np.where(direction == "increase", base + np.abs(base) * change, base - np.abs(base) * change * 0.7)
    target = np.where(rng.random(n) < 0.01, base, target)
    target_year = 2018 + rng.integers(2, 13, n)
    no_base = (kind == "milestone") | (rng.random(n) < 0.05)
    override = rng.random(n) < 0.1
    frame = pd.DataFrame({c: [None] * n for c in catalog.COLUMNS})
    frame["id"] = [f"ind-{i:06d}" for i in range(n)]
    frame["plan"], frame["name"], frame["unit"] = "bench", "指标", np.where(kind == "share", "%", "亿元")
    frame["kind"], frame["direction"] = kind, direction
    frame["baseline_year"] = pd.array(np.where(no_base, np.nan, 2018), dtype="Int64")
    frame["baseline_value"] = np.where(no_base, np.nan, base)
    frame["target_year"] = pd.array(target_year, dtype="Int64")
    frame["target_value"] = np.where(kind == "milestone", np.nan, target)
    frame["trend"] = np.where(rng.random(n) < 0.1, "linear", None)
    frame["on_track"] = np.where(override, 0.99, np.nan)
    frame["moderate"] = np.where(override, 0.8, np.nan)
    frame["limited"] = np.where(override, 0.1, np.nan)

    years = np.arange(2015, 2025)
    row = np.repeat(np.arange(n), len(years))
    year = np.tile(years, n)
    pace = rng.normal(0.9, 0.5, n)[row]
    step = (target - base)[row] / (target_year - 2018)[row]
    value = base[row] + pace * step * (year - 2018) + rng.normal(0, 0.02, len(row)) * np.abs(base[row])
    value = np.where(kind[row] == "milestone", (rng.random(len(row)) < 0.3).astype(float), value)
    actuals = pd.DataFrame({"indicator_id": frame["id"].to_numpy()[row], "year": year, "value": value,
                            "figure_status": "final"})
    actuals = actuals[~((rng.random(n) < 0.03)[row] & (year > 2018))]  # 3 % not reported yet
    revised = actuals.sample(frac=0.01, random_state=seed).assign(value=lambda d: d["value"] * 1.01,
                                                                  figure_status="revised")
    return frame, pd.concat([actuals, revised], ignore_index=True)


def _status(on: dict, pace: float) -> str:
    if pace >= on["on_track"]:
        return "on_track"
    if pace >= on["moderate"]:
        return "moderate"
    return "limited" if pace >= on["limited"] else "deteriorating"


def loop(frame: pd.DataFrame, actuals: pd.DataFrame, as_of: int) -> pd.DataFrame:
    """The same fields, one indicator at a time, in plain Python (the reference)."""
    figures: dict[str, dict[int, float]] = {}
    for ind_id, year, value in zip(actuals["indicator_id"], actuals["year"], actuals["value"], strict=True):
        figures.setdefault(ind_id, {})[int(year)] = float(value)  # a later row replaces an earlier one
    out = []
    nan = math.nan
    for r in frame.to_dict("records"):
        f = {k: nan for k in NUMERIC}
        f["trend"] = None
        mile = r["kind"] == "milestone"
        has_base = not mile and not pd.isna(r["baseline_value"]) and not pd.isna(r["baseline_year"])
        by, ty = (int(r["baseline_year"]) if has_base else None), int(r["target_year"])
        mine = figures.get(r["id"], {})
        years = [y for y in mine if y <= as_of and (by is None or y > by)]
        a = max(years) if years else None
        if a is not None:
            f["latest_year"], f["latest_value"] = a, mine[a]
        th = {k: (v if not pd.isna(r[k]) else metrics.THRESHOLDS[k]) for k, v in
              (("on_track", r["on_track"]), ("moderate", r["moderate"]), ("limited", r["limited"]))}
        if mile:
            status = ("no_data" if a is None and as_of is None else "achieved" if a is not None and mine[a] == 1
                      else "missed" if as_of > ty else "pending")
            out.append({**f, "status": status})
            continue
        tv, A = r["target_value"], f["latest_value"]
        met = a is not None and (A >= tv if r["direction"] == "increase" else A <= tv)
        if not has_base:
            status = "no_data" if a is None else "achieved" if met else "missed" if a >= ty else "pending"
            out.append({**f, "status": status})
            continue
        b, n = r["baseline_value"], ty - by
        compound = r["kind"] == "level" and r["trend"] != "linear" and b > 0 and tv > 0
        f["trend"] = "compound" if compound else "linear"
        f["implied_rate"] = implied = (tv / b) ** (1 / n) - 1 if compound else (tv - b) / n
        if a is None:
            out.append({**f, "status": "no_data"})
            continue
        k = a - by
        f["expected_value"] = b * (1 + implied) ** k if compound else b + implied * k
        f["gap"] = A - f["expected_value"]
        if tv != b:
            f["progress"] = (A - b) / (tv - b)
            f["expected_progress"] = (f["expected_value"] - b) / (tv - b)
        f["elapsed"] = k / n
        cr = compound and A > 0
        f["observed_rate"] = obs = (A / b) ** (1 / k) - 1 if cr else (A - b) / k
        pace_implied = implied if cr else (tv - b) / n
        f["pace_ratio"] = pace = obs / pace_implied if pace_implied != 0 else nan
        if a < ty:
            f["required_rate"] = (tv / A) ** (1 / (ty - a)) - 1 if cr else (tv - A) / (ty - a)
            f["projected_value"] = A * (1 + obs) ** (ty - a) if cr else A + obs * (ty - a)
        status = "achieved" if met else "missed" if a >= ty else "deteriorating" if math.isnan(pace) else _status(
            th, pace)
        out.append({**f, "status": status})
    return pd.DataFrame(out)


def agree(vectorised: pd.DataFrame, reference: pd.DataFrame) -> list[str]:
    problems = []
    for col in NUMERIC:
        a = vectorised[col].to_numpy(dtype=float, na_value=np.nan)
        b = reference[col].to_numpy(dtype=float)
        if not np.allclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True):
            problems.append(f"{col}: {int((~np.isclose(a, b, rtol=1e-9, atol=1e-9, equal_nan=True)).sum())} differ")
    if not (vectorised["status"].to_numpy() == reference["status"].to_numpy()).all():
        problems.append("status differs")
    trend_v, trend_r = ([None if pd.isna(x) else x for x in frame["trend"]] for frame in (vectorised, reference))
    if trend_v != trend_r:
        problems.append("trend differs")
    return problems


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    ok = True
    print(f"{'indicators':>10} {'actual rows':>12} {'compute (median)':>17} {'python loop':>12} {'speed-up':>9}")
    for size in args.sizes:
        frame, actuals = synthetic(size)
        as_of = metrics.default_as_of(actuals)
        result = metrics.compute(frame, actuals)
        t_vec = timed(lambda f=frame, a=actuals: metrics.compute(f, a), args.repeats)
        sub = min(size, LOOP_LIMIT)
        sub_frame = frame.iloc[:sub]
        sub_actuals = actuals[actuals["indicator_id"].isin(set(sub_frame["id"]))]
        reference = loop(sub_frame, sub_actuals, as_of)
        t_loop = timed(lambda f=sub_frame, a=sub_actuals, y=as_of: loop(f, a, y), 1 if sub >= 10_000 else 3)
        t_loop *= size / sub
        note = f"  (loop timed on {sub:,} indicators and scaled x{size // sub})" if sub < size else ""
        print(f"{size:>10,} {len(actuals):>12,} {t_vec * 1000:>14.1f} ms {t_loop * 1000:>9.0f} ms "
              f"{t_loop / t_vec:>8.0f}x{note}")
        problems = agree(result.iloc[:sub].reset_index(drop=True), reference)
        if problems:
            ok = False
            print("   DISAGREE: " + "; ".join(problems))
    counts = result["status"].value_counts().to_dict()
    print("status mix of the largest run:", ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("vectorised and loop agree on every field" if ok else "vectorised and loop DISAGREE")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
