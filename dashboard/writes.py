"""What a write to the store is made of and what it can answer: who writes (`Actor`), what a write
did (`WriteResult`), and the refusals (`PermissionDenied`, `StaleFigures` with its `Conflict`s,
`MissingDatabase`). Plain data, no SQL: the store (`dashboard/store.py`) uses them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

from dashboard.figures import FigureError

Role = Literal["viewer", "manager", "admin"]


def plain(x) -> str:
    """A stored value for a message: no exponent, no trailing zeros.

    >>> plain(11000.0), plain(52.35), plain(None)
    ('11000', '52.35', '—')
    """
    return "—" if x is None or pd.isna(x) else np.format_float_positional(float(x), trim="-")


class PermissionDenied(Exception):
    """The user may not write these figures (the attempt has been logged)."""


class MissingDatabase(Exception):
    """A read-only command was pointed at a SQLite file that does not exist."""


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

    def when(self) -> str:
        at = pd.Timestamp(self.entered_at)
        return (at.tz_localize("UTC") if at.tzinfo is None else at.tz_convert("UTC")).strftime("%Y-%m-%d %H:%M UTC")

    def __str__(self) -> str:
        what = "retracted" if self.action == "retract" else f"changed to {plain(self.value)}"
        return (f"row {self.row}: {self.indicator_id} {self.year} was {what} by {self.entered_by} at {self.when()} "
                f"(revision {self.revision or 'none'}, you edited revision {self.expected or 'none'}) — "
                "reload before editing")


class StaleFigures(FigureError):
    """Figures changed by another writer since they were shown: nothing was stored."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__(f"{len(conflicts)} figure(s) changed by someone else since you loaded them, nothing "
                         "stored:\n" + "\n".join(f"  {c}" for c in conflicts))


@dataclass(frozen=True)
class Actor:
    """Who is writing: admins write anything, managers their departments' indicators, viewers nothing.

    >>> Actor("李四", "manager", ["市商务委"]).may_write("市商务委"), Actor("王五", "viewer").may_write(None)
    (True, False)
    """

    name: str
    role: Role
    departments: tuple[str, ...] = ()

    def __post_init__(self):
        if self.role not in get_args(Role):
            raise ValueError(f'unknown role "{self.role}" — expected one of {", ".join(get_args(Role))}')
        object.__setattr__(self, "departments", tuple(self.departments))

    def may_write(self, owner: str | None) -> bool:
        return self.role == "admin" or (self.role == "manager" and owner is not None and owner in self.departments)

    def describe(self) -> str:
        if self.role == "manager":
            return f"{self.name} (manager of {', '.join(self.departments) or 'no department'})"
        return f"{self.name} ({self.role})"


@dataclass(frozen=True)
class WriteResult:
    """What a write did (or, from `Store.check`, would do): counts and one change row per figure."""

    added: int
    unchanged: int
    new: int
    revised: int
    changes: pd.DataFrame = field(repr=False, compare=False)
