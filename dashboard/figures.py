"""Yearly figures: the one validation path for every way in.

Every figure - typed in the app, uploaded as a spreadsheet, imported on the command line or
shipped in ``data/actuals.csv`` - passes through `validate` before the store accepts it. The
module is pure: no files, no database, no Streamlit. How single cells are read (numbers, years,
texts) is in `dashboard.cells`; the problems are `RowProblem`s whose message (`Msg`) is rendered
in the user's language at the edge.

Limits of a value (README-worthy): no value below 0; a share (kind share, or unit %) from 0 to
100; a milestone 0 or 1; any other value at most `MAX_LEVEL` (10^15) in its unit - no plan
figure comes near it, and a bigger number is a unit or typing mistake that would break every
output. A typed number keeps at most 15 significant digits and 10 decimal places
(`dashboard.cells`).

Rows are numbered as the user sees them in a spreadsheet: the header is row 1, so the first
figure is row 2 (`ROW_CONVENTION`). Yearly rules are in `validate`'s docstring.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.cells import (  # noqa: F401 - the cell readers are part of this module's interface
    CONTROL,
    MAX_TEXT,
    FigureError,
    clean_text,
    parse_number,
    parse_year,
    shown_text,
    text_problem,
    to_number,
)
from dashboard.cells import missing as _missing
from dashboard.formatting import number
from dashboard.i18n import t
from dashboard.messages import Both, Msg

STATUSES = ("preliminary", "final", "revised")
COLUMNS = ["indicator_id", "year", "value", "figure_status", "source", "note"]
FOLLOW_UP_YEARS = 3
JUMP_FACTOR = 3.0
MAX_LEVEL = 1e15
ROW_CONVENTION = "rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2"
SMALL = 200  # up to this many rows, jumps are checked row by row
JUMP = "store.jump"  # the key of a suspicious jump: the one problem a user may confirm away
_COLUMN_LABELS = {"indicator_id": "field.id", "year": "field.year", "value": "field.value",
                  "figure_status": "field.figure_status", "source": "field.source", "note": "field.note"}
_FAST_NUMBER = r"-?[0-9]{1,15}(?:\.[0-9]{1,10})?"


def name_of(ind) -> Both:
    """An indicator's name in both languages (the English name, when the catalog has one)."""
    return Both(ind.name, getattr(ind, "name_en", None))


def column_label(column: str, lang: str) -> str:
    """A column as the user knows it: its label in Chinese, the interchange column name in English."""
    return t(_COLUMN_LABELS[column], lang) if lang != "en" and column in _COLUMN_LABELS else column


@dataclass(frozen=True)
class RowProblem:
    """A problem of one spreadsheet row and column; `msg` is rendered in the user's language."""

    row: int
    column: str
    msg: Msg

    @property
    def message(self) -> str:
        return self.msg.render("en")

    def text(self, lang: str) -> str:
        return self.msg.render(lang)

    def line(self, lang: str) -> str:
        return t("store.row_problem", lang).format(row=self.row, column=column_label(self.column, lang),
                                                   message=self.text(lang))

    def __str__(self) -> str:
        return self.line("en")


def describe(problems: list[RowProblem], lang: str = "en") -> str:
    """All problems, one per line, after a line saying how rows are numbered.

    >>> print(describe([RowProblem(2, "year", Msg.of("store.year.nothing"))]))
    1 problem (rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2):
    row 2, year: expected a four-digit year such as 2022, found nothing
    """
    key = "store.problems_head_1" if len(problems) == 1 else "store.problems_head"
    head = t(key, lang).format(n=len(problems), convention=t("store.convention", lang))
    return "\n".join([head, *(p.line(lang) for p in problems)])


class InvalidFigures(FigureError):
    """A batch with problems: `.problems` lists every one (nothing was stored)."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        self.msg = None
        Exception.__init__(self, problems)

    def render(self, lang: str = "zh") -> str:
        return describe(self.problems, lang)


@dataclass(frozen=True)
class Figure:
    """One yearly figure as entered: the interchange columns of a spreadsheet row."""

    indicator_id: str
    year: int
    value: float | str
    figure_status: str = "preliminary"
    source: str | None = None
    note: str | None = None


def text_or_none(x) -> str | None:
    if _missing(x):
        return None
    s = str(x).strip()
    return s or None


def _unknown(ind_id: str, catalog) -> Msg:
    by_name = [i.id for i in catalog.indicators.values() if ind_id in (i.name, i.name_en)]
    close = by_name or difflib.get_close_matches(ind_id, list(catalog.indicators), n=1)
    hint = ""
    if close:
        ind = catalog.indicators[close[0]]
        hint = Msg.of("store.indicator.hint", name=name_of(ind), code=Msg.of("store.indicator.code", id=ind.id))
    return Msg.of("store.indicator.unknown", found=shown_text(ind_id), hint=hint)


def _value_rule(ind, value: float, found: str) -> Msg | None:
    """The rule a value breaks for its indicator's kind and unit (module docstring), or None."""
    name = name_of(ind)
    if ind.kind == "milestone":
        return None if value in (0, 1) else Msg.of("store.value.milestone", name=name, found=found)
    if ind.kind == "growth":  # a yearly growth rate in %: may be negative, never −100 % or below
        return None if value > -100 else Msg.of("store.value.growth", name=name, found=found)
    if value < 0:
        return Msg.of("store.value.negative", name=name, unit=ind.unit, found=found)
    if ind.kind == "share" or ind.unit == "%":
        return Msg.of("store.value.share", name=name, found=found) if value > 100 else None
    if value > MAX_LEVEL:
        return Msg.of("store.value.too_large", name=name, unit=ind.unit, found=found, max=number(MAX_LEVEL))
    return None


def _texts(cells: list) -> list[str | None]:
    """Text cells stripped, carriage returns as newlines, empty as None (`clean_text` of each)."""
    return _once(clean_text, cells)


def _once(fn: Callable, cells: list) -> list:
    """`fn` of every cell, computed once per distinct cell: a column repeats a few ids, sources and statuses
    thousands of times."""
    seen: dict = {}
    out = []
    for x in cells:
        key = (type(x), x)  # 1, 1.0 and True are equal keys, but not the same text
        try:
            value = seen[key]
        except KeyError:
            value = seen[key] = fn(x)
        except TypeError:  # an unhashable cell
            value = fn(x)
        out.append(value)
    return out


VALID_COLUMNS = ["row", *COLUMNS, "confirmed_jump"]


class _Problems:
    """Problems collected by position; `rows` maps positions to spreadsheet row numbers."""

    def __init__(self, rows: np.ndarray):
        self.rows, self.found, self.bad = rows, [], np.zeros(len(rows), bool)

    def add(self, pos: int, column: str, msg: Msg) -> None:
        self.found.append(RowProblem(int(self.rows[pos]), column, msg))
        self.bad[pos] = True

    def sorted(self) -> list[RowProblem]:
        return sorted(self.found, key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 99))


def _cells(rows: pd.DataFrame, catalog, out: _Problems, allowed) -> dict:
    """Every cell of every row checked on its own (plain cells on a fast path, the rest one by one)."""
    n = len(rows)

    def col(c) -> list:
        return rows[c].tolist() if c in rows else [None] * n

    inds = catalog.indicators
    ids = _once(text_or_none, col("indicator_id"))
    known = np.array([i in inds for i in ids], bool)
    for pos in np.flatnonzero(~known):
        out.add(pos, "indicator_id", Msg.of("store.indicator.nothing") if ids[pos] is None
                else _unknown(ids[pos], catalog))
    if allowed is not None:
        verdicts = {i: allowed(inds[i]) for i in {ids[pos] for pos in np.flatnonzero(known)}}
        for pos in np.flatnonzero(known):
            if (why := verdicts[ids[pos]]) is not None:
                out.add(pos, "indicator_id", why)

    years = _parsed(col("year"), _FAST_YEAR, lambda x, pos: parse_year(x), out, "year")
    plans = {i: catalog.plans[inds[i].plan] for i in set(ids) if i in inds}
    firsts = np.array([plans[i].base_year if k else np.nan for i, k in zip(ids, known, strict=True)], float)
    lasts = np.array([plans[i].target_year + FOLLOW_UP_YEARS if k else np.nan for i, k in zip(ids, known,
                                                                                          strict=True)], float)
    with np.errstate(invalid="ignore"):
        outside = known & ~np.isnan(years) & ((years < firsts) | (years > lasts))
    for pos in np.flatnonzero(outside):
        ind, plan = inds[ids[pos]], plans[ids[pos]]
        out.add(pos, "year", Msg.of("store.year.range", first=plan.base_year, last=int(lasts[pos]),
                                    name=name_of(ind), plan=Both(plan.title, plan.title_en), target=plan.target_year,
                                    follow=FOLLOW_UP_YEARS, year=int(years[pos])))

    raw_values = col("value")
    values = _parsed(raw_values, _FAST_VALUE,
                     lambda x, pos: to_number(x, inds[ids[pos]].unit if known[pos] else None), out, "value")
    milestones = np.array([k and inds[i].kind == "milestone" for i, k in zip(ids, known, strict=True)], bool)
    growth = np.array([k and inds[i].kind == "growth" for i, k in zip(ids, known, strict=True)], bool)
    shares = np.array([k and (inds[i].kind == "share" or inds[i].unit == "%") for i, k in zip(ids, known,
                                                                                             strict=True)], bool)
    with np.errstate(invalid="ignore"):
        suspect = known & ~np.isnan(values) & np.where(
            milestones, (values != 0) & (values != 1), np.where(
                growth, (values <= -100) | (values > MAX_LEVEL),
                (values < 0) | np.where(shares, values > 100, values > MAX_LEVEL)))
    for pos in np.flatnonzero(suspect):
        typed = raw_values[pos]
        found = typed.strip() if isinstance(typed, str) else number(values[pos])
        if (rule := _value_rule(inds[ids[pos]], values[pos], found)) is not None:
            out.add(pos, "value", rule)

    raw_status = col("figure_status")
    statuses = [(t_ or "preliminary").lower() for t_ in _texts(raw_status)]
    for pos, status in enumerate(statuses):
        if status not in STATUSES:
            out.add(pos, "figure_status", Msg.of("store.status.bad", found=text_or_none(raw_status[pos])))
    texts = {}
    for c in ("source", "note"):
        texts[c] = _texts(col(c))
        problems = {text: why for text in set(texts[c]) if text is not None and (why := text_problem(text))}
        if problems:
            for pos, text in enumerate(texts[c]):
                if text in problems:
                    out.add(pos, c, problems[text])
    return {"indicator_id": ids, "year": years, "value": values, "figure_status": statuses, **texts}


_FAST_YEAR = re.compile(r"[0-9]{4}(?:\.0+)?")
_FAST_VALUE = re.compile(_FAST_NUMBER)


def _parsed(cells: list, fast: re.Pattern, slow: Callable, out: _Problems, column: str) -> np.ndarray:
    """A column as floats (NaN where refused): plain ASCII text and plain numbers at once, every other
    cell through `slow(cell, position)` (which raises FigureError with the message)."""
    result = np.full(len(cells), np.nan)
    seen: dict = {}  # plain cells already read (a column of years repeats a few values thousands of times)
    for pos, x in enumerate(cells):
        kind = type(x)
        if kind is str and len(x) <= 16:
            value = seen.get(x)
            if value is None and fast.fullmatch(x):
                value = seen[x] = float(x[:4]) if column == "year" else float(x) + 0.0
            if value is not None:
                result[pos] = value
                continue
        if kind is int and abs(x) < 10**15:
            result[pos] = float(x)
            continue
        try:
            result[pos] = slow(x, pos)
        except FigureError as exc:
            out.add(pos, column, exc.msg)
    return result


def validate(rows: pd.DataFrame, catalog, current: pd.DataFrame | None = None,
             confirm_jumps: bool | set = False,
             allowed: Callable | None = None) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Check every row against the catalog and the stored figures; return (valid rows, problems).

    `rows` has the interchange `COLUMNS` (figure_status, source and note may be missing; an
    empty status means preliminary) and optionally `row`, the spreadsheet row number (default:
    position + 2, see `ROW_CONVENTION`). `current` holds the stored figures (indicator_id, year,
    value). `confirm_jumps`: True, False, or a set of confirmed (indicator_id, year) pairs.
    `allowed(indicator)`: None when the writer may write the indicator, else the refusal's `Msg`.

    Rules: the indicator exists (did-you-mean) and may be written; the year lies in its plan's
    base_year .. target_year + FOLLOW_UP_YEARS; the value parses (`to_number`) and keeps the
    limits of the module docstring; status one of STATUSES; texts without control characters;
    one figure per (indicator, year); a figure outside [prev/3, 3·prev] of the previous accepted
    figure is refused unless confirmed, and then marked confirmed_jump. The previous accepted
    figure (`_previous`) is the latest earlier year's among this upload's accepted rows, the
    stored figures and the baseline; a refused row never serves as one, so the valid rows pass
    again when stored on their own.

    >>> from dashboard.catalog import load
    >>> from pathlib import Path
    >>> cat = load(Path(__file__).parent.parent / "tests/fixtures/catalog/indicators.yaml")
    >>> ok, bad = validate(pd.DataFrame({"indicator_id": ["services-share", "services-share"],
    ...                                  "year": [2019, 2020], "value": ["53", "120"]}), cat)
    >>> ok["row"].tolist(), ok["value"].tolist(), [str(p) for p in bad]
    ([2], [53.0], ['row 3, value: expected a share from 0 to 100 for Services share of GDP (%), found 120'])
    """
    numbers_ = (rows["row"] if "row" in rows else pd.Series(range(2, len(rows) + 2))).to_numpy(dtype="int64")
    out = _Problems(numbers_)
    cells = _cells(rows, catalog, out, allowed)
    ids, years = cells["indicator_id"], cells["year"]
    ok = np.flatnonzero(~out.bad)
    if len(ok) > 1000:  # one hash pass over the keys
        twice = pd.DataFrame({"id": [ids[p] for p in ok], "year": years[ok]}).duplicated(keep=False).to_numpy()
    else:  # a few rows: cheaper than building a frame
        counts = Counter((ids[p], years[p]) for p in ok)
        twice = np.array([counts[(ids[p], years[p])] > 1 for p in ok], bool)
    single = ok[~twice].tolist()
    groups: dict[tuple, list[int]] = {}  # only the rows whose (indicator, year) comes more than once
    for pos in ok[twice]:
        groups.setdefault((ids[pos], int(years[pos])), []).append(int(pos))
    for (ind_id, year), where in groups.items():
        for pos in where:
            others = ", ".join(str(numbers_[p]) for p in where if p != pos)
            out.add(pos, "year", Msg.of("store.duplicate", name=name_of(catalog.indicators[ind_id]), year=year,
                                        others=others))
    keep = np.array(sorted(single), dtype="int64")
    good = {"pos": keep, "indicator_id": np.array([ids[p] for p in keep], dtype=object),
            "year": years[keep].astype("int64"), "value": cells["value"][keep]}
    accepted, marked = _jumps(good, catalog, current, confirm_jumps, out)
    chosen = keep[accepted]
    valid = {"row": numbers_[chosen], "indicator_id": good["indicator_id"][accepted], "year": good["year"][accepted],
             "value": good["value"][accepted], "confirmed_jump": marked[accepted],
             **{c: [cells[c][p] for p in chosen] for c in ("figure_status", "source", "note")}}
    return _typed(valid), out.sorted()


def _previous_values(good_rows: dict, catalog, current: pd.DataFrame | None) -> tuple[np.ndarray, ...]:
    """For each good row: (year, value, where) of the figure it is compared with, assuming every
    good row is accepted: the latest earlier year among this upload, the store and the baseline
    (for one year the upload wins over the store, the store over the baseline)."""
    good = pd.DataFrame({c: good_rows[c] for c in ("indicator_id", "year", "value")})
    parts = [good.assign(prio=2, pos=np.arange(len(good)))]
    present = good["indicator_id"].unique().tolist()
    if current is not None and len(current):
        stored = current[current["indicator_id"].isin(present)]
        parts.append(pd.DataFrame({"indicator_id": stored["indicator_id"].astype(str).to_numpy(),
                                   "year": stored["year"].astype("int64").to_numpy(),
                                   "value": stored["value"].astype(float).to_numpy(), "prio": 1, "pos": -1}))
    base = [(i, catalog.indicators[i].baseline) for i in present]
    base = [(i, b.year, float(b.value)) for i, b in base if b is not None and b.value is not None]
    if base:
        parts.append(pd.DataFrame(base, columns=["indicator_id", "year", "value"]).assign(prio=0, pos=-1))
    every = pd.concat(parts, ignore_index=True).sort_values(["indicator_id", "year", "prio"], kind="stable")
    every = every.drop_duplicates(["indicator_id", "year"], keep="last")
    same = every["indicator_id"].eq(every["indicator_id"].shift())
    prev_year = every["year"].shift().where(same)
    prev_value = every["value"].shift().where(same)
    prev_where = every["prio"].shift().where(same)
    mine = every["pos"].to_numpy() >= 0
    order = every["pos"].to_numpy()[mine]
    py, pv, pw = (np.full(len(good), np.nan) for _ in range(3))
    py[order], pv[order], pw[order] = (s.to_numpy(dtype=float)[mine] for s in (prev_year, prev_value, prev_where))
    return py, pv, pw


_WHERE = {2: "store.where.upload", 1: "store.where.stored", 0: "store.where.baseline"}


def _jumps(good: dict, catalog, current, confirm_jumps, out: _Problems) -> tuple[np.ndarray, np.ndarray]:
    """(accepted, marked as a confirmed jump) for every good row; unconfirmed jumps become problems.

    Vectorised while no jump is refused; an indicator with a refused jump is walked year by year,
    because a refused row must not serve as the next year's previous figure."""
    n = len(good["pos"])
    accepted, marked = np.ones(n, bool), np.zeros(n, bool)
    if n == 0:
        return accepted, marked
    ids, years, values = good["indicator_id"], good["year"], good["value"]
    milestone = np.array([catalog.indicators[i].kind in ("milestone", "growth") for i in ids], bool)  # no jumps

    def confirmed(i: int) -> bool:
        return confirm_jumps is True or (isinstance(confirm_jumps, set | frozenset)
                                         and (ids[i], int(years[i])) in confirm_jumps)

    if n <= SMALL:  # a few figures: walk them (cheaper than the vectorised set-up)
        refused = set(ids)
    else:
        py, pv, pw = _previous_values(good, catalog, current)
        with np.errstate(invalid="ignore", divide="ignore"):
            jump = ~milestone & (pv > 0) & ((values < pv / JUMP_FACTOR) | (values > pv * JUMP_FACTOR))
        refused = {ids[i] for i in np.flatnonzero(jump) if not confirmed(i)}
        for i in np.flatnonzero(jump):
            if ids[i] not in refused:
                marked[i] = True
    for ind_id in refused:  # walk these indicators in year order, as accepted figures accumulate
        rows = sorted(np.flatnonzero(ids == ind_id), key=lambda i: years[i])
        ind, seen = catalog.indicators[ind_id], {}
        stored = {}
        if current is not None and len(current):
            mine = current[current["indicator_id"] == ind_id]
            stored = dict(zip(mine["year"].astype(int), mine["value"].astype(float), strict=True))
        for i in rows:
            prev = _previous(ind, int(years[i]), seen, stored)
            why = _jump_msg(ind, int(years[i]), float(values[i]), prev)
            if why is not None and not confirmed(i):
                accepted[i] = False
                out.add(int(good["pos"][i]), "value", why)
            else:
                marked[i] = why is not None
                seen[int(years[i])] = float(values[i])
    return accepted, marked


def _jump_msg(ind, year: int, value: float, prev: tuple[int, float, str] | None) -> Msg | None:
    """Why `value` is more than JUMP_FACTOR times off `prev` = (year, value, where-key), or None."""
    if prev is None:
        return None
    prev_year, prev_value, where = prev
    if ind.kind in ("milestone", "growth") or prev_value <= 0 or (
            prev_value / JUMP_FACTOR <= value <= prev_value * JUMP_FACTOR):
        return None
    return Msg.of(JUMP, year=year, value=number(value), ratio=f"{value / prev_value:.3g}", prev_year=prev_year,
                  prev=number(prev_value), where=Msg.of(where), factor=f"{JUMP_FACTOR:g}", unit=ind.unit)


def _previous(ind, year: int, accepted: dict, stored: dict) -> tuple[int, float, str] | None:
    """The accepted figure a new figure for `year` is compared with: (year, value, where-key), or None.

    The latest earlier year among this upload's accepted rows (`accepted`: year -> value), the
    stored figures (`stored`: year -> value; an accepted upload row replaces the stored one) and
    the plan's baseline. Rows refused in this upload do not count, so storing only the valid rows
    of an upload checks each of them exactly as if the refused rows had not been there.

    >>> from types import SimpleNamespace as NS
    >>> ind = NS(baseline=NS(year=2018, value=100.0))
    >>> _previous(ind, 2021, {2020: 5.0}, {2019: 110.0, 2020: 120.0}), _previous(ind, 2020, {}, {})
    ((2020, 5.0, 'store.where.upload'), (2018, 100.0, 'store.where.baseline'))
    """
    candidates = [(y, v, 2) for y, v in accepted.items() if y < year]
    candidates += [(y, v, 1) for y, v in stored.items() if y < year and y not in accepted]
    if ind.baseline is not None and ind.baseline.value is not None and ind.baseline.year < year:
        candidates.append((ind.baseline.year, ind.baseline.value, 0))
    best = max(candidates, key=lambda c: (c[0], c[2]), default=None)
    return None if best is None else (best[0], best[1], _WHERE[best[2]])


_DTYPES = {"row": "int64", "indicator_id": "str", "year": "int64", "value": "float64", "figure_status": "str",
           "source": "object", "note": "object", "confirmed_jump": "bool"}


def _typed(valid: dict) -> pd.DataFrame:
    """The valid rows (columns as arrays or lists) as a frame with fixed dtypes; missing texts are None.
    Built from arrays (no Series to align: a one-figure save pays for the frame more than for its checks)."""
    data = {}
    for c in VALID_COLUMNS:
        kind = _DTYPES[c]
        if kind == "str":
            data[c] = pd.array(valid[c] if isinstance(valid[c], list) else list(valid[c]), dtype="str")
        elif kind == "object":
            data[c] = pd.Series(valid[c], dtype=object)
        else:
            data[c] = np.asarray(valid[c], dtype=kind)
    return pd.DataFrame(data, columns=VALID_COLUMNS)


def as_frame(figures) -> pd.DataFrame:
    """Figures given as a DataFrame or a list of `Figure`s or dicts, as a DataFrame of COLUMNS (+ row).

    >>> as_frame([Figure("a", 2020, "1"), {"indicator_id": "b", "year": 2021, "value": 2}])["indicator_id"].tolist()
    ['a', 'b']
    """
    if isinstance(figures, pd.DataFrame):
        return figures.copy()
    records = [f if isinstance(f, dict) else vars(f) for f in figures]
    extra = [c for c in ("row", "base_revision") if any(c in r for r in records)]
    return pd.DataFrame(records, columns=[*extra, *COLUMNS])
