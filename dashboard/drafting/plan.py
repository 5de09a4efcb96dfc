"""The plan block of a draft: title, document number, issue date, base and target years, id."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from dashboard.drafting.clean import DOC_NUMBER

TITLE_IN_NOTICE = re.compile(r"《([^《》]{4,60}?)》(?:印发|已经)")
TITLE_OF_NOTICE = re.compile(r"关于印发(.{4,60}?)的通知")
TITLE_YEARS = re.compile(r"(\d{4})\s*[—\-–～~至]\s*(\d{4})\s*年")
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
KINDS = r"(计划|规划|方案|意见|纲要|办法|措施|行动)"


@dataclass
class PlanBlock:
    title: str | None
    document: str | None
    issued: dt.date | None
    title_years: tuple[int, int] | None
    id: str = ""
    base_year: int | None = None
    target_year: int | None = None
    checks: list[str] = field(default_factory=list)


def plan_block(text: str) -> PlanBlock:
    """What the document's header says about the plan.

    >>> b = plan_block("重庆市人民政府\\n关于印发重庆市现代服务业发展计划（2019—2022年）的通知\\n渝府发〔2019〕32号\\n"
    ...                "2019年11月25日")
    >>> b.title, b.document, b.issued, b.title_years
    ('重庆市现代服务业发展计划（2019—2022年）', '渝府发〔2019〕32号', datetime.date(2019, 11, 25), (2019, 2022))
    """
    head = text[:6000]
    lines = [line.strip() for line in head.split("\n") if line.strip()]
    joined = "".join(lines[:8])
    title = None
    m = TITLE_IN_NOTICE.search(head) or TITLE_OF_NOTICE.search(joined)
    if m:
        title = m.group(1)
    else:
        title = next((line for line in lines[:15] if re.search(KINDS + r"(（.*）)?$", line) and len(line) <= 60), None)
    document = next((line for line in lines[:20] if DOC_NUMBER.fullmatch(line)), None)
    issued = None
    for line in lines[:30]:
        d = DATE.match(line)
        if d:
            try:
                issued = dt.date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
            except ValueError:
                continue
            break
    years = TITLE_YEARS.search(title or "")
    return PlanBlock(title, document, issued, (int(years.group(1)), int(years.group(2))) if years else None)


def slug_id(block: PlanBlock, taken: set[str]) -> str:
    """An id for the plan from its document number, years or issue date, not one of `taken`.

    >>> slug_id(PlanBlock("x", "渝府发〔2019〕32号", None, None), {"plan-2019-32"})
    'plan-2019-32-2'
    """
    doc = re.search(r"〔(\d{4})〕(\d+)号", block.document or "")
    if doc:
        base = f"plan-{doc.group(1)}-{doc.group(2)}"
    elif block.title_years:
        base = f"plan-{block.title_years[0]}-{block.title_years[1]}"
    elif block.issued:
        base = f"plan-{block.issued:%Y%m%d}"
    else:
        base = "plan-draft"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def settle_years(block: PlanBlock, target_years: list[int]) -> None:
    """Base and target years: from the title's 2019—2022 (base = first year − 1), else the issue year − 1
    and the latest target year found."""
    if block.title_years:
        block.base_year, block.target_year = block.title_years[0] - 1, block.title_years[1]
        return
    issued = block.issued.year if block.issued else None
    plausible = [y for y in target_years if issued is None or issued <= y <= issued + 15]
    block.base_year = issued - 1 if issued else (min(plausible) - 1 if plausible else dt.date.today().year - 1)
    block.target_year = max(plausible) if plausible else block.base_year + 1
    block.checks.append("check.plan_years")
