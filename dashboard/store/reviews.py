"""The review states of figures and the locked periods of plans: `ReviewsAndLocks`, a part of `Store`
(its methods run on the store's engine and its write lock). Rules and messages are in `dashboard.review`."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from dashboard import review
from dashboard.cells import text_problem
from dashboard.figures import FigureError, name_of, text_or_none
from dashboard.messages import Both
from dashboard.store.migrations import audit_events, figures, period_locks, reviews
from dashboard.store.rows import (
    REVIEW_COLUMNS,
    STORED_CURRENT,
    _faulty,
    _frame,
    _now,
    _rows,
    newest_reviews,
    with_reviews,
)
from dashboard.store.writes import Actor


class ReviewsAndLocks:
    """Review transitions (submitted → accepted / returned) and locks of a plan's year, as rows of their own."""

    @staticmethod
    def _reviews(conn: sa.Connection, indicator_ids=None) -> pd.DataFrame:
        """The newest review row of every reviewed revision (indicator_id, year, revision, state, by, at, reason)."""
        r = reviews.c
        query = sa.select(*(r[c] for c in REVIEW_COLUMNS)).order_by(r.id)
        if indicator_ids is not None:
            query = query.where(r.indicator_id.in_(list(indicator_ids)))
        return newest_reviews(conn.execute(query).all())

    def _with_reviews(self, conn, frame: pd.DataFrame, indicator_ids=None) -> pd.DataFrame:
        """`frame` with review_state (no review row: accepted) and review_reason (of a returned figure)."""
        return with_reviews(frame, self._reviews(conn, indicator_ids) if len(frame) else pd.DataFrame())

    @_faulty
    def accepted(self, indicator_ids=None) -> pd.DataFrame:
        """Per (indicator, year) the newest accepted revision (a retraction in force hides it): what
        printed briefings use. Same columns as `current()`."""
        if indicator_ids is not None and len(indicator_ids) == 0:
            return self.current([])
        query = sa.select(*(figures.c[c] for c in [*STORED_CURRENT, "action"]))
        if indicator_ids is not None:
            query = query.where(figures.c.indicator_id.in_(list(indicator_ids)))
        with self.engine.connect() as conn:
            frame = _frame(_rows(conn, query), [*STORED_CURRENT, "action"])
            frame = self._with_reviews(conn, frame, indicator_ids)
        frame = frame[frame["review_state"] == "accepted"].sort_values(["indicator_id", "year", "revision"])
        newest = frame.drop_duplicates(["indicator_id", "year"], keep="last")
        newest = newest[newest["action"] == "enter"].drop(columns="action")
        return newest.sort_values(["indicator_id", "year"], ignore_index=True)

    @_faulty
    def pending(self, indicator_ids=None) -> pd.DataFrame:
        """The submitted figures (current() columns) with `previous_value`: the accepted value they would replace."""
        current = self.current(indicator_ids)
        submitted = current[current["review_state"] == "submitted"]
        if submitted.empty:
            return submitted.assign(previous_value=pd.Series(dtype="float64")).reset_index(drop=True)
        before = self.accepted(sorted(set(submitted["indicator_id"])))[["indicator_id", "year", "value"]]
        out = submitted.merge(before.rename(columns={"value": "previous_value"}), on=["indicator_id", "year"],
                              how="left")
        return out.reset_index(drop=True)

    def accept(self, indicator_id: str, year: int, user: Actor, catalog) -> int:
        """Accept the submitted newest figure of (indicator, year); return its revision."""
        return self._review(indicator_id, year, user, catalog, "accepted", None)

    def return_figure(self, indicator_id: str, year: int, reason: str, user: Actor, catalog) -> int:
        """Return the submitted newest figure of (indicator, year) to its manager with a reason."""
        reason = text_or_none(reason)
        if reason is None:
            raise review.ReviewRefused("review.reason_required")
        if (why := text_problem(reason)) is not None:
            raise FigureError(why)
        return self._review(indicator_id, year, user, catalog, "returned", reason)

    @_faulty
    def _review(self, indicator_id: str, year: int, user: Actor, catalog, target: str, reason) -> int:
        if not review.may_review(user):
            raise review.ReviewRefused("review.not_reviewer", who=user.describe())
        if indicator_id not in catalog.indicators:
            raise FigureError("store.indicator.unknown", found=indicator_id, hint="")
        name, year = name_of(catalog.indicators[indicator_id]), int(year)
        with self._writing() as conn:  # the state is read under the write lock: no double transition
            latest = self._latest(conn, [indicator_id])
            row = latest[latest["year"] == year]
            current = row.iloc[0].to_dict() if not row.empty else None
            last = None
            if current is not None:
                states = self._reviews(conn, [indicator_id])
                mine = states[(states["year"] == year) & (states["revision"] == int(current["revision"]))]
                last = mine.iloc[-1].to_dict() if not mine.empty else None
            if (why := review.transition(name, year, current, last, target)) is not None:
                raise review.ReviewRefused(why)
            at, revision = _now(), int(current["revision"])
            conn.execute(sa.insert(reviews), [{"indicator_id": indicator_id, "year": year, "revision": revision,
                                               "state": target, "by": user.name, "at": at, "reason": reason}])
            detail = f"{target}: revision {revision}" + (f" — {reason}" if reason else "")
            conn.execute(sa.insert(audit_events), [{"at": at, "actor": user.name, "role": user.role,
                                                    "departments": ", ".join(user.departments),
                                                    "event": f"review_{target}", "indicator_id": indicator_id,
                                                    "year": year, "detail": detail}])
        return revision

    # ------------------------------------------------------------------ locked periods

    @staticmethod
    def _locks(conn: sa.Connection) -> dict[tuple[str, int], dict]:
        """(plan id, year) -> {plan_id, year, by, at} of every lock in force (plain rows: every write asks)."""
        p = period_locks.c
        held: dict[tuple[str, int], dict] = {}
        for plan_id, year, action, by, at in conn.execute(sa.select(p.plan_id, p.year, p.action, p.by, p.at)
                                                          .order_by(p.id)):
            key = (plan_id, int(year))
            if action == "lock":
                held[key] = {"plan_id": plan_id, "year": int(year), "by": by, "at": at}
            else:
                held.pop(key, None)
        return held

    @_faulty
    def locks(self) -> pd.DataFrame:
        """The locked (plan, year)s in force: plan_id, year, by, at."""
        with self.engine.connect() as conn:
            frame = pd.DataFrame(list(self._locks(conn).values()), columns=["plan_id", "year", "by", "at"])
        frame["at"] = pd.to_datetime(frame["at"], utc=True, format="ISO8601")
        return frame.sort_values(["plan_id", "year"], ignore_index=True)

    def lock(self, plan_id: str, year: int, user: Actor, catalog) -> None:
        """Lock a plan's year (admins only): every write of its figures is refused until it is unlocked."""
        self._set_lock(plan_id, year, user, catalog, "lock")

    def unlock(self, plan_id: str, year: int, user: Actor, catalog) -> None:
        self._set_lock(plan_id, year, user, catalog, "unlock")

    @_faulty
    def _set_lock(self, plan_id: str, year: int, user: Actor, catalog, action: str) -> None:
        if user.role != "admin":
            raise review.ReviewRefused("review.not_admin", who=user.describe())
        if plan_id not in catalog.plans:
            raise review.ReviewRefused("review.unknown_plan", found=plan_id)
        plan, year = catalog.plans[plan_id], int(year)
        title = Both(plan.title, plan.title_en)
        with self._writing() as conn:
            held = self._locks(conn).get((plan_id, year))
            if action == "lock" and held is not None:
                raise review.ReviewRefused("review.already_locked", plan=title, year=year, who=held["by"],
                                           at=review.at_text(held["at"]))
            if action == "unlock" and held is None:
                raise review.ReviewRefused("review.not_locked", plan=title, year=year)
            at = _now()
            conn.execute(sa.insert(period_locks), [{"plan_id": plan_id, "year": year, "action": action,
                                                    "by": user.name, "at": at}])
            conn.execute(sa.insert(audit_events), [{"at": at, "actor": user.name, "role": user.role,
                                                    "departments": "", "event": f"period_{action}",
                                                    "indicator_id": None, "year": year,
                                                    "detail": f"{action}: {plan_id} {year}"}])

    def _refuse_locked(self, conn: sa.Connection, keys, catalog) -> None:
        """Raise PeriodLocked when any (indicator_id, year) of `keys()` belongs to a locked plan year (the
        keys are only built when some year is locked: one small query is all an import pays otherwise)."""
        held = self._locks(conn)
        if not held:
            return
        for ind_id, year in keys():
            ind = catalog.indicators.get(ind_id)
            if ind is not None and (ind.plan, int(year)) in held:
                raise review.PeriodLocked(review.lock_refusal(catalog.plans[ind.plan], int(year),
                                                              held[(ind.plan, int(year))]))
