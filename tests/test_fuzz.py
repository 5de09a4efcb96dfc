"""Fuzz tests: whatever a user feeds the readers, the answer is a result or a clear error, never a traceback.

Each reader has one domain exception (CatalogError, FigureError, SpreadsheetError); any other
exception escaping on arbitrary input is a bug.
"""

from __future__ import annotations

import importlib
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard import catalog

FIXTURE = (Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml").read_text(encoding="utf-8")
LINES = FIXTURE.splitlines(keepends=True)
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Values that are wrong in interesting ways: other types, units in numbers, bad years, YAML specials.
ODD_VALUES = ["", "~", "null", "[]", "{}", "[1, 2]", "{year: 2018}", "-1", "0", "1e400", ".nan", "-.inf",
              "true", "no", "2018-13-45", "340亿", '"12"', "'", '"', "&a", "*a", "!!python/object:os.system",
              "!!binary AAAA", "? x", "- -", "|", ">", "10656 亿元", "0x1F", "1_000", "99999999999999999999",
              "%", "pp", "decrease", "milestone", "demo-plan", "Demo Plan", "\t", ":", "#", "@", "`x`"]


def module(name: str):
    """Import a reader written in parallel; fail (not skip) when it is still missing."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        pytest.fail(f"{name} does not exist yet: the fuzz test documents its contract")


def assert_clear(err: catalog.CatalogError) -> None:
    assert err.problems, "CatalogError without any problem"
    for problem in err.problems:
        assert isinstance(problem.line, int) and problem.line >= 0, problem
        assert problem.message.strip(), problem
        assert str(problem).strip()


def parse_or_clear_error(text: str) -> None:
    try:
        result = catalog.parse(text)
    except catalog.CatalogError as err:
        assert_clear(err)
    else:
        assert isinstance(result, catalog.Catalog)
        result.frame()  # a catalog that loads must also become a table


# ---------------------------------------------------------------- (a) the catalog


def test_fixture_itself_parses():
    assert len(catalog.parse(FIXTURE).indicators) == 5


# Inputs that once escaped as something other than CatalogError (found by the fuzz tests below).
REPRODUCERS = {
    "list-as-plan-id": ("version: 1\nplans: [{id: []}]\nindicators: []", 2),
    "impossible-date": ("version: 1\nplans: [{id: a, title: b, issued: 2019-02-30, base_year: 2018, "
                        "target_year: 2022}]\nindicators: []", 2),
    "impossible-date-as-key": ("version: 1\n2018-13-45: x", 2),
    "bad-explicit-float": ("version: 1\nplans: !!float 'abc'", 2),
    "bad-explicit-timestamp": ("version: 1\nplans: !!timestamp 'x'", 2),
    "alias-inside-its-anchor": ("version: 1\nplans: &x [*x]", None),
    "deep-nesting": ("[" * 1000, None),
}


@pytest.mark.parametrize("text, line", REPRODUCERS.values(), ids=REPRODUCERS.keys())
def test_catalog_reproducers(text, line):
    with pytest.raises(catalog.CatalogError) as err:
        catalog.parse(text)
    assert_clear(err.value)
    if line is not None:  # the problem is reported where it is
        assert line in {p.line for p in err.value.problems}


@FUZZ
@given(st.text(max_size=400))
@example("")
@example("\x00")
@example("indicators: [1]")
@example("plans: [{id: 1}]\nindicators: [{id: x, plan: 1}]")
@example("version: 1\nplans: []\nindicators: [{}]")
def test_catalog_arbitrary_text(text):
    parse_or_clear_error(text)


@FUZZ
@given(st.sets(st.integers(0, len(LINES) - 1), max_size=6))
def test_catalog_lines_deleted(deleted):
    parse_or_clear_error("".join(line for i, line in enumerate(LINES) if i not in deleted))


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(FIXTURE) - 1), st.characters(codec="utf-8")), min_size=1, max_size=5))
def test_catalog_characters_substituted(substitutions):
    chars = list(FIXTURE)
    for position, char in substitutions:
        chars[position] = char
    parse_or_clear_error("".join(chars))


def _value_positions() -> list[tuple[int, int]]:
    """(line, column) just after each `key:` in the fixture: the places where a value starts."""
    spots = []
    for i, line in enumerate(LINES):
        start = 0
        while (col := line.find(": ", start)) >= 0:
            spots.append((i, col + 2))
            start = col + 2
    return spots


SPOTS = _value_positions()


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(SPOTS), st.one_of(st.sampled_from(ODD_VALUES), st.text(max_size=12))),
                min_size=1, max_size=3))
def test_catalog_values_replaced(replacements):
    lines = list(LINES)
    for (i, col), value in replacements:
        rest = lines[i][col:]
        # replace up to the next separator so flow mappings such as {year: 2018, value: 1} stay readable
        cut = min((rest.find(sep) for sep in (",", "}", "\n") if rest.find(sep) >= 0), default=len(rest))
        lines[i] = lines[i][:col] + value + rest[cut:]
    parse_or_clear_error("".join(lines))


# ---------------------------------------------------------------- (b) numbers typed by people


@FUZZ
@given(st.one_of(st.text(max_size=40), st.sampled_from(["", " ", "1,234.5", "1 234,5", "12%", "１２３", "一百",
                                                        "nan", "inf", "-inf", "1e309", "--1", "1.2.3", "+", "."])))
def test_parse_number_arbitrary_text(text):
    figures = module("dashboard.figures")
    try:
        value = figures.parse_number(text)
    except figures.FigureError as err:
        assert str(err).strip()
    else:
        assert isinstance(value, float)


@FUZZ
@given(st.floats(allow_nan=False, allow_infinity=False))
@example(0.1)
@example(-0.0)
@example(123456789012345.67)
@example(1.2345678901234567e-05)
@example(1e16)
@example(-2.5e-300)
def test_parse_number_reads_back_any_float(x):
    figures = module("dashboard.figures")
    text = repr(x)
    try:
        assert figures.parse_number(text) == x
    except figures.FigureError as err:
        # Refusing exponent notation (1e-05, 1e+16) is allowed, but only with a hint that spells the same
        # number in full: a person who follows the hint must get exactly x.
        assert "e" in text, f"{text} refused: {err}"
        spelled = [n for n in re.findall(r"-?\d[\d,]*(?:\.\d+)?", str(err)) if _parses_to(figures, n, x)]
        assert spelled, f"{text} refused, and no number in the hint equals it: {err}"


def _parses_to(figures, text: str, x: float) -> bool:
    try:
        return figures.parse_number(text) == x
    except figures.FigureError:
        return False


# ---------------------------------------------------------------- (c) uploaded spreadsheets


def _spreadsheet_or_clear_error(data: bytes, filename: str) -> None:
    spreadsheet = module("dashboard.spreadsheet")
    try:
        frame = spreadsheet.read_figures(data, filename)
    except spreadsheet.SpreadsheetError as err:
        assert str(err).strip()
    else:
        assert isinstance(frame, pd.DataFrame)


SEED_FRAME = pd.DataFrame({"indicator_id": ["services-value-added", "services-share"], "year": [2019, 2020],
                           "value": [11000.5, 52.8], "source": ["统计公报", None], "note": [None, "初步数"]})


def _seed(suffix: str) -> bytes:
    buffer = io.BytesIO()
    if suffix == ".xlsx":
        SEED_FRAME.to_excel(buffer, index=False)
    else:
        buffer.write(SEED_FRAME.to_csv(index=False).encode("utf-8-sig"))
    return buffer.getvalue()


SEEDS = {suffix: _seed(suffix) for suffix in (".csv", ".xlsx")}


@pytest.mark.parametrize("suffix", SEEDS)
def test_read_figures_seeds_are_valid(suffix):
    spreadsheet = module("dashboard.spreadsheet")
    frame = spreadsheet.read_figures(SEEDS[suffix], "figures" + suffix)
    assert list(frame["indicator_id"]) == ["services-value-added", "services-share"]


@FUZZ
@given(st.binary(max_size=600), st.sampled_from(["figures.csv", "figures.xlsx", "数据.CSV"]))
@example(b"", "figures.csv")
@example(b"", "figures.xlsx")
@example(b"\xef\xbb\xbfindicator_id,year,value\nservices-value-added,2019,11000\n", "figures.csv")
@example("indicator_id,year,value\nservices-value-added,2019,1.1万\n".encode("gbk"), "figures.csv")
@example(b"indicator_id,year,value\n" + b"x,2019,1\n" * 10_001, "figures.csv")
@example(b"PK\x03\x04" + b"\x00" * 40, "figures.xlsx")
def test_read_figures_arbitrary_bytes(data, filename):
    _spreadsheet_or_clear_error(data, filename)


@FUZZ
@given(st.sampled_from(["", "indicator_id,year,value\n", "indicator_id,year,value,figure_status,source,note\n"]),
       st.text(alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyz-,;\t\"\n 0123456789.%年亿=+@'")),
               max_size=300))
def test_read_figures_csv_like_text(header, text):
    _spreadsheet_or_clear_error((header + text).encode("utf-8"), "figures.csv")


@FUZZ
@given(st.sampled_from(list(SEEDS)), st.data())
def test_read_figures_corrupted_files(suffix, data):
    seed = SEEDS[suffix]
    flips = data.draw(st.lists(st.tuples(st.integers(0, len(seed) - 1), st.integers(0, 255)), min_size=1, max_size=8))
    cut = data.draw(st.integers(len(seed) // 2, len(seed)))  # sometimes a truncated upload
    corrupted = bytearray(seed[:cut])
    for position, byte in flips:
        if position < len(corrupted):
            corrupted[position] = byte
    _spreadsheet_or_clear_error(bytes(corrupted), "figures" + suffix)
