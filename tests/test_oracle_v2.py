"""`python -m dashboard status --format json` against the independent oracle of methodology v2.

For as-of 2020 (before most deadlines), 2022 (the services plan's deadline), 2024 (after) and the
default per-plan as-of, every field of every row of tests/fixtures/catalog-v2 is compared with
tests/oracle_v2.py: floats to a relative tolerance of 1e-9 (and 1e-9 absolute, for values that
should be 0), null with None, lists element by element. All differences are collected and shown
as one table.
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
import sys
from pathlib import Path

import yaml

from tests.oracle_v2 import FIELDS, evaluate

ROOT = Path(__file__).resolve().parent.parent
CATALOG = "tests/fixtures/catalog-v2/indicators.yaml"
ACTUALS = "tests/fixtures/catalog-v2/actuals.csv"
AS_OF = (2020, 2022, 2024, None)
TARGET_FIELDS = ("year", "value", "op", "verdict", "basis_year", "basis_value")
LIST_KEYS = ("rows", "indicators", "status", "data", "results", "items")


def oracle_rows(as_of: int | None) -> list[dict]:
    catalog = yaml.safe_load((ROOT / CATALOG).read_text(encoding="utf-8"))
    with (ROOT / ACTUALS).open(encoding="utf-8", newline="") as handle:
        figures = [{"indicator_id": r["indicator_id"], "year": int(r["year"]), "value": float(r["value"])}
                   for r in csv.DictReader(handle)]
    return evaluate(catalog, figures, as_of)


def engine_rows(as_of: int | None) -> tuple[list[dict] | None, str]:
    """The rows `status --format json` prints, or None and why not."""
    argv = [sys.executable, "-m", "dashboard", "status", "--catalog", CATALOG, "--actuals", ACTUALS,
            "--format", "json"]
    if as_of is not None:
        argv += ["--as-of", str(as_of)]
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        return None, f"exit {proc.returncode}: {' '.join(proc.stderr.split())[:2000]}"
    try:
        return rows_in(json.loads(proc.stdout)), ""
    except (ValueError, TypeError) as exc:
        return None, f"unreadable output ({exc}): {proc.stdout[:200]!r}"


def rows_in(doc) -> list[dict]:
    """The list of row objects: the document itself, or the list under a key of an object."""
    if isinstance(doc, list):
        return doc
    if isinstance(doc, dict):
        candidates = [doc[k] for k in LIST_KEYS if k in doc] + list(doc.values())
        for value in candidates:
            if isinstance(value, list) and all(isinstance(r, dict) and "id" in r for r in value):
                return value
    raise TypeError(f"expected a list of rows with an id, found {type(doc).__name__}")


def differences(path: str, got, want) -> tuple[int, list[tuple[str, str, str]]]:
    """(number of values compared, [(field path, engine value, oracle value)]) for one field."""
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return 1, [(path, show(got), show(want))]
        count, found = 0, []
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            c, f = differences(f"{path}[{i}]", g, w)
            count, found = count + c, found + f
        return count, found
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return 1, [(path, show(got), show(want))]
        count, found = 0, []
        for key in TARGET_FIELDS if set(TARGET_FIELDS) <= set(want) else want:
            c, f = differences(f"{path}.{key}", got.get(key, "<absent>"), want[key])
            count, found = count + c, found + f
        return count, found
    return 1, ([] if same(got, want) else [(path, show(got), show(want))])


def same(got, want) -> bool:
    if want is None or got is None or isinstance(want, bool | str) or isinstance(got, bool | str):
        return type(got) is type(want) and got == want
    if isinstance(got, int | float) and isinstance(want, int | float):
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    return False


def show(value) -> str:
    if isinstance(value, float):
        return f"{value:.10g}"
    return "null" if value is None else json.dumps(value, ensure_ascii=False) if not isinstance(value, str) \
        else value


def compare_run(as_of: int | None, names: dict[str, str]) -> tuple[int, list[tuple]]:
    label = "default" if as_of is None else str(as_of)
    want = oracle_rows(as_of)
    got, why = engine_rows(as_of)
    if got is None:
        return 0, [(label, "-", "status command", why, f"{len(want)} rows")]
    by_id = {r.get("id"): r for r in got}
    count, found = 0, []
    for row in want:
        engine = by_id.get(row["id"])
        if engine is None:
            found.append((label, names[row["id"]], "(row)", "<absent>", "row"))
            continue
        for field in FIELDS:
            c, diffs = differences(field, engine.get(field, "<absent>") if field in engine else "<absent>",
                                   row[field])
            count += c
            found += [(label, names[row["id"]], *d) for d in diffs]
    extra = [r.get("id") for r in got if r.get("id") not in names]
    if extra:
        found.append((label, "-", "(rows)", ", ".join(map(str, extra)), "no such indicator"))
    order = [r.get("id") for r in got]
    if not extra and len(order) == len(want) and order != [r["id"] for r in want]:
        found.append((label, "-", "(row order)", " ".join(map(str, order)), "catalog order"))
    return count, found


def table(found: list[tuple]) -> str:
    head = ("as_of", "indicator", "field", "engine", "oracle")
    rows = [head, *[tuple(str(c) for c in r) for r in found]]
    widths = [min(60, max(len(r[i]) for r in rows)) for i in range(len(head))]
    return "\n".join("  ".join(c[:60].ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def test_status_json_agrees_with_the_oracle_on_every_field():
    catalog = yaml.safe_load((ROOT / CATALOG).read_text(encoding="utf-8"))
    names = {i["id"]: f'{i["name"]} ({i["id"]})' for i in catalog["indicators"]}
    total, found = 0, []
    for as_of in AS_OF:
        count, diffs = compare_run(as_of, names)
        total, found = total + count, found + diffs
    summary = f"compared {total} values over {len(AS_OF)} runs of {len(names)} indicators; {len(found)} differ"
    print(summary)
    failures = "\n".join(f"{r[0]}: {r[3]}" for r in found if r[2] == "status command")
    assert not found, f"{summary}:\n{table(found)}" + (f"\n{failures}" if failures else "")


def test_the_reader_takes_a_list_or_an_object_holding_one():
    rows = [{"id": "a", "status": "achieved"}]
    assert rows_in(rows) == rows
    assert rows_in({"as_of": 2022, "rows": rows}) == rows
    assert rows_in({"meta": {}, "something": rows}) == rows


def test_the_comparison_sees_every_kind_of_difference():
    targets = [{"year": 2022, "value": 14000.0, "op": ">=", "verdict": "missed", "basis_year": 2022,
                "basis_value": 13900.0}]
    assert differences("gap", -114.10000000001, -114.1) == (1, [])
    assert differences("gap", -114.1001, -114.1)[1] == [("gap", "-114.1001", "-114.1")]
    assert differences("gap", 0.0, None)[1] and differences("vintage_break", 0, False)[1]
    assert differences("missing_years", [2020], [2020, 2021])[1] == [("missing_years", "[2020]", "[2020, 2021]")]
    count, found = differences("targets", [{**targets[0], "verdict": "achieved_late", "month": None}], targets)
    assert count == 6 and found == [("targets[0].verdict", "achieved_late", "missed")]
    assert differences("targets", [{"year": 2022}], targets)[1][0] == ("targets[0].value", "<absent>", "14000")


def test_the_oracle_agrees_with_itself_through_json():
    want = oracle_rows(2022)
    got = json.loads(json.dumps(want))
    counts = [differences(f, g[f], w[f]) for g, w in zip(got, want, strict=True) for f in FIELDS]
    assert sum(c for c, _ in counts) > len(FIELDS) * len(want) and not any(d for _, d in counts)
