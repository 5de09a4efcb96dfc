"""Concurrent writers lose nothing: 2 and 4 processes (spawned) each store 500 figures one `Store.add`
at a time, on SQLite and PostgreSQL. Most figures are each writer's own (indicator, year); every fifth
goes to one of ten (indicator, year)s all writers share, so those get revisions from every process.
Afterwards every write is there, the revisions of each (indicator, year) are 1..n without gaps or
duplicates, and the audit trail has one event per write. Slow: about 10-40 s per case on 2 cores.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest

from dashboard import catalog
from dashboard.store import Actor, open_store
from tests.pg import postgres_database, store_url  # noqa: F401

pytestmark = pytest.mark.slow
PER_WRITER, SHARED, YEARS = 500, 10, range(2018, 2026)


def writers_catalog(writers: int):
    own = writers * PER_WRITER // len(YEARS) + 1
    lines = ["version: 1", "plans:", "  - {id: p, title: 规划, base_year: 2018, target_year: 2025}", "indicators:"]
    lines += [f"  - {{id: {ind}, plan: p, name: 指标{ind}, unit: 家, kind: level, direction: increase, "
              "target: {year: 2025, value: 200}}" for ind in [f"own-{i:04d}" for i in range(own)]
              + [f"shared-{k}" for k in range(SHARED)]]
    return catalog.parse("\n".join(lines))


def slot(writer: int, i: int) -> tuple[str, int]:
    """The (indicator, year) of writer's i-th figure: shared every fifth, else the writer's own."""
    if i % 5 == 0:
        return f"shared-{(i // 5) % SHARED}", 2020
    n = writer * PER_WRITER + i
    return f"own-{n // len(YEARS):04d}", YEARS[n % len(YEARS)]


def write(url: str, writer: int, writers: int, barrier) -> None:
    store, cat, user = open_store(url), writers_catalog(writers), Actor(f"writer{writer}", "admin")
    barrier.wait()
    for i in range(PER_WRITER):
        ind, year = slot(writer, i)
        store.add([{"indicator_id": ind, "year": year, "value": 100 + writer + i / 1000}], user, cat)
    store.close()


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writers_lose_nothing(store_url, writers):  # noqa: F811
    open_store(store_url).close()  # the schema exists before the writers start
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(writers)
    procs = [ctx.Process(target=write, args=(store_url, w, writers, barrier)) for w in range(writers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(timeout=600)
    assert [proc.exitcode for proc in procs] == [0] * writers

    store = open_store(store_url)
    history = store.history()
    assert len(history) == store.count() == writers * PER_WRITER
    stored = Counter(zip(history["entered_by"], history["indicator_id"], history["year"], history["value"],
                         strict=True))
    wanted = Counter((f"writer{w}", *slot(w, i), 100 + w + i / 1000) for w in range(writers)
                     for i in range(PER_WRITER))
    assert stored == wanted  # every write, once, by its writer
    for (ind, year), revisions in history.groupby(["indicator_id", "year"])["revision"]:
        assert sorted(revisions) == list(range(1, len(revisions) + 1)), (ind, year)
    shared = history[history["indicator_id"].str.startswith("shared-")]
    assert len(shared) == writers * PER_WRITER // 5 and shared["revision"].max() == writers * PER_WRITER // 50
    log = store.audit_log()
    writes = log[log["action"] == "enter"]
    print(f"\n{store.engine.dialect.name}, {writers} x {PER_WRITER}: {len(history)} figures, "
          f"{len(writes)} audit events, up to revision {shared['revision'].max()} on a shared figure")
    assert len(writes) == writers * PER_WRITER and len(log) == len(writes)
    assert Counter(writes["user"]) == {f"writer{w}": PER_WRITER for w in range(writers)}
    store.close()
