"""The plan's lines as passages, each with its place in the document (its `source:` section) and owner.

Three shapes of table are read besides prose: an indicator box with one cell per line (专栏1: 序号,
名称, 单位, 基数, 目标, 年均增速), a measures table with tab-indented cells (措施 … 牵头单位 配合单位)
and a table of `cell | cell |` rows (from HTML, or pasted). Prose gets the numbers of its headings
(一、 （一） 1.) as its section, e.g. "三（一）2 现代物流".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.drafting.quantities import number

H1 = re.compile(r"^([一二三四五六七八九十]+)、(.*)")
H2 = re.compile(r"^（([一二三四五六七八九十]+)）(.*)")
H3 = re.compile(r"^(\d{1,2})[.．](?!\d)(.*)")
BOX = re.compile(r"^专栏\s*(\d+)\s*(.*)")
ITEM = re.compile(r"^（(\d{1,2})）")
DEPARTMENT = re.compile(r"(市|局|委|办|院|公司|中心|海关|银保监|人行|政府|工作组)")
BACKGROUND = re.compile(r"发展基础|发展现状|编制背景|面临形势|主要问题|基本情况|发展成就|现状")


@dataclass
class Passage:
    section: str
    text: str
    owner: tuple[str, ...] = ()
    background: bool = False


@dataclass
class TableRow:
    section: str
    name: str
    unit: str | None
    base_year: int | None
    base: str | None
    targets: list[tuple[int, str]]  # (year, value as printed), interim ones first
    rate: str | None
    group: str | None
    note: str = ""
    quote: str = ""


@dataclass
class Document:
    passages: list[Passage] = field(default_factory=list)
    rows: list[TableRow] = field(default_factory=list)


def _title(rest: str) -> tuple[str, str]:
    """A heading's title (up to its first 。) and the body text on the same line."""
    head, _, body = rest.partition("。")
    return head.strip()[:16], body.strip()


def _departments(cell: str) -> tuple[str, ...]:
    return tuple(d.strip() for d in re.split(r"[、，,]", cell) if d.strip())


def _is_department(cell: str) -> bool:
    cell = cell.strip()
    return 0 < len(cell) <= 80 and "。" not in cell and not ITEM.match(cell) and bool(DEPARTMENT.search(cell)) \
        and not re.search(r"\d{4}年|实现|建成|推进|开展", cell)


def _numeric(cell: str) -> bool:
    return number(re.sub(r"(%|％|个百分点)$", "", cell.strip())) is not None


def year_roles(header: list[str]) -> list[tuple[int, str]]:
    """The year columns of an indicator table's header, each a "base" or a "target" column.

    >>> year_roles(["指标", "单位", "2018年", "基数", "2022年", "目标", "年均增速"])
    [(2018, 'base'), (2022, 'target')]
    >>> year_roles(["指标", "2022年", "2025年", "2027年"])
    [(2022, 'base'), (2025, 'target'), (2027, 'target')]
    """
    roles: list[list] = []
    for k, cell in enumerate(header):
        following = header[k + 1] if k + 1 < len(header) and "年" not in header[k + 1] else ""
        for year in re.findall(r"(\d{4})年", cell):
            context = cell + following
            role = "base" if re.search(r"基数|基期|现状|基准|实际", context) else (
                "target" if "目标" in context else None)
            roles.append([int(year), role])
    for k, role in enumerate(roles):
        if role[1] is None:
            role[1] = "base" if k == 0 and len(roles) > 1 else "target"
    return [(y, r) for y, r in roles]


def _row(section: str, name: str, unit: str | None, values: list[str], roles: list[tuple[int, str]],
         rate: str | None, group: str | None, note: str, quote: str) -> TableRow:
    base = next(((y, v) for (y, r), v in zip(roles, values, strict=False) if r == "base"), (None, None))
    targets = [(y, v) for (y, r), v in zip(roles, values, strict=False) if r == "target" and v]
    return TableRow(section, name, unit, base[0], base[1], targets, rate, group, note, quote)


def _box_table(cells: list[str], box: str, note: str) -> list[TableRow]:
    """Rows of a one-cell-per-line indicator table: header cells, then serial, name, [unit], numbers."""
    header, i = [], 0
    while i < len(cells) and cells[i] != "1":
        header.append(cells[i])
        i += 1
    roles = year_roles(header)
    has_rate = any("增速" in c or "增长" in c for c in header)
    rows, serial = [], 1
    group = header[-1] if header and not re.search(r"\d|增速|目标|基数|单位|名称|序号|类别", header[-1]) else None
    while i < len(cells):
        j = i + 1
        while j < len(cells) and cells[j] != str(serial + 1):
            j += 1
        row = cells[i + 1:j]
        next_group = None
        if row and not _numeric(row[-1]) and len(row) > 3:  # the next group's label ends this row
            next_group = row.pop()
        if row:
            name, rest = row[0], row[1:]
            unit = rest.pop(0) if rest and not _numeric(rest[0]) else None
            nums = [c for c in rest if _numeric(c)]
            rate = nums.pop() if has_rate and len(nums) > len(roles) else None
            quote = " ".join([name, unit or "", *(c for c in rest if c != unit)]).replace("  ", " ")
            rows.append(_row(f"{box} 第{serial}项", name, unit, nums, roles, rate, group, note, quote))
        group = next_group or group
        serial, i = serial + 1, j
    return rows


def _cell(cells: list[str], k: int | None) -> str | None:
    return cells[k] if k is not None and k < len(cells) and cells[k] else None


def _indicator_pipe_rows(header: list[str], rows: list[list[str]], box: str) -> list[TableRow]:
    """An indicator table of `cell | cell |` rows (an HTML table): the columns are aligned with the header."""
    roles = year_roles(header)
    year_columns = [k for k, c in enumerate(header) if re.search(r"\d{4}年", c)]
    name_col = next((k for k, c in enumerate(header) if re.search(r"指\s*标|名\s*称|项\s*目", c)), 1)
    unit_col = next((k for k, c in enumerate(header) if "单位" in c), None)
    rate_col = next((k for k, c in enumerate(header) if "增速" in c or "增长" in c), None)
    out = []
    for n, cells in enumerate(rows, start=1):
        if name_col >= len(cells) or not cells[name_col] or not year_columns:
            continue
        values = [_cell(cells, k) or "" for k in year_columns]
        serial = cells[0] if re.fullmatch(r"\d{1,3}", cells[0]) else str(n)
        out.append(_row(f"{box} 第{serial}项", cells[name_col], _cell(cells, unit_col), values, roles,
                        _cell(cells, rate_col), None, "", " ".join(c for c in cells if c)))
    return out


class _Reader:
    def __init__(self):
        self.doc = Document()
        self.levels: list[str] = ["", "", ""]
        self.title = ""
        self.background = False
        self.top_background = False
        self.annex = False
        self.box: str | None = None

    def section(self) -> str:
        label = "".join(self.levels)
        return f"{label} {self.title}".strip() if label else self.title

    def add(self, section: str, text: str, owner: tuple[str, ...] = ()) -> None:
        if text.strip():
            self.doc.passages.append(Passage(section, text.strip(), owner, self.background))


def _pipe_rows(lines: list[str], reader: _Reader) -> None:
    table = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines if line.strip()]
    first = next((k for k, cells in enumerate(table[:3]) if any(re.fullmatch(r"\d{4}年\S{0,6}", c) for c in cells)
                  and all(len(c) <= 12 for c in cells if re.search(r"\d{4}年", c))), None)
    if first is not None and not any("牵头" in c for cells in table for c in cells):  # an indicator table
        reader.doc.rows.extend(_indicator_pipe_rows(table[first], table[first + 1:], reader.box or "表"))
        return
    header = None
    for cells in table:
        if header is None and any("牵头" in c for c in cells):
            header = cells
            continue
        if not cells or not re.fullmatch(r"\d{1,3}", cells[0]):
            continue
        lead = header.index(next(c for c in header if "牵头" in c)) if header else None
        owner = _departments(cells[lead]) if lead is not None and lead < len(cells) else ()
        text = max(cells[1:lead] if lead else cells[1:], key=len, default="")
        prefix = "附件 " if reader.annex else ""
        reader.add(f"{prefix}第{cells[0]}项", text, owner)


def _tab_rows(lines: list[str], reader: _Reader) -> None:
    item, measures = None, []

    def flush(owner=()):
        for k, text in measures:
            prefix = "附件 " if reader.annex else ""
            reader.add(f"{prefix}第{item}项" + (f"({k})" if k else ""), text, owner)
        measures.clear()

    for raw in lines:
        cell = raw.strip()
        if not cell or re.fullmatch(r"目标任务|工\s*作\s*措\s*施|牵头单位|配合单位", cell) or H1.match(cell):
            continue
        m = re.match(r"^(\d{1,3})[．.](?!\d)\s*(.*)", cell)
        if m and raw.startswith("\t"):
            flush()
            item = m.group(1)
            continue
        if item is None:
            continue
        if raw.startswith("\t") and _is_department(cell):
            if measures:  # the first department cell after measures is the lead; the next one the partners
                flush(_departments(cell))
            continue
        k = ITEM.match(cell)
        measures.append((k.group(1) if k else None, cell[k.end():] if k else cell))


def read(text: str) -> Document:
    """Split a plan's text into passages (prose, measure-table items) and indicator-table rows."""
    reader = _Reader()
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if lines[i].startswith("\t") and (reader.annex or any(
                re.match(r"^\t\d{1,3}[．.]", x) for x in lines[i:i + 6])):  # a tab-celled measures table
            j = i
            while j < len(lines) and (lines[j].startswith("\t") or not lines[j].strip() or ITEM.match(lines[j])
                                      or not H1.match(lines[j].strip())):
                j += 1
            _tab_rows(lines[i:j], reader)
            i = j
            continue
        if line.count("|") >= 2:
            j = i
            while j < len(lines) and (lines[j].count("|") >= 2 or not lines[j].strip()):
                j += 1
            _pipe_rows(lines[i:j], reader)
            i = j
            continue
        if line.startswith("附件"):
            reader.annex = True
        box = BOX.match(line)
        if box:
            reader.box = f"专栏{box.group(1)}"
            j, cells = i + 1, []
            while j < len(lines) and (not lines[j].strip() or len(lines[j].strip()) <= 24) \
                    and not lines[j].strip().startswith("注"):
                if lines[j].strip():
                    cells.append(lines[j].strip())
                j += 1
            if "序号" in cells or "1" in cells[:12]:
                note = lines[j].strip() if j < len(lines) and lines[j].strip().startswith("注") else ""
                reader.doc.rows.extend(_box_table(cells, reader.box, note))
                reader.box = None
                i = j + (1 if note else 0)
                continue
            i += 1
            continue
        h1, h2, h3 = H1.match(line), H2.match(line), H3.match(line)
        if h1 or h2:
            reader.box = None
            level, m = (0, h1) if h1 else (1, h2)
            reader.levels[level] = f"（{m.group(1)}）" if level == 1 else m.group(1)
            for deeper in range(level + 1, 3):
                reader.levels[deeper] = ""
            reader.title, body = _title(m.group(2))
            if level == 0:
                reader.top_background = bool(BACKGROUND.search(reader.title))
            reader.background = reader.top_background or bool(BACKGROUND.search(reader.title))
            reader.add(reader.section(), body)
        elif h3:
            title, body = _title(h3.group(2))
            if reader.box:
                reader.add(f"{reader.box} 第{h3.group(1)}项 {title}", f"{title}。{body}" if body else title)
            else:
                reader.levels[2] = h3.group(1)
                reader.title = title
                reader.add(reader.section(), body or title)
        else:
            reader.box = None
            reader.add(reader.section(), line)
        i += 1
    return reader.doc
