"""The fast composing path (libyaml, the remembered and short-cut tag resolution) gives the same data,
lines, raw texts and duplicate keys as PyYAML's pure-Python safe loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dashboard.catalog import located

ROOT = Path(__file__).resolve().parent.parent
TRICKY = """\
plans:
  - id: p
    title: "规划"
    quoted_int: '2020'
    year: 2020
    octal: 012
    hex: 0x1f
    under: 1_000
    sci: 1.5e3
    flags: [yes, No, on, true, ~, null, '', .inf, -.5, +3]
    date: 2021-06-30
    bad_date: 2018-13-45
    text: ordinary words, 中文
    dup: 1
    dup: 2
"""


def _composed(loader, text: str) -> tuple:
    doc = located.Located.__new__(located.Located)
    doc._load(loader, text)
    return doc.data, doc.lines, doc.raw, doc.duplicates


@pytest.mark.skipif(located.FAST_LOADER is yaml.SafeLoader, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [TRICKY, (ROOT / "indicators.yaml").read_text(encoding="utf-8")],
                         ids=["tricky-scalars", "shipped-catalog"])
def test_fast_composing_equals_the_pure_python_loader(text):
    fast = _composed(located.FAST_LOADER, text)
    assert fast == _composed(yaml.SafeLoader, text)
    assert fast[0] is not None and fast[1]
