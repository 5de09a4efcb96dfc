"""Time concurrent writers and single-figure writes on SQLite and PostgreSQL, and profile one
single-figure `Store.add` on each.

Run: .venv/bin/python benchmarks/bench_concurrent.py [--no-profile]   (prints figures, asserts nothing;
PostgreSQL is skipped with a note when no server can be started)

- 2 x 500 and 4 x 500: that many spawned processes each storing 500 figures one `add` at a time, every
  fifth on an (indicator, year) all share (the workload of tests/test_concurrent_writers.py); wall time.
- single-figure add: 200 adds of one figure each into a store of 2,000 figures; median and p90 in ms.
- profile: cProfile of 50 single-figure adds, the functions with the most cumulative time per add.

Earlier figures (benchmarks/bench_store.py): PostgreSQL single figures 5.6 ms before the hardening,
12-17 ms after; SQLite 2 x 500 7.4 s before, 12.7 s after.

Measured 2026-12-03 on the shared 2-core machine under heavy load from other engineers (so 2-3x the
figures above; the same SQLite single add measured 14.5 ms median minutes earlier on a quieter moment):

    SQLite      2 x 500: 31.9 s, 4 x 500: 79.9 s, lost 0; single add median 28.9 ms (p90 44.2)
    PostgreSQL  2 x 500: 68.6 s, 4 x 500: 119.6 s, lost 0; single add median 42.3 ms (p90 68.4)
    profile of one add (own time): pandas ~63 % (SQLite 48 of 77 ms, PostgreSQL 53 of 104 ms under
    cProfile), in _latest -> _frame (a 12-column frame for 1 row), validate() and _plan's frame work;
    the database round trips are the rest (PostgreSQL psycopg wait 24 ms: pre-ping, SET/LOCK, query, insert).
"""

from __future__ import annotations

import cProfile
import multiprocessing
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.store import Actor, open_store  # noqa: E402
from tests.test_concurrent_writers import PER_WRITER, slot, write, writers_catalog  # noqa: E402

ADMIN = Actor("bench", "admin")


def concurrent(url: str, writers: int) -> tuple[float, int]:
    open_store(url).close()
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(writers + 1)
    procs = [ctx.Process(target=write, args=(url, w, writers, barrier)) for w in range(writers)]
    for proc in procs:
        proc.start()
    barrier.wait()  # timed from when every writer has started up (imports, catalog) to the last one done
    started = time.perf_counter()
    for proc in procs:
        proc.join()
    elapsed = time.perf_counter() - started
    store = open_store(url)
    lost = writers * PER_WRITER - store.count()
    store.close()
    return elapsed, lost


def single_adds(url: str, n: int = 200) -> tuple[float, float]:
    store, cat = open_store(url), writers_catalog(4)
    store.add([{"indicator_id": slot(w, i)[0], "year": slot(w, i)[1], "value": 90.0}
               for w in range(4) for i in range(PER_WRITER) if i % 5], ADMIN, cat)  # 1,600 own figures
    times = []
    for i in range(n):
        ind, year = slot(i % 4, i)
        started = time.perf_counter()
        store.add([{"indicator_id": ind, "year": year, "value": 91 + i / 1000}], ADMIN, cat)
        times.append((time.perf_counter() - started) * 1000)
    store.close()
    return statistics.median(times), statistics.quantiles(times, n=10)[-1]


def profile(url: str, n: int = 50, top: int = 14) -> None:
    store, cat = open_store(url), writers_catalog(4)
    store.add([{"indicator_id": "shared-0", "year": 2020, "value": 90.0}], ADMIN, cat)  # warm up
    prof = cProfile.Profile()
    prof.enable()
    for i in range(n):
        store.add([{"indicator_id": slot(1, i + 1)[0], "year": slot(1, i + 1)[1], "value": 92 + i / 1000}],
                  ADMIN, cat)
    prof.disable()
    store.close()
    stats = pstats.Stats(prof)
    total = stats.total_tt / n * 1000
    print(f"  profile, {n} single-figure adds: {total:.2f} ms each under cProfile; cumulative ms per add:")
    groups: dict[str, float] = {}
    for (file, _line, name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():
        where = next((g for g in ("pandas", "numpy", "sqlalchemy", "psycopg", "dashboard") if g in file), None)
        if where is None:
            where = "database driver (C)" if "sqlite3" in name or "psycopg" in name else "other"
        groups[where] = groups.get(where, 0.0) + tt / n * 1000
    print("  own time per add by package: " + ", ".join(
        f"{g} {ms:.2f} ms" for g, ms in sorted(groups.items(), key=lambda kv: -kv[1])))
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][3], reverse=True)
    shown = 0
    for (file, line, name), (_cc, _nc, _tt, ct, _callers) in rows:
        if name.startswith("<") or "cProfile" in file:
            continue
        where = file.split("site-packages/")[-1].split("/work/wt/harden/")[-1]
        print(f"    {ct / n * 1000:7.2f}  {name} ({where}:{line})")
        shown += 1
        if shown == top:
            break


def bench(name: str, fresh_url, with_profile: bool) -> None:
    for writers in (2, 4):
        elapsed, lost = concurrent(fresh_url(), writers)
        print(f"{name:10} {writers} x {PER_WRITER} single figures at once: {elapsed:5.1f} s "
              f"({writers * PER_WRITER / elapsed:.0f} figures/s; lost {lost})")
    median, p90 = single_adds(fresh_url())
    print(f"{name:10} single-figure add: median {median:.1f} ms, p90 {p90:.1f} ms (200 adds)")
    if with_profile:
        profile(fresh_url())


def main() -> None:
    with_profile = "--no-profile" not in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        counter = iter(range(100))
        bench("SQLite", lambda: f"sqlite:///{tmp}/bench{next(counter)}.db", with_profile)
    try:
        from tests import pg
        admin = pg.ensure_cluster()
    except BaseException as exc:  # pytest.skip raises a BaseException subclass
        print(f"PostgreSQL: skipped ({exc})")
        return
    made: list[str] = []
    try:
        bench("PostgreSQL", lambda: made.append(pg.create_database(admin, "dash_bench")) or made[-1], with_profile)
    finally:
        for url in made:
            pg.drop_database(admin, url)


if __name__ == "__main__":
    main()
