"""Units as printed in the plans (zh) and as an English reader writes them: `unit.<as printed>`.

`formatting.unit_label(unit, lang)` looks a unit up here; a unit not in the table is shown as printed in
both languages (a test lists the shipped catalog's units so none is missed)."""

from __future__ import annotations

UNITS = {
    "亿元": "100 million yuan", "万亿元": "trillion yuan", "亿美元": "100 million USD", "万元": "10,000 yuan",
    "元": "yuan", "万元/人": "10,000 yuan per person", "%": "%", "工作日": "working days", "天": "days",
    "家": "firms", "个": "", "件": "cases", "条": "items", "项": "items", "次": "times", "栋": "buildings",
    "名": "people", "人": "people", "万人": "10,000 people", "万人次": "10,000 visits", "起": "incidents",
    "种": "kinds", "万辆": "10,000 vehicles", "万吨": "10,000 tonnes", "万个": "10,000", "万座": "10,000 sites",
    "万家": "10,000 firms", "万平方米": "10,000 m²", "平方米": "m²", "公里": "km",
    "公里/百平方公里": "km per 100 km²", "km/km2": "km per km²", "个百分点": "pp",
}

LABELS: dict[str, tuple[str, str]] = {f"unitname.{zh}": (zh, en) for zh, en in UNITS.items()}
