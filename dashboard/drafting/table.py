"""The draft as rows a person ticks and edits (the New plan page), and back into a draft.

Each row is one entry: keep, name, unit, kind, direction, its (final) target year and value, op, the
sentence it came from and what to check. Editing a row changes the entry's head; year, value and op
apply to its final target.
"""

from __future__ import annotations

import copy
import math
from decimal import Decimal, InvalidOperation

from dashboard.drafting.build import Draft
from dashboard.i18n import DEFAULT_LANG, t

COLUMNS = ["keep", "name", "unit", "kind", "direction", "year", "value", "op", "source", "checks"]
EDITABLE = ["keep", "name", "unit", "kind", "direction", "year", "value", "op"]


def rows(draft: Draft, lang: str = DEFAULT_LANG) -> list[dict]:
    """One row per entry, in draft order."""
    out = []
    for entry in draft.entries:
        head, final = entry.head, entry.targets[-1]
        out.append({
            "keep": True, "name": head.name, "unit": head.unit or "", "kind": head.kind,
            "direction": head.direction or "", "year": final.year,
            "value": float(final.value) if final.value is not None else None, "op": final.op or "",
            "source": f"{head.section} “{head.sentence}”",
            "checks": "；".join(t(k, lang) for k in dict.fromkeys(k for c in entry.targets for k in c.checks)),
        })
    return out


def _decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def apply(draft: Draft, edited: list[dict]) -> Draft:
    """A copy of the draft with the rows' edits, unticked entries left out."""
    out = copy.deepcopy(draft)
    kept = []
    for entry, row in zip(out.entries, edited, strict=True):
        if not row.get("keep", True):
            continue
        head, final = entry.head, entry.targets[-1]
        head.name = str(row.get("name") or head.name).strip()
        head.kind = row.get("kind") or head.kind
        for c in entry.targets:
            c.kind = head.kind
        head.unit = (str(row.get("unit") or "").strip() or None) if head.kind != "milestone" else None
        head.direction = (row.get("direction") or None) if head.kind != "milestone" else None
        if row.get("year") not in (None, "") and not (isinstance(row["year"], float) and math.isnan(row["year"])):
            final.year = int(row["year"])
        final.value = _decimal(row.get("value")) if head.kind != "milestone" else None
        final.op = row.get("op") or None
        kept.append(entry)
    out.entries = kept
    return out
