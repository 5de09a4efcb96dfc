"""Time and memory of reading spreadsheets within the budgets of dashboard/files/limits.py.

For every hostile file of tests/hostile.py, and for files at the size budgets (a 100k-row .xlsx
and CSV of figures, a CSV of the most rows 5 MB can hold), each read runs in a fresh process
(`read_figures` alone: median wall and CPU seconds of 3 runs, peak resident memory; then one
`python -m dashboard import --dry-run` against a catalog of 12,500 indicators: wall seconds, peak
memory). The 100k-row .xlsx is also read by openpyxl (read_only), the
reader used before, in the same run: the ratio is printed.

Run: .venv/bin/python benchmarks/bench_files.py   (prints figures, asserts nothing)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import hostile  # noqa: E402

RUNS = 3
SMALL = ROOT / "tests" / "fixtures" / "catalog" / "indicators.yaml"
CHILD = """
import json, resource, sys, time
kind, path = sys.argv[1], sys.argv[2]
wall, cpu = time.perf_counter(), time.process_time()
if kind == "openpyxl":
    import openpyxl
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    outcome = f"{n} rows"
else:
    from dashboard.spreadsheet import SpreadsheetError, read_figures
    try:
        outcome = f"{len(read_figures(path))} rows"
    except SpreadsheetError as exc:
        outcome = "refused: " + str(exc)[:70]
print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outcome": outcome}))
"""


def child(kind: str, path: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(path)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1"}, check=True)
    return json.loads(done.stdout)


def cli(path: Path, url: str, cat: Path) -> dict:
    """`import --dry-run` in a fresh process: wall seconds and the child's peak memory."""
    script = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
              "r = subprocess.run(sys.argv[1:], capture_output=True); "
              "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, "
              "r.returncode)")
    argv = [sys.executable, "-m", "dashboard", "import", str(path), "--dry-run", "--database", url,
            "--catalog", str(cat)]
    done = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "OPENBLAS_NUM_THREADS": "1",
                               "DASHBOARD_USERS_FILE": str(path.parent / "users.json")}, check=True)
    wall, rss, code = done.stdout.split()
    return {"wall": float(wall), "rss_mb": float(rss), "code": int(code)}


def big_catalog(folder: Path) -> Path:
    """12,500 indicators of a 2018-2022 plan: 100,000 distinct (indicator, year) slots for 2018-2025."""
    lines = ["version: 1", "plans:", "  - {id: big, title: 大规划, base_year: 2018, target_year: 2022}", "indicators:"]
    lines += [f"  - {{id: i-{i:05d}, plan: big, name: 指标{i}, unit: 家, kind: level, direction: increase, "
              "target: {year: 2022, value: 200}}" for i in range(12_500)]
    (folder / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "big.yaml"


def budget_files(folder: Path) -> list[str]:
    slots = [(f"i-{i // 8:05d}", 2018 + i % 8, 100 + i % 8) for i in range(100_000)]
    rows = "".join(f"{i},{y},{v},final,统计公报,\n" for i, y, v in slots)
    (folder / "figures-100k.csv").write_text("indicator_id,year,value,figure_status,source,note\n" + rows,
                                             encoding="utf-8")
    head = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'
                   for c, h in zip("ABCDE", ["indicator_id", "year", "value", "figure_status", "source"], strict=True))
    body = f'<row r="1">{head}</row>' + "".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{i}</t></is></c><c r="B{r}"><v>{y}</v></c>'
        f'<c r="C{r}"><v>{v}</v></c><c r="D{r}" t="inlineStr"><is><t>final</t></is></c>'
        f'<c r="E{r}" t="inlineStr"><is><t>统计公报</t></is></c></row>' for r, (i, y, v) in enumerate(slots, start=2))
    hostile.write_zip(folder / "figures-100k.xlsx", hostile.workbook([("数据", "visible", body)]))
    most = 5 * 1024 * 1024 // len("x,2019,1\n") - 10
    (folder / "most-rows.csv").write_bytes(b"indicator_id,year,value\n" + b"x,2019,1\n" * most)
    return ["figures-100k.csv", "figures-100k.xlsx", "most-rows.csv"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        names = budget_files(folder) + sorted(hostile.make(folder))
        cat = big_catalog(folder)
        url = f"sqlite:///{folder / 'bench.db'}"
        print(f"{'file':34} {'size':>8} {'read wall':>9} {'cpu':>6} {'peak MB':>8} {'import --dry-run':>16}"
              f" {'peak MB':>8}  outcome", flush=True)
        for name in names:
            path = folder / name
            runs = [child("ours", path) for _ in range(RUNS)]
            # one run; the 100k files against 12,500 indicators, the rest against the small test catalog (with
            # 12,500 ids, validation's did-you-mean for 580k unknown ids ran for minutes: not the reader's time)
            imports = [cli(path, url, cat if name.startswith("figures-") else SMALL)]
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            print(f"{name:34} {path.stat().st_size / 2**20:7.2f}M {wall:8.2f}s {cpu:5.2f}s {rss:8.0f} "
                  f"{statistics.median(i['wall'] for i in imports):15.2f}s {max(i['rss_mb'] for i in imports):8.0f}"
                  f"  {runs[0]['outcome']}", flush=True)
        xlsx = folder / "figures-100k.xlsx"
        ours, theirs = [], []
        for _ in range(RUNS):  # interleaved
            ours.append(child("ours", xlsx)["cpu"])
            theirs.append(child("openpyxl", xlsx)["cpu"])
        print(f"\n100k-row .xlsx, CPU medians: read_figures {statistics.median(ours):.2f} s, openpyxl read_only "
              f"{statistics.median(theirs):.2f} s, ratio {statistics.median(theirs) / statistics.median(ours):.1f}x")


if __name__ == "__main__":
    main()
