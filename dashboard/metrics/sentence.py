"""The numbers behind a status in one sentence, zh or en (a row of `compute`, or a dict of its fields)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from dashboard import formatting as fmt
from dashboard.i18n import t


def _na(x) -> bool:
    return x is None or (np.ndim(x) == 0 and bool(pd.isna(x)))


def _digits(row: Mapping) -> int:
    """Decimals for values in a sentence: those the plan printed for baseline / target, one more for
    values under 100 (9.2 days, 53.15 %), at most 2."""
    values = [float(row[k]) for k in ("baseline_value", "target_value") if not _na(row.get(k))]
    texts = [f"{v:.6g}" for v in values]
    printed = max([len(s.split(".")[1]) for s in texts if "." in s and "e" not in s], default=0)
    return min(2, printed + (1 if values and max(map(abs, values)) < 100 else 0))


def _rate_phrase(r: float, model: str | None, unit: str | None, lang: str) -> str:
    """'年均增长7.57%' / '每年减少1.25工作日' / 'growth of 7.57% a year' for a required rate."""
    if model == "compound":
        amount = f"{fmt.fixed(abs(r) * 100, 2)}%"
    else:
        shown = t("unit.pp", lang) if unit == "%" else (fmt.unit_label(unit, lang) or "")
        amount = f"{fmt.fixed(abs(r), 2)}{' ' if lang == 'en' and shown else ''}{shown}"
    if lang == "en":
        return f"{'growth' if model == 'compound' else 'a rise'} of {amount} a year" if r >= 0 \
            else f"{'a fall' if model == 'compound' else 'a cut'} of {amount} a year"
    if model == "compound":
        return ("年均增长" if r >= 0 else "年均下降") + amount
    return ("每年提高" if r >= 0 else "每年减少") + amount


def deadline_text(year, month, lang: str) -> str:
    """'2019年9月底前' / 'by the end of September 2019' / '2022年' / '2022'."""
    if _na(month):
        return f"{year}年" if lang == "zh" else f"{year}"
    if lang == "zh":
        return f"{year}年{int(month)}月底前"
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return f"by the end of {months[int(month) - 1]} {year}"


def _milestone(status: str, a, deadline: str, zh: bool) -> str:
    texts = {
        "achieved": (f"已完成（{a}年完成，完成时限：{deadline}）", f"Done ({a}; deadline {deadline})"),
        "achieved_late": (f"逾期完成（{a}年完成，完成时限：{deadline}）", f"Done late ({a}; deadline {deadline})"),
        "missed": (f"未完成（{a}年报告尚未完成，完成时限：{deadline}）",
                   f"Not done (reported not done in {a}; deadline {deadline})"),
        "pending": (f"尚未完成，完成时限：{deadline}", f"Not done yet; deadline {deadline}"),
        "awaiting": (f"完成时限{deadline}已到，尚待报告是否完成（最近{a}年报告未完成）",
                     f"The deadline {deadline} has passed; whether it was done is still to be reported "
                     f"(not done as reported for {a})"),
    }
    zh_text, en_text = texts.get(status, (f"暂无数据，完成时限：{deadline}", f"No report yet; deadline {deadline}"))
    return zh_text if zh else en_text


def _growth(get, zh: bool) -> str:
    by, ty, status = int(get("baseline_year")), int(get("target_year")), get("status")
    target = f"{fmt.number(float(get('target_value')))}%"
    missing = get("missing_years") or []
    hole = ("、".join(f"{y}" for y in missing) if zh else ", ".join(str(y) for y in missing))
    if get("basis_year") is None:
        text = f"{by + 1}年起暂无连续的增速数据" if zh else f"No unbroken run of growth figures from {by + 1} yet"
    else:
        a, obs = int(get("basis_year")), float(get("observed_rate")) * 100
        span = f"{by + 1}—{a}年" if a > by + 1 else f"{a}年"
        verdict = {"achieved": ("已完成", "met"), "missed": ("未完成", "missed")}.get(status)
        if zh:
            text = f"{span}实际年均增长{fmt.fixed(obs, 2)}%，目标年均{target}"
            text += f"，{verdict[0]}" if verdict else ""
        else:
            text = f"{span.replace('—', '–').removesuffix('年').replace('年', '')}: {fmt.fixed(obs, 2)}% a year " \
                   f"against a target of {target} a year" + (f", {verdict[1]}" if verdict else "")
        if get("required_rate") is not None and status not in ("achieved", "missed"):
            need = f"{fmt.fixed(float(get('required_rate')) * 100, 2)}%"
            text += f"；余下年份需年均增长{need}" if zh else f"; the remaining years need {need} a year"
        if status == "awaiting":
            text += f"；{ty}年目标期已到，尚缺{ty}年前的增速数据" if zh else \
                f"; the {ty} deadline has passed and growth figures up to {ty} are not all in"
    if missing:
        text += f"（需补录{hole}年增速）" if zh else f" (growth for {hole} to be entered)"
    return text


def status_sentence(row: Mapping, lang: str = "zh") -> str:
    """The numbers behind a status in one sentence (a row of `compute`, or a dict with its fields).

    >>> row = {"kind": "level", "direction": "increase", "unit": "亿元", "baseline_year": 2018,
    ...        "baseline_value": 10656.0, "target_year": 2022, "target_value": 14000.0, "rate_model": "compound",
    ...        "latest_year": 2020, "latest_value": 12100.0, "basis_year": 2020, "basis_value": 12100.0,
    ...        "expected_value": 12214.1, "gap": -114.1, "projected_value": 13739.7, "required_rate": 0.0756509,
    ...        "next_target_year": 2022, "status": "moderate", "as_of": 2020}
    >>> status_sentence(row)
    '2020年实际12,100亿元，按规划路径应达12,214亿元，差114亿元；按当前增速2022年预计13,740亿元，需年均增长7.57%方可如期完成'
    >>> status_sentence(row, "en")
    '2020 actual 12,100 100 million yuan; the planned path expects 12,214 100 million yuan (114 100 million yuan \
behind); at the current pace 13,740 100 million yuan by 2022; needs growth of 7.57% a year to meet the target on time'
    >>> status_sentence({**row, "status": "achieved_late", "basis_year": 2023, "basis_value": 14100.0,
    ...                  "as_of": 2023, "expected_value": None})
    '2022年目标14,000亿元未如期完成，2023年实际14,100亿元已达到（逾期完成）'
    """
    zh = lang == "zh"
    get = {k: (None if _na(v) else v) for k, v in row.items()}.get
    status, unit, digits = get("status"), get("unit"), _digits(row)
    ty, by = (None if get(k) is None else int(get(k)) for k in ("target_year", "baseline_year"))
    a = get("basis_year") if get("basis_year") is not None else get("latest_year")
    a = None if a is None else int(a)
    A = get("basis_value") if get("basis_value") is not None else get("latest_value")

    def val(x, difference: bool = False) -> str:
        rounded = float(fmt.fixed(float(x), digits).replace(",", ""))
        if difference and unit == "%":
            return f"{fmt.number(rounded)}{' ' if lang == 'en' else ''}{t('unit.pp', lang)}"
        return fmt.value(rounded, unit, lang)

    if get("kind") == "milestone":
        return _milestone(status, a, deadline_text(ty, get("target_month"), lang), zh)
    if get("kind") == "growth":
        return _growth(get, zh)
    if status == "no_data" or A is None:
        if by is None:
            return "暂无实际数据" if zh else "No actual yet"
        return f"暂无{by}年以后的实际数据" if zh else f"No actual after {by} yet"
    head = f"{a}年实际{val(A)}" if zh else f"{a} actual {val(A)}"
    target = val(get("target_value"))
    text = _verdict_text(get, status, head, a, ty, target, val, zh)
    if text is None:
        text = _pace_text(get, head, ty, val, lang)
    return text + _vintage_text(get, zh)


def _verdict_text(get, status, head, a, ty, target, val, zh) -> str | None:
    """Sentences of statuses that rest on a deadline, a hold or a met target; None for pace statuses."""
    as_of = get("as_of")
    due = as_of is not None and int(as_of) >= ty
    if get("hold"):
        floor = val(get("target_value"))
        if status == "missed":
            return (f"{a}年实际{val(get('basis_value'))}，未保持在目标{floor}（{ty}年前每年须达到）" if zh
                    else f"{a}: {val(get('basis_value'))}, below the level of {floor} to be kept every year to {ty}")
        if status == "awaiting":
            return (f"{ty}年前各年均达到{floor}；{ty}年实际数据待报" if zh
                    else f"Every year so far meets {floor}; the {ty} figure is still to come")
        if status in ("on_track", "achieved"):
            more = "" if status == "achieved" else (f"（须保持至{ty}年）" if zh else f" (to be kept to {ty})")
            return (f"{head}，各年均保持在目标{floor}" if zh else f"{head}; every year meets {floor}") + more
    if status == "achieved":
        if a is not None and a < ty:
            return (f"{head}，已提前达到{ty}年目标{target}" + (f"；以{ty}年实际数据为准" if not due else
                                                       f"；{ty}年实际数据待报，届时以其为准") if zh
                    else f"{head}: the {ty} target of {target} is met early; the {ty} figure, when in, decides")
        return f"{head}，已达到{ty}年目标{target}" if zh else f"{head}: the {ty} target of {target} is met"
    if status == "achieved_late":
        return (f"{ty}年目标{target}未如期完成，{head}已达到（逾期完成）" if zh
                else f"The {ty} target of {target} was not met on time; {head} meets it (achieved late)")
    if status == "missed":
        return (f"{head}，未达到{ty}年目标{target}" if zh else f"{head}: the {ty} target of {target} was not met")
    if status == "awaiting":
        path = get("expected_value")
        on_path = (f"，按规划路径应达{val(path)}" if zh else f" (the planned path expects {val(path)})") \
            if path is not None else ""
        return (f"{ty}年目标期已到，尚无{ty}年实际数据；最新为{head}{on_path}"
                if zh else f"The {ty} deadline has passed and no {ty} figure is in yet; latest: {head}{on_path}")
    if status == "pending" or get("expected_value") is None:
        return (f"{head}，{ty}年目标{target}；规划未给出基期值，不计算进度" if zh
                else f"{head}; target {target} by {ty}; the plan gives no baseline, so no pace is computed")
    return None


def _pace_text(get, head, ty, val, lang) -> str:
    zh = lang == "zh"
    unit = get("unit")
    increase, gap = get("direction") != "decrease", float(get("gap"))
    behind = gap < 0 if increase else gap > 0
    size = val(abs(gap), difference=True)
    on_path = float(fmt.fixed(abs(gap), _digits({"baseline_value": get("baseline_value"),
                                                  "target_value": get("target_value")})).replace(",", "")) == 0
    if zh:
        ahead_word = "超出" if increase else "低于路径"
        where = "与路径持平" if on_path else (("差" if increase else "高出") if behind else ahead_word) + size
        text = f"{head}，按规划路径应{'达' if increase else '降至'}{val(get('expected_value'))}，{where}"
    else:
        where = "on the path" if on_path else f"{size} {'behind' if behind else 'ahead'}"
        text = f"{head}; the planned path expects {val(get('expected_value'))} ({where})"
    model = get("rate_model") or get("trend")
    ny = int(get("next_target_year")) if get("next_target_year") is not None else ty
    if get("projected_value") is not None:
        pace_word = "增速" if model == "compound" and increase else "速度"
        text += (f"；按当前{pace_word}{ny}年预计{val(get('projected_value'))}" if zh
                 else f"; at the current pace {val(get('projected_value'))} by {ny}")
    if get("required_rate") is not None:
        phrase = _rate_phrase(float(get("required_rate")), model, unit, lang)
        if ny < ty:
            nv = val(get("next_target_value"))
            text += (f"，需{phrase}方可实现{ny}年阶段目标{nv}" if zh
                     else f"; needs {phrase} to reach the {ny} interim target of {nv}")
        else:
            text += f"，需{phrase}方可如期完成" if zh else f"; needs {phrase} to meet the target on time"
    return text


def _vintage_text(get, zh: bool) -> str:
    if not get("vintage_break"):
        return ""
    revised = fmt.number(float(get("revised_baseline")))
    declared = fmt.number(float(get("baseline_value")))
    by = int(get("baseline_year"))
    text = (f"。注：{by}年基期值已修订为{revised}（规划为{declared}）" if zh
            else f". Note: the {by} baseline has been revised to {revised} (the plan says {declared})")
    rebased, status = get("rebased_status"), get("status")
    if rebased and rebased != status:
        text += (f"，按修订后基期为“{t('status.' + rebased, 'zh')}”" if zh
                 else f"; on the revised baseline: {t('status.' + rebased, 'en')}")
    return text
