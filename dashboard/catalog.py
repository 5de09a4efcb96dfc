"""Load and validate `indicators.yaml` into typed objects and a pandas DataFrame.

Every problem is collected (not only the first) and reported as
``FILE:LINE field.path: what is wrong — expected …, found … (hint)``.
A user mistake raises `CatalogError` carrying the list of `Problem`s, never a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from dashboard.schema import CatalogFile, CatalogRuleError, Indicator, Plan

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent / "indicators.yaml"

HINTS = {
    "number": "write the number only; the unit goes in unit:",
    "year": "write a four-digit year such as 2022",
}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.path}: {self.message}"


class CatalogError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Catalog:
    plans: dict[str, Plan]
    indicators: dict[str, Indicator]
    rate_tolerance: dict[str, float] = field(default_factory=dict)
    path: str = ""

    def frame(self) -> pd.DataFrame:
        """One row per indicator, plan thresholds joined in (NaN = methodology default)."""
        return indicator_frame(self)

    def plans_frame(self) -> pd.DataFrame:
        return pd.DataFrame([p.model_dump(exclude={"thresholds"}) for p in self.plans.values()])


# ---------------------------------------------------------------- YAML with line numbers


class _Located:
    """Parsed YAML plus the line (1-based) and raw text of every node, keyed by path tuple."""

    def __init__(self, text: str):
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            self.lines: dict[tuple, int] = {}
            self.raw: dict[tuple, str] = {}
            self.duplicates: list[tuple[tuple, int]] = []
            self.data = self._walk(loader, node, ()) if node is not None else None
        finally:
            loader.dispose()

    def _walk(self, loader, node, path):
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else loader.construct_object(key_node,
                                                                                                           deep=True)
                key = key if isinstance(key, str) else str(key)
                if key in out:
                    self.duplicates.append((path + (key,), key_node.start_mark.line + 1))
                out[key] = self._walk(loader, value_node, path + (key,))
                self.lines[path + (key,)] = key_node.start_mark.line + 1
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self._walk(loader, child, path + (i,)) for i, child in enumerate(node.value)]
        self.raw[path] = node.value
        try:
            return loader.construct_object(node, deep=True)
        except (ValueError, TypeError, AttributeError) as exc:  # e.g. 2018-13-45 looks like a date but is none
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value  # left as text: the schema then says "expected a date YYYY-MM-DD"
            raise yaml.constructor.ConstructorError(None, None, f'cannot read "{node.value}" ({exc})',
                                                    node.start_mark) from None

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _found(value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, bool) else str(value)


def _describe(err: dict, allowed: list[str]) -> str:
    kind, value, last = err["type"], err.get("input"), str(err["loc"][-1]) if err["loc"] else ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(last, allowed, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else f" (allowed: {', '.join(allowed)})"
        return f'unknown key — expected one of the known fields, found "{last}"{hint}'
    if kind == "missing":
        return "required field missing — expected a value, found nothing"
    if kind in ("float_type", "float_parsing", "int_type", "int_parsing") and last in ("year", "base_year",
                                                                                        "target_year"):
        return f"expected a year, found {_found(value)} — {HINTS['year']}"
    if kind == "finite_number":
        return f"expected a finite number, found {_found(value)} — {HINTS['number']}"
    if kind in ("float_type", "float_parsing"):
        return f"expected a number, found {_found(value)} — {HINTS['number']}"
    if kind in ("int_type", "int_parsing"):
        return f"expected a whole number, found {_found(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"expected a year between 1900 and 2200, found {_found(value)}"
    if kind in ("literal_error", "enum"):
        expected = err["ctx"]["expected"].replace("'", "")
        return f"expected one of {expected}, found {_found(value)}"
    if kind == "string_pattern_mismatch":
        return f"expected a slug of lowercase letters, digits and hyphens, found {_found(value)}"
    if kind in ("string_type", "string_too_short"):
        return f"expected text, found {_found(value)}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"expected a date YYYY-MM-DD, found {_found(value)}"
    if kind in ("list_type",):
        return f"expected a list, found {_found(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, found {_found(value)}"
    return f"{err['msg']}, found {_found(value)}"


def _validate(model: type[BaseModel], data, where: tuple, label: str, doc: _Located, file: str):
    """Validate one record; return (object or None, problems)."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            rule = (err.get("ctx") or {}).get("error")
            if isinstance(rule, CatalogRuleError):
                loc, message = tuple(err["loc"]) + tuple(rule.field.split(".")), rule.message
            else:
                loc = tuple(err["loc"])
                parent = _model_at(model, loc[:-1])
                message = _describe(err, list(parent.model_fields) if parent else [])
            dotted = ".".join([label, *map(str, loc)]) if loc else label
            problems.append(Problem(file, doc.line(where + loc), dotted, message))
        return None, problems


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    for part in loc:
        info = model.model_fields.get(part)
        if info is None:
            return None
        ann = info.annotation
        candidates = [a for a in getattr(ann, "__args__", (ann,)) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not candidates:
            return None
        model = candidates[0]
    return model


def _decimals(raw: str | None) -> int:
    try:
        exponent = Decimal(str(raw).strip()).as_tuple().exponent
    except (InvalidOperation, TypeError):
        return 0
    return max(0, -int(exponent))


def parse(text: str, file: str = "indicators.yaml") -> Catalog:
    """Validate catalog text; raise CatalogError with every problem found."""
    try:
        doc = _Located(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "invalid YAML"
        context = ""
        if exc.context and exc.context_mark and exc.problem_mark:
            ctx = exc.context_mark
            context = f" ({exc.context} that starts at line {ctx.line + 1} column {ctx.column + 1})"
        raise CatalogError([Problem(file, line, "(yaml)", f"syntax error at column {col}: {what}{context} — "
                                    "expected valid YAML (check indentation, colons, quotes and brackets)")]) from None
    except yaml.YAMLError as exc:
        raise CatalogError([Problem(file, 1, "(yaml)", f"cannot read the file as YAML: {exc}")]) from None
    except RecursionError:
        raise CatalogError([Problem(file, 1, "(yaml)", "nesting too deep or an alias used inside its own anchor "
                                    "(&x … *x) — expected plain lists and mappings a few levels deep")]) from None

    problems = [Problem(file, line, ".".join(map(str, p)), "duplicate key — expected each key once, found it again "
                        "(the later one would silently win)") for p, line in doc.duplicates]
    top, top_problems = _validate(CatalogFile, doc.data if doc.data is not None else {}, (), "(top)", doc, file)
    problems += [Problem(p.file, p.line, p.path.removeprefix("(top)."), p.message) for p in top_problems]
    if top is None:
        raise CatalogError(problems)

    plans: dict[str, Plan] = {}
    for i, raw in enumerate(top.plans):
        label = raw.get("id") if isinstance(raw.get("id"), str) else f"plans[{i}]"
        plan, found = _validate(Plan, raw, ("plans", i), label, doc, file)
        problems += found
        if plan is not None and plan.id in plans:
            problems.append(Problem(file, doc.line(("plans", i, "id")), f"{label}.id",
                                    f'duplicate plan id — expected each id once, found "{plan.id}" again'))
        elif plan is not None:
            plans[plan.id] = plan
    plan_ids = {p.get("id") for p in top.plans if isinstance(p.get("id"), str)}

    indicators: dict[str, Indicator] = {}
    tolerance: dict[str, float] = {}
    first_line: dict[str, int] = {}
    for i, raw in enumerate(top.indicators):
        where = ("indicators", i)
        raw_id = raw.get("id") if isinstance(raw.get("id"), str) else None
        label = raw_id or f"indicators[{i}]"
        ind, found = _validate(Indicator, raw, where, label, doc, file)
        problems += found
        if raw_id in first_line:
            problems.append(Problem(file, doc.line(where + ("id",)), f"{label}.id",
                                    f'duplicate indicator id — expected each id once, found "{raw_id}" again '
                                    f"(first at line {first_line[raw_id]})"))
            continue
        if raw_id:
            first_line[raw_id] = doc.line(where + ("id",))
        plan_ref = raw.get("plan")
        if isinstance(plan_ref, str) and plan_ref not in plan_ids:
            close = difflib.get_close_matches(plan_ref, [str(p) for p in plan_ids if p], n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(Problem(file, doc.line(where + ("plan",)), f"{label}.plan",
                                    f'unknown plan — expected the id of a plan in plans:, found "{plan_ref}"{hint}'))
        if ind is None:
            continue
        indicators[ind.id] = ind
        if ind.declared_rate is not None:
            tolerance[ind.id] = 0.5 * 10.0 ** -_decimals(doc.raw.get(where + ("declared_rate", "value")))
    if problems:
        raise CatalogError(sorted(problems, key=lambda p: p.line))
    return Catalog(plans, indicators, tolerance, file)


def load(path: str | Path | None = None) -> Catalog:
    """Read and validate a catalog file (default: the shipped indicators.yaml)."""
    path = Path(path) if path else DEFAULT_CATALOG
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogError([Problem(str(path), 0, "(file)", "file not found — expected a catalog YAML file")]) from None
    except UnicodeDecodeError as exc:
        raise CatalogError([Problem(str(path), 0, "(file)", f"not UTF-8 text ({exc.reason})")]) from None
    return parse(text, path.name)


COLUMNS = ["id", "plan", "name", "name_en", "group", "unit", "kind", "direction", "baseline_year",
           "baseline_value", "target_year", "target_value", "declared_rate", "declared_rate_unit",
           "declared_rate_basis", "declared_rate_tolerance", "owner", "source", "trend", "notes",
           "plan_base_year", "plan_target_year", "on_track", "moderate", "limited"]


def indicator_frame(catalog: Catalog) -> pd.DataFrame:
    """The indicators as a DataFrame (one row each, indexed by position), in catalog order."""
    rows = []
    for ind in catalog.indicators.values():
        plan = catalog.plans[ind.plan]
        th = plan.thresholds
        rows.append({
            "id": ind.id, "plan": ind.plan, "name": ind.name, "name_en": ind.name_en, "group": ind.group,
            "unit": ind.unit, "kind": ind.kind, "direction": ind.direction,
            "baseline_year": ind.baseline.year if ind.baseline else None,
            "baseline_value": ind.baseline.value if ind.baseline else None,
            "target_year": ind.target.year, "target_value": ind.target.value,
            "declared_rate": ind.declared_rate.value if ind.declared_rate else None,
            "declared_rate_unit": ind.declared_rate.unit if ind.declared_rate else None,
            "declared_rate_basis": ind.declared_rate.basis if ind.declared_rate else None,
            "declared_rate_tolerance": catalog.rate_tolerance.get(ind.id),
            "owner": ind.owner, "source": ind.source, "trend": ind.trend, "notes": ind.notes,
            "plan_base_year": plan.base_year, "plan_target_year": plan.target_year,
            "on_track": th.on_track if th else None, "moderate": th.moderate if th else None,
            "limited": th.limited if th else None,
        })
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("baseline_year", "target_year", "plan_base_year", "plan_target_year"):
        frame[col] = frame[col].astype("Int64")
    for col in ("baseline_value", "target_value", "declared_rate", "declared_rate_tolerance",
                "on_track", "moderate", "limited"):
        frame[col] = frame[col].astype("float64")
    return frame
