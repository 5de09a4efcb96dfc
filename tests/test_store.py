"""The actuals store against a real SQLite file and a real PostgreSQL server (each test runs on both)."""

from __future__ import annotations

import multiprocessing
import re
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import catalog
from dashboard.figures import Figure, FigureError, InvalidFigures
from dashboard.store import Actor, MissingDatabase, PermissionDenied, StaleFigures, migrations, open_store
from dashboard.store import database as store
from tests.pg import postgres_database, store_url  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
ROOT = Path(__file__).parent.parent
ADMIN = Actor("admin-1", "admin")
COMMERCE = Actor("李四", "manager", ("市商务委",))
STATS = Actor("王五", "manager", ("市统计局",))
VIEWER = Actor("赵六", "viewer")
SLOTS = [("services-value-added", y, 11000.0) for y in range(2019, 2026)] + \
        [("services-share", y, 53.0) for y in range(2019, 2026)]


@pytest.fixture(scope="module")
def cat():
    return catalog.load(FIXTURE)


@pytest.fixture
def db(store_url):  # noqa: F811
    s = open_store(store_url)
    yield s
    s.close()


def spawn():
    return multiprocessing.get_context("spawn")


# ------------------------------------------------------------------ schema


def test_migrations_are_recorded_once_and_rerunning_does_nothing(store_url):  # noqa: F811
    first = open_store(store_url)
    names = [name for name, _ in migrations.MIGRATIONS]
    assert first.migrations_applied == names
    second = open_store(store_url)
    assert second.migrations_applied == []
    assert migrations.applied(second.engine) == names
    first.close()
    second.close()


def _open_at_barrier(url, barrier, results):
    barrier.wait()
    s = open_store(url)
    results.put(s.migrations_applied)
    s.close()


def test_processes_starting_at_once_apply_each_migration_once(store_url):  # noqa: F811
    ctx = spawn()
    barrier, results = ctx.Barrier(3), ctx.Queue()
    procs = [ctx.Process(target=_open_at_barrier, args=(store_url, barrier, results)) for _ in range(3)]
    for p in procs:
        p.start()
    applied = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert sorted(len(a) for a in applied) == [0, 0, len(migrations.MIGRATIONS)]
    s = open_store(store_url)
    assert migrations.applied(s.engine) == [name for name, _ in migrations.MIGRATIONS]
    s.close()


def test_sqlite_uses_wal_and_creates_its_directory(tmp_path, monkeypatch):
    monkeypatch.setenv(store.ENV_URL, f"sqlite:///{tmp_path / 'a' / 'b' / 'x.db'}")
    s = open_store()
    assert (tmp_path / "a" / "b" / "x.db").exists()
    with s.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
    s.close()


def test_read_only_use_refuses_a_missing_sqlite_file_and_creates_nothing(tmp_path):
    missing = tmp_path / "typo" / "x.db"
    with pytest.raises(MissingDatabase, match=r"no database at .*typo/x\.db: run `python -m dashboard init-db`"):
        open_store(f"sqlite:///{missing}", create=False)
    assert not missing.parent.exists()
    open_store(f"sqlite:///{missing}").close()  # the default creates it
    again = open_store(f"sqlite:///{missing}", create=False)  # and then read-only use opens it
    assert again.count() == 0
    again.close()


def test_an_empty_store_answers_with_typed_empty_frames(db):
    current = db.current()
    assert list(current.columns) == store.CURRENT_COLUMNS and current.empty
    assert current["year"].dtype == "int64" and current["value"].dtype == "float64"
    assert db.history("services-share").empty and db.audit_log().empty and db.count() == 0


# ------------------------------------------------------------------ revisions


def test_corrections_add_revisions_and_history_keeps_them(db, cat):
    r1 = db.add([Figure("services-value-added", 2019, "11,500", source="2019年统计公报")], ADMIN, cat)
    r2 = db.add([Figure("services-value-added", 2019, "11632.1", "final", "2019年统计年鉴")], STATS, cat)
    r3 = db.add([Figure("services-value-added", 2019, "11632.1", "final", "2019年统计年鉴")], ADMIN, cat)
    assert (r1.added, r1.new, r2.added, r2.revised, r3.added, r3.unchanged) == (1, 1, 1, 1, 0, 1)
    current = db.current()
    assert current[["indicator_id", "year", "value", "figure_status", "revision", "entered_by"]].values.tolist() == [
        ["services-value-added", 2019, 11632.1, "final", 2, "王五"]]
    hist = db.history("services-value-added", 2019)
    assert hist["revision"].tolist() == [1, 2] and hist["value"].tolist() == [11500.0, 11632.1]
    assert hist["entered_by"].tolist() == ["admin-1", "王五"] and hist["action"].tolist() == ["enter", "enter"]
    assert str(hist["entered_at"].dt.tz) == "UTC" and hist["entered_at"].is_monotonic_increasing
    assert db.count() == 2


def test_a_new_note_or_status_is_a_revision_too(db, cat):
    db.add([Figure("services-share", 2020, "53")], ADMIN, cat)
    result = db.add([Figure("services-share", 2020, "53", note="口径调整")], ADMIN, cat)
    assert result.revised == 1 and db.current()["note"].tolist() == ["口径调整"]


def test_current_filters_sorts_and_keeps_the_newest(db, cat):
    db.add([Figure("services-value-added", 2020, "12100"), Figure("base-stations", 2020, "4.9"),
            Figure("services-value-added", 2019, "11500")], ADMIN, cat)
    current = db.current()
    assert list(zip(current["indicator_id"], current["year"], strict=True)) == [
        ("base-stations", 2020), ("services-value-added", 2019), ("services-value-added", 2020)]
    assert db.current(["base-stations"])["value"].tolist() == [4.9]
    assert db.current([]).empty


# ------------------------------------------------------------------ retraction


def test_retraction_hides_the_figure_and_keeps_everything(db, cat):
    db.add([Figure("services-share", 2019, "53.2")], ADMIN, cat)
    revision = db.retract("services-share", 2019, "entered for the wrong year", ADMIN, cat)
    assert revision == 2 and db.current().empty and db.count() == 2
    hist = db.history("services-share", 2019)
    assert hist["action"].tolist() == ["enter", "retract"]
    assert hist["reason"].tolist()[1] == "entered for the wrong year" and pd.isna(hist["value"].tolist()[1])
    again = db.add([Figure("services-share", 2019, "53.2")], ADMIN, cat)
    assert again.new == 1 and db.current()["revision"].tolist() == [3]


def test_retraction_needs_a_reason_and_a_current_figure(db, cat):
    with pytest.raises(FigureError) as err:
        db.retract("services-share", 2019, "  ", ADMIN, cat)
    assert str(err.value) == ('a retraction needs a reason — expected text saying why the figure is withdrawn '
                              '(e.g. "entered for the wrong year"), found nothing')
    with pytest.raises(FigureError) as err:
        db.retract("services-share", 2019, "duplicate", ADMIN, cat)
    assert str(err.value) == ("nothing to retract — expected a current figure for Services share of GDP 2019, found "
                              "none (never entered, or already retracted)")
    assert err.value.render("zh") == ("没有可撤回的数据：“服务业增加值占生产总值的比重”2019 年目前没有数据"
                                      "（从未录入，或已撤回）")
    assert db.count() == 0


# ------------------------------------------------------------------ append-only


def test_the_code_has_no_update_or_delete_of_rows():
    for path in sorted((ROOT / "dashboard" / "store").glob("*.py")):
        code, name = path.read_text(encoding="utf-8"), path.name
        assert not re.search(r"\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b|\bTRUNCATE\b|\bDROP\s+TABLE\b", code,
                             re.IGNORECASE), name
        assert not re.search(r"\b(sa|sqlalchemy)\.(update|delete)\b|\.(update|delete)\(\s*\)", code), name


def test_every_statement_of_a_workflow_only_reads_or_inserts(db, cat):
    seen: list[str] = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2].lstrip().split()[0].upper()))
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    db.add([Figure("services-share", 2019, "53.5")], ADMIN, cat)
    db.retract("services-share", 2019, "wrong", ADMIN, cat)
    with pytest.raises(PermissionDenied):
        db.add([Figure("services-share", 2020, "53")], COMMERCE, cat)
    db.current(), db.history("services-share"), db.audit_log()
    assert "INSERT" in seen and set(seen) <= {"SELECT", "INSERT", "BEGIN", "LOCK", "SET", "WITH", "PRAGMA"}


def test_the_database_refuses_update_and_delete_of_figures(db, cat):
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    with pytest.raises(PermissionDenied):
        db.add([Figure("services-share", 2019, "54")], VIEWER, cat)  # one audit_events row
    for sql in ("UPDATE figures SET value = 1", "UPDATE audit_events SET actor = 'x'", "DELETE FROM figures",
                "DELETE FROM audit_events"):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), db.engine.begin() as conn:
            conn.exec_driver_sql(sql)
    assert db.current()["value"].tolist() == [53.0]


def test_the_row_count_only_grows_and_old_rows_never_change(db, cat):
    counts, snapshots = [db.count()], []
    steps = [
        lambda: db.add([Figure("services-share", 2019, "53")], ADMIN, cat),
        lambda: db.add([Figure("services-share", 2019, "53")], ADMIN, cat),  # unchanged
        lambda: db.add([Figure("services-share", 2019, "53.4", "final")], ADMIN, cat),
        lambda: db.retract("services-share", 2019, "wrong source", ADMIN, cat),
        lambda: db.add([Figure("services-share", 2019, "53.4")], ADMIN, cat),
    ]
    for step in steps:
        step()
        counts.append(db.count())
        snapshots.append(db.history("services-share"))
    assert counts == [0, 1, 1, 2, 3, 4]
    for before, after in zip(snapshots, snapshots[1:], strict=False):
        pd.testing.assert_frame_equal(before, after.iloc[:len(before)])


# ------------------------------------------------------------------ all or nothing


def test_an_invalid_batch_stores_nothing(db, cat):
    with pytest.raises(InvalidFigures) as err:
        db.add([Figure("services-share", 2019, "53"), Figure("services-share", 2020, "340亿")], ADMIN, cat)
    assert [str(p) for p in err.value.problems] == [
        'row 3, value: expected a plain number, found "340亿" — write the plain number in the indicator\'s unit (%), '
        'without "亿"']
    assert db.count() == 0


def _all_slots() -> list[Figure]:
    values = {"services-value-added": 11000, "services-share": 53, "base-stations": 5, "approval-days": 10,
              "number-portability": 1}
    spans = {"services-value-added": range(2018, 2026), "services-share": range(2018, 2026),
             "base-stations": range(2018, 2026), "approval-days": range(2018, 2025),
             "number-portability": range(2018, 2025)}
    return [Figure(i, y, values[i]) for i, years in spans.items() for y in years]


def test_a_failure_in_the_middle_of_a_write_leaves_nothing_half_written(db, cat, monkeypatch):
    db.add([Figure("services-share", 2018, "52.3")], ADMIN, cat)
    monkeypatch.setattr(store, "CHUNK", 10)
    calls, real = [], store.Store._insert

    def failing(self, conn, rows):
        calls.append(len(rows))
        if len(calls) == 3:
            raise RuntimeError("disk full (injected)")
        real(self, conn, rows)

    monkeypatch.setattr(store.Store, "_insert", failing)
    with pytest.raises(RuntimeError, match="injected"):
        db.add(_all_slots(), ADMIN, cat)
    assert calls == [10, 10, 10] and db.count() == 1
    assert db.current()["indicator_id"].tolist() == ["services-share"]
    monkeypatch.setattr(store.Store, "_insert", real)
    result = db.add(_all_slots(), ADMIN, cat)  # the same batch was valid: only the fault stopped it
    assert (result.new, result.revised, db.count()) == (37, 1, 39)


# ------------------------------------------------------------------ permission


def test_a_manager_cannot_write_another_departments_indicator_and_the_attempt_is_logged(db, cat):
    with pytest.raises(PermissionDenied) as err:
        db.add([Figure("services-value-added", 2020, "12100"), Figure("services-share", 2020, "53")], COMMERCE, cat)
    assert str(err.value) == (
        "permission denied: 李四 (manager of 市商务委) may not write figures of Services value added (owner 市统计局), "
        "Services share of GDP (owner 市统计局) — a manager writes only indicators owned by one of their departments")
    assert err.value.render("zh") == (
        "无权写入：李四（市商务委的部门管理员）不能写入 “服务业增加值”（责任单位：市统计局）、"
        "“服务业增加值占生产总值的比重”（责任单位：市统计局） 的数据；部门管理员只能写入本部门负责的指标")
    assert db.count() == 0
    log = db.audit_log(user="李四")
    assert log["action"].tolist() == ["access_denied", "access_denied"]
    assert sorted(log["indicator_id"]) == ["services-share", "services-value-added"]
    assert log["year"].tolist() == [2020, 2020] and "不能写入" in log["reason"].iloc[0]


def test_own_department_and_admin_may_write_viewer_may_not(db, cat):
    assert db.add([Figure("services-value-added", 2020, "12100")], STATS, cat).added == 1
    assert db.add([Figure("number-portability", 2019, "1")], ADMIN, cat).added == 1
    with pytest.raises(PermissionDenied, match=r"^permission denied: 赵六 \(viewer\) may not write figures"):
        db.add([Figure("services-share", 2020, "53")], VIEWER, cat)
    with pytest.raises(PermissionDenied):
        db.retract("services-value-added", 2020, "mine now", COMMERCE, cat)
    assert db.count() == 2 and db.audit_log()["action"].tolist()[:2] == ["access_denied", "access_denied"]


def test_actor_roles_are_checked():
    with pytest.raises(ValueError, match='unknown role "boss"'):
        Actor("x", "boss")
    assert Actor("x", "manager", ["市统计局"]).departments == ("市统计局",)


# ------------------------------------------------------------------ audit log


def test_the_audit_log_shows_old_and_new_values_newest_first(db, cat):
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    db.add([Figure("services-share", 2019, "53.5", note="年鉴")], STATS, cat)
    db.retract("services-share", 2019, "double counted", ADMIN, cat)
    log = db.audit_log(indicator_id="services-share")
    assert log["action"].tolist() == ["retract", "enter", "enter"]
    assert log["old_value"].fillna(-1).tolist() == [53.5, 53.0, -1]
    assert log["new_value"].fillna(-1).tolist() == [-1, 53.5, 53.0]
    assert log["user"].tolist() == ["admin-1", "王五", "admin-1"]
    assert log["reason"].tolist()[0] == "double counted" and log["note"].tolist()[1] == "年鉴"
    assert len(db.audit_log(user="王五")) == 1
    assert db.audit_log(since=pd.Timestamp.now(tz="UTC") + pd.Timedelta(hours=1)).empty


# ------------------------------------------------------------------ concurrency


def _write_many(url, who, n, barrier):
    s = open_store(url)
    cat = catalog.load(FIXTURE)
    actor = Actor(f"writer-{who}", "admin")
    barrier.wait()
    for i in range(n):
        ind, year, ref = SLOTS[i % len(SLOTS)]
        s.add([Figure(ind, year, ref * (1 + (who * 1000 + i + 1) / 1e6))], actor, cat)
    s.close()


def test_two_processes_writing_500_figures_each_lose_nothing(store_url):  # noqa: F811
    open_store(store_url).close()
    ctx = spawn()
    barrier = ctx.Barrier(2)
    procs = [ctx.Process(target=_write_many, args=(store_url, who, 500, barrier)) for who in (1, 2)]
    started = time.perf_counter()
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=600)
    elapsed = time.perf_counter() - started
    assert [p.exitcode for p in procs] == [0, 0]
    s = open_store(store_url)
    assert s.count() == 1000
    expected = {round(ref * (1 + (who * 1000 + i + 1) / 1e6), 9) for who in (1, 2) for i in range(500)
                for ind, year, ref in [SLOTS[i % len(SLOTS)]]}
    seen = set()
    for ind in ("services-value-added", "services-share"):
        hist = s.history(ind)
        for _, group in hist.groupby("year"):
            assert group["revision"].tolist() == list(range(1, len(group) + 1))
        seen |= {round(v, 9) for v in hist["value"]}
    assert seen == expected
    print(f"two writers x 500 figures on {s.engine.dialect.name}: {elapsed:.1f} s")
    s.close()


def store_revision_2_as_first(conn) -> None:
    """Inside a held write lock: the first writer stores revision 2 (53.5) of services-share 2019."""
    conn.execute(sa.insert(migrations.figures), [{
        "indicator_id": "services-share", "year": 2019, "revision": 2, "action": "enter", "value": 53.5,
        "figure_status": "final", "source": None, "note": None, "reason": None, "confirmed_jump": False,
        "entered_by": "first", "entered_at": pd.Timestamp.now(tz="UTC").to_pydatetime()}])


def test_a_second_writer_waits_for_the_first_and_readers_do_not(db, cat):
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    done = threading.Event()

    def second():
        db.add([Figure("services-share", 2019, "53.9")], ADMIN, cat)
        done.set()

    with db._writing() as conn:
        store_revision_2_as_first(conn)
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert not done.is_set()  # blocked on the write lock
        assert db.current()["value"].tolist() == [53.0]  # a reader sees the last committed state at once
    thread.join(timeout=30)
    assert done.is_set()
    assert db.history("services-share", 2019)["value"].tolist() == [53.0, 53.5, 53.9]


def test_ten_thousand_figures_in_one_batch(db):
    yaml = ["version: 1", "plans:", "  - {id: big, title: 大规划, base_year: 2018, target_year: 2022}", "indicators:"]
    yaml += [f"  - {{id: i-{i:04d}, plan: big, name: 指标{i}, unit: 家, kind: level, direction: increase, "
             "target: {year: 2022, value: 200}}" for i in range(1250)]
    big = catalog.parse("\n".join(yaml))
    n = range(10_000)
    figures = pd.DataFrame({"indicator_id": [f"i-{i // 8:04d}" for i in n], "year": [2018 + i % 8 for i in n],
                            "value": [100 + i % 8 for i in n]})
    assert db.add(figures, ADMIN, big).new == 10_000
    current = db.current()
    assert len(current) == 10_000 and current["revision"].eq(1).all()
    assert current.iloc[-1][["indicator_id", "year", "value"]].tolist() == ["i-1249", 2025, 107.0]


# ------------------------------------------------------------------ lost updates (base_revision)


def _edit(rows: list[tuple]) -> pd.DataFrame:
    """Edits as the entry page sends them: (row, indicator, year, value, note, base_revision)."""
    return pd.DataFrame(rows, columns=["row", "indicator_id", "year", "value", "note", "base_revision"])


def test_an_edit_of_a_figure_changed_since_it_was_shown_is_refused_whole(db, cat):
    db.add([Figure("services-value-added", 2019, "11500")], ADMIN, cat)  # the page shows revision 1
    db.add([Figure("services-value-added", 2019, "11800", "final")], STATS, cat)  # another writer: revision 2
    edits = _edit([(1, "services-value-added", 2019, "11500", "只改备注", 1),  # note only: resubmits the old value
                   (2, "services-share", 2019, "53", None, 0)])
    before = db.count()
    with pytest.raises(StaleFigures) as err:
        db.add(edits, ADMIN, cat)
    assert db.count() == before == 2  # nothing stored, not even the unrelated row 2
    assert db.current()["value"].tolist() == [11800.0]
    (conflict,) = err.value.conflicts
    assert (conflict.row, conflict.indicator_id, conflict.year, conflict.expected, conflict.revision,
            conflict.value, conflict.entered_by) == (1, "services-value-added", 2019, 1, 2, 11800.0, "王五")
    assert re.search(r"row 1: Services value added 2019 was changed to 11800 by 王五 at \d{4}-\d\d-\d\d "
                     r"\d\d:\d\d UTC .*reload before editing", str(err.value))
    with pytest.raises(StaleFigures):  # a dry run says the same
        db.check(edits, cat)
    edits.loc[0, "base_revision"] = 2  # after reloading
    assert db.add(edits, ADMIN, cat).added == 2


def test_a_figure_entered_or_retracted_since_it_was_shown_is_a_conflict_too(db, cat):
    db.add([Figure("services-share", 2019, "53")], STATS, cat)  # the page showed an empty row (revision 0)
    with pytest.raises(StaleFigures) as err:
        db.add(_edit([(2, "services-share", 2019, "53.1", None, 0)]), ADMIN, cat)
    assert err.value.conflicts[0].revision == 1
    db.retract("services-share", 2019, "wrong year", STATS, cat)  # the page still shows revision 1
    with pytest.raises(StaleFigures) as err:
        db.add(_edit([(2, "services-share", 2019, "53.1", None, 1)]), ADMIN, cat)
    assert err.value.conflicts[0].action == "retract" and "was retracted by 王五" in str(err.value)
    assert db.count() == 2
    # shown empty after the retraction: nothing current, so revision 0 is up to date
    assert db.add(_edit([(2, "services-share", 2019, "53.1", None, 0)]), ADMIN, cat).new == 1


def test_without_base_revision_nothing_is_compared(db, cat):
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    db.add([Figure("services-share", 2019, "53.5")], ADMIN, cat)
    assert db.add(_edit([(2, "services-share", 2019, "53.6", None, pd.NA)]), ADMIN, cat).revised == 1  # NA: no check
    assert db.add([Figure("services-share", 2019, "53.7")], ADMIN, cat).revised == 1  # an import: no column


def test_the_revision_is_compared_after_taking_the_write_lock(db, cat):
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    outcome = []

    def second():  # saw revision 1, like the first writer
        try:
            db.add(_edit([(2, "services-share", 2019, "53.9", None, 1)]), ADMIN, cat)
            outcome.append("stored")
        except StaleFigures as exc:
            outcome.append(exc)

    with db._writing() as conn:  # the first writer holds the lock and stores revision 2
        store_revision_2_as_first(conn)
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.5)
        assert outcome == []  # waiting for the lock, has not compared yet
    thread.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], StaleFigures)
    assert outcome[0].conflicts[0].entered_by == "first"
    assert db.history("services-share", 2019)["value"].tolist() == [53.0, 53.5]
