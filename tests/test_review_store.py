"""Review states and locked periods in the store, on SQLite and PostgreSQL (each test runs on both)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from dashboard import catalog
from dashboard.figures import Figure
from dashboard.review import PeriodLocked, ReviewRefused, reviewer_actor
from dashboard.store import Actor, open_store
from tests.pg import postgres_database, store_url  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
ADMIN = Actor("admin-1", "admin")
STATS = Actor("王五", "manager", ("市统计局",))
REVIEWER = reviewer_actor("规划处")
OTHER_REVIEWER = reviewer_actor("规划处二")
IND = "services-value-added"


@pytest.fixture(scope="module")
def cat():
    return catalog.load(FIXTURE)


@pytest.fixture
def db(store_url):  # noqa: F811
    s = open_store(store_url)
    yield s
    s.close()


def state(db, year=2019):
    row = db.current([IND]).set_index("year").loc[year]
    return row["value"], row["review_state"], row["review_reason"]


def accepted_value(db, year=2019):
    acc = db.accepted([IND]).set_index("year")
    return acc["value"].get(year)


def test_the_whole_cycle_submit_return_resubmit_accept_correct(db, cat):
    db.add([Figure(IND, 2019, "11000")], STATS, cat)
    assert state(db) == (11000.0, "submitted", None) and accepted_value(db) is None
    pend = db.pending()
    assert pend[["indicator_id", "year", "value"]].values.tolist() == [[IND, 2019, 11000.0]]
    assert pend["previous_value"].isna().all()

    db.return_figure(IND, 2019, "与统计公报不符", REVIEWER, cat)
    assert state(db) == (11000.0, "returned", "与统计公报不符") and db.pending().empty
    with pytest.raises(ReviewRefused) as err:
        db.accept(IND, 2019, REVIEWER, cat)
    assert "already returned by 规划处" in str(err.value)

    db.add([Figure(IND, 2019, "11500")], STATS, cat)  # the corrected figure is submitted again
    assert state(db) == (11500.0, "submitted", None)
    db.accept(IND, 2019, REVIEWER, cat)
    assert state(db) == (11500.0, "accepted", None) and accepted_value(db) == 11500.0

    db.add([Figure(IND, 2019, "11632.1", "final")], STATS, cat)  # a correction of an accepted figure
    assert state(db) == (11632.1, "submitted", None)
    assert accepted_value(db) == 11500.0  # the accepted one stays in force
    assert db.pending()[["value", "previous_value"]].values.tolist() == [[11632.1, 11500.0]]
    db.accept(IND, 2019, ADMIN, cat)  # admins review too
    assert accepted_value(db) == 11632.1
    history = db.history(IND, 2019)
    assert history[["revision", "review_state"]].values.tolist() == [
        [1, "returned"], [2, "accepted"], [3, "accepted"]]
    trail = db.audit_log(IND)
    reviews = trail[trail["action"].str.startswith("review_")]
    assert sorted(zip(reviews["action"], reviews["user"], strict=True)) == [
        ("review_accepted", "admin-1"), ("review_accepted", "规划处"), ("review_returned", "规划处")]
    assert reviews["at"].notna().all()


def test_admin_figures_and_shipped_figures_are_accepted_when_written(db, cat):
    db.add([Figure(IND, 2019, "11000"), Figure(IND, 2020, "12000")], ADMIN, cat)
    assert db.current()["review_state"].tolist() == ["accepted", "accepted"]
    assert db.accepted()["value"].tolist() == [11000.0, 12000.0]
    with pytest.raises(ReviewRefused, match="accepted when written"):
        db.accept(IND, 2019, REVIEWER, cat)


def test_only_reviewers_and_admins_review_and_a_return_needs_a_reason(db, cat):
    db.add([Figure(IND, 2019, "11000")], STATS, cat)
    with pytest.raises(ReviewRefused, match="not a reviewer"):
        db.accept(IND, 2019, STATS, cat)
    with pytest.raises(ReviewRefused, match="needs a reason"):
        db.return_figure(IND, 2019, "  ", REVIEWER, cat)
    with pytest.raises(ReviewRefused, match="no figure"):
        db.accept(IND, 2021, REVIEWER, cat)
    assert state(db)[1] == "submitted"


def test_a_retraction_in_force_hides_the_accepted_figure(db, cat):
    db.add([Figure(IND, 2019, "11000")], ADMIN, cat)
    db.retract(IND, 2019, "口径错误", STATS, cat)
    assert db.accepted([IND]).empty and db.current([IND]).empty


def test_two_reviewers_accepting_at_once_one_transition(db, cat):
    db.add([Figure(IND, 2019, "11000")], STATS, cat)
    barrier, outcomes = threading.Barrier(2), []

    def accept(who):
        barrier.wait()
        try:
            db.accept(IND, 2019, who, cat)
            outcomes.append("ok")
        except ReviewRefused as exc:
            outcomes.append(exc.render("zh"))

    threads = [threading.Thread(target=accept, args=(w,)) for w in (REVIEWER, OTHER_REVIEWER)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert sorted(outcomes)[0] == "ok" and "已被" in sorted(outcomes)[1] and "审核通过" in sorted(outcomes)[1]
    with db.engine.connect() as conn:
        n = conn.execute(sa.text("SELECT count(*) FROM reviews WHERE state = 'accepted'")).scalar_one()
    assert n == 1


def test_a_locked_year_refuses_every_write_until_unlocked(db, cat):
    db.add([Figure(IND, 2019, "11000")], ADMIN, cat)
    with pytest.raises(ReviewRefused, match="not an admin"):
        db.lock("demo-plan", 2019, REVIEWER, cat)
    db.lock("demo-plan", 2019, ADMIN, cat)
    locks = db.locks()
    assert locks[["plan_id", "year", "by"]].values.tolist() == [["demo-plan", 2019, "admin-1"]]
    with pytest.raises(ReviewRefused, match="already locked"):
        db.lock("demo-plan", 2019, ADMIN, cat)
    for write in (lambda: db.add([Figure(IND, 2019, "11500")], STATS, cat),
                  lambda: db.add([Figure(IND, 2019, "11500")], ADMIN, cat),
                  lambda: db.retract(IND, 2019, "错", ADMIN, cat)):
        with pytest.raises(PeriodLocked) as err:
            write()
        assert "示例规划（2018—2022年）" in err.value.render("zh") and "admin-1" in err.value.render("zh")
        assert "2019" in str(err.value)
    assert db.count() == 1
    db.add([Figure(IND, 2020, "12000")], STATS, cat)  # another year is open
    db.unlock("demo-plan", 2019, ADMIN, cat)
    assert db.locks().empty
    db.add([Figure(IND, 2019, "11500")], STATS, cat)
    with pytest.raises(ReviewRefused, match="not locked"):
        db.unlock("demo-plan", 2019, ADMIN, cat)
    events = db.audit_log()["action"].tolist()
    assert events.count("period_lock") == 1 and events.count("period_unlock") == 1


def test_review_tables_are_append_only(db, cat):
    db.add([Figure(IND, 2019, "11000")], STATS, cat)
    with pytest.raises(sa.exc.DBAPIError), db.engine.begin() as conn:
        conn.execute(sa.text("UPDATE reviews SET state = 'accepted'"))


def test_a_reviewer_is_named_as_a_reviewer_and_by_display_name(tmp_path, cat):
    from dashboard.access.auth import UserStore
    from dashboard.review import may_review
    from dashboard.store import PermissionDenied

    users = UserStore(tmp_path / "users.json")
    users.add("planner", "a long enough passphrase", "reviewer", display_name="王审核")
    actor = users.get("planner").actor()
    assert actor.describe().render("zh") == "王审核（审核人）" and actor.describe().render("en") == "王审核 (reviewer)"
    assert may_review(actor) and not actor.may_write("市统计局")
    db = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    with pytest.raises(PermissionDenied) as refused:
        db.add([Figure(IND, 2019, "11000")], actor, cat)
    assert "王审核（审核人）" in refused.value.render("zh") and "planner" not in refused.value.render("zh")
