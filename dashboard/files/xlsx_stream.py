""".xlsx workbooks read as a stream of XML, within the budgets of `limits`.

Before any XML is parsed the zip's directory is checked: the number of members, their declared
decompressed sizes together, and each large member's compression ratio (a zip bomb is refused
unopened). While reading, the bytes actually decompressed are counted against the same limit.
The sheet is scanned by `sheet_scan` (no elements built), its `<dimension>` ignored; rows are
numbered by their `r` attribute, and a row number past MAX_ROWS (blank rows count) or content
past MAX_COLUMNS refuses the file. Shared strings and inline strings are both read (WPS Office
writes either), numbers saved as text stay text, a number with a percent format comes back as
text such as "52.8%" (so validation refuses it instead of storing 0.528), a date-formatted number
as an ISO date, booleans as TRUE / FALSE.

The sheet read is the first visible one or the one named; `Workbook.hidden` lists hidden sheets.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml.ElementTree import iterparse

from dashboard.files.limits import (
    MAX_COLUMNS,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_ROWS,
    MAX_UNZIPPED,
    RATIO_FLOOR,
    SpreadsheetError,
    megabytes,
)
from dashboard.files.sheet_scan import scan, shared_strings, unescape

_DOC_REL = "officeDocument"


def _local(tag: str) -> str:
    """The tag without its namespace (transitional and strict OOXML alike)."""
    return tag.rsplit("}", 1)[-1]


class _Counted(io.RawIOBase):
    """A zip member's stream that refuses to yield more than `budget` bytes in total (shared)."""

    def __init__(self, raw, budget: list[int], fail):
        self.raw, self.budget, self.fail = raw, budget, fail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            self.fail()
        buffer[: len(data)] = data
        return len(data)


@dataclass
class Workbook:
    name: str
    lang: str
    zip: zipfile.ZipFile
    sheets: list[tuple[str, str, str]] = field(default_factory=list)  # (name, state, member path)
    budget: list[int] = field(default_factory=lambda: [MAX_UNZIPPED])
    workbook_rels: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def visible(self) -> list[str]:
        return [n for n, state, _ in self.sheets if state == "visible"]

    @property
    def hidden(self) -> list[str]:
        return [n for n, state, _ in self.sheets if state != "visible"]

    def fail(self, key: str, **params):
        raise SpreadsheetError(key, self.lang, name=self.name, **params)

    def over_budget(self):
        self.fail("files.zip_total", size=f"> {megabytes(MAX_UNZIPPED)}", limit=megabytes(MAX_UNZIPPED))

    def open(self, member: str):
        try:
            raw = self.zip.open(member)
        except KeyError:
            self.fail("files.not_xlsx", detail=member)
        return io.BufferedReader(_Counted(raw, self.budget, self.over_budget))

    def members(self) -> set[str]:
        return set(self.zip.namelist())

    def parse(self, member: str, events=("end",)):
        return iterparse(self.open(member), events=events)


def open_workbook(data: bytes, name: str, lang: str) -> Workbook:
    """The workbook's sheets after the zip budget checks; SpreadsheetError for anything else."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise SpreadsheetError("files.not_xlsx", lang, name=name, detail=type(exc).__name__) from None
    book = Workbook(name, lang, archive)
    if len(infos) > MAX_MEMBERS:
        book.fail("files.zip_members", count=f"{len(infos):,}", limit=f"{MAX_MEMBERS:,}")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        book.fail("files.zip_total", size=megabytes(total), limit=megabytes(MAX_UNZIPPED))
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            book.fail("files.zip_ratio", member=info.filename, ratio=f"{ratio:,}", limit=MAX_RATIO)
    try:
        book.sheets = _sheets(book)
    except SpreadsheetError:
        raise
    except Exception as exc:  # broken XML, a missing part, an encrypted member: not a workbook we can read
        book.fail("files.not_xlsx", detail=type(exc).__name__)
    return book


def _rels(book: Workbook, path: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, member path) of the part at `path`."""
    folder, base = posixpath.split(path)
    rels_path = posixpath.join(folder, "_rels", base + ".rels")
    if rels_path not in book.members():
        return {}
    out = {}
    for _, el in book.parse(rels_path):
        if _local(el.tag) == "Relationship":
            target = el.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder,
                                                                                                         target))
            out[el.get("Id")] = (el.get("Type", "").rsplit("/", 1)[-1], target)
    return out


def _workbook_path(book: Workbook) -> str:
    for kind, target in _rels(book, "").values():
        if kind == _DOC_REL:
            return target
    return "xl/workbook.xml"


def _sheets(book: Workbook) -> list[tuple[str, str, str]]:
    path = _workbook_path(book)
    rels = _rels(book, path)
    book.workbook_rels = rels
    sheets = []
    for _, el in book.parse(path):
        if _local(el.tag) == "sheet":
            rid = next((v for k, v in el.attrib.items() if _local(k) == "id"), None)
            kind, target = rels.get(rid, ("worksheet", ""))
            if kind == "worksheet":
                sheets.append((el.get("name") or "", el.get("state") or "visible", target))
    return sheets


def choose_sheet(book: Workbook, sheet: str | None) -> tuple[str, str]:
    """(sheet name, member path): the sheet named, else the first visible one."""
    if sheet is not None:
        for name, _, path in book.sheets:
            if name == sheet:
                return name, path
        book.fail("files.no_sheet", sheet=sheet, sheets="、".join(book.visible) or "—")
    for name, state, path in book.sheets:
        if state == "visible":
            return name, path
    book.fail("files.no_visible_sheet")


def _shared_strings(book: Workbook, path: str | None) -> list[str]:
    if path is None or path not in book.members():
        return []
    return list(shared_strings(book.open(path)))


def _styles(book: Workbook, path: str | None) -> list[str]:
    """Per cell style index: "percent", "date" or ""."""
    if path is None or path not in book.members():
        return []
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

    formats, kinds, in_xfs = dict(BUILTIN_FORMATS), [], False
    for event, el in book.parse(path, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start":
            in_xfs = True if tag == "cellXfs" else in_xfs
            continue
        if tag == "numFmt":
            formats[int(el.get("numFmtId", -1))] = el.get("formatCode", "")
        elif tag == "xf" and in_xfs:
            code = formats.get(int(el.get("numFmtId", 0) or 0), "")
            kinds.append("percent" if "%" in re.sub(r'"[^"]*"', "", code) else "date" if is_date_format(code) else "")
        elif tag == "cellXfs":
            in_xfs = False
    return kinds


def _number(text: str, kind: str):
    from dashboard.spreadsheet import plain_number

    value = float(text)
    if kind == "percent":
        return plain_number(round(value * 100, 10)) + "%"
    if kind == "date":
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value).isoformat()
        except (ValueError, OverflowError):
            return text
    if re.fullmatch(r"-?\d+", text.strip()):
        return int(text)
    return value


def _value(kind: bytes, style: int, raw: bytes | None, inline: str | None, strings: list[str], styles: list[str]):
    if inline is not None:
        return inline
    if raw is None:
        return None
    if kind == b"s":
        return strings[int(raw)]
    v = unescape(raw)
    if kind == b"b":
        return "TRUE" if v.strip() in ("1", "true") else "FALSE"
    if kind in (b"str", b"e", b"d", b"inlineStr"):
        return v
    return _number(v, styles[style] if style < len(styles) else "")


def rows(book: Workbook, sheet: str | None) -> tuple[str, Iterator[tuple[int, list]]]:
    """(the sheet's name, its rows with content as (row number, cells)), read lazily."""
    name, path = choose_sheet(book, sheet)
    parts = {kind: target for kind, target in book.workbook_rels.values()}
    try:
        strings = _shared_strings(book, parts.get("sharedStrings"))
        styles = _styles(book, parts.get("styles"))
    except SpreadsheetError:
        raise
    except Exception as exc:  # broken XML, a bad CRC (a member longer than it claims) …
        book.fail("files.not_xlsx", detail=type(exc).__name__)
    return name, _rows(book, path, strings, styles)


def _rows(book: Workbook, path: str, strings: list[str], styles: list[str]) -> Iterator[tuple[int, list]]:
    number = 0
    try:
        for row_number, found in scan(book.open(path)):
            number = row_number if row_number is not None else number + 1
            if number > MAX_ROWS:
                book.fail("files.too_many_rows", limit=f"{MAX_ROWS:,}")
            cells: dict[int, object] = {}
            position = 0
            for column, kind, style, raw, inline in found:
                position = column if column is not None else position + 1
                value = _value(kind, style, raw, inline, strings, styles)
                if value is None or (isinstance(value, str) and not value.strip()):
                    continue
                if position > MAX_COLUMNS:
                    book.fail("files.too_many_columns", row=number, column=position, limit=MAX_COLUMNS)
                cells[position] = value
            if cells:
                yield number, [cells.get(i) for i in range(1, max(cells) + 1)]
    except SpreadsheetError:
        raise
    except Exception as exc:  # a shared string index out of range, bad UTF-8, a bad CRC …
        book.fail("files.not_xlsx", detail=type(exc).__name__)
