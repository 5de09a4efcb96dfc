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
ANCHORS = """\
base: &b {unit: 亿元, kinds: [level, share], deep: &d {x: 1, x: 2}}
first: *b
second: {copy: *b, again: *d}
seq: [&s 1, *s, *b]
"""


def _composed(loader, text: str) -> tuple:
    doc = located.Located.__new__(located.Located)
    doc._load(loader, text)
    return doc.data, doc.lines, doc.raw, doc.duplicates


@pytest.mark.skipif(located.FAST_LOADER is yaml.SafeLoader, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [TRICKY, ANCHORS, (ROOT / "indicators.yaml").read_text(encoding="utf-8")],
                         ids=["tricky-scalars", "anchors-and-aliases", "shipped-catalog"])
def test_fast_composing_equals_the_pure_python_loader(text):
    fast = _composed(located.FAST_LOADER, text)
    assert fast == _composed(yaml.SafeLoader, text)
    assert fast[0] is not None and fast[1]


def _from_nodes(text: str) -> tuple:
    """The libyaml loader composing a node tree and walking it (what runs for texts the event builder leaves)."""
    doc = located.Located.__new__(located.Located)
    loader = located.FAST_LOADER(text)
    try:
        node = loader.get_single_node()
        doc.lines, doc.raw, doc.duplicates = {}, {}, []
        doc.data = doc._walk(loader, node, ()) if node is not None else None
    finally:
        loader.dispose()
    return doc.data, doc.lines, doc.raw, doc.duplicates


@pytest.mark.skipif(located.FAST_LOADER is yaml.SafeLoader, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("text", [TRICKY, ANCHORS, "", "a: 1\n",
                                  (ROOT / "indicators.yaml").read_text(encoding="utf-8")],
                         ids=["tricky-scalars", "anchors-and-aliases", "empty", "one-key", "shipped-catalog"])
def test_the_event_builder_equals_walking_the_composed_tree(text):
    events = located.Located.__new__(located.Located)
    events._load_events(located.FAST_LOADER, text)
    assert (events.data, events.lines, events.raw, events.duplicates) == _from_nodes(text)


@pytest.mark.skipif(located.FAST_LOADER is yaml.SafeLoader, reason="PyYAML built without libyaml")
def test_what_the_event_builder_leaves_is_composed_as_before():
    events = located.Located.__new__(located.Located)
    for text in ("a: 1\n---\nb: 2\n", "? [a, b]\n: 1\n"):
        with pytest.raises(located._Unusual):
            events._load_events(located.FAST_LOADER, text)
    assert _composed(located.FAST_LOADER, "? [a, b]\n: 1\n") == _from_nodes("? [a, b]\n: 1\n")
    with pytest.raises(yaml.composer.ComposerError, match="expected a single document"):
        located.Located("a: 1\n---\nb: 2\n")
