"""Hostile spreadsheets, generated into a folder (never committed: several are megabytes unpacked).

`make(folder)` writes each file and returns {file name: what the reader must do}: "refuse" with a
message naming the file and the limit (`limit` text), or "read" a known number of rows quickly.
The .xlsx files are built from their XML parts directly, so each says exactly what it claims.
"""

from __future__ import annotations

import random
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
         '+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>')
OVERRIDE = ('<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            '{kind}+xml"/>')
KINDS = {"workbook.xml": "sheet.main", "sharedStrings.xml": "sharedStrings", "styles.xml": "styles"}
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
REL = '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" ' \
      'Target="{target}"/>'
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>indicator_id</t></is></c><c r="B1" t="inlineStr"><is>'
              '<t>year</t></is></c><c r="C1" t="inlineStr"><is><t>value</t></is></c></row>')


@dataclass(frozen=True)
class Case:
    expect: str  # "refuse" or "read"
    limit: str = ""  # text the refusal must contain (the limit), or the rows a read must give
    rows: int = 0


def workbook(sheets: list[tuple[str, str, str]], shared: str | None = None, styles: str | None = None,
             absolute: bool = False) -> dict[str, bytes | str]:
    """The parts of an .xlsx: sheets as (name, state, sheet XML body inside <sheetData>)."""
    rels, entries, parts = [], [], {"_rels/.rels": ROOT_RELS}
    prefix = "/xl/" if absolute else ""
    for i, (name, state, body) in enumerate(sheets, start=1):
        rels.append(REL.format(id=f"rId{i}", kind="worksheet", target=f"{prefix}worksheets/sheet{i}.xml"))
        entries.append(f'<sheet name="{name}" sheetId="{i}" state="{state}" r:id="rId{i}"/>')
        parts[f"xl/worksheets/sheet{i}.xml"] = f'<?xml version="1.0"?><worksheet {NS}><sheetData>{body}' \
                                              "</sheetData></worksheet>"
    if shared is not None:
        rels.append(REL.format(id="rIdS", kind="sharedStrings", target=f"{prefix}sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = f'<?xml version="1.0"?><sst {NS}>{shared}</sst>'
    if styles is not None:
        rels.append(REL.format(id="rIdT", kind="styles", target=f"{prefix}styles.xml"))
        parts["xl/styles.xml"] = f'<?xml version="1.0"?><styleSheet {NS}>{styles}</styleSheet>'
    parts["xl/workbook.xml"] = f'<?xml version="1.0"?><workbook {NS} {R_NS}><sheets>{"".join(entries)}</sheets>' \
                               "</workbook>"
    overrides = "".join(OVERRIDE.format(part=p, kind=KINDS.get(p.rsplit("/", 1)[-1], "worksheet"))
                        for p in [*parts, "xl/workbook.xml"] if p.startswith("xl/"))
    parts["[Content_Types].xml"] = TYPES.format(overrides=overrides)
    parts["xl/_rels/workbook.xml.rels"] = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.'
                                           f'org/package/2006/relationships">{"".join(rels)}</Relationships>')
    return parts


def write_zip(path: Path, parts: dict, big: dict[str, tuple[str, str, int, str]] | None = None) -> Path:
    """Write the parts; `big` members are streamed as prefix + chunk × times + suffix (never held in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        for name, (head, chunk, times, tail) in (big or {}).items():
            with z.open(name, "w") as f:
                f.write(head.encode())
                block = chunk.encode() * 1000
                for _ in range(times // 1000):
                    f.write(block)
                f.write(tail.encode())
    return path


def _lie_about_sizes(path: Path, member: str, claimed: int) -> None:
    """Patch the zip so `member` claims `claimed` uncompressed bytes (local and central headers)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    local = data.find(b"PK\x03\x04")
    while local != -1:
        n = struct.unpack_from("<H", data, local + 26)[0]
        if bytes(data[local + 30: local + 30 + n]) == name:
            struct.pack_into("<I", data, local + 22, claimed)
        local = data.find(b"PK\x03\x04", local + 4)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        n = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46: central + 46 + n]) == name:
            struct.pack_into("<I", data, central + 24, claimed)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def make(folder: Path) -> dict[str, Case]:
    folder.mkdir(parents=True, exist_ok=True)
    cases: dict[str, Case] = {}
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>services-share</t></is></c><c r="B{r}"><v>'
                   f"{2017 + r}</v></c><c r=\"C{r}\"><v>5{r}</v></c></row>" for r in (2, 3))
    lying = workbook([("数据", "visible", HEADER_ROW + rows)])
    sheet = lying["xl/worksheets/sheet1.xml"]
    lying["xl/worksheets/sheet1.xml"] = sheet.replace("<sheetData>", '<dimension ref="A1:XFD1048576"/><sheetData>')
    write_zip(folder / "lying-dimension.xlsx", lying)
    cases["lying-dimension.xlsx"] = Case("read", rows=2)

    blank = workbook([("数据", "visible", "")])
    body = blank.pop("xl/worksheets/sheet1.xml")
    head, tail = body.split("</sheetData>")[0] + HEADER_ROW, "</sheetData></worksheet>"
    write_zip(folder / "blank-rows.xlsx", blank, {"xl/worksheets/sheet1.xml": (head, "<row/>", 20_000_000, tail)})
    cases["blank-rows.xlsx"] = Case("refuse", "64.0")  # 120 MB unpacked, over the 64 MB budget (and the ratio)

    numbered = workbook([("数据", "visible", HEADER_ROW + '<row r="1000001"><c r="A1000001" t="inlineStr"><is>'
                                                       "<t>services-share</t></is></c></row>")])
    write_zip(folder / "row-number-past-the-budget.xlsx", numbered)
    cases["row-number-past-the-budget.xlsx"] = Case("refuse", "1,000,000")

    bomb = workbook([("数据", "visible", "")], shared="")
    shared = bomb.pop("xl/sharedStrings.xml")
    write_zip(folder / "zip-bomb.xlsx", bomb, {"xl/sharedStrings.xml": (shared[:-6] + "<si><t>", "A" * 1000, 200_000,
                                                                          "</t></si></sst>")})
    cases["zip-bomb.xlsx"] = Case("refuse", "64.0")

    liar = folder / "zip-bomb-lying-sizes.xlsx"
    write_zip(liar, bomb, {"xl/sharedStrings.xml": (shared[:-6] + "<si><t>", "A" * 1000, 200_000, "</t></si></sst>")})
    _lie_about_sizes(liar, "xl/sharedStrings.xml", 1000)
    cases["zip-bomb-lying-sizes.xlsx"] = Case("refuse", ".xlsx")

    (folder / "huge-field.csv").write_bytes(b'indicator_id,year,value,note\nservices-share,2019,53,"'
                                            + b"x" * 200_000 + b'"\n')
    cases["huge-field.csv"] = Case("refuse", "131,072")
    big_string = workbook([("数据", "visible", HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>')],
                          shared=f"<si><t>{'长' * 140_000}</t></si>")
    write_zip(folder / "huge-field.xlsx", big_string)
    cases["huge-field.xlsx"] = Case("refuse", "131,072")

    (folder / "blank-lines.csv").write_bytes(b"indicator_id,year,value\n" + b"\n" * 1_000_001)
    cases["blank-lines.csv"] = Case("refuse", "1,000,000")

    (folder / "many-columns.csv").write_bytes(b"indicator_id,year,value" + b",x" * 20_000 + b"\n")
    cases["many-columns.csv"] = Case("refuse", "200")
    far = workbook([("数据", "visible", HEADER_ROW + '<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c>'
                                                  "</row>")])
    write_zip(folder / "many-columns.xlsx", far)
    cases["many-columns.xlsx"] = Case("refuse", "200")

    (folder / "wrong-column.csv").write_text("indicator_id,year,vaule\nservices-share,2019,53\n", encoding="utf-8")
    cases["wrong-column.csv"] = Case("refuse", "vaule")

    noise = random.Random(20261203)
    (folder / "garbage.csv").write_bytes(bytes(noise.randrange(256) for _ in range(65_536)))
    cases["garbage.csv"] = Case("refuse", "garbage.csv")
    (folder / "garbage.xlsx").write_bytes(bytes(noise.randrange(256) for _ in range(65_536)))
    cases["garbage.xlsx"] = Case("refuse", ".xlsx")
    (folder / "too-big.csv").write_bytes(b"indicator_id,year,value\n" + b"x,2019,1\n" * 600_000)
    cases["too-big.csv"] = Case("refuse", "5 MB")
    return cases
