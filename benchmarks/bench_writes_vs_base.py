"""Writes at this tree against the code before the hardening checks (b99f283), interleaved in the same run, on
SQLite and PostgreSQL: batches of 1,000 new figures, a batch of 1,000 revisions, and single-figure adds (one
`Store.add` of one figure per transaction, as the entry page saves one cell). The issue's bound: no slowdown
beyond 10 %.

    .venv/bin/python benchmarks/bench_writes_vs_base.py [--rounds 5] [--writes 100] [--base b99f283]

Each round runs one child process per tree (this one and a `git worktree` of the base commit in a temp
folder), alternating which goes first; each child opens a fresh store, times 5 batches of 1,000 new figures
(median), one batch of 1,000 revisions, then `--writes` single-figure adds (every one a revision of a stored
figure; median). Prints the median over the rounds per tree, database and kind of write, and the ratio;
asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import pandas as pd
from dashboard import catalog
from dashboard.store import Actor, open_store
n_ind, years = 1250, range(2018, 2026)
lines = ["version: 1", "plans:", "  - {id: big, title: 大规划, base_year: 2018, target_year: 2022}", "indicators:"]
lines += [f"  - {{id: i-{i:04d}, plan: big, name: 指标{i}, unit: 家, kind: level, direction: increase, "
          "target: {year: 2022, value: 200}}" for i in range(n_ind)]
cat = catalog.parse("\n".join(lines))
def figures(start, count, bump=0.0):
    slots = [(f"i-{i // len(years):04d}", years[i % len(years)]) for i in range(start, start + count)]
    return pd.DataFrame({"indicator_id": [s[0] for s in slots], "year": [s[1] for s in slots],
                         "value": [100 + s[1] - 2018 + bump for s in slots]})
admin = Actor("bench", "admin")
store = open_store(sys.argv[2])
batches = []
for k in range(5):
    frame = figures(k * 1000, 1000)
    started = time.perf_counter()
    store.add(frame, admin, cat)
    batches.append(time.perf_counter() - started)
frame = figures(0, 1000, bump=0.5)
started = time.perf_counter()
store.add(frame, admin, cat)
revise = time.perf_counter() - started
times = []
for i in range(int(sys.argv[3])):
    frame = figures(i * 37 % 5000, 1, bump=1 + i / 1000)
    started = time.perf_counter()
    store.add(frame, admin, cat)
    times.append(time.perf_counter() - started)
store.close()
print(json.dumps({"batch of 1,000 new": statistics.median(batches), "batch of 1,000 revisions": revise,
                  "single figure": statistics.median(times)}))
"""


def child(tree: Path, url: str, writes: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(tree), url, str(writes)], cwd=tree, check=True,
                         capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tree)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--writes", type=int, default=100)
    parser.add_argument("--base", default="b99f283")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.base], cwd=ROOT, check=True)
        try:
            databases = {"SQLite": lambda k, tree: f"sqlite:///{tmp}/{tree}-{k}.db"}
            made = []
            try:
                sys.path.insert(0, str(ROOT))
                from tests import pg
                admin = pg.ensure_cluster()
                databases["PostgreSQL"] = lambda k, tree: made.append(pg.create_database(admin, "dash_single")) \
                    or made[-1]
            except BaseException as exc:  # pytest.skip raises a BaseException subclass
                print(f"PostgreSQL: skipped ({exc})")
            try:
                for name, url_for in databases.items():
                    runs: dict[str, list[dict]] = {"now": [], "base": []}
                    for k in range(args.rounds):
                        order = [("now", ROOT), ("base", base)]
                        for label, tree in order if k % 2 == 0 else order[::-1]:
                            runs[label].append(child(tree, url_for(k, label), args.writes))
                    for kind in runs["now"][0]:
                        now = statistics.median(r[kind] for r in runs["now"])
                        before = statistics.median(r[kind] for r in runs["base"])
                        print(f"{name:10} {kind:25} {args.base} {before * 1000:8.2f} ms   now {now * 1000:8.2f} ms   "
                              f"ratio {now / before:.2f}")
            finally:
                for url in made:
                    pg.drop_database(admin, url)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
