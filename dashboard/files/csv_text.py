"""CSV bytes as rows of text: the encodings offices save in, within the row, column and cell budgets.

Encodings, in this order: UTF-8 (with or without BOM); UTF-16 with a BOM (Excel's "Unicode text",
tab-separated); GB18030 (a superset of GBK and GB2312, what Excel saves as "CSV (逗号分隔)" on a
Chinese Windows). A text with NUL characters is binary, not a CSV. The encoding used is returned.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator

from dashboard.files.limits import MAX_COLUMNS, MAX_FIELD, MAX_ROWS, SpreadsheetError

ENCODING_NAMES = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16", "gb18030": "GB18030"}


def decode(data: bytes, name: str, lang: str) -> tuple[str, str]:
    """(text, encoding) of CSV bytes; SpreadsheetError when no accepted encoding fits.

    >>> decode("年份".encode("gbk"), "a.csv", "en"), decode(codecs.BOM_UTF8 + b"x", "a.csv", "en")
    (('年份', 'gb18030'), ('x', 'utf-8-sig'))
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        attempts = ["utf-16"]
    elif data.startswith(codecs.BOM_UTF8):
        attempts = ["utf-8-sig"]
    else:
        attempts = ["utf-8", "gb18030"]
    first_failure = None
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_failure = first_failure or exc
            continue
        if "\x00" in text:
            raise SpreadsheetError("files.binary", lang, name=name)
        return text, encoding
    exc = first_failure
    raise SpreadsheetError("files.not_text", lang, name=name, byte=f"{data[exc.start]:02x}", position=exc.start)


def _delimiter(text: str, encoding: str) -> str:
    """Tab for Excel's "Unicode text" (UTF-16) and for a first line with tabs and no comma."""
    first = text.split("\n", 1)[0]
    return "\t" if encoding == "utf-16" or ("\t" in first and "," not in first) else ","


def rows(data: bytes, name: str, lang: str) -> tuple[Iterator[tuple[int, list]], str]:
    """(rows, encoding): the rows with content as (row number, cells), read lazily within MAX_ROWS
    (blank rows count), MAX_COLUMNS and MAX_FIELD."""
    text, encoding = decode(data, name, lang)
    return _rows(text, encoding, name, lang), encoding


def _rows(text: str, encoding: str, name: str, lang: str) -> Iterator[tuple[int, list]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text, encoding))
    number = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise SpreadsheetError("files.field_too_long", lang, name=name, row=reader.line_num,
                                       limit=f"{min(MAX_FIELD, csv.field_size_limit()):,}") from None
            raise SpreadsheetError("files.bad_csv", lang, name=name, row=reader.line_num, detail=str(exc)) from None
        number += 1
        if number > MAX_ROWS:
            raise SpreadsheetError("files.too_many_rows", lang, name=name, limit=f"{MAX_ROWS:,}")
        if len(cells) > MAX_COLUMNS:
            last = max((i for i, c in enumerate(cells) if c.strip()), default=-1) + 1
            if last > MAX_COLUMNS:
                raise SpreadsheetError("files.too_many_columns", lang, name=name, row=number, column=last,
                                       limit=MAX_COLUMNS)
            cells = cells[:MAX_COLUMNS]
        if cells and max(map(len, cells)) > MAX_FIELD:
            raise SpreadsheetError("files.field_too_long", lang, name=name, row=number, limit=f"{MAX_FIELD:,}")
        if "".join(cells).strip():  # some cell has content (one join, not a strip per cell)
            yield number, cells
