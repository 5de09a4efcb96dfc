"""Yearly figures: number parsing and the one validation path for every way in.

Every figure - typed in the app, uploaded as a spreadsheet, imported on the command line or
shipped in ``data/actuals.csv`` - passes through `validate` before the store accepts it. The
module is pure: no files, no database, no Streamlit.

Numbers (`parse_number`). Accepted:

- plain numbers ``12``, ``12.5``, ``.5``; a leading minus ``-3.2`` (also ``−`` U+2212);
- full-width digits, point and minus ``１２．５`` / ``－３`` (normalised with Unicode NFKC);
- thousands separators only in the strict form ``1,234,567.8`` (groups of exactly three digits;
  a full-width ``，`` counts as a comma);
- spaces around the number (also full-width and non-breaking spaces).

Refused, each with its own message: nothing; units or suffixes (``1.2万``, ``340亿``, ``12%``:
write the plain number in the indicator's unit); ``12,3`` and any comma that is not a
thousands separator in groups of three (ambiguous: 12.3 or 123?); NaN and infinity; a plus
sign; exponents (``1e5``); spaces inside a number; anything else.

Rows (`validate`) are numbered as the user sees them in a spreadsheet: the header is row 1,
so the first figure is row 2 (`ROW_CONVENTION`). Yearly rules are in `validate`'s docstring.
"""

from __future__ import annotations

import difflib
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from dashboard.formatting import number

STATUSES = ("preliminary", "final", "revised")
COLUMNS = ["indicator_id", "year", "value", "figure_status", "source", "note"]
FOLLOW_UP_YEARS = 3
JUMP_FACTOR = 3.0
MAX_TEXT = 2000
ROW_CONVENTION = "rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2"

_STRICT = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?")
_TWO_PARTS = re.compile(r"-?(\d+),(\d+)")
_COMMAS = re.compile(r"-?[\d,]+(?:\.\d+)?")
_EXPONENT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_INNER_SPACES = re.compile(r"-?[\d.,]+(?:\s+[\d.,]+)+")
_WRAPPED = re.compile(r"(?P<pre>[^\d]*?)\s*(?P<num>-?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(?P<post>[^\d]*)")


class FigureError(ValueError):
    """A figure that cannot be accepted; the message says what, expected, found and a hint."""


class InvalidFigures(FigureError):
    """A batch with problems: `.problems` lists every one (nothing was stored)."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__(describe(problems))


@dataclass(frozen=True)
class Figure:
    """One yearly figure as entered: the interchange columns of a spreadsheet row."""

    indicator_id: str
    year: int
    value: float | str
    figure_status: str = "preliminary"
    source: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


def describe(problems: list[RowProblem]) -> str:
    """All problems, one per line, after a line saying how rows are numbered.

    >>> print(describe([RowProblem(2, "year", "expected a year")]))
    1 problem (rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2):
    row 2, year: expected a year
    """
    head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''} ({ROW_CONVENTION}):"
    return "\n".join([head, *map(str, problems)])


def _plain(x: float) -> str:
    """`x` in positional notation with the shortest digits that read back as `x`.

    >>> _plain(1e5), _plain(-2.5e-7), _plain(1.5e16)
    ('100000', '-0.00000025', '15000000000000000')
    """
    return format(Decimal(repr(x)), "f").removesuffix(".0")


def parse_number(text: str, unit: str | None = None) -> float:
    """The number written in `text` (forms in the module docstring); `unit` only shapes the hint.

    >>> parse_number(" 1,234,567.8 "), parse_number("１２．５"), parse_number("－3"), parse_number(".5")
    (1234567.8, 12.5, -3.0, 0.5)
    >>> parse_number("12,3")
    Traceback (most recent call last):
    dashboard.figures.FigureError: ambiguous number "12,3" — is it 12.3 or 123? Write 12.3 or 123 \
(a comma is accepted only as a thousands separator in groups of three, as in 1,234,567.8)
    >>> parse_number("340亿", "亿元")
    Traceback (most recent call last):
    dashboard.figures.FigureError: expected a plain number, found "340亿" — write the plain number \
in the indicator's unit (亿元), without "亿"
    """
    if not isinstance(text, str):
        raise FigureError(f"expected a number written as text, found {text!r}")
    s = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    found = f'"{text.strip()}"'
    if not s:
        raise FigureError("expected a number, found nothing")
    if s.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise FigureError(f"expected a finite number, found {found}")
    if _STRICT.fullmatch(s) and any(c.isdigit() for c in s):
        if math.isfinite(x := float(s.replace(",", ""))):
            return x
        raise FigureError(f"expected a finite number, found a number of {len(s)} characters — too large for any figure")
    if m := _TWO_PARTS.fullmatch(s):
        a, b = m.groups()
        sign = "-" if s.startswith("-") else ""
        raise FigureError(f"ambiguous number {found} — is it {sign}{a}.{b} or {sign}{a}{b}? Write {sign}{a}.{b} or "
                          f"{sign}{a}{b} (a comma is accepted only as a thousands separator in groups of three, "
                          "as in 1,234,567.8)")
    if _COMMAS.fullmatch(s):
        raise FigureError(f"expected thousands separators in groups of three, as in 1,234,567.8, found {found}")
    if s.startswith("+") and _STRICT.fullmatch(s[1:]) and len(s) > 1:
        raise FigureError(f"expected a plain number, found {found} — leave out the plus sign")
    if _EXPONENT.fullmatch(s):
        if not math.isfinite(float(s)):
            raise FigureError(f"expected a finite number, found {found} — it is too large for any figure")
        raise FigureError(f"expected a plain number, found {found} — write it in full, as {_plain(float(s))}")
    if _INNER_SPACES.fullmatch(s):
        raise FigureError(f"expected a number without spaces inside, found {found}")
    m = _WRAPPED.fullmatch(s)
    if m and _is_unit(extra := (m["pre"] + m["post"]).strip()):
        in_unit = f" ({unit})" if unit else ""
        raise FigureError(f'expected a plain number, found {found} — write the plain number in the '
                          f'indicator\'s unit{in_unit}, without "{extra}"')
    raise FigureError(f"expected a number such as 1234.5, found {found}")


def _is_unit(extra: str) -> bool:
    """Letters, CJK or symbols around a number (万, 亿, %, km, ¥), not stray punctuation."""
    return any(c.isalpha() or unicodedata.category(c) in ("Sc", "Sm", "So") or c in "%‰" for c in extra)


def _missing(x) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def to_number(x, unit: str | None = None) -> float:
    """A cell's value as a float: numbers pass (if finite), text goes through `parse_number`.

    >>> to_number(12), to_number("1,200"), to_number(2.5)
    (12.0, 1200.0, 2.5)
    """
    if _missing(x):
        raise FigureError("expected a number, found nothing")
    if isinstance(x, bool) or not isinstance(x, numbers.Real | str):
        raise FigureError(f"expected a number, found {x!r}")
    if isinstance(x, str):
        return parse_number(x, unit)
    if not math.isfinite(float(x)):
        raise FigureError(f"expected a finite number, found {x}")
    return float(x)


def parse_year(x) -> int:
    """A year cell as an int: 2020, 2020.0 or "2020" (also full-width).

    >>> parse_year("２０２０"), parse_year(2021.0)
    (2020, 2021)
    """
    if _missing(x) or (isinstance(x, str) and not x.strip()):
        raise FigureError("expected a four-digit year such as 2022, found nothing")
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and float(x).is_integer():
        return int(x)
    s = unicodedata.normalize("NFKC", str(x)).strip()
    if re.fullmatch(r"\d{4}", s):
        return int(s)
    raise FigureError(f'expected a four-digit year such as 2022, found "{str(x).strip()}"')


def text_or_none(x) -> str | None:
    if _missing(x):
        return None
    s = str(x).strip()
    return s or None


def _unknown(ind_id: str, catalog) -> str:
    by_name = [i.id for i in catalog.indicators.values() if ind_id in (i.name, i.name_en)]
    close = by_name or difflib.get_close_matches(ind_id, list(catalog.indicators), n=1)
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f'unknown indicator "{ind_id}" — expected an indicator id from the catalog{hint}'


def _check_value(ind, value: float) -> str | None:
    """The rule a value breaks for its indicator's kind and unit, or None."""
    if ind.kind == "milestone":
        return None if value in (0, 1) else \
            f"expected 1 (done) or 0 (not done) for the milestone {ind.id}, found {number(value)}"
    if ind.kind == "growth":  # a yearly growth rate in %: may be negative, never −100 % or below
        return None if value > -100 else \
            f"expected a growth rate above -100 for {ind.id} (%), found {number(value)}"
    if value < 0:
        return f"expected a value of 0 or more for {ind.id} ({ind.unit}), found {number(value)}"
    if ind.unit == "%" and value > 100:
        return f"expected a share from 0 to 100 for {ind.id} (%), found {number(value)}"
    return None


def _parse_row(rec: dict, catalog, bad) -> dict | None:
    """One row's cells checked on their own; calls bad(column, message) for each problem."""
    ind_id, ind, year, value = text_or_none(rec.get("indicator_id")), None, None, None
    if ind_id is None:
        bad("indicator_id", "expected an indicator id, found nothing")
    elif ind_id not in catalog.indicators:
        bad("indicator_id", _unknown(ind_id, catalog))
    else:
        ind = catalog.indicators[ind_id]
    try:
        year = parse_year(rec.get("year"))
    except FigureError as exc:
        bad("year", str(exc))
    if ind is not None and year is not None:
        plan = catalog.plans[ind.plan]
        first, last = plan.base_year, plan.target_year + FOLLOW_UP_YEARS
        if not first <= year <= last:
            bad("year", f"expected a year from {first} to {last} for {ind.id} (plan {plan.id}: base year "
                        f"{first} to target year {plan.target_year} + {FOLLOW_UP_YEARS} years of follow-up), "
                        f"found {year}")
    try:
        value = to_number(rec.get("value"), ind.unit if ind is not None else None)
    except FigureError as exc:
        bad("value", str(exc))
    if ind is not None and value is not None and (rule := _check_value(ind, value)):
        bad("value", rule)
    status = (text_or_none(rec.get("figure_status")) or "preliminary").lower()
    if status not in STATUSES:
        bad("figure_status", f'expected one of {", ".join(STATUSES)}, found "{text_or_none(rec.get("figure_status"))}"')
    texts = {col: text_or_none(rec.get(col)) for col in ("source", "note")}
    for col, text in texts.items():
        if text is not None and len(text) > MAX_TEXT:
            bad(col, f"expected at most {MAX_TEXT} characters, found {len(text)}")
    return {"indicator_id": ind_id, "year": year, "value": value, "figure_status": status, **texts}


def _jump(ind, year: int, value: float, prev: tuple[int, float, str] | None) -> str | None:
    """Why `value` is more than JUMP_FACTOR times off `prev` = (year, value, where), or None."""
    if prev is None:
        return None
    prev_year, prev_value, where = prev
    if ind.kind in ("milestone", "growth") or prev_value <= 0 or (
            prev_value / JUMP_FACTOR <= value <= prev_value * JUMP_FACTOR):
        return None
    return (f"{year} value {number(value)} is {value / prev_value:.3g}× the {prev_year} value {number(prev_value)} "
            f"({where}) — expected between ⅓ and {JUMP_FACTOR:g} times the previous year; check the unit ({ind.unit}) "
            "and the year, or confirm the jump if the figure is right")


def _previous(ind, year: int, accepted: dict, stored: dict) -> tuple[int, float, str] | None:
    """The accepted figure a new figure for `year` is compared with: (year, value, where), or None.

    The latest earlier year among this upload's accepted rows (`accepted`: year -> value), the
    stored figures (`stored`: year -> value; an accepted upload row replaces the stored one) and
    the plan's baseline. Rows refused in this upload do not count, so storing only the valid rows
    of an upload checks each of them exactly as if the refused rows had not been there.

    >>> from types import SimpleNamespace as NS
    >>> ind = NS(baseline=NS(year=2018, value=100.0))
    >>> _previous(ind, 2021, {2020: 5.0}, {2019: 110.0, 2020: 120.0}), _previous(ind, 2020, {}, {})
    ((2020, 5.0, 'in this upload'), (2018, 100.0, "the plan's baseline"))
    """
    candidates = [(y, v, "in this upload") for y, v in accepted.items() if y < year]
    candidates += [(y, v, "stored") for y, v in stored.items() if y < year and y not in accepted]
    if ind.baseline is not None and ind.baseline.value is not None and ind.baseline.year < year:
        candidates.append((ind.baseline.year, ind.baseline.value, "the plan's baseline"))
    return max(candidates, key=lambda c: (c[0], c[2] == "in this upload"), default=None)


VALID_COLUMNS = ["row", *COLUMNS, "confirmed_jump"]


def validate(rows: pd.DataFrame, catalog, current: pd.DataFrame | None = None,
             confirm_jumps: bool | set = False) -> tuple[pd.DataFrame, list[RowProblem]]:
    """Check every row against the catalog and the stored figures; return (valid rows, problems).

    `rows` has the interchange `COLUMNS` (figure_status, source and note may be missing; an
    empty status means preliminary) and optionally `row`, the spreadsheet row number (default:
    position + 2, see `ROW_CONVENTION`). `current` holds the stored figures (indicator_id, year,
    value). `confirm_jumps`: True, False, or a set of confirmed (indicator_id, year) pairs.

    Rules: the indicator exists (did-you-mean); the year lies in its plan's base_year ..
    target_year + FOLLOW_UP_YEARS; the value parses (`to_number`); no negative values; shares in
    % at most 100; milestones 0 or 1; status one of STATUSES; one figure per (indicator, year);
    a figure outside [prev/3, 3·prev] of the previous accepted figure is refused unless confirmed,
    and then marked confirmed_jump. The previous accepted figure (`_previous`) is the latest
    earlier year's among this upload's accepted rows, the stored figures and the baseline; a
    refused row never serves as one, so the valid rows pass again when stored on their own.

    >>> from dashboard.catalog import load
    >>> from pathlib import Path
    >>> cat = load(Path(__file__).parent.parent / "tests/fixtures/catalog/indicators.yaml")
    >>> ok, bad = validate(pd.DataFrame({"indicator_id": ["services-share", "services-share"],
    ...                                  "year": [2019, 2020], "value": ["53", "120"]}), cat)
    >>> ok["row"].tolist(), ok["value"].tolist(), [str(p) for p in bad]
    ([2], [53.0], ['row 3, value: expected a share from 0 to 100 for services-share (%), found 120'])
    """
    numbers_ = rows["row"].tolist() if "row" in rows else list(range(2, len(rows) + 2))
    problems: list[RowProblem] = []
    parsed: list[tuple[int, dict, bool]] = []
    present = [c for c in COLUMNS if c in rows]
    records = (dict(zip(present, cells, strict=True)) for cells in zip(*(rows[c].tolist() for c in present),
                                                                           strict=True))
    for rownum, rec in zip(numbers_, records, strict=False):
        found: list[RowProblem] = []
        fig = _parse_row(rec, catalog, lambda col, msg, r=int(rownum), f=found: f.append(RowProblem(r, col, msg)))
        problems += found
        parsed.append((int(rownum), fig, not found))
    seen: dict[tuple, list[int]] = {}
    for rownum, fig, _ in parsed:
        if fig["indicator_id"] in catalog.indicators and fig["year"] is not None:
            seen.setdefault((fig["indicator_id"], fig["year"]), []).append(rownum)
    for (ind_id, year), where in seen.items():
        for rownum in where if len(where) > 1 else []:
            others = ", ".join(str(r) for r in where if r != rownum)
            problems.append(RowProblem(rownum, "year", f"duplicate figure for {ind_id} {year} — expected one "
                                                       f"figure per indicator and year, found another at row {others}"))
    good = [(r, f) for r, f, ok in parsed if ok and len(seen[(f["indicator_id"], f["year"])]) == 1]
    stored: dict[str, dict[int, float]] = {}
    if current is not None and not current.empty:
        for i, y, v in zip(current["indicator_id"], current["year"], current["value"], strict=True):
            stored.setdefault(i, {})[int(y)] = float(v)
    accepted: dict[str, dict[int, float]] = {}
    verdict: dict[int, str | None] = {}
    for rownum, fig in sorted(good, key=lambda g: (g[1]["indicator_id"], g[1]["year"])):
        key = (fig["indicator_id"], fig["year"])
        ind = catalog.indicators[key[0]]
        prev = _previous(ind, key[1], accepted.get(key[0], {}), stored.get(key[0], {}))
        why = _jump(ind, key[1], fig["value"], prev)
        confirmed = confirm_jumps is True or (isinstance(confirm_jumps, set | frozenset) and key in confirm_jumps)
        verdict[rownum] = why
        if why and not confirmed:
            problems.append(RowProblem(rownum, "value", why))
        else:
            accepted.setdefault(key[0], {})[key[1]] = fig["value"]
    valid = [{"row": rownum, **fig, "confirmed_jump": bool(verdict[rownum])} for rownum, fig in good
             if fig["year"] in accepted.get(fig["indicator_id"], {})]
    problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 99))
    return _typed(valid), problems


_DTYPES = {"row": "int64", "indicator_id": "str", "year": "int64", "value": "float64", "figure_status": "str",
           "source": "str", "note": "str", "confirmed_jump": "bool"}


def _typed(records: list[dict]) -> pd.DataFrame:
    """The valid rows as a DataFrame with fixed dtypes (built column by column: much faster than astype)."""
    return pd.DataFrame({c: pd.array([r[c] for r in records], dtype=_DTYPES[c]) for c in VALID_COLUMNS})


def as_frame(figures) -> pd.DataFrame:
    """Figures given as a DataFrame or a list of `Figure`s or dicts, as a DataFrame of COLUMNS (+ row).

    >>> as_frame([Figure("a", 2020, "1"), {"indicator_id": "b", "year": 2021, "value": 2}])["indicator_id"].tolist()
    ['a', 'b']
    """
    if isinstance(figures, pd.DataFrame):
        return figures.copy()
    records = [f if isinstance(f, dict) else vars(f) for f in figures]
    extra = [c for c in ("row",) if any(c in r for r in records)]
    return pd.DataFrame(records, columns=[*extra, *COLUMNS])
