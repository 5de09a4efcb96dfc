"""Owners the office assigns: the pure rule, the append-only table, and the store's permission check
using the assignments, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import assignments
from dashboard import catalog as catalog_mod
from dashboard.store import open_store
from dashboard.store.writes import Actor, PermissionDenied
from tests.pg import postgres_database  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
ADMIN = Actor("管理员", "admin")
T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def row(ind, mode, lead=None, partners=(), minutes=0):
    return assignments.Assignment(ind, mode, lead, tuple(partners), "管理员", T0 + dt.timedelta(minutes=minutes), "r")


@pytest.fixture(scope="module")
def cat():
    return catalog_mod.load(FIXTURE)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        s = open_store(f"sqlite:///{tmp_path / 'owners.db'}")
    else:
        s = open_store(request.getfixturevalue("postgres_database"))
        with s.engine.begin() as conn:  # the PostgreSQL database is shared by the module's tests
            conn.exec_driver_sql("ALTER TABLE owner_assignments DISABLE TRIGGER USER")
            conn.exec_driver_sql("DELETE FROM owner_assignments")
            conn.exec_driver_sql("ALTER TABLE owner_assignments ENABLE TRIGGER USER")
    yield s
    s.close()


def test_override_replaces_add_appends_and_clear_goes_back(cat):
    assert cat.indicators["approval-days"].owners == ("市规划自然资源局",)
    over = assignments.effective_owners(cat, [row("approval-days", "override", "市商务委", ["市统计局"])])
    assert over.indicators["approval-days"].owners == ("市商务委", "市统计局")
    added = assignments.effective_owners(cat, [row("approval-days", "add", "市商务委")])
    assert added.indicators["approval-days"].owners == ("市规划自然资源局", "市商务委")
    cleared = assignments.effective_owners(cat, [row("approval-days", "override", "市商务委"),
                                                 row("approval-days", "clear", minutes=5)])
    assert cleared.indicators["approval-days"].owners == ("市规划自然资源局",)
    assert cat.indicators["approval-days"].owners == ("市规划自然资源局",)  # the catalog itself is untouched


def test_the_newest_row_wins_whatever_the_order_given(cat):
    rows = [row("approval-days", "override", "市统计局", minutes=9), row("approval-days", "override", "市商务委")]
    assert assignments.effective_owners(cat, rows).indicators["approval-days"].lead == "市统计局"
    assert assignments.effective_owners(cat, [row("no-such-id", "override", "市统计局")]).indicators == cat.indicators


def test_validate_names_each_problem():
    assert assignments.validate("override", None, [], " ", ["市统计局"]) == ["owners.bad.no_lead",
                                                                          "owners.bad.no_reason"]
    assert assignments.validate("add", "市外星局", [], "新设", ["市统计局"]) == ["owners.bad.unknown_department"]
    assert assignments.validate("clear", None, [], "撤销", ["市统计局"]) == []


def test_assignment_and_audit_event_are_written_and_rows_cannot_be_changed(store):
    assignments.assign(store, ADMIN, "approval-days", "override", "市商务委", ["市统计局"], "职能调整")
    got = assignments.read(store)
    assert [(a.indicator_id, a.mode, a.lead, a.partners, a.by) for a in got] == [
        ("approval-days", "override", "市商务委", ("市统计局",), "管理员")]
    with store.engine.connect() as conn:
        events = conn.execute(sa.text(
            "SELECT event, detail FROM audit_events WHERE indicator_id = 'approval-days'")).all()
    assert [e[0] for e in events] == ["assign_owner"] and "职能调整" in events[0][1]
    with pytest.raises(sa.exc.DBAPIError), store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE owner_assignments SET lead = 'x'")
    with pytest.raises(sa.exc.DBAPIError), store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM owner_assignments")
    assert len(assignments.read(store)) == 1


def test_only_admins_assign_and_a_refusal_writes_nothing(store):
    with pytest.raises(PermissionDenied) as err:
        assignments.assign(store, Actor("李四", "manager", ["市商务委"]), "approval-days", "override", "市商务委", [],
                           "想要")
    assert "李四" in err.value.render("zh")
    assert assignments.read(store) == []


def test_the_permission_check_uses_the_assignments(store, cat):
    manager = Actor("李四", "manager", ["市商务委"])
    figure = pd.DataFrame({"indicator_id": ["approval-days"], "year": [2024]})
    with pytest.raises(PermissionDenied):
        store.authorise(figure, manager, assignments.apply(store, cat))
    assignments.assign(store, ADMIN, "approval-days", "add", "市商务委", [], "协办")
    store.authorise(figure, manager, assignments.apply(store, cat))  # no refusal now
    assignments.assign(store, ADMIN, "approval-days", "clear", None, [], "撤销协办")
    with pytest.raises(PermissionDenied):
        store.authorise(figure, manager, assignments.apply(store, cat))
