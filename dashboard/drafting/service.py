"""The drafting assistant as the command and the page use it: draft against the loaded catalog, save."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from dashboard import catalog
from dashboard.drafting.build import Draft, draft
from dashboard.drafting.writer import render, settle
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.schema import SLUG


@dataclass
class Result:
    draft: Draft
    text: str
    problems: list  # catalog.Problem left after settling (none when the draft validates)
    catalog_error: str | None = None


def taken(catalog_path: str | Path | None) -> tuple[set[str], set[str], str | None]:
    """Indicator and plan ids of the loaded catalog (empty, with the reason, when it does not load)."""
    try:
        cat = catalog.load(catalog_path)
    except catalog.CatalogError as exc:
        ids, plans = _raw_ids(catalog_path)
        return ids, plans, str(exc.problems[0]) if exc.problems else str(exc)
    return set(cat.indicators), set(cat.plans), None


def _raw_ids(catalog_path: str | Path | None) -> tuple[set[str], set[str]]:
    """The ids written in a catalog file that does not validate (so that a draft still avoids them)."""
    path = Path(catalog_path) if catalog_path else catalog.default_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        return set(), set()

    def ids(key: str) -> set[str]:
        rows = data.get(key)
        return {r["id"] for r in rows if isinstance(r, dict) and isinstance(r.get("id"), str)} \
            if isinstance(rows, list) else set()

    return ids("indicators"), ids("plans")


class DraftError(Exception):
    """A plan id that cannot be used (the message is a label, already translated)."""


def make(raw: str | bytes, plan_id: str | None = None, catalog_path: str | Path | None = None,
         lang: str = DEFAULT_LANG) -> Result:
    """Draft a plan text whose ids collide with nothing in the loaded catalog, validated as written."""
    ids, plans, error = taken(catalog_path)
    if plan_id is not None and not re.fullmatch(SLUG, plan_id):
        raise DraftError(t("newplan.bad_id", lang))
    if plan_id in plans:
        raise DraftError(t("draft.plan_taken", lang).format(id=plan_id))
    result = draft(raw, plan_id=plan_id, taken_ids=ids, taken_plans=plans)
    text, problems = settle(result, lang)
    return Result(result, text, problems, error)


def rerender(result: Draft, lang: str = DEFAULT_LANG, rows: list[str] | None = None) -> tuple[str, list[str]]:
    """The YAML of an edited draft and the loader's problems with it (nothing is moved out), each named by
    the user's row number and the indicator's name; `rows` are the entry ids in the order of the rows shown."""
    from dashboard.drafting.writer import problems

    text, spans = render(result, lang)
    names = {e.id: e.head.name for e in result.entries}
    order = rows or [e.id for e in result.entries]
    messages = []
    for p in problems(text):
        entry_id = next((i for i, (first, last) in spans.items() if first <= p.line <= last), None)
        if entry_id is None:
            messages.append(t("newplan.plan_problem", lang).format(field=p.path, message=p.message))
            continue
        field = p.path.removeprefix(entry_id).lstrip(".") or "id"
        messages.append(t("newplan.row_problem", lang).format(
            row=order.index(entry_id) + 1 if entry_id in order else "?", name=names[entry_id], field=field,
            message=p.message))
    return text, messages


def default_out(plan_id: str, catalog_path: str | Path | None = None) -> Path:
    """plans/<id>.yaml beside the catalog, where its `include: [plans/*.yaml]` finds it."""
    base = Path(catalog_path) if catalog_path else catalog.default_path()
    folder = base if base.is_dir() else base.parent
    return folder / "plans" / f"{plan_id}.yaml"


def save(text: str, path: Path, force: bool = False) -> bool:
    """Write the draft; False (nothing written) when the file exists and `force` is not given."""
    if path.exists() and not force:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True
