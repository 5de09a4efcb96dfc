"""Spreadsheets of figures: read CSV / XLSX uploads, write CSV / XLSX exports.

Reading returns the cells as found (text stays text, numbers stay numbers) plus the spreadsheet
row number of each figure (header = row 1); every check of the cells is `figures.validate`'s
job. What is refused here is the file itself, each with a message that names what was
expected and what was found: a size over 5 MB, more than 10,000 figure rows, a missing,
unknown or repeated column, a CSV that is not UTF-8 (with or without BOM), an .xlsx that is
not a workbook. Blank rows are skipped (row numbers still count them). In .xlsx files the
first sheet is read, formulas by their saved values, and a number formatted as a percentage
comes back as text such as "52.8%" so that validation refuses it instead of storing 0.528.

Writing: CSV in UTF-8 with BOM (Excel opens Chinese text correctly), numbers in plain positional
notation; XLSX with text cells that start with = + - @ stored as text, never as formulas
(`set_text`: text type plus Excel's quotePrefix, so that editing the cell in Excel keeps it
text). `safe_cell` is the value-level guard for writers that only take values (CSV):
it prefixes such text with a single quote, which `read_figures` removes again.
"""

from __future__ import annotations

import csv
import difflib
import io
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
REQUIRED = ["indicator_id", "year", "value"]
OPTIONAL = ["figure_status", "source", "note"]
HISTORY_EXTRA = ["revision", "action", "reason", "entered_by", "entered_at"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """The file as a whole cannot be read as a sheet of figures."""


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


# ------------------------------------------------------------------ reading


def read_figures(source: str | Path | bytes, name: str | None = None) -> pd.DataFrame:
    """The figure rows of a .csv or .xlsx file (a path, or an upload's bytes plus its file name).

    Returns the columns `row`, indicator_id, year, value, figure_status, source, note (missing
    optional columns are empty). Raises SpreadsheetError for a file that cannot be read.
    """
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), name or "upload"
    else:
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise SpreadsheetError(f"{name}: file not found — expected a .csv or .xlsx file of figures") from None
        if path.is_dir():
            raise SpreadsheetError(f"{path} is a directory — expected a .csv or .xlsx file of figures")
        if size > MAX_BYTES:
            raise SpreadsheetError(_too_big(name, size))
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise SpreadsheetError(_too_big(name, len(data)))
    suffix = Path(name).suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(data, name)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(data, name)
    else:
        raise SpreadsheetError(f'{name}: expected a .csv or .xlsx file, found "{suffix or "no extension"}" '
                               "(save .xls or .ods files as .xlsx)")
    return _to_frame(rows, name)


def _too_big(name: str, size: int) -> str:
    return (f"{name} is {size / 1024 / 1024:.1f} MB — expected at most {MAX_BYTES // 1024 // 1024} MB; "
            "split it into smaller files")


def _csv_rows(data: bytes, name: str):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpreadsheetError(f"{name} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start}) — "
                               'expected CSV saved as UTF-8; in Excel choose "CSV UTF-8 (逗号分隔)(*.csv)"') from None
    yield from enumerate(csv.reader(io.StringIO(text, newline="")), start=1)


def _xlsx_cell(cell):
    value = getattr(cell, "value", None)
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float) and "%" in (getattr(cell, "number_format", "") or ""):
        return plain_number(round(value * 100, 10)) + "%"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _xlsx_rows(data: bytes, name: str):
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise SpreadsheetError(f"{name} is not a readable .xlsx workbook ({type(exc).__name__}) — "
                               "expected an Excel workbook saved as .xlsx") from None
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            yield number, [_xlsx_cell(c) for c in cells]
    finally:
        book.close()


def _blank(x) -> bool:
    return x is None or (isinstance(x, str) and not x.strip())


def _header(cells: list, name: str) -> list[str | None]:
    found = [None if _blank(c) else str(c).strip().lstrip("\ufeff").lower() for c in cells]
    known = REQUIRED + OPTIONAL
    names = [f for f in found if f]
    expected = f"expected columns {', '.join(REQUIRED)} (required) and {', '.join(OPTIONAL)} (optional)"
    problems = []
    for col in names:
        if col not in known and col not in HISTORY_EXTRA:
            close = difflib.get_close_matches(col, known, n=1)
            problems.append(f'unknown column "{col}"' + (f' (did you mean "{close[0]}"?)' if close else ""))
    problems += [f'column "{c}" appears {names.count(c)} times' for c in dict.fromkeys(names) if names.count(c) > 1]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        problems.insert(0, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if problems:
        raise SpreadsheetError(f"{name}, row 1 (the header): {'; '.join(problems)} — {expected}, "
                               f"found: {', '.join(names) or 'an empty first row'}")
    return found


def _to_frame(rows, name: str) -> pd.DataFrame:
    header, records, long_rows = None, [], []
    for number, cells in rows:
        if header is None:
            header = _header(list(cells), name)
            continue
        if all(_blank(c) for c in cells):
            continue
        if len(records) >= MAX_ROWS:
            raise SpreadsheetError(f"{name} has more than {MAX_ROWS:,} figure rows — expected at most {MAX_ROWS:,}; "
                                   "split it into smaller files")
        extra = [c for c in cells[len(header):] if not _blank(c)]
        lost = [c for h, c in zip(header, cells, strict=False) if h is None and not _blank(c)]
        if extra or lost:
            long_rows.append(number)
        record = {"row": number, **dict.fromkeys(REQUIRED + OPTIONAL)}
        record.update({h: unquote(c) for h, c in zip(header, cells, strict=False) if h in record})
        records.append(record)
    if header is None:
        raise SpreadsheetError(f"{name} is empty — expected a header row ({', '.join(REQUIRED + OPTIONAL)}) "
                               "and one row per figure")
    if long_rows:
        shown = ", ".join(map(str, long_rows[:10])) + (" …" if len(long_rows) > 10 else "")
        raise SpreadsheetError(f"{name}: row {shown} has cells outside the named columns — expected one value per "
                               "column of the header (in a CSV, put text containing commas in double quotes)")
    frame = pd.DataFrame(records, columns=["row", *REQUIRED, *OPTIONAL], dtype=object)
    return frame.astype({"row": "int64"})


# ------------------------------------------------------------------ writing


def export_frame(frame: pd.DataFrame, history: bool = False) -> pd.DataFrame:
    """The interchange columns of a store frame (`Store.current` or `Store.history`)."""
    columns = REQUIRED + OPTIONAL + (HISTORY_EXTRA if history else [])
    out = frame.reindex(columns=columns).copy()
    if "entered_at" in out:
        out["entered_at"] = pd.to_datetime(out["entered_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S UTC")
    return out


def _cells(frame: pd.DataFrame):
    for record in frame.to_dict("records"):
        yield {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in record.items()}


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes (UTF-8 with BOM); text guarded by `safe_cell`, numbers in plain notation."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    for record in _cells(frame):
        writer.writerow([plain_number(v) if isinstance(v, float) else ("" if v is None else safe_cell(str(v)))
                         for v in record.values()])
    return out.getvalue().encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, sheet: str = "figures") -> bytes:
    """XLSX bytes: a bold header, frozen first row, text never run as a formula."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for col, name in enumerate(frame.columns, start=1):
        ws.cell(1, col, name).font = Font(bold=True)
    for r, record in enumerate(_cells(frame), start=2):
        for col, v in enumerate(record.values(), start=1):
            set_text(ws.cell(r, col), v.item() if hasattr(v, "item") else v)
    ws.freeze_panes = "A2"
    for col, name in enumerate(frame.columns, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = 40 if name in ("source", "note") else 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXPORTERS = {"csv": to_csv, "xlsx": to_xlsx}


def write(frame: pd.DataFrame, path: str | Path, fmt: str | None = None) -> Path:
    """Write `frame` to `path` as csv or xlsx (default: from the file's suffix)."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in EXPORTERS:
        raise SpreadsheetError(f'expected a format of {" or ".join(EXPORTERS)}, found "{fmt}"')
    if path.is_dir():
        raise SpreadsheetError(f"{path} is a directory — expected the name of the {fmt} file to write")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(EXPORTERS[fmt](frame))
    return path
