"""How numbers are written for people: values with units, rates, shares of the way.

Shared by the command line tables, the app and the printed reports so that one figure is
written the same way everywhere. Every function takes any finite float (1e300, 5e-324, -0.0):
a stored value never breaks an output.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from dashboard.i18n import t

_WIDE = Context(prec=420)  # every float has at most 309 digits before the point (and 2 after, here)


def missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fixed(x: float, digits: int) -> str:
    """`x` with `digits` decimals and thousands separators, rounding halves away from zero as
    printed (0.425 -> 0.43), which binary floats otherwise get wrong.

    >>> fixed(0.425, 2), fixed(-1234.5, 0), fixed(2.675, 2), fixed(1e28, 0), fixed(-0.001, 2)
    ('0.43', '-1,235', '2.68', '10,000,000,000,000,000,000,000,000,000', '0.00')
    """
    if not math.isfinite(float(x)):
        return "—" if math.isnan(float(x)) else ("∞" if x > 0 else "-∞")
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP, context=_WIDE)
    return f"{q + 0:,.{digits}f}" if q else f"{0:.{digits}f}"


def number(x, digits: int | None = None) -> str:
    """A value with thousands separators and as many decimals as it needs (at most 2).

    >>> number(10656), number(12214.123), number(99.96), number(None)
    ('10,656', '12,214.12', '99.96', '—')
    """
    if missing(x):
        return "—"
    if digits is None:
        digits = 0 if float(x).is_integer() else (1 if abs(x) >= 100_000 else 2)
    text = fixed(x, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def unit_label(unit: str | None, lang: str = "zh") -> str | None:
    """The unit as a reader of `lang` writes it: as printed in zh, from the unit table (labels/units.py) in en;
    a unit not in the table is shown as printed.

    >>> unit_label("亿元", "en"), unit_label("工作日", "en"), unit_label("亿元"), unit_label("万辆·次", "en")
    ('100 million yuan', 'working days', '亿元', '万辆·次')
    """
    if not unit or lang == "zh":
        return unit
    from dashboard.labels.units import UNITS

    return UNITS.get(unit, unit)


def value(x, unit: str | None, lang: str = "zh") -> str:
    """A value with its unit: 亿元 and 工作日 follow the number, % sticks to it; English units in en.

    >>> value(12100, "亿元"), value(52.8, "%"), value(7, "工作日", "en"), value(3, "个", "en")
    ('12,100亿元', '52.8%', '7 working days', '3')
    """
    if missing(x):
        return "—"
    shown = unit_label(unit, lang)
    if not shown:
        return number(x)
    if unit == "%" or lang == "zh":
        return f"{number(x)}{shown}"
    return f"{number(x)} {shown}"


def signed(x, digits: int | None = None) -> str:
    """A difference with its sign: "+" when above, none for zero (also when it rounds to zero).

    >>> signed(1383.36), signed(-114.1, 0), signed(-0.004, 2), signed(None)
    ('+1,383.36', '-114', '0', '—')
    """
    if missing(x):
        return "—"
    text = number(x, digits)
    if text.lstrip("-").strip("0.,") == "":
        return "0"
    return ("+" if x > 0 else "") + text


def difference(x, unit: str | None, lang: str = "zh", digits: int | None = None) -> str:
    """A signed difference in the indicator's unit; the difference of two shares is in percentage
    points, not per cent.

    >>> difference(-114.1, "亿元"), difference(0.3, "%"), difference(0.3, "%", "en"), difference(None, "%")
    ('-114.1亿元', '+0.3个百分点', '+0.3 pp', '—')
    """
    if missing(x):
        return "—"
    if unit == "%":
        return f"{signed(x, digits)}{' ' if lang == 'en' else ''}{t('unit.pp', lang)}"
    text = signed(x, digits)
    return text if not unit else (f"{text}{unit}" if lang == "zh" else f"{text} {unit}")


def rate(r, trend: str | None, unit: str | None, lang: str = "zh") -> str:
    """An annual rate: compound rates as %, linear ones in the indicator's unit per year.

    >>> rate(0.07062, "compound", "亿元"), rate(0.425, "linear", "%"), rate(0.425, "linear", "%", "en")
    ('7.06%', '0.43个百分点/年', '0.43 pp/yr')
    >>> rate(-1.25, "linear", "工作日")
    '-1.25工作日/年'
    """
    if missing(r):
        return "—"
    if trend == "compound":
        return f"{fixed(r * 100, 2)}%"
    per_year = t("unit.per_year", lang)
    shown = t("unit.pp", lang) if unit == "%" else (unit or "")
    sep = " " if lang == "en" and shown else ""
    return f"{fixed(r, 2)}{sep}{shown}{per_year}"


def fraction(x) -> str:
    """A share of the way (progress, elapsed) as a percentage.

    >>> fraction(0.432), fraction(None)
    ('43.2%', '—')
    """
    return "—" if missing(x) else f"{fixed(x * 100, 1)}%"


DEFAULT_ZONE = "Asia/Shanghai"


def zone_name() -> str:
    """The one time zone every shown time is written in: env DASHBOARD_TZ, default Asia/Shanghai
    (an unknown name falls back to the default rather than breaking a page)."""
    import os
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("DASHBOARD_TZ", "").strip() or DEFAULT_ZONE
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return DEFAULT_ZONE
    return name


def local_time(when, lang: str = "zh", zone: str | None = None) -> str:
    """A moment in the configured zone with the zone named; a naive time is taken as already in it.

    >>> import datetime as dt
    >>> local_time(dt.datetime(2026, 12, 3, 8, 5, tzinfo=dt.timezone.utc), "zh", "Asia/Shanghai")
    '2026-12-03 16:05（北京时间 UTC+8）'
    >>> local_time(dt.datetime(2026, 12, 3, 8, 5), "en", "Europe/Berlin")
    '2026-12-03 08:05 (Europe/Berlin, UTC+1)'
    """
    import datetime as dt
    from zoneinfo import ZoneInfo

    if when is None or when != when:  # None, NaN, NaT
        return "—"
    if not isinstance(when, dt.datetime):
        when = when.to_pydatetime()
    name = zone or zone_name()
    here = when.replace(tzinfo=ZoneInfo(name)) if when.tzinfo is None else when.astimezone(ZoneInfo(name))
    minutes = int(here.utcoffset().total_seconds() // 60)
    sign, minutes = ("+" if minutes >= 0 else "-"), abs(minutes)
    offset = f"UTC{sign}{minutes // 60}" + (f":{minutes % 60:02d}" if minutes % 60 else "")
    label = t("time.zone_beijing", lang) if name in ("Asia/Shanghai", "Asia/Chongqing", "PRC") else name
    return here.strftime("%Y-%m-%d %H:%M") + t("time.with_zone", lang).format(zone=label, offset=offset)
