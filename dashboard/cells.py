"""Cells as typed: numbers, years and texts, each refused with a message (`FigureError`) or accepted.

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

No silent rounding: a typed number is stored as a binary double. Any number of up to
`MAX_DIGITS` (15) significant digits is stored exactly (it reads back as typed); a longer one
is accepted only when it reads back exactly as typed (e.g. ``0.30000000000000004``, the full
form of a double), and refused with a message otherwise - ``12345678901234567`` would be
stored as ...568, a 400-digit decimal as 0. Leading zeros and the zeros at the end (``1200``,
``2.50``) do not count as significant. ``-0`` is stored as 0.

Years (`parse_year`): 2020, 2020.0, "2020" and "2020.0" (also full-width); not 2020.5.

Texts (`text_problem`): a control character other than tab and newline (``\\x00``-``\\x1f``,
``\\x7f``) is refused, because the exports (xlsx) and PostgreSQL (NUL) cannot carry it; a
carriage return is read as a newline. At most `MAX_TEXT` characters.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from decimal import Decimal

import pandas as pd

from dashboard.messages import MessageError, Msg

MAX_DIGITS = 15
MAX_TEXT = 2000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_STRICT = re.compile(r"-?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?")
_TWO_PARTS = re.compile(r"-?(\d+),(\d+)")
_COMMAS = re.compile(r"-?[\d,]+(?:\.\d+)?")
_EXPONENT = re.compile(r"-?(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_INNER_SPACES = re.compile(r"-?[\d.,]+(?:\s+[\d.,]+)+")
_WRAPPED = re.compile(r"(?P<pre>[^\d]*?)\s*(?P<num>-?(?:\d[\d,]*(?:\.\d+)?|\.\d+))\s*(?P<post>[^\d]*)")
_YEAR = re.compile(r"(\d{4})(?:\.0+)?")


class FigureError(MessageError, ValueError):
    """A figure that cannot be accepted; the message says what, expected, found and a hint."""


def _plain(x: float) -> str:
    """`x` in positional notation with the shortest digits that read back as `x`.

    >>> _plain(1e5), _plain(-2.5e-7), _plain(1.5e16)
    ('100000', '-0.00000025', '15000000000000000')
    """
    return format(Decimal(repr(x)), "f").removesuffix(".0")


def significant(s: str) -> int:
    """The significant digits of a plain number written `s` (no exponent).

    >>> significant("-1,200.50"), significant("0.000123"), significant("12345678901234567")
    (5, 3, 17)
    """
    whole, _, frac = s.lstrip("-").replace(",", "").partition(".")
    return len((whole + frac.rstrip("0")).strip("0"))


def parse_number(text: str, unit: str | None = None) -> float:
    """The number written in `text` (forms in the module docstring); `unit` only shapes the hint.

    >>> parse_number(" 1,234,567.8 "), parse_number("１２．５"), parse_number("－3"), parse_number(".5")
    (1234567.8, 12.5, -3.0, 0.5)
    >>> parse_number("-0")
    0.0
    >>> parse_number("12,3")
    Traceback (most recent call last):
    dashboard.cells.FigureError: ambiguous number "12,3" — is it 12.3 or 123? Write 12.3 or 123 \
(a comma is accepted only as a thousands separator in groups of three, as in 1,234,567.8)
    >>> parse_number("340亿", "亿元")
    Traceback (most recent call last):
    dashboard.cells.FigureError: expected a plain number, found "340亿" — write the plain number \
in the indicator's unit (亿元), without "亿"
    """
    if not isinstance(text, str):
        raise FigureError("store.number.not_text", found=repr(text))
    s = unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()
    found = shown_text(text.strip())
    if not s:
        raise FigureError("store.number.nothing")
    if s.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise FigureError("store.number.not_finite", found=f'"{found}"')
    if _STRICT.fullmatch(s) and any(c.isdigit() for c in s):
        plain = s.replace(",", "")
        if not math.isfinite(x := float(plain)):
            raise FigureError("store.number.too_long", n=len(s))
        if len(plain) > MAX_DIGITS and Decimal(plain) != Decimal(repr(x)):  # 15 digits or fewer: always exact
            raise FigureError("store.number.inexact", found=found, n=significant(s), max=MAX_DIGITS,
                              stored=_plain(x))
        return x + 0.0  # -0 -> 0
    if m := _TWO_PARTS.fullmatch(s):
        a, b = m.groups()
        sign = "-" if s.startswith("-") else ""
        raise FigureError("store.number.ambiguous", found=found, a=f"{sign}{a}.{b}", b=f"{sign}{a}{b}")
    if _COMMAS.fullmatch(s):
        raise FigureError("store.number.groups", found=found)
    if s.startswith("+") and _STRICT.fullmatch(s[1:]) and len(s) > 1:
        raise FigureError("store.number.plus", found=found)
    if _EXPONENT.fullmatch(s):
        if not math.isfinite(float(s)):
            raise FigureError("store.number.exponent_huge", found=found)
        raise FigureError("store.number.exponent", found=found, full=_plain(float(s)))
    if _INNER_SPACES.fullmatch(s):
        raise FigureError("store.number.spaces", found=found)
    m = _WRAPPED.fullmatch(s)
    if m and _is_unit(extra := (m["pre"] + m["post"]).strip()):
        if unit:
            raise FigureError("store.number.unit", found=found, unit=unit, extra=extra)
        raise FigureError("store.number.unit_unknown", found=found, extra=extra)
    raise FigureError("store.number.other", found=found)


def _is_unit(extra: str) -> bool:
    """Letters, CJK or symbols around a number (万, 亿, %, km, ¥), not stray punctuation."""
    return any(c.isalpha() or unicodedata.category(c) in ("Sc", "Sm", "So") or c in "%‰" for c in extra)


def missing(x) -> bool:
    return x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))


def to_number(x, unit: str | None = None) -> float:
    """A cell's value as a float: numbers pass (if finite), text goes through `parse_number`.

    >>> to_number(12), to_number("1,200"), to_number(2.5), to_number(-0.0)
    (12.0, 1200.0, 2.5, 0.0)
    """
    if missing(x):
        raise FigureError("store.number.nothing")
    if isinstance(x, bool) or not isinstance(x, numbers.Real | str):
        raise FigureError("store.number.not_number", found=shown_text(repr(x)))
    if isinstance(x, str):
        return parse_number(x, unit)
    if not math.isfinite(float(x)):
        raise FigureError("store.number.not_finite", found=str(x))
    return float(x) + 0.0


def parse_year(x) -> int:
    """A year cell as an int: 2020, 2020.0, "2020" or "2020.0" (also full-width); not 2020.5.

    >>> parse_year("２０２０"), parse_year(2021.0), parse_year("2022.0")
    (2020, 2021, 2022)
    """
    if missing(x) or (isinstance(x, str) and not x.strip()):
        raise FigureError("store.year.nothing")
    if isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x) and float(x).is_integer():
        return int(x)
    s = unicodedata.normalize("NFKC", str(x)).strip()
    if m := _YEAR.fullmatch(s):
        return int(m[1])
    raise FigureError("store.year.bad", found=shown_text(str(x).strip()))


def shown_text(s: str, limit: int = 60) -> str:
    """`s` as it can be shown in a message: control characters escaped, long texts cut.

    >>> shown_text("a\\x01b"), shown_text("x" * 70)[-3:]
    ('a\\\\x01b', 'xx…')
    """
    s = CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", s)
    return s if len(s) <= limit else s[:limit] + "…"


def clean_text(x) -> str | None:
    """A text cell stripped, carriage returns read as newlines; None when empty."""
    if missing(x):
        return None
    s = str(x).replace("\r\n", "\n").replace("\r", "\n").strip()
    return s or None


def text_problem(text: str | None) -> Msg | None:
    """Why a text cannot be stored (a control character, too long), or None.

    >>> text_problem("ok\\tfine\\n"), text_problem("a\\x0bb").render("en")
    (None, 'contains the control character \\\\x0b (character 2) — remove it; only tab and newline are allowed in text')
    """
    if text is None:
        return None
    if m := CONTROL.search(text):
        return Msg.of("store.text.control", char=f"\\x{ord(m[0]):02x}", pos=m.start() + 1)
    if len(text) > MAX_TEXT:
        return Msg.of("store.text.too_long", max=MAX_TEXT, n=len(text))
    return None


def strip_control(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with the control characters removed from every text cell (for exports of rows stored
    before they were refused at entry: openpyxl cannot write them)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or isinstance(out[col].dtype, pd.StringDtype):
            out[col] = out[col].map(lambda v: CONTROL.sub("", v) if isinstance(v, str) else v)
    return out
