"""Time `import` of a 100,000-row CSV in one run against one raw `executemany` of the same rows
(SQLite, medians of interleaved runs), a refused 100,000-row file (must change nothing), and
`Store.current()` at 1,000,000 stored rows against the same SQL through raw sqlite3.

Run: .venv/bin/python benchmarks/bench_import.py [rows]   (prints figures, asserts nothing)

Before this work (from the issue): import 10.4k rows/s, 20x one executemany; a 10,000-row cap;
current() at 1M rows 6.1 s, 2.7x raw sqlite3.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import catalog, cli, spreadsheet  # noqa: E402
from dashboard.commands import store_cmd  # noqa: E402
from dashboard.store import Actor, open_store  # noqa: E402
from dashboard.store import database as store_mod  # noqa: E402
from dashboard.store.rows import latest_sql  # noqa: E402

YEARS = range(1900, 2200)  # a long plan, so that 100,000 rows need only 334 indicators (a realistic catalog)
ROUNDS = 3


def big_catalog(n: int) -> Path:
    lines = ["version: 1", "plans:", "  - {id: big, title: 大规划, base_year: 1900, target_year: 2196}", "indicators:"]
    lines += [f"  - {{id: i-{i:05d}, plan: big, name: 指标{i}, unit: 家, kind: level, direction: increase, "
              "target: {year: 2196, value: 200}}" for i in range(n)]
    path = Path(tempfile.mkdtemp()) / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def slots(rows: int) -> list[tuple[str, int, float]]:
    return [(f"i-{i // len(YEARS):05d}", YEARS[i % len(YEARS)], 100.0 + i % len(YEARS)) for i in range(rows)]


def write_csv(path: Path, data, bad_row: int | None = None) -> Path:
    lines = ["indicator_id,year,value,figure_status,source,note"]
    for k, (ind, year, value) in enumerate(data):
        shown = "12,3" if k == bad_row else f"{value:g}"
        lines.append(f"{ind},{year},{shown},final,统计公报,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def raw_executemany(path: Path, data) -> float:
    """The same rows through sqlite3 directly: one transaction, one executemany."""
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    tuples = [(i, y, 1, "enter", v, "final", "统计公报", None, None, 0, "bench", now) for i, y, v in data]
    conn = sqlite3.connect(path, isolation_level=None)
    started = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO figures (indicator_id, year, revision, action, value, figure_status, source, "
                     "note, reason, confirmed_jump, entered_by, entered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", tuples)
    conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def timed_import(file: Path, cat_path: Path, url: str) -> float:
    started = time.perf_counter()
    code = cli.main(["import", str(file), "--catalog", str(cat_path), "--database", url, "--by", "bench",
                     "--lang", "en"])
    elapsed = time.perf_counter() - started
    assert code == 0
    return elapsed


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    spreadsheet.MAX_ROWS = max(spreadsheet.MAX_ROWS, rows)  # the reader's own budget is not what is timed here
    cat_path = big_catalog(rows // len(YEARS) + 1)
    data = slots(rows)
    tmp = Path(tempfile.mkdtemp())
    file = write_csv(tmp / "figures.csv", data)
    store_cmd.resolve_actor("bench")  # warm imports
    cat = catalog.load(cat_path)
    imports, raws, reads, adds = [], [], [], []
    for k in range(ROUNDS):  # interleaved, each into a fresh database
        raw_db = tmp / f"raw{k}.db"
        open_store(f"sqlite:///{raw_db}").close()
        raws.append(raw_executemany(raw_db, data))
        imports.append(timed_import(file, cat_path, f"sqlite:///{tmp / f'imp{k}.db'}"))
        started = time.perf_counter()
        frame = spreadsheet.read_figures(file)
        reads.append(time.perf_counter() - started)
        store = open_store(f"sqlite:///{tmp / f'add{k}.db'}")
        started = time.perf_counter()
        store.add(frame, Actor("bench", "admin"), cat)
        adds.append(time.perf_counter() - started)
        store.close()
    imp, raw, read, add = (statistics.median(x) for x in (imports, raws, reads, adds))
    print(f"raw executemany of {rows:,} rows: {raw:.2f} s")
    print(f"Store.add of the {rows:,} rows read (validate once in the write lock + insert): {add:.2f} s "
          f"({rows / add:,.0f} rows/s), ratio {add / raw:.1f}x (target <= 3x; before: 10.4k rows/s, 20x)")
    print(f"the whole import command: {imp:.2f} s, ratio {imp / raw:.1f}x; of it reading the CSV "
          f"(spreadsheet.read_figures) {read:.2f} s and starting the CLI (imports, catalog) the rest")

    url = f"sqlite:///{tmp / 'imp0.db'}"
    before = open_store(url).count()
    bad = write_csv(tmp / "bad.csv", [(i, y, v + 1) for i, y, v in data], bad_row=rows - 1)
    started = time.perf_counter()
    code = cli.main(["import", str(bad), "--catalog", str(cat_path), "--database", url, "--lang", "en"])
    refused = time.perf_counter() - started
    print(f"a refused {rows:,}-row file (one bad row): exit {code}, {refused:.2f} s, rows stored before "
          f"{before:,}, after {open_store(url).count():,}")
    current_at_a_million(tmp, cat_path)


def current_at_a_million(tmp: Path, cat_path: Path, total: int = 1_000_000) -> None:
    """current() over `total` rows (every slot revised several times) against the same SQL in sqlite3."""
    path = tmp / "million.db"
    store = open_store(f"sqlite:///{path}")
    store.close()
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    per_slot = 5
    data = slots(total // per_slot)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO figures (indicator_id, year, revision, action, value, figure_status, source, "
                     "note, reason, confirmed_jump, entered_by, entered_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                     ((i, y, r, "enter", v + r, "final", "统计公报", None, None, 0, "bench", now)
                      for i, y, v in data for r in range(1, per_slot + 1)))
    conn.execute("COMMIT")
    store = open_store(f"sqlite:///{path}")
    query = latest_sql(store_mod.STORED_CURRENT, None, "?", enter_only=True)  # the SQL current() runs
    ours, raws = [], []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        rows = conn.execute(query).fetchall()
        raws.append(time.perf_counter() - started)
        started = time.perf_counter()
        frame = store.current()
        ours.append(time.perf_counter() - started)
    assert len(frame) == len(rows)
    ours_m, raw_m = statistics.median(ours), statistics.median(raws)
    print(f"current() over {store.count():,} rows -> {len(frame):,} figures: {ours_m:.2f} s; the same SQL through "
          f"sqlite3 {raw_m:.2f} s; ratio {ours_m / raw_m:.2f}x (target <= 1.5x; before: 6.1 s, 2.7x)")
    conn.close()
    store.close()


if __name__ == "__main__":
    main()
