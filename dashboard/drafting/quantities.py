"""Chinese quantities: a number (Arabic or Chinese numerals) and the unit printed after it.

The value stays in the printed unit: 1.8万亿元 is 1.8 with unit 万亿元, 3000万平方米 is 3000 万平方米;
a number written only in Chinese numerals is read exactly (两班 = 2 班, 百亿元 = 100 亿元, 十五个 = 15 个).
Years (2022年), months, ordinals (第3项) and tokens such as 5G or IPv6 are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
POWERS = {"十": 10, "百": 100, "千": 1000}

UNITS = sorted("""公里/百平方公里 km/km2 万元/人 个百分点 百分点 个工作日 工作日 平方公里 平方千米 平方米 公顷
亿美元 万美元 美元 亿元 万元 元 人次 人 名 家 个 项 件 条 栋 座 所 张 台 辆 吨 标箱 班 列 架次 千瓦 公里 千米 km
米 亩 户 次 倍 成 床 套 处 种 部 场 小时 分钟 天 日 席 % ％""".split(), key=len, reverse=True)
MAGNITUDES = ("万亿", "千亿", "亿", "千万", "百万", "十万", "万", "千")
_CN = "零〇一二两三四五六七八九十百千"
_NUM = rf"(?:\d+(?:,\d{{3}})*(?:\.\d+)?|[{_CN}]+)"
_UNIT = "(?:" + "|".join(re.escape(u) for u in UNITS) + ")"
_MAG = "(?:" + "|".join(MAGNITUDES) + ")"
QUANTITY = re.compile(
    rf"(?<![A-Za-z\d.第])(?P<num>{_NUM})(?:\s*[—\-～~至到]\s*(?P<hi>{_NUM}))?\s*(?P<unit>{_MAG}?{_UNIT}|{_MAG})"
    rf"(?![A-Za-z级强])")
VAGUE = tuple("一批 一站 一体 一网 一窗 一次 一件 一个 一名 一家 一项 一条 一张 一套 一处 一部 一种 一场".split())


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str
    start: int
    end: int
    text: str
    high: Decimal | None = None  # the upper end of a range (3—5个)


def chinese_number(text: str) -> int | None:
    """The integer written in Chinese numerals, or None.

    >>> [chinese_number(s) for s in ("两", "十五", "百", "一百二十", "三千零五", "二〇二二", "x")]
    [2, 15, 100, 120, 3005, 2022, None]
    """
    if not text or any(c not in _CN for c in text):
        return None
    if all(c in DIGITS for c in text):  # digit by digit: 二〇二二
        return int("".join(str(DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in DIGITS:
            digit = DIGITS[c]
        else:
            total += (1 if digit is None else digit) * POWERS[c]
            digit = None
    return total + (digit or 0)


def number(text: str) -> Decimal | None:
    """A printed number, Arabic or Chinese.

    >>> number("1,500"), number("1.8"), number("两"), number("abc")
    (Decimal('1500'), Decimal('1.8'), Decimal('2'), None)
    """
    text = text.strip()
    if re.fullmatch(r"\d+(?:,\d{3})*(?:\.\d+)?", text):
        return Decimal(text.replace(",", ""))
    value = chinese_number(text)
    return None if value is None else Decimal(value)


def _unit(raw: str) -> str:
    unit = raw.replace("％", "%")
    return unit.removeprefix("个") if unit.endswith("工作日") else unit


def quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order.

    >>> [(str(q.value), q.unit) for q in quantities("突破1.8万亿元，开行两班，百亿元，3000万平方米，8成，3个工作日")]
    [('1.8', '万亿元'), ('2', '班'), ('100', '亿元'), ('3000', '万平方米'), ('8', '成'), ('3', '工作日')]
    >>> [(str(q.value), str(q.high), q.unit) for q in quantities("建成3—5个集聚区")]
    [('3', '5', '个')]
    >>> [q.text for q in quantities("2022年底前建成5G基站，IPv6，第3项，百亿级企业，一批项目，三个作用")]
    ['三个']
    """
    found = []
    for m in QUANTITY.finditer(text):
        num, unit = m.group("num"), m.group("unit")
        value = number(num)
        if value is None or (unit in MAGNITUDES and not _digits(num)):
            continue
        if not _digits(num) and (text[m.start():m.start() + 2] in VAGUE or num in ("零", "〇")):
            continue
        high = number(m.group("hi")) if m.group("hi") else None
        found.append(Quantity(value, _unit(unit), m.start(), m.end(), m.group(0), high))
    return found


def _digits(num: str) -> bool:
    return num[0].isdigit()


def plain(value: Decimal) -> str:
    """The number as written in YAML: no exponent, no trailing zeros.

    >>> plain(Decimal("1.80")), plain(Decimal("14000")), plain(Decimal("99.96"))
    ('1.8', '14000', '99.96')
    """
    text = format(value.normalize(), "f")
    return text
