"""Target sentences: from a passage's clauses to candidate targets (rule-based, no model).

A clause such as "到2022年，检验检测机构达700家以上" gives name 检验检测机构, value 700, unit 家,
op >=, year 2022. The verb gives direction and op (达到/突破/以上 >=, 超过 >, 左右 ~, 控制在/以内/压减至
<=, 低于 <), 保持/稳定在/动态清零 a hold, 由X…到Y / 从X…至Y a baseline, 年均增长X% the declared rate of
the clause before it, "YYYY年M月底前实现…" without a number a milestone. Every guess a person must
confirm is noted in `checks` (label keys of dashboard/labels/drafting.py).
"""

from __future__ import annotations

import copy
import re

from dashboard.drafting.milestones import special
from dashboard.drafting.model import Candidate, Unparsed, clean_name, deadline, owner_of
from dashboard.drafting.passages import Passage
from dashboard.drafting.quantities import Quantity, quantities

__all__ = ["Candidate", "Unparsed", "candidates", "deadline"]

DECREASE = tuple("""控制在 压减至 压减到 压缩至 压缩到 缩减至 缩减到 缩短至 缩短到 减少至 减少到 下降到 下降至
降低到 降低至 降至 降到 不超过 低于 少于 减至 简化为 减少为 压缩为 缩短为 压减为 缩减为""".split())
INCREASE = tuple("""提高到 提高至 提升到 提升至 增加到 增加至 增长到 增至 达到 突破 超过 高于 不低于 保持在 稳定在 保持
达 超 实现 建成 新增 培育 引进 形成 建设 打造 完成 开展 新建 创建 认定 拥有 降低 压缩 减少 缩短 吸引 落实 开通 开行
覆盖 入驻 举办 设立 布局 扩大到 指导""".split())
VERB = re.compile("|".join(sorted(DECREASE + INCREASE, key=len, reverse=True)))
RATE = re.compile(r"年均(?:增长|增速|提高|增幅|递增)[达为]?(?:到)?$")
CHANGE_TO = re.compile(r"(提高|提升|增加|增长|缩减|压减|压缩|减少|降低|下降|缩短|扩大|减|降|增)(到|至|为)")
SPLIT_VERB = re.compile(r"(压减|压缩|减少|缩减|缩短|降低)([^，（]{1,20}?)至$")  # 压减办电环节至4个
GENERIC = ("营业收入", "收入", "增加值", "总额", "规模", "产值", "营收")
RATE_HEAD = re.compile(r"年均(?:增长|增速|提高|增幅|递增)")
OPS = {"超过": ">", "高于": ">", "超": ">", "低于": "<", "少于": "<"}
HOLD = ("保持在", "稳定在", "保持", "动态清零")


def _skip(clause: str, q: Quantity) -> bool:
    nxt = clause[q.end:q.end + 1]
    previous = clause[q.start - 1] if q.start else ""
    if (q.unit == "个" and nxt == "月") or nxt == "岁" or (previous and previous in "“第前月"):
        return True
    return bool(re.search(r"[（(]\d*$", clause[:q.start])) and nxt in ("）", ")")


def _quantity_candidate(clause: str, q: Quantity, later: list[Quantity], base: dict,
                        prev_end: int = 0) -> Candidate | str | None:
    """One quantity of a clause: a candidate, an Unparsed reason key, or None (not a target). The name is read
    after `prev_end`, the end of the clause's previous quantity (市级90%以上、区县级70%以上)."""
    before = clause[:q.start]
    tail = clause[q.end:]
    qualifier = re.match(r"(以上|左右|以内|以下|内)", tail)
    verbs = list(VERB.finditer(before))
    reach = 80 if base.get("from") else 30  # 由9个减少为……5个阶段: the verb may stand far from the number
    verb = verbs[-1] if verbs and q.start - verbs[-1].end() <= reach else None
    for q2 in later:  # "主营业务收入1亿元以上物流企业达到100家": the first number is part of the name
        gap = clause[q.end:q2.start]
        if VERB.search(gap) and not re.search(r"[、和及]", gap):
            return None
    if RATE.search(before[-8:]):
        return "rate"
    split = SPLIT_VERB.search(before[prev_end:])
    if verb is None and split is None and qualifier is None and not base.get("context"):
        return None
    if q.unit in ("个百分点", "百分点") or re.search(r"(高于|快于)[^，]{0,12}(增速|增幅|水平)", before):
        return "relative"
    word = verb.group(0) if verb else ""
    subject = before[prev_end:verb.start()] if verb else before[prev_end:]
    between = before[max(verb.end(), prev_end):] if verb else ""
    if split:  # 分别压减高、低压客户办电环节至4个
        word, subject, between = split.group(1) + "至", before[prev_end:prev_end + split.start()], split.group(2)
    after = re.split(r"[，。；、]", tail[qualifier.end() if qualifier else 0:], maxsplit=1)[0]
    if origin_text := re.search(r"(由|从)[^由从]*$", subject) if base.get("from") else None:
        subject = subject[:origin_text.start()]
    name = clean_name(subject) + clean_name(between)
    if word.endswith("为") and clean_name(subject):  # 将企业开办流程简化为……3个环节: the measure is the subject
        name = clean_name(subject)
    if base.get("from") and clean_name(subject) and base["from"][0].start < q.start:
        name = clean_name(subject)  # 将获得用气流程由9个减少为……5个阶段: the measure is what changes
    counted = clean_name(after)  # 建成20个市级电子商务产业园区: what is counted follows the number
    changes = bool(base.get("from") and base["from"][0].start < q.start)
    if counted and not changes and len(counted) >= 2 and (
            not between or re.search(r"(等|各有|有)$", between or subject)):
        name = counted if not re.search(r"各有$|有$", between or subject) else \
            clean_name(re.sub(r"各?有$", "", between or subject)) + counted
    if word in ("降低", "压缩", "减少", "缩短") and not between:
        name = clean_name(subject) + word
    if not name:
        name = clean_name(after)
    cand = Candidate(name=name, section="", sentence="", year=None, unit=q.unit, value=q.value)
    decrease = word in DECREASE or split is not None or bool(
        qualifier and qualifier.group(1) in ("以内", "以下", "内"))
    cand.direction = "decrease" if decrease else "increase"
    if word in OPS:
        cand.op = OPS[word]
    if qualifier and qualifier.group(1) == "左右":
        cand.op = "~"
    if word in HOLD or "动态清零" in clause:
        cand.hold = True
    if q.high is not None:
        cand.checks.append("check.range")
    if word in ("降低", "压缩", "减少", "缩短") and not between:
        cand.checks.append("check.cut")
    elif verb is None:
        cand.checks.append("check.direction")
    cand.kind = "share" if q.unit in ("%", "成") else "level"
    origin = base.get("from")
    if origin is not None and origin[0].start < q.start and not base.get("used"):
        cand.baseline, base["used"] = (origin[1], origin[0].value), True
        if origin[0].unit != q.unit:  # 由20日缩减至10个工作日
            cand.checks.append("check.baseline_unit")
    return cand


def _baseline_from(clause: str, qs: list[Quantity]) -> tuple[Quantity, int | None] | None:
    """In 由X提高到Y / 从X压减至Y / 由2022年的X增加到Y, the X (and its year when printed)."""
    for a, b in zip(qs, qs[1:], strict=False):
        m = re.search(r"(?:由|从)(?:(\d{4})年(?:的|底)?)?\s*$", clause[:a.start])
        if m and CHANGE_TO.search(clause[a.end:b.start]):
            return a, int(m.group(1)) if m.group(1) else None
    return None


def _year_is(clause: str, q: Quantity) -> int | None:
    """The year of a printed baseline: 2022年为X, 2022年X (a year immediately before the number)."""
    m = re.search(r"(\d{4})年(?:为|是|达到|达)?\s*$", clause[:q.start])
    return int(m.group(1)) if m and not re.search(r"到\d{4}年\s*$|\d{4}年(?:底|末)?前\s*$", clause[:q.start]) \
        else None


def candidates(passage: Passage, issued: int | None) -> tuple[list[Candidate], list[Unparsed]]:
    """The candidate targets of one passage, and the target-like sentences it could not read."""
    found: list[Candidate] = []
    unparsed: list[Unparsed] = []
    if passage.background:
        return found, unparsed
    context_year = None
    for sentence in [s for s in re.split(r"(?<=[。！？；])", passage.text) if s.strip()]:
        s_year, _ = deadline(sentence, issued)
        if s_year:
            context_year = s_year
        in_sentence: list[Candidate] = []
        reasons = []
        clause_year, printed_base = context_year, None
        for clause in re.split(r"[，：。；！？]", sentence):
            if not clause.strip():
                continue
            c_year, c_month = deadline(clause, issued)
            if c_year:
                clause_year = c_year
            qs = [q for q in quantities(clause) if not _skip(clause, q)]
            qs = [q for q in qs if not re.match(r"(以上|以下)?的", clause[q.end:])]  # 超10亿元的企业: a modifier
            base = {"from": _baseline_from(clause, qs), "context": bool(c_year or s_year)}
            if base["from"]:
                qs = [q for q in qs if q is not base["from"][0]]
            for q in [q for q in qs if _year_is(clause, q) and not RATE.search(clause[:q.start][-8:])]:
                printed_base = (_year_is(clause, q), q.value, q.unit)  # 2022年为X: the baseline of the sentence
                qs.remove(q)
            for k, q in enumerate(qs):
                prev_end = qs[k - 1].end if k else 0
                got = _quantity_candidate(clause, q, qs[k + 1:], base, prev_end)
                own_subject = clean_name(RATE_HEAD.split(clause[:q.start])[0])
                if got == "rate" and in_sentence and in_sentence[-1].rate is None and q.unit == "%" \
                        and in_sentence[-1].kind != "milestone" and not own_subject:
                    basis = "real" if "可比价" in sentence else "nominal"
                    in_sentence[-1].rate = (q.value, "%", basis)
                    continue
                if isinstance(got, str):
                    reasons.append(got)
                    continue
                listed = k and re.fullmatch(r"(（[^（）]*）)?[、和]", clause[qs[k - 1].end:q.start])  # 至4个（…）、3个
                last = in_sentence[-1] if in_sentence else None
                if listed and last is not None and last.unit == q.unit and last.value == qs[k - 1].value:
                    got = copy.copy(in_sentence[-1])
                    got.value, got.checks = q.value, [*in_sentence[-1].checks, "check.enumerated"]
                if got is None:
                    continue
                previous = next((c for c in reversed(in_sentence) if c.unit == got.unit and c.kind != "milestone"),
                                None)
                if not got.name and previous is None:
                    reasons.append("no_name")
                    continue
                if not got.name:  # "…达到150万辆，到2027年超过200万辆": the same measure, a later target
                    got.name, got.baseline = previous.name, previous.baseline
                elif (got.name.startswith("占") or got.name in GENERIC) and in_sentence:
                    got.name = (in_sentence[-1].name + got.name)[:40]
                got.year = clause_year
                got.section, got.sentence, got.owner = passage.section, sentence.strip(), owner_of(passage, sentence)
                if got.baseline is not None and got.baseline[0] is None:
                    got.checks.append("check.baseline_year")
                in_sentence.append(got)
            if not qs:
                after_target = bool(in_sentence) and in_sentence[-1].kind != "milestone" and not c_year
                got = special(clause, passage, sentence, clause_year, c_year, c_month, printed_base, after_target)
                if isinstance(got, str):
                    reasons.append(got)
                elif isinstance(got, list):
                    in_sentence.extend(got)
                elif got is not None:
                    in_sentence.append(got)
        for c in in_sentence:
            if printed_base and c.baseline is None and c.unit == printed_base[2] and c.kind != "milestone" \
                    and c.year and printed_base[0] < c.year:
                c.baseline = (printed_base[0], printed_base[1])
        found.extend(in_sentence)
        if reasons and (not in_sentence or "factor" in reasons):
            reason = "factor" if "factor" in reasons else reasons[0]
            unparsed.append(Unparsed(passage.section, sentence.strip(), "unparsed." + reason))
    return found, unparsed
