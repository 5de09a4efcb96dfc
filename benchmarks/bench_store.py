"""Time the actuals store: writes (batches of 1,000 and single figures), reads over 10,000+ figures,
validation alone, and two processes writing 500 figures each; SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/bench_store.py   (prints figures, asserts nothing; PostgreSQL is
skipped with a note when no server can be started)

Measured on the shared 2-core machine (noisy: other processes ran), the code before the bounded-value,
one-pass and language work (b99f283) -> after it:

    validate() alone                       35,358 -> 259,099 rows/s
    SQLite batches of 1,000 new            10,270 -> 43,182 figures/s
    SQLite batch of 1,000 revisions         7,817 -> 38,424 figures/s
    SQLite single figures                    12.0 -> 8.4 ms each
    SQLite current() over 11,200 rows          91 -> 51 ms
    SQLite two processes x 500                7.4 -> 12.7 s (lost nothing either way)
    PostgreSQL batches of 1,000 new        12,883 -> 17,410 figures/s
    PostgreSQL single figures                 5.6 -> 17.0 ms each  (slower: see the report)
    PostgreSQL current() over 11,200 rows     138 -> 92 ms
    PostgreSQL two processes x 500              - -> 16.1 s (lost nothing)

After the write path planned on the driver's rows (2026-12-06; interleaved against b99f283 by
bench_writes_vs_base.py: single figures 1.02x SQLite, 1.06-1.16x PostgreSQL; batches 0.4-0.64x):

    validate() alone                       397,200 rows/s
    SQLite batches of 1,000 new             70,893 figures/s
    SQLite single figures                      3.7 ms each
    SQLite current() over 11,200 rows           44 ms
    SQLite two processes x 500                 3.9 s
    PostgreSQL batches of 1,000 new         39,015 figures/s
    PostgreSQL single figures                  4.1 ms each
    PostgreSQL two processes x 500             4.9 s
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import catalog  # noqa: E402
from dashboard.figures import validate  # noqa: E402
from dashboard.store import Actor, open_store  # noqa: E402

INDICATORS, YEARS = 1250, range(2018, 2026)  # 10,000 (indicator, year) slots
ADMIN = Actor("bench", "admin")


def big_catalog():
    lines = ["version: 1", "plans:", "  - {id: big, title: 大规划, base_year: 2018, target_year: 2022}", "indicators:"]
    lines += [f"  - {{id: i-{i:04d}, plan: big, name: 指标{i}, unit: 家, kind: level, direction: increase, "
              "target: {year: 2022, value: 200}}" for i in range(INDICATORS)]
    return catalog.parse("\n".join(lines))


def figures(start: int, count: int, bump: float = 0.0) -> pd.DataFrame:
    slots = [(f"i-{i // len(YEARS):04d}", YEARS[i % len(YEARS)]) for i in range(start, start + count)]
    return pd.DataFrame({"indicator_id": [s[0] for s in slots], "year": [s[1] for s in slots],
                         "value": [100 + s[1] - 2018 + bump for s in slots]})


def timed(fn, repeat: int = 1) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - started) / repeat


def _writer(url: str, who: int, n: int, barrier) -> None:
    store, cat = open_store(url), big_catalog()
    barrier.wait()
    for i in range(n):
        store.add(figures(i, 1, bump=who + i / 1000), Actor(f"w{who}", "admin"), cat)
    store.close()


def two_writers(url: str, n: int = 500) -> float:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_writer, args=(url, who, n, barrier)) for who in (1, 2)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    return time.perf_counter() - started


def bench(name: str, url: str, fresh_url) -> None:
    cat = big_catalog()
    store = open_store(url)
    batch = [timed(lambda k=k: store.add(figures(k * 1000, 1000), ADMIN, cat)) for k in range(10)]
    print(f"{name:10} write, batches of 1,000 new figures: {1000 / (sum(batch) / len(batch)):8,.0f} figures/s "
          f"({sum(batch) / len(batch) * 1000:.0f} ms per batch; 10 batches)")
    revise = timed(lambda: store.add(figures(0, 1000, bump=0.5), ADMIN, cat))
    print(f"{name:10} write, a batch of 1,000 revisions:    {1000 / revise:8,.0f} figures/s")
    n = 200
    single = timed(lambda: [store.add(figures(i, 1, bump=1 + i / 1000), ADMIN, cat) for i in range(n)])
    print(f"{name:10} write, single figures (1 per txn):   {n / single:8,.0f} figures/s "
          f"({single / n * 1000:.1f} ms each)")
    total = store.count()
    read = timed(store.current, repeat=5)
    print(f"{name:10} read, current() over {total:,} rows -> {len(store.current()):,} current: {read * 1000:6.0f} ms "
          f"({total / read:,.0f} rows/s)")
    one = timed(lambda: store.current(["i-0001"]), repeat=20)
    hist = timed(lambda: store.history("i-0001"), repeat=20)
    audit = timed(store.audit_log, repeat=2)
    print(f"{name:10} read, current(one indicator): {one * 1000:.1f} ms; history(one indicator): {hist * 1000:.1f} ms; "
          f"audit_log() of {total:,} rows: {audit * 1000:.0f} ms")
    store.close()
    print(f"{name:10} two processes x 500 single figures at once: {two_writers(fresh_url()):.1f} s")


def main() -> None:
    cat = big_catalog()
    rows = figures(0, 10_000)
    rows["value"] = rows["value"].map(lambda v: f"{v:,.1f}")
    elapsed = timed(lambda: validate(rows, cat), repeat=3)
    print(f"validate() alone: {10_000 / elapsed:,.0f} rows/s (10,000 rows in {elapsed * 1000:.0f} ms)")
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(100))
        bench("SQLite", f"sqlite:///{tmp}/bench.db", lambda: f"sqlite:///{tmp}/bench{next(counter)}.db")
    try:
        from tests import pg
        admin = pg.ensure_cluster()
    except BaseException as exc:  # pytest.skip raises a BaseException subclass
        print(f"PostgreSQL: skipped ({exc})")
        return
    made = [pg.create_database(admin, "dash_bench")]
    try:
        bench("PostgreSQL", made[0], lambda: made.append(pg.create_database(admin, "dash_bench")) or made[-1])
    finally:
        for url in made:
            pg.drop_database(admin, url)


if __name__ == "__main__":
    main()
