"""The header row people write, and the rows under it as figure rows.

Column names are matched after NFKC (full-width brackets and letters become plain), with
surrounding spaces and a bracketed part such as a unit dropped (`数值（亿元）` is `数值`), case
ignored: the interchange names (indicator_id, year, value, figure_status, source, note) and the
Chinese ones of `ALIASES`, in any order. A header may instead give one column per year (`2023`
or `2023年`, the fill-in template): each non-blank cell under a year becomes one figure row of
that year, with the row's status, source and note. Informational columns (name, unit, baseline,
target, latest figure, owner) are read past; a `name` column names the indicator when there is
no id: an exact name unique in the catalog becomes its id, any other name a row problem listing
the closest names (`frame.attrs["problems"]`). Statuses may be written 初步数 / 最终数 / 修订数.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import numpy as np
import pandas as pd

from dashboard.files.cells import unquote
from dashboard.files.limits import MAX_FIELD, SpreadsheetError
from dashboard.i18n import t

REQUIRED = ["indicator_id", "year", "value"]
OPTIONAL = ["figure_status", "source", "note"]
HISTORY_EXTRA = ["revision", "action", "reason", "entered_by", "entered_at"]
INFO = ["name", "unit", "baseline", "target", "latest", "owner"]
ALIASES = {
    "indicator_id": ["指标编号", "指标代码", "指标id"], "name": ["指标名称", "指标"], "year": ["年份", "年度"],
    "value": ["数值", "实际值"], "figure_status": ["数据状态"], "source": ["来源", "数据来源"], "note": ["备注"],
    "unit": ["单位"], "baseline": ["基期值"], "target": ["目标值"], "latest": ["最新数据"], "owner": ["责任单位"],
    "revision": ["修订号"], "action": ["操作"], "reason": ["原因"], "entered_by": ["录入人"],
    "entered_at": ["录入时间"],
}
ZH_HEADERS = {canonical: names[0] for canonical, names in ALIASES.items()}
STATUS_WORDS = {"初步数": "preliminary", "最终数": "final", "修订数": "revised"}
STATUS_ZH = {v: k for k, v in STATUS_WORDS.items()}
_LOOKUP = {alias.lower(): canonical for canonical, names in ALIASES.items() for alias in names}
_LOOKUP.update({c: c for c in [*REQUIRED, *OPTIONAL, *HISTORY_EXTRA, *INFO]})
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")
_YEAR = re.compile(r"((?:19|20|21)\d\d)年?(?:度)?")
FRAME_COLUMNS = ["row", *REQUIRED, *OPTIONAL]
# columns an export writes for the reader that an import reads past (the review state is the store's, not the
# file's: a figure imported is submitted or accepted by who imports it)
INFORMATIONAL = frozenset({"review_state", "审核状态"})
INFORMATIONAL_COLUMN = "_informational"  # a named column whose cells no figure takes
SUGGESTED = 50  # distinct unknown names that get the closest names (difflib over the catalog is slow)


def blank(x) -> bool:
    return x is None or (isinstance(x, str) and not x.strip())


def clip(text: str, width: int = 40) -> str:
    """`text` cut for a message: clip("x" * 50)[-1] == "…"."""
    return text if len(text) <= width else text[: width - 1] + "…"


def normalise(cell) -> str:
    """A header cell as matched: NFKC, bracketed parts and spaces dropped, lower case.

    >>> normalise(" 数值（亿元） "), normalise("Indicator ID"), normalise("\\ufeffyear")
    ('数值', 'indicator_id', 'year')
    """
    text = unicodedata.normalize("NFKC", str(cell)).replace("\ufeff", "").strip()
    text = _BRACKETED.sub("", text).strip()
    return re.sub(r"\s+", "_", text).lower()


def column_of(cell) -> str | int | None:
    """The canonical column, a year (int) for a year column, or None for an unknown name.

    >>> column_of("指标代码"), column_of("2023年"), column_of(2024), column_of("年份"), column_of("vaule")
    ('indicator_id', 2023, 2024, 'year', None)
    """
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        cell = str(int(cell))
    text = normalise(cell)
    if text in _LOOKUP:
        return _LOOKUP[text]
    year = _YEAR.fullmatch(text)
    return int(year.group(1)) if year else None


def _fail(lang: str, name: str, number: int, problems: list[str], found: list[str]):
    joined = t("files.separator", lang).join(problems)
    raise SpreadsheetError("files.header", lang, name=name, row=number, problems=joined, found=", ".join(found) or "—")


def parse_header(cells: list, number: int, name: str, lang: str, has_catalog: bool) -> list[str | int | None]:
    """Per position the canonical column or year; SpreadsheetError listing every problem of the header."""
    found = ["" if blank(c) else clip(str(c).strip().lstrip("\ufeff")) for c in cells]
    columns = [None if blank(c) else INFORMATIONAL_COLUMN if normalise(c) in INFORMATIONAL else column_of(c)
               for c in cells]
    problems = []
    known = [*REQUIRED, *OPTIONAL, *(a for names in ALIASES.values() for a in names)]
    for text, col in zip(found, columns, strict=True):
        if text and col is None:
            close = difflib.get_close_matches(normalise(text), known, n=1)
            problems.append(t("files.header_unknown_hint" if close else "files.header_unknown", lang).format(
                column=text, close=close[0] if close else ""))
    named = [c for c in columns if c is not None]
    for col in dict.fromkeys(named):
        if named.count(col) > 1:
            problems.append(t("files.header_repeated", lang).format(column=col, n=named.count(col)))
    years = [c for c in named if isinstance(c, int)]
    missing = []
    if "indicator_id" not in named and not ("name" in named and has_catalog):
        missing.append("indicator_id")
    if years:
        problems += [t("files.header_wide_and_long", lang).format(column=c) for c in ("year", "value") if c in named]
    else:
        missing += [c for c in ("year", "value") if c not in named]
    if missing:
        problems.insert(0, t("files.header_missing", lang).format(columns=", ".join(missing)))
    if problems:
        _fail(lang, name, number, problems, [f for f in found if f])
    return columns


def to_frame(rows, name: str, lang: str, catalog=None) -> pd.DataFrame:
    """The figure rows under the first row with content (the header); see the module docstring."""
    header, data, long_rows = None, {c: [] for c in [*FRAME_COLUMNS, "name"]}, []
    for number, cells in rows:
        if header is None:
            header = parse_header(list(cells), number, name, lang, catalog is not None)
            years = [(i, c) for i, c in enumerate(header) if isinstance(c, int)]
            width, unnamed = len(header), [i for i, h in enumerate(header) if h is None]
            where = {h: i for i, h in enumerate(header) if isinstance(h, str)}
            # the columns copied as they are (unquoted), each with its list and its place in the row (None: absent)
            copied = [(data[c], where.get(c)) for c in data if c not in ("row", "year", "value", "figure_status")]
            at_status, at_year, at_value = where.get("figure_status"), where.get("year"), where.get("value")
            continue
        if _too_long(cells):
            raise SpreadsheetError("files.field_too_long", lang, name=name, row=number, limit=f"{MAX_FIELD:,}")
        n = len(cells)
        if (n > width and any(not blank(c) for c in cells[width:])) or (unnamed and any(
                i < n and not blank(cells[i]) for i in unnamed)):
            long_rows.append(number)
            continue
        fixed = [None if i is None or i >= n else cells[i] if type(cells[i]) is not str or cells[i][:1] != "'"
                 else unquote(cells[i]) for _, i in copied]  # unquote only where a quote could need undoing
        status = unquote(cells[at_status]) if at_status is not None and at_status < n else None
        if isinstance(status, str):
            status = STATUS_WORDS.get(status.strip(), status)
        if years:
            pairs = [(year, cells[i]) for i, year in years if i < n and not blank(cells[i])]
        else:  # the value is read as the record holds it (unquoted), then unquoted again as every value is
            pairs = [(unquote(cells[at_year]) if at_year is not None and at_year < n else None,
                      unquote(cells[at_value]) if at_value is not None and at_value < n else None)]
        for year, value in pairs:
            for (column, _), cell in zip(copied, fixed, strict=True):
                column.append(cell)
            data["row"].append(number)
            data["year"].append(year)
            data["value"].append(unquote(value))
            data["figure_status"].append(status)
    if header is None:
        raise SpreadsheetError("files.empty", lang, name=name)
    if long_rows:
        shown = ", ".join(map(str, long_rows[:10])) + (" …" if len(long_rows) > 10 else "")
        raise SpreadsheetError("files.long_rows", lang, name=name, rows=shown)
    frame = pd.DataFrame({c: _objects(data[c]) for c in FRAME_COLUMNS}, dtype=object)  # cells as found
    frame = frame.astype({"row": "int64"})
    frame.attrs["problems"] = _resolve_names(frame, data["name"], catalog, lang) if catalog is not None else []
    return frame


def _too_long(cells: list) -> bool:
    """Whether a cell's text is over MAX_FIELD characters (all text: one sum of lengths decides most rows)."""
    try:
        if sum(map(len, cells)) <= MAX_FIELD:
            return False
    except TypeError:  # numbers, dates among the cells
        pass
    return any(isinstance(c, str) and len(c) > MAX_FIELD for c in cells)


def _objects(values: list) -> np.ndarray:
    """An object array of exactly these values (pandas would turn text columns into strings, None into NaN)."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _resolve_names(frame: pd.DataFrame, names: list, catalog, lang: str) -> list:
    """Fill indicator_id from an exact, unique catalog name; a problem for every other name."""
    from dashboard.figures import RowProblem

    by_name: dict[str, list] = {}
    for ind in catalog.indicators.values():
        by_name.setdefault(ind.name.strip(), []).append(ind)
    problems, ids, told, numbers = [], frame["indicator_id"].tolist(), {}, frame["row"].tolist()
    for i, (ind_id, written) in enumerate(zip(ids, names, strict=True)):
        if not blank(ind_id) or blank(written):
            continue
        text, row = clip(str(written).strip(), 200), numbers[i]
        matches = by_name.get(text, [])
        if len(matches) == 1:
            ids[i] = matches[0].id
            continue
        ids[i] = text
        if problems and problems[-1].row == row:
            continue
        if text not in told:  # each distinct name once; suggestions for the first SUGGESTED names only
            told[text] = _name_message(text, matches, by_name, catalog, lang, len(told) < SUGGESTED)
        problems.append(RowProblem(row, "indicator_id", told[text]))
    frame["indicator_id"] = pd.Series(_objects(ids), index=frame.index, dtype=object)
    return problems


def _name_message(text: str, matches: list, by_name: dict, catalog, lang: str, suggest: bool):
    """The row problem's message (a `Msg`, rendered in the user's language where it is shown)."""
    from dashboard.messages import Msg

    if matches:
        plans = "、".join(f"{m.id}（{catalog.plans[m.plan].title}）" for m in matches)
        return Msg.of("files.name_ambiguous", text=text, n=len(matches), ids=plans)
    close = difflib.get_close_matches(text, list(by_name), n=3, cutoff=0.3) if suggest else []
    return Msg.of("files.name_unknown" if close else "files.name_unknown_plain", text=text, close="、".join(close))


def merge_problems(frame: pd.DataFrame, problems: list) -> list:
    """Validation's problems with the reader's own (`frame.attrs["problems"]`) in place of validation's
    "unknown indicator" for the same cells."""
    own = frame.attrs.get("problems") or []
    cells = {(p.row, p.column) for p in own}
    return sorted([p for p in problems if (p.row, p.column) not in cells] + own, key=lambda p: p.row)
