"""Time the printable reports on one plan of the shipped catalog (modern-services-2019-2022: 70
indicators, 67 charts) with synthetic actuals for 2019-2021 (the last year preliminary).

    .venv/bin/python benchmarks/bench_report.py [--plan ID] [--repeats 3] [--formats pdf html xlsx]

Prints the median seconds per format (context + export, the fonts already registered by a warm-up
run) and the seconds spent in the charts alone; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import catalog  # noqa: E402
from dashboard.reports import build, make_context  # noqa: E402
from dashboard.reports.charts import render_charts  # noqa: E402


def synthetic_actuals(frame: pd.DataFrame, years=(2019, 2020, 2021), seed: int = 0) -> pd.DataFrame:
    """Figures on or off each indicator's path (pace between -0.3 and 1.3 of planned), milestones 0/1."""
    rng = np.random.default_rng(seed)
    rows = []
    for r in frame.to_dict("records"):
        if r["kind"] == "milestone":
            rows.append((r["id"], min(int(r["target_year"]), years[-1]), float(rng.integers(0, 2)), "final"))
            continue
        has_base = pd.notna(r["baseline_value"])
        base = r["baseline_value"] if has_base else r["target_value"] * 0.7
        start = int(r["baseline_year"]) if has_base else years[0] - 1
        span = max(int(r["target_year"]) - start, 1)
        pace = rng.uniform(-0.3, 1.3)
        for year in years:
            if year > start:
                value = base + (r["target_value"] - base) * pace * (year - start) / span
                rows.append((r["id"], year, round(float(value), 2), "preliminary" if year == years[-1] else "final"))
    return pd.DataFrame(rows, columns=["indicator_id", "year", "value", "figure_status"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plan", default="modern-services-2019-2022")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=["pdf", "html", "xlsx"])
    args = parser.parse_args()
    cat = catalog.load()
    frame = cat.frame()
    actuals = synthetic_actuals(frame[frame["plan"] == args.plan])
    warm = make_context(cat, actuals, plan=args.plan)
    render_charts(warm)  # registers the font with matplotlib once, as a running app would have
    print(f"plan {args.plan}: {len(warm.results)} indicators, {len(warm.chart_ids())} charts, "
          f"{len(actuals)} figures; median of {args.repeats} runs")
    times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        render_charts(warm)
        times.append(time.perf_counter() - start)
    print(f"  charts alone  {statistics.median(times):6.2f} s")
    for fmt in args.formats:
        times, size = [], 0
        for _ in range(args.repeats):
            start = time.perf_counter()
            size = len(build(fmt, make_context(cat, actuals, plan=args.plan)))
            times.append(time.perf_counter() - start)
        print(f"  {fmt:<5} report  {statistics.median(times):6.2f} s  ({size / 1024:,.0f} KiB)")


if __name__ == "__main__":
    main()
