"""The rows of a worksheet's XML, scanned with regular expressions over the decompressed stream.

A worksheet's `<sheetData>` is a flat list of `<row>`s of `<c>`ells, each with a `<v>`alue or an
`<is>` inline string: this scan reads it at C speed (about 5× an ElementTree iterparse here), in
chunks, without building elements. It never expands entities or reads a DTD (only the five XML
entities and character references are decoded in values), so no XML trick can make it do more
work than the bytes it is given, and those are bounded by the zip budget. Namespace prefixes
(`<x:row>`) and single-quoted attributes are accepted. Cells come back as (column, kind, style,
raw value text, inline text) for `xlsx_stream` to type; a row whose cells all have the usual
shape is read by one expression (`FAST`), any other row attribute by attribute.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_P = rb"(?:[\w.-]+:)?"
ROW = re.compile(rb"<" + _P + rb"row\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"row>)", re.S)
CELL = re.compile(rb"<" + _P + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)", re.S)
ATTR = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
VALUE = re.compile(rb"<" + _P + rb"v\b[^>]*?(?:/>|>(.*?)</" + _P + rb"v>)", re.S)
TEXT = re.compile(rb"<" + _P + rb"t\b[^>]*?(?:/>|>(.*?)</" + _P + rb"t>)", re.S)
INLINE = re.compile(rb"<" + _P + rb"is\b[^>]*>(.*?)</" + _P + rb"is>", re.S)
SHARED = re.compile(rb"<" + _P + rb"si\b[^>]*?(?:/>|>(.*?)</" + _P + rb"si>)", re.S)
PHONETIC = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.S)
REF = re.compile(rb"([A-Za-z]{1,3})?(\d+)?")
ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|amp|quot|apos);")
NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
CHUNK = 4 * 1024 * 1024


def _entity(m: re.Match) -> str:
    code = m.group(1)
    if code[0] != "#":
        return NAMED[code]
    number = int(code[2:], 16) if code[1] in "xX" else int(code[1:])
    return chr(number) if 0 < number <= 0x10FFFF else m.group(0)


def unescape(raw: bytes) -> str:
    """XML text as a str: unescape(b"a &amp; b &#x5E74;") == "a & b 年"."""
    text = raw.decode("utf-8")
    return ENTITY.sub(_entity, text) if "&" in text else text


DOUBLE_QUOTED = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')


def attributes(raw: bytes) -> dict[bytes, bytes]:
    """Attribute name (prefix dropped) -> raw value: attributes(b' r="A1" t=\'s\'') == {b"r": b"A1", b"t": b"s"}."""
    if b"'" not in raw and b":" not in raw:
        return dict(DOUBLE_QUOTED.findall(raw))
    return {m.group(1).rsplit(b":", 1)[-1]: m.group(2) if m.group(2) is not None else m.group(3)
            for m in ATTR.finditer(raw)}


def inline_text(raw: bytes) -> str:
    """The text of an `<is>` (rich runs joined, phonetic runs left out)."""
    raw = PHONETIC.sub(b"", raw)
    return "".join(unescape(m.group(1) or b"") for m in TEXT.finditer(raw))


_COLUMNS: dict[bytes, int] = {}


def column_index(letters: bytes) -> int:
    """1-based column of a reference's letters: column_index(b"A") == 1, column_index(b"XFD") == 16384."""
    n = _COLUMNS.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + ch - 64
        if len(_COLUMNS) < 20_000:
            _COLUMNS[letters] = n
    return n


FAST = re.compile(rb'<c(?: r="([A-Z]{1,3})[0-9]+")?(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?(?: s="([0-9]+)")?'
                  rb'(?:/>| />|>(?:<v>([^<]*)</v>|<is><t(?: [^>]*)?>([^<]*)</t></is>|<f>[^<]*</f><v>([^<]*)</v>)?</c>)')


def _cells(body: bytes) -> list[tuple[int | None, bytes, int, bytes | None, str | None]]:
    """(column or None, type, style, raw <v> text, inline text) of each cell of a row's body."""
    fast = FAST.findall(body)
    if len(fast) == body.count(b"<c ") + body.count(b"<c>") + body.count(b"<c/"):
        return [(column_index(letters) if letters else None, kind or b"n", int(s1 or s2 or 0), v or fv or None,
                 unescape(text) if kind == b"inlineStr" else None) for letters, s1, kind, s2, v, text, fv in fast]
    cells = []
    for attrs_raw, inner in CELL.findall(body):
        attrs = attributes(attrs_raw)
        ref = REF.fullmatch(attrs.get(b"r", b""))
        column = column_index(ref.group(1)) if ref and ref.group(1) else None
        inline = INLINE.search(inner) if b"is" in inner else None
        value = VALUE.search(inner) if inline is None else None
        cells.append((column, attrs.get(b"t", b"n"), int(attrs.get(b"s", b"0") or 0), value.group(1) if value else None,
                      inline_text(inline.group(1)) if inline else None))
    return cells


def matches(stream, pattern: re.Pattern) -> Iterator[re.Match]:
    """Every complete match of `pattern` in the stream, read in chunks (a match may span chunks)."""
    rest = b""
    while True:
        chunk = stream.read(CHUNK)
        buffer = rest + chunk
        end = 0
        for m in pattern.finditer(buffer):
            end = m.end()
            yield m
        rest = buffer[end:]
        if not chunk:
            return


def scan(stream) -> Iterator[tuple[int | None, list]]:
    """(row number or None, `_cells` of the row) per `<row>`, read from `stream` in chunks."""
    for m in matches(stream, ROW):
        number = attributes(m.group(1)).get(b"r")
        yield (int(number) if number is not None else None), _cells(m.group(2) or b"")


def shared_strings(stream) -> Iterator[str]:
    """The texts of a sharedStrings part, in order (rich runs joined, phonetic runs left out)."""
    for m in matches(stream, SHARED):
        yield inline_text(m.group(1) or b"")
