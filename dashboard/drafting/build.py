"""From a plan's text to a draft: plan block, entries (one per measure, its targets together), and the
sentences that looked like targets but were not read.

`draft(raw)` is the whole pipeline: clean → passages and table rows → candidates → plan years →
duplicates folded (a sentence repeating a table row, the same target twice) → interim and final
targets of one measure joined → ids that collide with nothing already loaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from dashboard.drafting.clean import plan_text
from dashboard.drafting.passages import TableRow, read
from dashboard.drafting.plan import PlanBlock, plan_block, settle_years, slug_id
from dashboard.drafting.quantities import MAGNITUDES, number
from dashboard.drafting.targets import Candidate, Unparsed, candidates

SCALE = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
         "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3}


@dataclass
class Entry:
    id: str
    targets: list[Candidate]  # one measure: its targets in year order; the first carries name, unit, kind …

    @property
    def head(self) -> Candidate:
        return self.targets[0]


@dataclass
class Draft:
    plan: PlanBlock
    entries: list[Entry] = field(default_factory=list)
    unparsed: list[Unparsed] = field(default_factory=list)
    invalid: list[tuple[Entry, str]] = field(default_factory=list)


def normalised(value: Decimal | None, unit: str | None) -> tuple[Decimal | None, str | None]:
    """A value in the unit without its magnitude word: (1.4, 万亿元) → (1.4e12, 元), for finding duplicates."""
    if value is None or not unit:
        return value, unit
    for mag in MAGNITUDES:
        if unit.startswith(mag) and len(unit) > len(mag):
            return value * SCALE[mag], unit[len(mag):]
    return value, unit


def _row_candidates(row: TableRow) -> list[Candidate]:
    """One candidate per target column of an indicator-table row (interim ones join it later)."""
    out = []
    for year, printed in row.targets:
        cand = _row_candidate(row, year, printed)
        if cand is not None:
            out.append(cand)
    last = out[-1] if out else None
    if last is not None and last.rate and last.rate[2] == "real" and last.baseline:
        # the printed rate is at comparable prices: a growth indicator tracks it beside the nominal level
        out.append(Candidate(name=f"{row.name}增速（可比价）", section=row.section, sentence=row.quote, year=last.year,
                             unit="%", kind="growth", value=last.rate[0], baseline=(last.baseline[0], None),
                             group=row.group, checks=["check.growth_companion"], from_table=True, tracks=row.name))
    return out


def _row_candidate(row: TableRow, year: int, printed: str) -> Candidate | None:
    target = number(printed.rstrip("%％"))
    if target is None:
        return None
    checks = []
    unit = row.unit
    if not unit:
        unit = "家" if re.search(r"强|企业|机构", row.name) else "个"
        checks.append("check.unit_guessed")
    cand = Candidate(name=row.name, section=row.section, sentence=row.quote, year=year, unit=unit,
                     kind="share" if unit in ("%", "％") else "level", value=target, group=row.group, checks=checks,
                     from_table=True)
    base = number(row.base) if row.base else None
    if base is not None and row.base_year:
        cand.baseline = (row.base_year, base)
        if target < base:
            cand.direction = "decrease"
    if row.rate:
        pp = "百分点" in row.rate
        value = number(re.sub(r"(%|％|个百分点)$", "", row.rate))
        if value is not None:
            real = "可比价" in row.note and "增加值" in row.name and not pp and cand.kind == "level"
            cand.rate = (value, "pp" if pp else "%", "pp" if pp else ("real" if real else "nominal"))
            cand.checks.append("check.rate_basis")
    return cand


def _similar(a: str, b: str) -> bool:
    grams = lambda s: {s[i:i + 2] for i in range(len(s) - 1)}  # noqa: E731
    ga, gb = grams(a), grams(b)
    return bool(ga and gb) and len(ga & gb) / min(len(ga), len(gb)) >= 0.5


def _fold_duplicates(found: list[Candidate]) -> list[Candidate]:
    """Drop a sentence that repeats a table row (same year, same value in the same base unit) or an earlier
    sentence (same name, year and value)."""
    kept: list[Candidate] = []
    for cand in found:
        key = (cand.year, cand.month, *normalised(cand.value, cand.unit))
        twin = next((k for k in kept if (k.year, k.month, *normalised(k.value, k.unit)) == key
                     and not (k.from_table and cand.from_table) and k.kind == cand.kind and (
            k.name == cand.name or (k.kind != "milestone" and k.from_table and _similar(k.name, cand.name))
            or (k.kind != "milestone" and (k.name in cand.name or cand.name in k.name)))), None)
        if twin is None:
            kept.append(cand)
        elif twin.rate is None and cand.rate is not None and twin.kind == cand.kind:
            twin.rate = cand.rate
    return kept


def _settle(cand: Candidate, plan: PlanBlock) -> None:
    if cand.year is None:
        cand.year = plan.target_year
        cand.checks.append("check.year_default")
    if cand.baseline is not None and cand.baseline[0] is None:
        cand.baseline = (plan.base_year, cand.baseline[1])
    if cand.baseline is not None and None not in (cand.value, cand.baseline[1]) and cand.value != cand.baseline[1]:
        cand.direction = "decrease" if cand.value < cand.baseline[1] else "increase"
    if cand.direction == "decrease" and cand.op in (">", ">="):
        cand.op = None
    if cand.direction == "increase" and cand.op in ("<", "<="):
        cand.op = None
    if cand.kind != "milestone" and cand.name and not cand.from_table:
        cand.checks.append("check.name")


def _join_measures(found: list[Candidate]) -> list[list[Candidate]]:
    """Targets of one measure (same name and unit, different years) together, in year order."""
    groups: list[list[Candidate]] = []
    for cand in found:
        same = next((g for g in groups if g[0].kind != "milestone" and g[0].name == cand.name
                     and g[0].unit == cand.unit and all(c.year != cand.year for c in g)), None)
        if same is None:
            groups.append([cand])
        else:
            same.append(cand)
            same.sort(key=lambda c: c.year)
    return groups


def draft(raw: str | bytes, plan_id: str | None = None, taken_ids: set[str] = frozenset(),
          taken_plans: set[str] = frozenset()) -> Draft:
    """The draft catalog of a plan text (plain, HTML or JSON)."""
    text = plan_text(raw)
    block = plan_block(text)
    doc = read(text)
    issued = block.issued.year if block.issued else None
    found = [c for r in doc.rows for c in _row_candidates(r)]
    unparsed: list[Unparsed] = []
    for passage in doc.passages:
        got, missed = candidates(passage, issued)
        found.extend(got)
        unparsed.extend(missed)
    settle_years(block, [c.year for c in found if c.year] if not block.title_years else [])
    block.id = plan_id or slug_id(block, set(taken_plans))
    kept = []
    for cand in found:
        _settle(cand, block)
        if not block.base_year < cand.year <= block.target_year:
            unparsed.append(Unparsed(cand.section, cand.sentence, "unparsed.outside_years"))
        else:
            kept.append(cand)
    out = Draft(block, unparsed=unparsed)
    n = 0
    for group in _join_measures(_fold_duplicates(kept)):
        n += 1
        entry_id = f"{block.id}-t{n:02d}"
        while entry_id in taken_ids:
            n += 1
            entry_id = f"{block.id}-t{n:02d}"
        out.entries.append(Entry(entry_id, group))
    return out
