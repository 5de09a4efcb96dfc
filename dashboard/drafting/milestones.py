"""Clauses without a target number that still set a target: a milestone with its deadline (2019年9月底前
实现…), one that follows a target in the sentence, a thing broken through (零突破), a 动态清零 hold, and a
翻一番 / 倍增 factor on a printed baseline."""

from __future__ import annotations

import re
from decimal import Decimal

from dashboard.drafting.model import Candidate, clean_name, owner_of
from dashboard.drafting.passages import Passage

MILESTONE_VERB = re.compile(r"完成|建成|实现|出台|制定|建立|印发|上线|开通|推广|对接|归集|提供|取消|实行|覆盖|修订|"
                            r"形成|扩大")
FACTOR = re.compile(r"(?:较|比)?(?:\d{4}年)?(翻一番|翻番|倍增|翻两番)")


def special(clause: str, passage: Passage, sentence: str, year: int | None, c_year: int | None, c_month: int | None,
             printed_base: tuple | None, after_target: bool = False) -> Candidate | list[Candidate] | str | None:
    """A clause without a target number: a milestone (its own deadline, or the sentence's when it follows a
    target: "…压缩至2个工作日，…实现立等可取"), a 动态清零 hold, or a 翻一番 factor target."""
    def make(name: str, **fields) -> Candidate:
        return Candidate(name=name[:40], section=passage.section, sentence=sentence.strip(),
                         owner=owner_of(passage, sentence), **fields)

    factor = FACTOR.search(clause)
    if factor:
        if printed_base is None or year is None:
            return "factor"
        value = Decimal(4) if factor.group(1) == "翻两番" else Decimal(2)
        return make(clean_name(clause[:factor.start()]) or "?", year=year, unit=printed_base[2], factor=value,
                    baseline=(printed_base[0], printed_base[1]), checks=["check.name"])
    if "动态清零" in clause and year:
        return make(clean_name(clause.replace("动态清零", "")), year=year, unit="个", value=Decimal(0),
                    direction="decrease", hold=True, checks=["check.unit_guessed"])
    if c_year and (c_month or "前" in clause) and MILESTONE_VERB.search(clause):
        return make(clean_name(clause) or clause.strip(), year=c_year, kind="milestone", direction=None,
                    month=c_month, checks=["check.milestone_name"])
    if after_target and year and re.match(r"^(?!基本|初步|努力|力争)[^，]{2,30}?实现", clause):
        return make(clean_name(clause) or clause.strip(), year=year, kind="milestone", direction=None,
                    checks=["check.milestone_name", "check.year_inherited"])
    breakthrough = re.search(r"(实现)?(零突破|突破)$", clause.strip())
    if breakthrough and (breakthrough.group(1) or breakthrough.group(2) == "零突破"):
        # "实现“全国文化企业30强”和本土文化企业上市零突破": one milestone per thing broken through
        parts = [p for p in re.split(r"和|及", clean_name(clause[:breakthrough.start()])) if len(p) >= 4]
        return [make(clean_name(p), year=year, kind="milestone", direction=None, checks=["check.milestone_name"])
                for p in parts] or None
    return None
