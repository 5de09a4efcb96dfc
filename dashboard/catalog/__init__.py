"""Load and validate `indicators.yaml` (and the files it includes) into typed objects and a DataFrame.

Every problem is collected (not only the first), across every file, and reported as
``FILE:LINE field.path: what is wrong — expected …, found … (hint)``.
A user mistake raises `CatalogError` carrying the list of `Problem`s, never a traceback.

A catalog is a file, or a folder: the folder's `indicators.yaml` if it has one, else every `*.yaml`
in it (sorted). A file may `include:` more files or globs relative to itself; ids are unique across
all of them. Order: the including file's own records first, then each included file in the order of
its `include:` entries, a glob's matches sorted by path.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from pydantic import BaseModel, ValidationError

from dashboard.catalog import cache
from dashboard.catalog.frame import COLUMNS, indicator_frame, targets_of
from dashboard.catalog.located import Located
from dashboard.catalog.messages import HINTS, describe
from dashboard.schema import CatalogFile, CatalogRuleError, IncludedFile, Indicator, Plan

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["COLUMNS", "Catalog", "CatalogError", "DEFAULT_CATALOG", "ENV_CATALOG", "Problem", "default_path",
           "fingerprint", "indicator_frame", "load", "parse", "targets_of"]

DEFAULT_CATALOG = Path(__file__).resolve().parent.parent.parent / "indicators.yaml"
ENV_CATALOG = "DASHBOARD_CATALOG"


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
    files: dict[str, list[str]] = field(default_factory=dict)  # file label -> ids of its indicators, in order
    plan_files: dict[str, str] = field(default_factory=dict)  # plan id -> file label
    sources: tuple[Path, ...] = ()  # every file read, and the folders globs were matched in
    aliases: dict[str, str] = field(default_factory=dict)  # old department name -> its current name

    def department(self, name: str) -> str:
        """The current name of a department (an old name listed in `departments:` means the new one)."""
        return self.aliases.get(name, name)

    def fingerprint(self) -> tuple:
        """What changes when any file of this catalog changes (or a file appears in a globbed folder)."""
        return fingerprint(self.sources)

    def frame(self) -> pd.DataFrame:
        """One row per indicator, plan thresholds joined in (NaN = methodology default)."""
        return indicator_frame(self)

    def plans_frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([p.model_dump(exclude={"thresholds"}) for p in self.plans.values()])


# ---------------------------------------------------------------- one record


def _validate(model: type[BaseModel], data, where: tuple, label: str, doc: Located, file: str):
    """Validate one record; return (object or None, problems)."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            rule = (err.get("ctx") or {}).get("error")
            if isinstance(rule, CatalogRuleError):
                loc = tuple(err["loc"]) + tuple(int(p) if p.isdigit() else p for p in rule.field.split("."))
                message = rule.message
            else:
                loc = tuple(err["loc"])
                parent = _model_at(model, loc[:-1])
                message = describe(err, list(parent.model_fields) if parent else [])
            dotted = ".".join([label, *map(str, loc)]) if loc else label
            problems.append(Problem(file, doc.line(where + loc), dotted, message))
        return None, problems


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        ann = info.annotation
        members = []
        for a in getattr(ann, "__args__", (ann,)):
            members += list(getattr(a, "__args__", ())) + [a]
        candidates = [a for a in members if isinstance(a, type) and issubclass(a, BaseModel)]
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


# ---------------------------------------------------------------- files


def _syntax_problem(exc: yaml.YAMLError, file: str, text: str) -> Problem:
    if not isinstance(exc, yaml.MarkedYAMLError):
        return Problem(file, 1, "(yaml)", f"cannot read the file as YAML: {exc}")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or exc.context or "invalid YAML"
    context = ""
    if exc.context and exc.context_mark and exc.problem_mark:
        ctx = exc.context_mark
        context = f" ({exc.context} that starts at line {ctx.line + 1} column {ctx.column + 1})"
    hint = "expected valid YAML (check indentation, colons, quotes and brackets)"
    if "'%'" in what:
        hint = f"expected valid YAML ({HINTS['percent']})"
    return Problem(file, line, "(yaml)", f"syntax error at column {col}: {what}{context} — {hint}")


@dataclass
class _File:
    label: str
    path: Path | None
    doc: Located
    top: CatalogFile


class _Reader:
    """Reads the entry file and everything it includes, in order, collecting problems."""

    def __init__(self, root: Path | None):
        self.root = root
        self.sources: list[Path] = []
        self.files: list[_File] = []
        self.problems: list[Problem] = []
        self.seen: dict[Path, str] = {}

    def label(self, path: Path) -> str:
        try:
            return os.path.relpath(path, self.root) if self.root else path.name
        except ValueError:
            return str(path)

    def text(self, text: str, label: str, path: Path | None, model=CatalogFile) -> None:
        try:
            doc = Located(text)
        except yaml.YAMLError as exc:
            self.problems.append(_syntax_problem(exc, label, text))
            return
        except RecursionError:
            self.problems.append(Problem(label, 1, "(yaml)", "nesting too deep or an alias used inside its own "
                                         "anchor (&x … *x) — expected plain lists and mappings a few levels deep"))
            return
        self.problems += [Problem(label, line, ".".join(map(str, p)), "duplicate key — expected each key once, "
                                  "found it again (the later one would silently win)") for p, line in doc.duplicates]
        top, found = _validate(model, doc.data if doc.data is not None else {}, (), "(top)", doc, label)
        self.problems += [Problem(p.file, p.line, p.path.removeprefix("(top)."), p.message) for p in found]
        if top is None:
            return
        self.files.append(_File(label, path, doc, top))
        for i, pattern in enumerate(top.include or []):
            self.include(pattern, path.parent if path else Path.cwd(), label, doc.line(("include", i)))

    def file(self, path: Path, model=CatalogFile, label: str | None = None, line: int = 0,
             by: str | None = None) -> None:
        label = label or self.label(path)
        key = path.resolve()
        if key in self.seen:
            self.problems.append(Problem(by or label, line, "include", f'file included twice — expected each file '
                                         f'once, found "{label}" again (already read from {self.seen[key]})'))
            return
        self.seen[key] = by or "the command line"
        self.sources.append(key)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problems.append(Problem(str(path), 0, "(file)", "file not found — expected a catalog YAML file")
                                 if by is None else Problem(by, line, "include", f'file not found — expected a '
                                                            f'catalog YAML file, found no "{label}"'))
            return
        except IsADirectoryError:
            self.problems.append(Problem(by or str(path), line, "(file)" if by is None else "include",
                                         f'"{label}" is a folder — expected a catalog YAML file'))
            return
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(label, 0, "(file)", f"not UTF-8 text ({exc.reason})"))
            return
        self.text(text, label, path, model)

    def include(self, pattern: str, base: Path, by: str, line: int) -> None:
        if any(ch in pattern for ch in "*?["):
            self.sources.append((base / pattern).parent.resolve())
            matches = sorted(p for p in base.glob(pattern) if p.is_file())
            if not matches and not (base / pattern).parent.is_dir():  # an empty plans/ folder is fine
                self.problems.append(Problem(by, line, "include", f'no file matches — expected files for "{pattern}" '
                                             f"next to {by}, found no folder {(base / pattern).parent.name}"))
            for p in matches:
                self.file(p, IncludedFile, line=line, by=by)
        else:
            self.file(base / pattern, IncludedFile, line=line, by=by)


# ---------------------------------------------------------------- the whole catalog


def _combine(reader: _Reader, path_label: str) -> Catalog:
    problems = reader.problems
    plans: dict[str, Plan] = {}
    plan_where: dict[str, tuple[str, int]] = {}
    for f in reader.files:
        for i, raw in enumerate(f.top.plans):
            raw_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            label = raw_id or f"plans[{i}]"
            plan, found = _validate(Plan, raw, ("plans", i), label, f.doc, f.label)
            problems += found
            line = f.doc.line(("plans", i, "id"))
            if raw_id in plan_where:
                first_file, first_line = plan_where[raw_id]
                where = f"line {first_line}" if first_file == f.label else f"{first_file}:{first_line}"
                problems.append(Problem(f.label, line, f"{label}.id", f'duplicate plan id — expected each id once, '
                                        f'found "{raw_id}" again (first at {where})'))
                continue
            if raw_id:
                plan_where[raw_id] = (f.label, line)
            if plan is not None:
                plans[plan.id] = plan
    plan_ids = set(plan_where)

    indicators: dict[str, Indicator] = {}
    tolerance: dict[str, float] = {}
    first: dict[str, tuple[str, int]] = {}
    files: dict[str, list[str]] = {}
    tracks: list[tuple[_File, tuple, str, str]] = []
    for f in reader.files:
        files[f.label] = []
        for i, raw in enumerate(f.top.indicators):
            where = ("indicators", i)
            raw_id = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
            label = raw_id or f"indicators[{i}]"
            ind, found = _validate(Indicator, raw, where, label, f.doc, f.label)
            problems += found
            if raw_id in first:
                first_file, first_line = first[raw_id]
                at = f"line {first_line}" if first_file == f.label else f"{first_file}:{first_line}"
                problems.append(Problem(f.label, f.doc.line(where + ("id",)), f"{label}.id",
                                        f'duplicate indicator id — expected each id once, found "{raw_id}" again '
                                        f"(first at {at})"))
                continue
            if raw_id:
                first[raw_id] = (f.label, f.doc.line(where + ("id",)))
            plan_ref = raw.get("plan") if isinstance(raw, dict) else None
            if isinstance(plan_ref, str) and plan_ref not in plan_ids:
                close = difflib.get_close_matches(plan_ref, sorted(plan_ids), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else ""
                problems.append(Problem(f.label, f.doc.line(where + ("plan",)), f"{label}.plan",
                                        f'unknown plan — expected the id of a plan in plans:, '
                                        f'found "{plan_ref}"{hint}'))
            if ind is None:
                continue
            indicators[ind.id] = ind
            files[f.label].append(ind.id)
            if ind.plan in plans:
                problems += _plan_years(ind, plans[ind.plan], f, where, label)
            if ind.tracks is not None:
                tracks.append((f, where, label, ind.tracks))
            if ind.declared_rate is not None:
                tolerance[ind.id] = 0.5 * 10.0 ** -_decimals(f.doc.raw.get(where + ("declared_rate", "value")))
    for f, where, label, ref in tracks:
        target = indicators.get(ref)
        if target is None or target.kind not in ("level", "share"):
            what = f'found "{ref}"' + ("" if target is None else f", a {target.kind} indicator")
            close = difflib.get_close_matches(ref, list(indicators), n=1) if target is None else []
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            problems.append(Problem(f.label, f.doc.line(where + ("tracks",)), f"{label}.tracks",
                                    f"unknown indicator — expected the id of a level or share indicator, {what}{hint}"))
    aliases = _aliases(reader, indicators, problems)
    if problems:
        raise CatalogError(sorted(problems, key=lambda p: (p.file != path_label, p.file, p.line)))
    if aliases:
        for ind_id, ind in indicators.items():
            if any(o in aliases for o in ind.owners):
                owners = list(dict.fromkeys(aliases.get(o, o) for o in ind.owners))
                indicators[ind_id] = ind.model_copy(update={"owner": owners[0] if len(owners) == 1 else owners})
    plan_files = {pid: where[0] for pid, where in plan_where.items()}
    return Catalog(plans, indicators, tolerance, path_label, files, plan_files, tuple(reader.sources), aliases)


def _aliases(reader: _Reader, indicators: dict[str, Indicator], problems: list[Problem]) -> dict[str, str]:
    """The `departments:` table as old name -> new name; a problem for an unknown target or a repeated alias."""
    owners = {o for ind in indicators.values() for o in ind.owners}
    aliases: dict[str, str] = {}
    first: dict[str, str] = {}
    for f in reader.files:
        for i, raw in enumerate(f.top.departments):
            where = ("departments", i)
            name = raw.get("name") if isinstance(raw, dict) else None
            old = raw.get("aliases") if isinstance(raw, dict) else None
            if not isinstance(name, str) or not name.strip() or not isinstance(old, list) or not all(
                    isinstance(a, str) and a.strip() for a in old):
                problems.append(Problem(f.label, f.doc.line(where), f"departments[{i}]",
                                        "expected {name: current name, aliases: [old names]}"))
                continue
            if name not in owners and not any(a in owners for a in old):
                close = difflib.get_close_matches(name, sorted(owners), n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else " (no indicator names it or its aliases)"
                problems.append(Problem(f.label, f.doc.line(where + ("name",)), f"departments[{i}].name",
                                        f'unknown department — expected an owner of an indicator, found "{name}"'
                                        f"{hint}"))
            for j, alias in enumerate(old):
                if alias in first:
                    problems.append(Problem(f.label, f.doc.line(where + ("aliases", j)), f"departments[{i}].aliases",
                                            f'alias listed twice — "{alias}" already means "{first[alias]}"; '
                                            "list each old name once"))
                    continue
                first[alias] = name
                aliases[alias] = name
    return aliases


def fingerprint(paths) -> tuple:
    """(path, mtime_ns, size) of each path that exists: a cache key that moves when a file changes."""
    out = []
    for p in paths:
        try:
            st = os.stat(p)
        except OSError:
            continue
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


def _plan_years(ind: Indicator, plan: Plan, f: _File, where: tuple, label: str) -> list[Problem]:
    key = "target" if ind.target is not None else "targets"
    out = []
    for i, tg in enumerate(ind.all_targets):
        if not plan.base_year < tg.year <= plan.target_year:
            path = ("target", "year") if key == "target" else ("targets", i, "year")
            out.append(Problem(f.label, f.doc.line(where + path), ".".join([label, *map(str, path)]),
                               f"expected a year within the plan's years ({plan.base_year + 1}–{plan.target_year} "
                               f"of {plan.id}), found {tg.year}"))
    return out


def parse(text: str, file: str = "indicators.yaml", base: Path | None = None) -> Catalog:
    """Validate catalog text (its includes relative to `base`); raise CatalogError with every problem found."""
    reader = _Reader(base)
    reader.text(text, file, (base / file) if base else None)
    return _combine(reader, file)


def default_path() -> Path:
    """The catalog the app and the commands read unless told otherwise: $DASHBOARD_CATALOG or indicators.yaml."""
    return Path(os.environ.get(ENV_CATALOG) or DEFAULT_CATALOG)


def load(path: str | Path | None = None) -> Catalog:
    """Read and validate a catalog file or folder (default: `default_path()`). A catalog read before from the
    same files, unchanged, by the same code, comes from the cache (`cache`) without reading it again."""
    path = Path(path) if path else default_path()
    key = cache.digest(_code(), str(path.resolve()).encode("utf-8"))
    hit = cache.get("loaded", key)
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], Catalog) and \
            hit[0] == cache.files_digest(hit[1].sources):
        return hit[1]
    found = _read(path)
    cache.put("loaded", key, (cache.files_digest(found.sources), found))
    return found


def _code() -> bytes:
    """The digest of the code a loaded catalog depends on (this package and the schema)."""
    global _CODE
    if _CODE is None:
        here = Path(__file__).resolve().parent
        _CODE = cache.code_digest(*here.glob("*.py"), here.parent / "schema.py")
    return _CODE


_CODE: bytes | None = None


def _read(path: Path) -> Catalog:
    if path.is_dir():
        entry = path / "indicators.yaml"
        reader = _Reader(path)
        reader.sources.append(path.resolve())
        if entry.is_file():
            reader.file(entry, label=entry.name)
        else:
            found = sorted(p for p in path.glob("*.yaml") if p.is_file())
            if not found:
                raise CatalogError([Problem(str(path), 0, "(file)", "no catalog in this folder — expected "
                                            "indicators.yaml or *.yaml files, found none")])
            for p in found:
                reader.file(p, IncludedFile)
        return _combine(reader, entry.name if entry.is_file() else str(path))
    reader = _Reader(path.parent)
    reader.file(path, label=path.name)
    if reader.problems and not reader.files and reader.problems[0].path == "(file)":
        raise CatalogError(reader.problems)
    return _combine(reader, path.name)
