"""Cell values that travel safely: text a spreadsheet would run as a formula is guarded on the way
out (`safe_cell`, `set_text`) and unguarded on the way in (`unquote`); numbers are written in
plain positional notation (`plain_number`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value`, with text that a spreadsheet would run as a formula prefixed by a single quote.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("-5 vs plan"), safe_cell("@x"), safe_cell(-5), safe_cell("ok")
    ("'=HYPERLINK(1)", "'-5 vs plan", "'@x", -5, 'ok')
    """
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def unquote(value):
    """Undo `safe_cell`.

    >>> unquote("'=1+1"), unquote("'tis"), unquote(3)
    ('=1+1', "'tis", 3)
    """
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_START):
        return value[1:]
    return value


def set_text(cell, value) -> None:
    """Put `value` into an openpyxl cell; text starting with = + - @ is stored as text, never a formula.

    The text type keeps openpyxl and Excel from reading it as a formula; the quotePrefix style
    (Excel's leading apostrophe) keeps it text when someone edits the cell in Excel.

    >>> import openpyxl
    >>> cell = openpyxl.Workbook().active["A1"]
    >>> set_text(cell, "=HYPERLINK(1)"); (cell.value, cell.data_type, cell.quotePrefix)
    ('=HYPERLINK(1)', 's', True)
    """
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True


def plain_number(x) -> str:
    """A float written for a file: positional, shortest round-trip digits, no exponent.

    >>> plain_number(10656.0), plain_number(1.17872), plain_number(1e16), plain_number(float("nan"))
    ('10656', '1.17872', '10000000000000000', '')
    """
    if x is None or pd.isna(x):
        return ""
    return np.format_float_positional(float(x), trim="-")
