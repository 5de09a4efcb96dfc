"""The 数据说明 of the briefing: for each latest figure its source title, year, status and URL,
cleaned to readable Chinese.

A source's title is the text before its first parenthesis (what follows is who published it,
when, and remarks for the data team); its URL is the last web address in it. Text pasted from a
bad traditional-to-simplified conversion ("根據(jù)") keeps the simplified character and loses the
pinyin glyph note.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from dashboard.i18n import t

URL = re.compile(r"https?://\S+")
# a CJK character followed by its romanisation in parentheses: 據(jù), 區(qū), 現(xiàn)
GLYPH_NOTE = re.compile(r"(?<=[\u3400-\u9fff])\((?:[a-zA-Zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][a-zA-Zü]*)\)")
# the traditional characters seen in pasted figures, to their simplified form
TRADITIONAL = str.maketrans(
    "據區產總統結慶實現億長業計劃執報紀經濟務發展與為們這個來對開關門問間時會說後國學還進過點動電們兩數據",
    "据区产总统结庆实现亿长业计划执报纪经济务发展与为们这个来对开关门问间时会说后国学还进过点动电们两数据")
REMARK = re.compile(r"\s*\[[^\]]*\]\s*$")  # the data team's bracketed remark at the end of a note


def clean(text: str) -> str:
    """Readable simplified Chinese: glyph notes dropped, traditional characters simplified, a trailing
    bracketed internal remark removed.

    >>> clean("根據(jù)地區(qū)生產總值統(tǒng)一核算結果 [统一核算 first release]")
    '根据地区生产总值统一核算结果'
    """
    return REMARK.sub("", GLYPH_NOTE.sub("", text)).translate(TRADITIONAL).strip()


def source_parts(source) -> tuple[str, str]:
    """(title, url) of a stored source text.

    >>> source_parts("2022年重庆市国民经济和社会发展统计公报 (cq.gov.cn, 2023-03-17) https://cq.gov.cn/a.html")
    ('2022年重庆市国民经济和社会发展统计公报', 'https://cq.gov.cn/a.html')
    """
    if source is None or (isinstance(source, float) and math.isnan(source)):
        return "", ""
    text = str(source)
    urls = URL.findall(text)
    url = urls[-1] if urls else ""
    title = URL.sub("", text)
    title = re.split(r"\s*[(（]", title, maxsplit=1)[0].strip()
    title = re.sub(r"^(?:repost|reposted|mirror)\s+(?:citing|of|via)\s+", "", title)  # the data team's remark
    return clean(title), url


def figure_notes(rows, lang: str, name) -> list[str]:
    """'name year · status · source title URL' for each row with a latest figure and a source."""
    out = []
    for row in rows.to_dict("records"):
        title, url = source_parts(row.get("latest_source"))
        if not (title or url):
            continue
        year = row.get("latest_year")
        year_text = "" if pd.isna(year) else f" {int(year)}"
        status = row.get("latest_figure_status")
        status_text = t(f"figure_status.{status}", lang) if status in ("preliminary", "final", "revised") else ""
        parts = [f"{name(row, lang)}{year_text}", status_text, " ".join(x for x in (title, url) if x)]
        out.append(" · ".join(p for p in parts if p))
    return out
