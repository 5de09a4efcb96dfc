"""Owners the office assigns: append-only rows that add to or override the catalog's `owner`.

An assignment row is (indicator_id, mode, lead, partners, by, at, reason). `mode` is 'add' (the
assigned departments join the catalog's, after them), 'override' (they replace the catalog's) or
'clear' (back to the catalog's owner). The newest row per indicator wins; nothing is ever updated.

`effective_owners(catalog, assignments)` is the one rule: it returns a copy of the catalog whose
indicators carry the effective owners, so the app, the command line and the store's permission
check (`Store.authorise` reads `catalog.indicators[i].owner`) all agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa

from dashboard.store.migrations import assignments as table
from dashboard.store.migrations import audit_events
from dashboard.store.writes import Actor, PermissionDenied

MODES = ("add", "override", "clear")


@dataclasses.dataclass(frozen=True)
class Assignment:
    indicator_id: str
    mode: str
    lead: str | None
    partners: tuple[str, ...]
    by: str
    at: dt.datetime
    reason: str


def latest(rows: Iterable[Assignment]) -> dict[str, Assignment]:
    """The newest assignment per indicator (a later row of the same instant wins)."""
    out: dict[str, Assignment] = {}
    for row in sorted(rows, key=lambda r: r.at):
        out[row.indicator_id] = row
    return out


def owners_of(catalog_owners: tuple[str, ...], row: Assignment | None) -> tuple[str, ...]:
    """The departments of one indicator, lead first, after applying its newest assignment."""
    if row is None or row.mode == "clear":
        return tuple(catalog_owners)
    assigned = tuple(d for d in (row.lead, *row.partners) if d)
    merged = assigned if row.mode == "override" else (*catalog_owners, *assigned)
    return tuple(dict.fromkeys(merged))


def effective_owners(catalog, rows: Iterable[Assignment]):
    """A copy of `catalog` whose indicators' `owner` includes the assignments (unknown ids are ignored)."""
    newest = latest(rows)
    if not newest:
        return catalog
    indicators = dict(catalog.indicators)
    for ind_id, row in newest.items():
        ind = indicators.get(ind_id)
        if ind is None:
            continue
        rename = getattr(catalog, "department", lambda d: d)  # an old department name means the new one
        owners = tuple(dict.fromkeys(rename(d) for d in owners_of(ind.owners, row)))
        owner = None if not owners else owners[0] if len(owners) == 1 else list(owners)
        indicators[ind_id] = ind.model_copy(update={"owner": owner})
    return dataclasses.replace(catalog, indicators=indicators)


def validate(mode: str, lead: str | None, partners: Iterable[str], reason: str, known: Iterable[str]) -> list[str]:
    """Label keys of what is wrong with an assignment (empty: it can be saved)."""
    problems = []
    partners = [p for p in partners if p]
    if mode not in MODES:
        problems.append("owners.bad.mode")
    if mode != "clear" and not lead:
        problems.append("owners.bad.no_lead")
    known = set(known)
    if known and any(d not in known for d in (lead, *partners) if d):
        problems.append("owners.bad.unknown_department")
    if not (reason or "").strip():
        problems.append("owners.bad.no_reason")
    return problems


def read(store, indicator_id: str | None = None) -> list[Assignment]:
    """Every assignment in the store, oldest first (or one indicator's)."""
    query = sa.select(table).order_by(table.c.at, table.c.id)
    if indicator_id is not None:
        query = query.where(table.c.indicator_id == indicator_id)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [Assignment(r["indicator_id"], r["mode"], r["lead"],
                       tuple(p for p in (r["partners"] or "").split("\n") if p),
                       r["assigned_by"], r["at"], r["reason"]) for r in rows]


def assign(store, user: Actor, indicator_id: str, mode: str, lead: str | None, partners: Iterable[str],
           reason: str, at: dt.datetime | None = None) -> Assignment:
    """Append one assignment and its audit event in one transaction (admins only)."""
    if user.role != "admin":
        raise PermissionDenied("owners.denied", user=user.name)
    partners = tuple(p for p in partners if p and p != lead)
    at = at or dt.datetime.now(dt.UTC)
    row = {"indicator_id": indicator_id, "mode": mode, "lead": lead if mode != "clear" else None,
           "partners": "\n".join(partners) if mode != "clear" else "", "assigned_by": user.name,
           "at": at, "reason": reason}
    detail = f"{mode}: {'、'.join(d for d in (row['lead'], *partners) if d) or '—'}（{reason}）"
    with store._writing() as conn:
        conn.execute(sa.insert(table), [row])
        conn.execute(sa.insert(audit_events), [{"at": at, "actor": user.name, "role": user.role,
                                                "departments": ", ".join(user.departments), "event": "assign_owner",
                                                "indicator_id": indicator_id, "year": None, "detail": detail}])
    return Assignment(indicator_id, mode, row["lead"], partners if mode != "clear" else (), user.name, at, reason)


def apply(store, catalog):
    """The catalog with the store's assignments applied (the catalog itself when the store has none)."""
    return effective_owners(catalog, read(store))
