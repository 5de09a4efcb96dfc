"""The drafting assistant's records: a candidate target, a sentence not read; and the helpers every rule
uses to read a deadline, a name and a lead department."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from dashboard.drafting.passages import Passage
from dashboard.drafting.quantities import number

DEADLINE = re.compile(r"(?:到|至|于)?(\d{4})年(?:(\d{1,2})月)?(?:(底|末)?(?:前|以前|之前)|底|末)|到(\d{4})年")
AFTER_YEARS = re.compile(r"经过([\d一二三四五六七八九十]+)年")
LEAD = re.compile(r"（([^（）]{2,60}?)牵头")
STRIP_HEAD = re.compile(r"^(?:到\d{4}年|\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?|经过\d+年试点|力争|争取|确保|其中|"
                        r"同时|分别|将|实现|推动|基本|全面|进一步|累计达|全年|每年|以上|至少|的|和|及|、|“|”|\s)+")
STRIP_TAIL = re.compile(r"(?:的|达到|达|为|将|，|、|\s)+$")


@dataclass
class Candidate:
    name: str
    section: str
    sentence: str
    year: int | None
    unit: str | None = None
    kind: str = "level"
    direction: str | None = "increase"
    value: Decimal | None = None
    op: str | None = None
    month: int | None = None
    baseline: tuple[int | None, Decimal] | None = None
    rate: tuple[Decimal, str, str] | None = None  # value, "%" | "pp", basis
    factor: Decimal | None = None
    hold: bool = False
    owner: tuple[str, ...] = ()
    group: str | None = None
    checks: list[str] = field(default_factory=list)
    from_table: bool = False
    tracks: str | None = None  # growth: the name of the level measure whose real rate this is


@dataclass
class Unparsed:
    section: str
    sentence: str
    reason: str  # a label key


def deadline(text: str, issued: int | None) -> tuple[int | None, int | None]:
    """The last deadline year (and month) written in `text`: 到2022年, 2019年底前, 2019年9月底前, 经过3年.

    >>> deadline("2019年9月底前实现全市企业名称自主申报", None), deadline("较2015年翻一番", None)
    ((2019, 9), (None, None))
    >>> deadline("经过3年试点，全面落实86项改革试点任务", 2021)
    (2024, None)
    """
    found = None
    for m in DEADLINE.finditer(text):
        if m.group(4):
            found = (int(m.group(4)), None)
        elif m.group(0).startswith(("到", "至", "于")) or m.group(3) or "前" in m.group(0) or m.group(0).endswith(
                ("底", "末")):
            found = (int(m.group(1)), int(m.group(2)) if m.group(2) else None)
    after = AFTER_YEARS.search(text)
    if found is None and after and issued and number(after.group(1)) is not None:
        found = (issued + int(number(after.group(1))), None)
    return found or (None, None)


def clean_name(text: str) -> str:
    text = re.sub(r"“|”|‘|’", "", text)
    text = STRIP_HEAD.sub("", text)
    return STRIP_TAIL.sub("", text).strip()[:40]


def owner_of(passage: Passage, sentence: str) -> tuple[str, ...]:
    m = LEAD.search(sentence) or LEAD.search(passage.text)
    if m:
        return tuple(d for d in re.split(r"[、，]", m.group(1)) if d)
    return passage.owner
