"""The draft as catalog YAML with `# CHECK:` comments, and its check against the loader.

The format is the catalog of methodology version 2 (targets:, op, hold, month, owner lists); the
file's own `version:` key says 1, as the schema asks.

`render(draft)` writes the text and remembers which lines hold which entry; `settle(draft)` loads the
text with the catalog loader and moves every entry the loader refuses to the comments at the end,
with the loader's message, until the rest validates: the draft validates as written.
"""

from __future__ import annotations

import json
import re

from dashboard import catalog
from dashboard.drafting.build import Draft, Entry
from dashboard.drafting.quantities import plain
from dashboard.drafting.targets import Candidate
from dashboard.i18n import DEFAULT_LANG, t

PLAIN = re.compile(r"^(?=.*[\u4e00-\u9fff])[\u4e00-\u9fff\w（）、/%·．.\-]+$")
DEFAULT_OP = {"increase": ">=", "decrease": "<="}


def scalar(text: str) -> str:
    """A YAML scalar: plain when it is safe Chinese text, else a JSON (double-quoted) string.

    >>> scalar("服务业增加值"), scalar("专栏1 第1项 “a: b”")
    ('服务业增加值', '"专栏1 第1项 “a: b”"')
    """
    return text if PLAIN.match(text) and text[0] not in "-?:,[]{}#&*!|>'\"%@`" else json.dumps(text, ensure_ascii=False)


def _target(c: Candidate, with_op: bool = True) -> str:
    parts = [f"year: {c.year}"]
    if c.kind == "milestone":
        if c.month:
            parts.append(f"month: {c.month}")
    else:
        parts.append(f"factor: {plain(c.factor)}" if c.factor is not None else f"value: {plain(c.value)}")
        if with_op and c.op and c.op != DEFAULT_OP.get(c.direction or ""):
            parts.append(f'op: "{c.op}"')
    return "{" + ", ".join(parts) + "}"


def _entry_lines(entry: Entry, plan_id: str, lang: str, level_ids: dict[str, str]) -> list[str]:
    head = entry.head
    checks = dict.fromkeys(k for c in entry.targets for k in c.checks)
    lines = [f"  # CHECK: {t(k, lang)}" for k in checks]
    lines += [f"  - id: {entry.id}", f"    plan: {plan_id}", f"    name: {scalar(head.name)}"]
    if head.group:
        lines.append(f"    group: {scalar(head.group)}")
    if head.kind != "milestone":
        lines.append(f"    unit: {scalar(head.unit or '')}")
    lines.append(f"    kind: {head.kind}")
    if head.kind != "milestone":
        lines.append(f"    direction: {head.direction}")
    milestone = head.kind == "milestone"
    if head.hold and not milestone:
        lines.append("    hold: true")
    if head.baseline and head.kind != "milestone":
        value = "" if head.baseline[1] is None else f", value: {plain(head.baseline[1])}"
        lines.append(f"    baseline: {{year: {head.baseline[0]}{value}}}")
    if len(entry.targets) == 1:
        lines.append(f"    target: {_target(head)}")
    else:
        lines.append("    targets:")
        lines += [f"      - {_target(c)}" for c in entry.targets]
    rate = next((c.rate for c in entry.targets if c.rate), None)
    if rate and not milestone:
        lines.append(f'    declared_rate: {{value: {plain(rate[0])}, unit: "{rate[1]}", basis: {rate[2]}}}')
    if head.tracks and head.tracks in level_ids:
        lines.append(f"    tracks: {level_ids[head.tracks]}")
    if head.owner:
        owner = scalar(head.owner[0]) if len(head.owner) == 1 else "[" + ", ".join(map(scalar, head.owner)) + "]"
        lines.append(f"    owner: {owner}")
    quotes = "；".join(dict.fromkeys(f"{c.section} “{c.sentence}”".strip() for c in entry.targets))
    lines.append(f"    source: {scalar(quotes)}")
    return lines


def _comment(text: str) -> str:
    return " ".join(text.split())


def render(draft: Draft, lang: str = DEFAULT_LANG) -> tuple[str, dict[str, tuple[int, int]]]:
    """The YAML text and, per entry id, its first and last line (1-based)."""
    plan = draft.plan
    out = [f"# {_comment(t('draft.header', lang).format(title=plan.title or ''))}", "version: 1", "plans:"]
    out += [f"  - id: {plan.id}", f"    title: {scalar(plan.title or plan.id)}"]
    if plan.document:
        out.append(f"    document: {scalar(plan.document)}")
    if plan.issued:
        out.append(f"    issued: {plan.issued.isoformat()}")
    out += [f"    base_year: {plan.base_year}", f"    target_year: {plan.target_year}"]
    out += [f"    # CHECK: {t(k, lang)}" for k in plan.checks + ([] if plan.title else ["check.plan_title"])]
    out.append("indicators:" if draft.entries else "indicators: []")
    spans = {}
    level_ids = {e.head.name: e.id for e in draft.entries if e.head.kind == "level"}
    for entry in draft.entries:
        lines = _entry_lines(entry, plan.id, lang, level_ids)
        spans[entry.id] = (len(out) + 1, len(out) + len(lines))
        out += lines
    if draft.invalid:
        out += ["", f"# {t('draft.invalid_header', lang)}"]
        for entry, message in draft.invalid:
            out.append(_comment(f"#   {entry.head.section} “{entry.head.sentence}” — {message}"))
    if draft.unparsed:
        out += ["", f"# {t('draft.unparsed_header', lang)}"]
        seen = set()
        for item in draft.unparsed:
            if item.sentence not in seen:
                seen.add(item.sentence)
                out.append(_comment(f"#   {item.section} “{item.sentence}” ({t(item.reason, lang)})"))
    return "\n".join(out) + "\n", spans


def problems(text: str) -> list[catalog.Problem]:
    try:
        catalog.parse(text, "draft.yaml")
    except catalog.CatalogError as exc:
        return exc.problems
    return []


def settle(draft: Draft, lang: str = DEFAULT_LANG, rounds: int = 5) -> tuple[str, list[catalog.Problem]]:
    """Render and validate; move refused entries to the comments until the rest passes. Returns the text and
    the problems left (outside any entry: the plan block, or a loader that does not know version 2)."""
    for _ in range(rounds):
        text, spans = render(draft, lang)
        found = problems(text)
        if not found:
            return text, []
        refused: dict[str, str] = {}
        for p in found:
            for entry_id, (first, last) in spans.items():
                if first <= p.line <= last:
                    refused.setdefault(entry_id, f"{p.path}: {p.message}")
        if not refused:
            return text, found
        draft.invalid += [(e, refused[e.id]) for e in draft.entries if e.id in refused]
        draft.entries = [e for e in draft.entries if e.id not in refused]
    text, _ = render(draft, lang)
    return text, problems(text)
