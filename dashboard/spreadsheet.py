"""Spreadsheets of figures: read CSV / XLSX uploads, write CSV / XLSX exports.

Reading returns the cells as found (text stays text, numbers stay numbers) plus the spreadsheet
row number of each figure (header = row 1); every check of the cells is `figures.validate`'s
job. What is refused here is the file itself, within fixed budgets whatever the file claims
(`dashboard.files.limits`: 5 MB, the zip's sizes and ratio, 1,000,000 rows read, 200 columns,
128 KiB a cell), and a missing, unknown or repeated column (`dashboard.files.headers`: Chinese
names and year columns too), a CSV in no accepted encoding (`dashboard.files.csv_text`), an
.xlsx that is not a workbook (`dashboard.files.xlsx_stream`). Each refusal is a SpreadsheetError
in the user's language naming the file. The frame's `attrs` say how it was read: "encoding"
(CSV), "sheet" and "hidden_sheets" (.xlsx), "problems" (indicator names that did not resolve).

Writing: CSV in UTF-8 with BOM (Excel opens Chinese text correctly), numbers in plain positional
notation; XLSX with text cells that start with = + - @ stored as text, never as formulas
(`set_text`: text type plus Excel's quotePrefix, so that editing the cell in Excel keeps it
text). `safe_cell` is the value-level guard for writers that only take values (CSV):
it prefixes such text with a single quote, which `read_figures` removes again. `export_frame`
names the columns (and statuses) in the page's language; both read back unchanged.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from dashboard.files import csv_text, xlsx_stream
from dashboard.files.cells import FORMULA_START, plain_number, safe_cell, set_text, unquote
from dashboard.files.headers import HISTORY_EXTRA, OPTIONAL, REQUIRED, STATUS_ZH, ZH_HEADERS, merge_problems, to_frame
from dashboard.files.limits import MAX_BYTES, MAX_ROWS, SpreadsheetError, megabytes
from dashboard.i18n import DEFAULT_LANG, t

__all__ = ["FORMULA_START", "HISTORY_EXTRA", "MAX_BYTES", "MAX_ROWS", "OPTIONAL", "REQUIRED", "SpreadsheetError",
           "merge_problems", "plain_number", "read_figures", "safe_cell", "set_text", "unquote", "sheet_names"]

SUFFIXES = (".csv", ".xlsx")


# ------------------------------------------------------------------ reading


def _load(source: str | Path | bytes, name: str | None, lang: str) -> tuple[bytes, str]:
    """The file's bytes and the name messages use; the size is checked before anything is read."""
    if isinstance(source, bytes | bytearray):
        data, name = bytes(source), name or "upload"
    else:
        path = Path(source)
        name = name or path.name
        if path.is_dir():
            raise SpreadsheetError("files.directory", lang, name=str(path))
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise SpreadsheetError("files.not_found", lang, name=name) from None
        if size > MAX_BYTES:
            raise SpreadsheetError("files.too_big", lang, name=name, size=megabytes(size), limit=MAX_BYTES // 2**20)
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise SpreadsheetError("files.too_big", lang, name=name, size=megabytes(len(data)), limit=MAX_BYTES // 2**20)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise SpreadsheetError("files.bad_suffix", lang, name=name, suffix=suffix or "—")
    return data, name


def read_figures(source: str | Path | bytes, name: str | None = None, *, lang: str = DEFAULT_LANG,
                 sheet: str | None = None, catalog=None) -> pd.DataFrame:
    """The figure rows of a .csv or .xlsx file (a path, or an upload's bytes plus its file name).

    Returns the columns `row`, indicator_id, year, value, figure_status, source, note (missing
    optional columns are empty); `sheet` names the .xlsx sheet to read (default: the first
    visible one); `catalog` lets rows name indicators by their exact name. Raises
    SpreadsheetError (message in `lang`) for a file that cannot be read.
    """
    data, name = _load(source, name, lang)
    attrs: dict = {}
    if name.lower().endswith(".csv"):
        if sheet is not None:
            raise SpreadsheetError("files.sheet_in_csv", lang, name=name, sheet=sheet)
        rows, attrs["encoding"] = csv_text.rows(data, name, lang)
        attrs["encoding_label"] = csv_text.ENCODING_NAMES[attrs["encoding"]]
    else:
        book = xlsx_stream.open_workbook(data, name, lang)
        try:
            attrs["sheet"], rows = xlsx_stream.rows(book, sheet)
            attrs["sheets"] = book.visible
            attrs["hidden_sheets"] = [s for s in book.hidden if s != attrs["sheet"]]
            frame = to_frame(rows, name, lang, catalog)
        finally:
            book.zip.close()
        frame.attrs.update(attrs)
        return frame
    frame = to_frame(rows, name, lang, catalog)
    frame.attrs.update(attrs)
    return frame


def read_note(frame: pd.DataFrame, lang: str = DEFAULT_LANG) -> str:
    """How the file was read, for the preview and the import summary: encoding, or sheet and hidden sheets.

    >>> f = pd.DataFrame(); f.attrs.update(sheet="填报", hidden_sheets=["旧表"])
    >>> read_note(f, "en")
    'Read the sheet "填报"; Skipped hidden sheets: 旧表 (choose one to import it)'
    """
    attrs = frame.attrs
    parts = [t("files.read_encoding", lang).format(encoding=attrs["encoding_label"])] if "encoding" in attrs else []
    if "sheet" in attrs:
        parts.append(t("files.read_sheet", lang).format(sheet=attrs["sheet"]))
    if attrs.get("hidden_sheets"):
        parts.append(t("files.hidden_skipped", lang).format(sheets="、".join(attrs["hidden_sheets"])))
    return t("files.separator", lang).join(parts)


def sheet_names(data: bytes, name: str, lang: str = DEFAULT_LANG) -> tuple[list[str], list[str]]:
    """(visible, hidden) sheet names of an .xlsx upload, within the same zip budgets."""
    data, name = _load(data, name, lang)
    book = xlsx_stream.open_workbook(data, name, lang)
    book.zip.close()
    return book.visible, book.hidden


# ------------------------------------------------------------------ writing


def export_frame(frame: pd.DataFrame, history: bool = False, lang: str | None = None) -> pd.DataFrame:
    """The interchange columns of a store frame (`Store.current` or `Store.history`).

    `lang` None or "en": the interchange names (indicator_id, year, …); "zh": the Chinese headers
    of `headers.ALIASES` and statuses 初步数 / 最终数 / 修订数. `read_figures` reads all of them back.

    >>> f = pd.DataFrame({"indicator_id": ["a"], "year": [2020], "value": [1.5], "figure_status": ["final"]})
    >>> export_frame(f, lang="zh").iloc[0, 3]
    '最终数'
    >>> list(export_frame(f, lang="zh").columns)
    ['指标编号', '年份', '数值', '数据状态', '来源', '备注']
    """
    columns = REQUIRED + OPTIONAL + (HISTORY_EXTRA if history else [])
    out = frame.reindex(columns=columns).copy()
    if "entered_at" in out:
        out["entered_at"] = pd.to_datetime(out["entered_at"], utc=True).dt.strftime("%Y-%m-%d %H:%M:%S UTC")
    if lang == "zh":
        out["figure_status"] = out["figure_status"].map(lambda s: STATUS_ZH.get(s, s), na_action="ignore")
        out = out.rename(columns=ZH_HEADERS)
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
    import openpyxl
    from openpyxl.styles import Font

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
        wide = name in ("source", "note", ZH_HEADERS["source"], ZH_HEADERS["note"])
        ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width = 40 if wide else 16
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


EXPORTERS = {"csv": to_csv, "xlsx": to_xlsx}


def write(frame: pd.DataFrame, path: str | Path, fmt: str | None = None, lang: str = DEFAULT_LANG) -> Path:
    """Write `frame` to `path` as csv or xlsx (default: from the file's suffix)."""
    path = Path(path)
    fmt = fmt or path.suffix.lstrip(".").lower()
    if fmt not in EXPORTERS:
        raise SpreadsheetError("files.write_format", lang, formats=" / ".join(EXPORTERS), fmt=fmt)
    if path.is_dir():
        raise SpreadsheetError("files.write_directory", lang, name=str(path), fmt=fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(EXPORTERS[fmt](frame))
    return path
