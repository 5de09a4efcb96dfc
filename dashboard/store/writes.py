"""What a write to the store is made of and what it can answer: who writes (`Actor`), what a write
did (`WriteResult`), and the refusals (`PermissionDenied`, `StaleFigures` with its `Conflict`s) and
faults of the database (`StoreUnavailable`: `MissingDatabase`, `StoreReadOnly`, `StoreBusy`). Plain
data, no SQL: the store (`dashboard/store/database.py`) uses them. Every refusal carries a `Msg`, rendered
in the user's language at the edge (`render(lang)`; `str()` is English).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

from dashboard.figures import FigureError, name_of
from dashboard.i18n import t
from dashboard.messages import Both, MessageError, Msg

Role = Literal["viewer", "manager", "admin"]


def plain(x) -> str:
    """A stored value for a message: no exponent, no trailing zeros.

    >>> plain(11000.0), plain(52.35), plain(None)
    ('11000', '52.35', '—')
    """
    return "—" if x is None or pd.isna(x) else np.format_float_positional(float(x), trim="-")


class PermissionDenied(MessageError):
    """The user may not write these figures (the attempt has been logged)."""


class StoreUnavailable(MessageError):
    """The database cannot be used as asked (missing, damaged, read-only, busy, unreachable, not a
    database URL): one line for the user, no traceback. The command line prints `render(lang)`."""


class MissingDatabase(StoreUnavailable):
    """A read-only command was pointed at a SQLite file that does not exist."""


class StoreReadOnly(StoreUnavailable):
    """A write to a database that may only be read (a read-only file, a read-only role)."""


class StoreBusy(StoreUnavailable):
    """The write lock was not granted in time (SQLite busy timeout, PostgreSQL lock/statement timeout)."""


@dataclass(frozen=True)
class Conflict:
    """A figure changed by someone else since the writer saw it (revision `expected`; 0 = none)."""

    row: int
    indicator_id: str
    year: int
    expected: int
    revision: int  # the current figure's revision now (0: none, e.g. retracted)
    action: str  # of the newest row: "enter" or "retract"
    value: float | None
    entered_by: str
    entered_at: dt.datetime
    name: Both | None = None

    def when(self) -> str:
        at = pd.Timestamp(self.entered_at)
        return (at.tz_localize("UTC") if at.tzinfo is None else at.tz_convert("UTC")).strftime("%Y-%m-%d %H:%M UTC")

    def msg(self) -> Msg:
        key = "store.stale.retracted" if self.action == "retract" else "store.stale.changed"
        none = Msg.of("store.none")
        return Msg.of(key, row=self.row, name=self.name or self.indicator_id, year=self.year, value=plain(self.value),
                      who=self.entered_by, at=self.when(), revision=self.revision or none,
                      expected=self.expected or none)

    def __str__(self) -> str:
        return self.msg().render("en")


class StaleFigures(FigureError):
    """Figures changed by another writer since they were shown: nothing was stored."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        self.msg = None
        Exception.__init__(self, conflicts)

    def render(self, lang: str = "zh") -> str:
        head = t("store.stale.head", lang).format(n=len(self.conflicts))
        return "\n".join([head, *(f"  {c.msg().render(lang)}" for c in self.conflicts)])


@dataclass(frozen=True)
class Actor:
    """Who is writing: admins write anything, managers their departments' indicators, viewers nothing.

    >>> Actor("李四", "manager", ["市商务委"]).may_write("市商务委"), Actor("王五", "viewer").may_write(None)
    (True, False)
    """

    name: str
    role: Role
    departments: tuple[str, ...] = ()
    shown: str | None = field(default=None, compare=False)  # the display name messages use (else `name`)

    def __post_init__(self):
        if self.role not in get_args(Role):
            raise ValueError(f'unknown role "{self.role}" — expected one of {", ".join(get_args(Role))}')
        object.__setattr__(self, "departments", tuple(self.departments))

    def may_write(self, owner) -> bool:
        """Admins write everything; a manager writes an indicator one of whose departments (`owner`: a
        department, a list of them with the lead first, or None) is theirs."""
        owners = (owner,) if isinstance(owner, str) else tuple(owner or ())
        return self.role == "admin" or (self.role == "manager" and any(o in self.departments for o in owners))

    def describe(self) -> Msg:
        """Who this is, for a message: name and role (a manager with their departments)."""
        name = self.shown or self.name
        if self.role == "manager":
            departments = list(self.departments) or [Msg.of("store.who.no_department")]
            return Msg.of("store.who.manager", name=name, departments=departments)
        return Msg.of(f"store.who.{self.role}", name=name)

    def refusal(self, ind) -> Msg | None:
        """None when this actor may write figures of the catalog indicator `ind`, else why not."""
        if self.role == "viewer":
            return Msg.of("store.permission.viewer_row", who=self.describe())
        if self.may_write(ind.owner):
            return None
        return Msg.of("store.permission.row", who=self.describe(), name=name_of(ind),
                      owner="、".join(ind.owners) or Msg.of("store.owner.none"))


def named_as_in(actor: Actor, catalog) -> Actor:
    """`actor` with its departments under their current names in `catalog` (its `departments:` aliases: a
    manager registered under an old name, 市科委, writes the indicators of the new one, 市科技局).

    >>> class Cat: aliases = {"市科委": "市科技局"}
    >>> named_as_in(Actor("李四", "manager", ["市科委", "市统计局"]), Cat()).departments
    ('市科技局', '市统计局')
    """
    aliases = getattr(catalog, "aliases", None) or {}
    if not aliases or not any(d in aliases for d in actor.departments):
        return actor
    return dataclasses.replace(actor, departments=tuple(dict.fromkeys(aliases.get(d, d) for d in actor.departments)))


@dataclass(frozen=True)
class WriteResult:
    """What a write did (or, from `Store.check`, would do): counts and one change row per figure."""

    added: int
    unchanged: int
    new: int
    revised: int
    changes: pd.DataFrame = field(repr=False, compare=False)
    refused: int = 0  # rows with problems, left out (`skip_invalid`)
    problems: list = field(default_factory=list, repr=False, compare=False)
