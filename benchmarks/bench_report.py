"""Time the printable reports against the previous (matplotlib PNG) chart path, in the same run.

    .venv/bin/python benchmarks/bench_report.py [--repeats 3] [--size 500] [--formats pdf html xlsx]

Two data sets: the shipped catalog with data/actuals.csv, and `--size` synthetic indicators (three plans)
with synthetic actuals for 2019-2021 (the last year preliminary). For each format the report is built
(context + export) by today's exporters and by the exporters of commit BASELINE (charts drawn by
matplotlib as PNG), interleaved run by run; prints the medians and the speed-up (target: PDF >= 3x,
HTML and Excel no slower), and checks that both paths print the same text (every word of the old PDF
and the same HTML once the charts and the font subset are set aside). Needs git for the baseline.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_app import synthetic_catalog  # noqa: E402
from dashboard import catalog, spreadsheet  # noqa: E402
from dashboard.reports import build, make_context  # noqa: E402

BASELINE = "b99f283"  # the last commit whose report charts were matplotlib PNGs


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


def baseline_exporters() -> dict | None:
    """The pdf / html exporters of BASELINE, loaded from git beside today's (their charts module renamed)."""
    if not shutil.which("git"):
        return None

    def source(path: str) -> str:
        return subprocess.run(["git", "show", f"{BASELINE}:{path}"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout

    def load(name: str, text: str):
        spec = importlib.util.spec_from_loader(name, loader=None)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        exec(compile(text, f"{BASELINE}:{name}", "exec"), module.__dict__)
        return module

    try:
        load("_baseline_charts", source("dashboard/reports/charts.py"))
        swap = ("from dashboard.reports.charts import", "from _baseline_charts import")
        pdf = load("_baseline_pdf", source("dashboard/reports/pdf.py").replace(*swap))
        html = load("_baseline_html", source("dashboard/reports/html.py").replace(*swap))
    except subprocess.CalledProcessError:
        return None
    return {"pdf": pdf.export, "html": html.export, "xlsx": None}


def words_of_pdf(data: bytes) -> Counter | None:
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        return None
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run([pdftotext, f.name, "-"], capture_output=True, text=True, check=True).stdout
    return Counter(text.split())


def same_text(fmt: str, old: bytes, new: bytes) -> str:
    if fmt == "pdf":
        before, after = words_of_pdf(old), words_of_pdf(new)
        if before is None:
            return "not checked (no pdftotext)"
        missing = before - after
        return "same text" if not missing else f"DIFFERENT: {sum(missing.values())} words missing"
    if fmt == "html":
        def strip(data: bytes) -> str:
            text = data.decode()
            text = re.sub(r"<img [^>]*>|<svg .*?</svg>", "", text, flags=re.S)
            text = re.sub(r"url\(data:font/woff;base64,[^)]*\)", "", text)
            return re.sub(r"\n(figure|svg) [^\n]*|figure img [^\n]*", "", text)
        return "same text" if strip(old) == strip(new) else "DIFFERENT"
    return "same code"


def data_sets(size: int, tmp: Path) -> dict:
    shipped = catalog.load()
    synthetic = synthetic_catalog(size)
    path = tmp / "synthetic.yaml"
    path.write_text(yaml.safe_dump(synthetic, allow_unicode=True, sort_keys=False), encoding="utf-8")
    big = catalog.load(path)
    return {"shipped": (shipped, spreadsheet.read_figures(ROOT / "data" / "actuals.csv")),
            str(size): (big, synthetic_actuals(big.frame()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--size", type=int, default=500)
    parser.add_argument("--formats", nargs="+", default=["pdf", "html", "xlsx"])
    args = parser.parse_args()
    old = baseline_exporters()
    if old is None:
        print(f"baseline {BASELINE} not available (no git or no such commit): timing today's path only")
    with tempfile.TemporaryDirectory() as tmp:
        sets = data_sets(args.size, Path(tmp))
    print(f"median of {args.repeats} interleaved runs, seconds (context + export)")
    print(f"{'data':<9}{'format':<7}{'before':>8}{'now':>8}{'speed-up':>10}  check")
    for name, (cat, actuals) in sets.items():
        for fmt in args.formats:
            before, now, outputs = [], [], {}
            warm = make_context(cat, actuals)
            build(fmt, warm)  # fonts registered once, as in a running app
            if old is not None and old[fmt] is not None:
                old[fmt](warm)
            for _ in range(args.repeats):
                if old is not None and old[fmt] is not None:
                    start = time.perf_counter()
                    outputs["old"] = old[fmt](make_context(cat, actuals, generated=warm.generated))
                    before.append(time.perf_counter() - start)
                start = time.perf_counter()
                outputs["new"] = build(fmt, make_context(cat, actuals, generated=warm.generated))
                now.append(time.perf_counter() - start)
            new_median = statistics.median(now)
            if before:
                old_median = statistics.median(before)
                check = same_text(fmt, outputs["old"], outputs["new"])
                print(f"{name:<9}{fmt:<7}{old_median:8.2f}{new_median:8.2f}{old_median / new_median:9.1f}x  {check}")
            else:
                print(f"{name:<9}{fmt:<7}{'—':>8}{new_median:8.2f}{'—':>10}  (xlsx has no charts: same exporter)")


if __name__ == "__main__":
    main()
