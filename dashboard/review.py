"""Review states of figures and locked periods: pure rules, no SQL (the store, `dashboard/store/`, keeps them).

A figure written by a manager is `submitted`; a reviewer (the planning office) or an admin accepts it or
returns it with a reason. A revision without any review row is `accepted`: figures shipped before reviews
existed and figures written by an admin. A correction is a new revision, submitted again; the accepted one
stays in force (`Store.accepted`) until the new one is accepted.

A reviewer acts as a viewer that may also review (`reviewer_actor`): it writes no figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.messages import Both, MessageError, Msg
from dashboard.store.writes import Actor

STATES = ("submitted", "accepted", "returned")


@dataclass(frozen=True)
class ReviewerActor(Actor):
    """A reviewer: writes nothing (a viewer), may accept and return figures."""

    reviews: bool = True

    def describe(self) -> Msg:
        """A reviewer is named as one in messages (not as the viewer it acts as when writing)."""
        return Msg.of("store.who.reviewer", name=self.shown or self.name)


def briefing_figures(store, include_submitted: bool = False) -> tuple[pd.DataFrame, str, int]:
    """The figures a printed or exported briefing rests on: (figures, basis, n) where basis is "accepted"
    (each figure's newest accepted revision; n = figures whose newest revision waits for review or was
    returned, left out) or "submitted" (the newest figure whatever its state, as the screens show; n = those
    not yet accepted, included)."""
    current = store.current()
    states = current["review_state"] if "review_state" in current else pd.Series("accepted", index=current.index)
    unreviewed = int((states.notna() & (states != "accepted")).sum())
    if include_submitted:
        return current, "submitted", unreviewed
    return store.accepted(), "accepted", unreviewed


def reviewer_actor(name: str, shown: str | None = None) -> Actor:
    return ReviewerActor(name, "viewer", shown=shown)


class ReviewRefused(MessageError):
    """A review transition that may not happen (not a reviewer, already reviewed, nothing to review)."""


class PeriodLocked(MessageError):
    """A write of figures of a locked plan year."""


def may_review(user: Actor) -> bool:
    return user.role == "admin" or bool(getattr(user, "reviews", False))


def written_state(user: Actor) -> str:
    """The state of a figure as it is written: a manager's is submitted, an admin's (or a reviewer's) accepted."""
    return "accepted" if user.role == "admin" or may_review(user) else "submitted"


def at_text(at) -> str:
    ts = pd.Timestamp(at)
    return (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")).strftime("%Y-%m-%d %H:%M UTC")


def transition(name, year, current: dict | None, last: dict | None, target: str) -> Msg | None:
    """Why the newest figure (`current`: its newest row, None: none) with its newest review row `last`
    (None: accepted when written) may not move to `target` ("accepted" or "returned"); None: it may."""
    if current is None or current["action"] != "enter":
        return Msg.of("review.nothing", name=name, year=year)
    if last is None:
        return Msg.of("review.accepted_when_written", name=name, year=year)
    if last["state"] == "accepted":
        return Msg.of("review.already_accepted", name=name, year=year, who=last["by"], at=at_text(last["at"]))
    if last["state"] == "returned":
        return Msg.of("review.already_returned", name=name, year=year, who=last["by"], at=at_text(last["at"]))
    return None


def lock_refusal(plan, year: int, lock: dict) -> Msg:
    """The message of a write refused because `plan` (a catalog Plan) is locked for `year`."""
    return Msg.of("review.locked", plan=Both(plan.title, plan.title_en), year=year, who=lock["by"],
                  at=at_text(lock["at"]))


PENDING_COLUMNS = ["key", "indicator", "plan", "department", "year", "value", "previous", "jump", "source", "note",
                   "entered_by"]


def pending_table(pending: pd.DataFrame, catalog, lang: str, people: dict | None = None) -> pd.DataFrame:
    """The submitted figures for the review page: names, plan titles, departments, the jump (%) from
    the accepted value, who entered each (`people`: login -> display name). `key` is "indicator_id|year"."""
    people = people or {}
    rows = []
    for r in pending.to_dict("records"):
        ind = catalog.indicators.get(r["indicator_id"])
        if ind is None:
            continue
        plan = catalog.plans[ind.plan]
        prev = r.get("previous_value")
        prev = None if prev is None or pd.isna(prev) else float(prev)
        jump = None if prev in (None, 0) else round((r["value"] - prev) / abs(prev) * 100, 1)
        rows.append({"key": f"{r['indicator_id']}|{int(r['year'])}",
                     "indicator": ind.name_en if lang == "en" and ind.name_en else ind.name,
                     "plan": plan.title_en if lang == "en" and plan.title_en else plan.title,
                     "department": "、".join(ind.owners), "year": int(r["year"]), "value": float(r["value"]),
                     "previous": prev, "jump": jump, "source": r.get("source"), "note": r.get("note"),
                     "entered_by": people.get(r["entered_by"], r["entered_by"])})
    return pd.DataFrame(rows, columns=PENDING_COLUMNS)


def returned_rows(current: pd.DataFrame, names: dict, lang: str) -> pd.DataFrame:
    """The returned figures of these indicators (`names`: id -> name) with the reason, for the entry page."""
    from dashboard.i18n import t

    if "review_state" not in current:
        return pd.DataFrame(columns=["name", "year", "value", "reason"])
    mine = current[(current["review_state"] == "returned") & current["indicator_id"].isin(list(names))]
    return pd.DataFrame({t("review.col.indicator", lang): [names[i] for i in mine["indicator_id"]],
                         t("review.col.year", lang): mine["year"].astype(int).to_numpy(),
                         t("review.col.value", lang): mine["value"].to_numpy(),
                         t("review.col.reason", lang): mine["review_reason"].to_numpy()})


def state_marks(current: pd.DataFrame, indicator_ids, year: int, lang: str) -> list[str]:
    """Per indicator (in order) the review state of its figure for `year` when not accepted, else ""."""
    from dashboard.i18n import t

    if "review_state" not in current:
        return [""] * len(list(indicator_ids))
    of_year = current[current["year"] == year]
    states = dict(zip(of_year["indicator_id"], of_year["review_state"], strict=True))
    return ["" if states.get(i, "accepted") == "accepted" else t(f"review.state.{states[i]}", lang)
            for i in indicator_ids]
