"""Target sentences: from a passage's clauses to candidate targets (rule-based, no model).

A clause such as "到2022年，检验检测机构达700家以上" gives name 检验检测机构, value 700, unit 家,
op >=, year 2022. The verb gives direction and op (达到/突破/以上 >=, 超过 >, 左右 ~, 控制在/以内/压减至
<=, 低于 <), 保持/稳定在/动态清零 a hold, 由X…到Y / 从X…至Y a baseline, 年均增长X% the declared rate of
the clause before it, "YYYY年M月底前实现…" without a number a milestone. Every guess a person must
confirm is noted in `checks` (label keys of dashboard/labels/drafting.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from dashboard.drafting.passages import Passage
from dashboard.drafting.quantities import Quantity, number, quantities

DEADLINE = re.compile(r"(?:到|至|于)?(\d{4})年(?:(\d{1,2})月)?(?:(底|末)?(?:前|以前|之前)|底|末)|到(\d{4})年")
AFTER_YEARS = re.compile(r"经过([\d一二三四五六七八九十]+)年")
DECREASE = tuple("""控制在 压减至 压减到 压缩至 压缩到 缩减至 缩减到 缩短至 缩短到 减少至 减少到 下降到 下降至
降低到 降低至 降至 降到 不超过 低于 少于 减至""".split())
INCREASE = tuple("""提高到 提高至 提升到 提升至 增加到 增加至 增长到 增至 达到 突破 超过 高于 不低于 保持在 稳定在 保持
达 超 实现 建成 新增 培育 引进 形成 建设 打造 完成 开展 新建 创建 认定 拥有 降低 压缩 减少 缩短 吸引 落实 开通 开行
覆盖 入驻 举办 设立 布局 扩大到""".split())
VERB = re.compile("|".join(sorted(DECREASE + INCREASE, key=len, reverse=True)))
RATE = re.compile(r"年均(?:增长|增速|提高|增幅|递增)[达为]?(?:到)?$")
CHANGE_TO = re.compile(r"(提高|提升|增加|增长|缩减|压减|压缩|减少|降低|下降|缩短|扩大|减|降|增)(到|至)")
GENERIC = ("营业收入", "收入", "增加值", "总额", "规模", "产值", "营收")
RATE_HEAD = re.compile(r"年均(?:增长|增速|提高|增幅|递增)")
OPS = {"超过": ">", "高于": ">", "超": ">", "低于": "<", "少于": "<"}
HOLD = ("保持在", "稳定在", "保持", "动态清零")
MILESTONE_VERB = re.compile(r"完成|建成|实现|出台|制定|建立|印发|上线|开通|推广|对接|归集|提供|取消|实行|覆盖|修订|"
                            r"形成|扩大")
LEAD = re.compile(r"（([^（）]{2,60}?)牵头")
STRIP_HEAD = re.compile(r"^(?:到\d{4}年|\d{4}年(?:\d{1,2}月)?(?:底|末)?(?:前|以前)?|经过\d+年试点|力争|争取|确保|其中|"
                        r"同时|将|实现|推动|基本|全面|进一步|累计达|全年|每年|以上|至少|的|和|及|、|“|”|\s)+")
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


def _clean_name(text: str) -> str:
    text = re.sub(r"“|”|‘|’", "", text)
    text = STRIP_HEAD.sub("", text)
    return STRIP_TAIL.sub("", text).strip()[:40]


def _owner(passage: Passage, sentence: str) -> tuple[str, ...]:
    m = LEAD.search(sentence) or LEAD.search(passage.text)
    if m:
        return tuple(d for d in re.split(r"[、，]", m.group(1)) if d)
    return passage.owner


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
    verb = verbs[-1] if verbs and q.start - verbs[-1].end() <= 30 else None
    for q2 in later:  # "主营业务收入1亿元以上物流企业达到100家": the first number is part of the name
        gap = clause[q.end:q2.start]
        if VERB.search(gap) and not re.search(r"[、和及]", gap):
            return None
    if RATE.search(before[-8:]):
        return "rate"
    if verb is None and qualifier is None and not base.get("context"):
        return None
    if q.unit in ("个百分点", "百分点") or re.search(r"(高于|快于)[^，]{0,12}(增速|增幅|水平)", before):
        return "relative"
    word = verb.group(0) if verb else ""
    subject = before[prev_end:verb.start()] if verb else before[prev_end:]
    between = before[max(verb.end(), prev_end):] if verb else ""
    after = re.split(r"[，。；、]", tail[qualifier.end() if qualifier else 0:], maxsplit=1)[0]
    if origin_text := re.search(r"(由|从)[^由从]*$", subject) if base.get("from") else None:
        subject = subject[:origin_text.start()]
    name = _clean_name(subject) + _clean_name(between)
    counted = _clean_name(after)  # 建成20个市级电子商务产业园区: what is counted follows the number
    if counted and len(counted) >= 2 and (not between or re.search(r"(等|各有|有)$", between or subject)):
        name = counted if not re.search(r"各有$|有$", between or subject) else \
            _clean_name(re.sub(r"各?有$", "", between or subject)) + counted
    if word in ("降低", "压缩", "减少", "缩短") and not between:
        name = _clean_name(subject) + word
    if not name:
        name = _clean_name(after)
    cand = Candidate(name=name, section="", sentence="", year=None, unit=q.unit, value=q.value)
    decrease = word in DECREASE or (qualifier and qualifier.group(1) in ("以内", "以下", "内"))
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


FACTOR = re.compile(r"(?:较|比)?(?:\d{4}年)?(翻一番|翻番|倍增|翻两番)")


def _special(clause: str, passage: Passage, sentence: str, year: int | None, c_year: int | None, c_month: int | None,
             printed_base: tuple | None, after_target: bool = False) -> Candidate | list[Candidate] | str | None:
    """A clause without a target number: a milestone (its own deadline, or the sentence's when it follows a
    target: "…压缩至2个工作日，…实现立等可取"), a 动态清零 hold, or a 翻一番 factor target."""
    def make(name: str, **fields) -> Candidate:
        return Candidate(name=name[:40], section=passage.section, sentence=sentence.strip(),
                         owner=_owner(passage, sentence), **fields)

    factor = FACTOR.search(clause)
    if factor:
        if printed_base is None or year is None:
            return "factor"
        value = Decimal(4) if factor.group(1) == "翻两番" else Decimal(2)
        return make(_clean_name(clause[:factor.start()]) or "?", year=year, unit=printed_base[2], factor=value,
                    baseline=(printed_base[0], printed_base[1]), checks=["check.name"])
    if "动态清零" in clause and year:
        return make(_clean_name(clause.replace("动态清零", "")), year=year, unit="个", value=Decimal(0),
                    direction="decrease", hold=True, checks=["check.unit_guessed"])
    if c_year and (c_month or "前" in clause) and MILESTONE_VERB.search(clause):
        return make(_clean_name(clause) or clause.strip(), year=c_year, kind="milestone", direction=None,
                    month=c_month, checks=["check.milestone_name"])
    if after_target and year and re.match(r"^(?!基本|初步|努力|力争)[^，]{2,30}?实现", clause):
        return make(_clean_name(clause) or clause.strip(), year=year, kind="milestone", direction=None,
                    checks=["check.milestone_name", "check.year_inherited"])
    breakthrough = re.search(r"(实现)?(零突破|突破)$", clause.strip())
    if breakthrough and (breakthrough.group(1) or breakthrough.group(2) == "零突破"):
        # "实现“全国文化企业30强”和本土文化企业上市零突破": one milestone per thing broken through
        parts = [p for p in re.split(r"和|及", _clean_name(clause[:breakthrough.start()])) if len(p) >= 4]
        return [make(_clean_name(p), year=year, kind="milestone", direction=None, checks=["check.milestone_name"])
                for p in parts] or None
    return None


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
                own_subject = _clean_name(RATE_HEAD.split(clause[:q.start])[0])
                if got == "rate" and in_sentence and in_sentence[-1].rate is None and q.unit == "%" \
                        and in_sentence[-1].kind != "milestone" and not own_subject:
                    basis = "real" if "可比价" in sentence else "nominal"
                    in_sentence[-1].rate = (q.value, "%", basis)
                    continue
                if isinstance(got, str):
                    reasons.append(got)
                    continue
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
                got.section, got.sentence, got.owner = passage.section, sentence.strip(), _owner(passage, sentence)
                if got.baseline is not None and got.baseline[0] is None:
                    got.checks.append("check.baseline_year")
                in_sentence.append(got)
            if not qs:
                after_target = bool(in_sentence) and in_sentence[-1].kind != "milestone" and not c_year
                got = _special(clause, passage, sentence, clause_year, c_year, c_month, printed_base, after_target)
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
