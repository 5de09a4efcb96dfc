"""Number parsing and the one validation path (dashboard/figures.py): exact messages, every rule."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard import catalog
from dashboard.figures import FigureError, describe, parse_number, parse_year, to_number, validate

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"


@pytest.fixture(scope="module")
def cat():
    return catalog.load(FIXTURE)


def rows(*records) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(["indicator_id", "year", "value"], r, strict=False)) for r in records])


def stored(*records) -> pd.DataFrame:
    return pd.DataFrame(records, columns=["indicator_id", "year", "value"])


# ------------------------------------------------------------------ parse_number


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12.0), ("-3.2", -3.2), ("0", 0.0), (".5", 0.5), ("1,234,567.8", 1234567.8), ("1,234", 1234.0),
    ("１２３４．５", 1234.5), ("－５", -5.0), ("\u22122", -2.0), (" 7 ", 7.0), ("\u3000 8\u00a0", 8.0),
    ("１，２３４", 1234.0), ("10656", 10656.0),
])
def test_accepted_forms(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(("text", "unit", "message"), [
    ("12,3", None, 'ambiguous number "12,3" — is it 12.3 or 123? Write 12.3 or 123 (a comma is accepted only as a '
                   "thousands separator in groups of three, as in 1,234,567.8)"),
    ("-1,5", None, 'ambiguous number "-1,5" — is it -1.5 or -15? Write -1.5 or -15 (a comma is accepted only as a '
                   "thousands separator in groups of three, as in 1,234,567.8)"),
    ("340亿", "亿元", 'expected a plain number, found "340亿" — write the plain number in the indicator\'s unit '
                     '(亿元), without "亿"'),
    ("1.2万", None, 'expected a plain number, found "1.2万" — write the plain number in the indicator\'s unit, '
                   'without "万"'),
    ("12%", "%", 'expected a plain number, found "12%" — write the plain number in the indicator\'s unit (%), '
                 'without "%"'),
    ("约340", None, 'expected a plain number, found "约340" — write the plain number in the indicator\'s unit, '
                   'without "约"'),
    ("", None, "expected a number, found nothing"),
    ("   ", None, "expected a number, found nothing"),
    ("NaN", None, 'expected a finite number, found "NaN"'),
    ("-inf", None, 'expected a finite number, found "-inf"'),
    ("+5", None, 'expected a plain number, found "+5" — leave out the plus sign'),
    ("1e5", None, 'expected a plain number, found "1e5" — write it in full, as 100000'),
    ("1 234", None, 'expected a number without spaces inside, found "1 234"'),
    ("1,23,456", None, 'expected thousands separators in groups of three, as in 1,234,567.8, found "1,23,456"'),
    ("abc", None, 'expected a number such as 1234.5, found "abc"'),
    ("5.", None, 'expected a number such as 1234.5, found "5."'),
    ("1.2.3", None, 'expected a number such as 1234.5, found "1.2.3"'),
])
def test_refused_forms_say_why(text, unit, message):
    with pytest.raises(FigureError) as err:
        parse_number(text, unit)
    assert str(err.value) == message


@given(st.integers(-10**12, 10**12), st.integers(0, 99))
def test_thousands_separated_numbers_parse_to_the_same_value(whole, cents):
    sign = "-" if whole < 0 else ""
    text = f"{sign}{abs(whole):,}.{cents:02d}"
    assert parse_number(text) == float(f"{sign}{abs(whole)}.{cents:02d}")
    full_width = text.translate(str.maketrans("0123456789.,-", "０１２３４５６７８９．，－"))
    assert parse_number(full_width) == parse_number(text)


def test_to_number_takes_numbers_and_refuses_others():
    assert to_number(12) == 12.0 and to_number(2.5) == 2.5 and to_number(" 1,200 ") == 1200.0
    for bad, message in ((True, "expected a number, found True"),
                         (float("nan"), "expected a number, found nothing"),
                         (float("inf"), "expected a finite number, found inf"),
                         (None, "expected a number, found nothing")):
        with pytest.raises(FigureError) as err:
            to_number(bad)
        assert str(err.value) == message


def test_parse_year():
    assert parse_year("2020") == 2020 and parse_year(2021.0) == 2021 and parse_year("２０２２") == 2022
    with pytest.raises(FigureError, match='expected a four-digit year such as 2022, found "20年"'):
        parse_year("20年")
    with pytest.raises(FigureError, match='found "2020.5"'):
        parse_year(2020.5)


# ------------------------------------------------------------------ validate


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


def test_important_messages_exactly(cat):
    ok, problems = validate(rows(
        ("services-value-addd", 2020, "12100"),
        ("services-value-added", 2030, "12100"),
        ("services-share", 2020, "120"),
        ("number-portability", 2019, "2"),
        ("services-value-added", 2020, "12,3"),
        ("services-value-added", 2021, "340亿"),
    ), cat)
    assert ok.empty
    assert messages(problems) == [
        'row 2, indicator_id: unknown indicator "services-value-addd" — expected an indicator id from the catalog '
        '(did you mean "Services value added"? id services-value-added)',
        "row 3, year: expected a year from 2018 to 2025 for Services value added (plan Demo plan (2018–2022): base "
        "year 2018 to target year 2022 + 3 years of follow-up), found 2030",
        "row 4, value: expected a share from 0 to 100 for Services share of GDP (%), found 120",
        "row 5, value: expected 1 (done) or 0 (not done) for the milestone Mobile number portability, found 2",
        'row 6, value: ambiguous number "12,3" — is it 12.3 or 123? Write 12.3 or 123 (a comma is accepted only as '
        "a thousands separator in groups of three, as in 1,234,567.8)",
        'row 7, value: expected a plain number, found "340亿" — write the plain number in the indicator\'s unit '
        '(亿元), without "亿"',
    ]


def test_describe_states_the_row_convention(cat):
    _, problems = validate(rows(("nope", 2020, "1")), cat)
    assert describe(problems).splitlines()[0] == (
        "1 problem (rows are numbered as in the spreadsheet: the header is row 1, the first figure row 2):")


def test_unknown_indicator_written_by_its_name_suggests_the_id(cat):
    _, problems = validate(rows(("服务业增加值", 2020, "12100")), cat)
    assert messages(problems) == ['row 2, indicator_id: unknown indicator "服务业增加值" — expected an indicator id '
                                  'from the catalog (did you mean "Services value added"? id services-value-added)']
    assert problems[0].line("zh") == ("第 2 行“编号”：目录中没有编号为“服务业增加值”的指标（是否指“服务业增加值”？"
                                      "编号 services-value-added）")


def test_other_rules(cat):
    frame = rows(("approval-days", 2019, "-1"), ("services-share", 2019, "53"), ("base-stations", 2017, "1"))
    frame["figure_status"] = [None, "draft", "final"]
    _, problems = validate(frame, cat)
    assert messages(problems) == [
        "row 2, value: expected a value of 0 or more for Approval time (工作日), found -1",
        'row 3, figure_status: expected one of preliminary, final, revised, found "draft"',
        "row 4, year: expected a year from 2018 to 2025 for 5G base stations (plan Demo plan (2018–2022): base year "
        "2018 to target year 2022 + 3 years of follow-up), found 2017",
    ]


def test_every_problem_of_a_row_is_reported_at_once(cat):
    frame = rows(("services-share", "20x0", "1.2万"))
    frame["figure_status"] = ["done"]
    _, problems = validate(frame, cat)
    assert [p.column for p in problems] == ["year", "value", "figure_status"]
    assert {p.row for p in problems} == {2}


def test_duplicates_within_an_upload_flag_every_copy(cat):
    ok, problems = validate(rows(("services-share", 2019, "53"), ("services-share", 2020, "53.5"),
                                 ("services-share", 2019, "53.1")), cat)
    assert ok["row"].tolist() == [3]
    assert messages(problems) == [
        "row 2, year: duplicate figure for Services share of GDP 2019 — expected one figure per indicator and year, "
        "found another at row 4",
        "row 4, year: duplicate figure for Services share of GDP 2019 — expected one figure per indicator and year, "
        "found another at row 2",
    ]


def test_row_numbers_come_from_the_row_column_when_given(cat):
    frame = rows(("services-share", 2019, "abc"))
    frame["row"] = [17]
    _, problems = validate(frame, cat)
    assert problems[0].row == 17


def test_defaults_and_typed_output(cat):
    frame = rows(("services-share", "2019", " 53.5 "), ("number-portability", 2019.0, 1))
    frame["source"] = ["  统计公报 ", ""]
    ok, problems = validate(frame, cat)
    assert problems == []
    assert ok["figure_status"].tolist() == ["preliminary", "preliminary"]
    assert ok["source"].tolist()[0] == "统计公报" and pd.isna(ok["source"].tolist()[1])
    assert ok["year"].dtype == "int64" and ok["value"].dtype == "float64"
    assert ok["value"].tolist() == [53.5, 1.0]


# ------------------------------------------------------------------ jumps


def test_jump_against_the_baseline_for_the_first_year(cat):
    _, problems = validate(rows(("services-value-added", 2019, "35000")), cat)
    assert messages(problems) == [
        "row 2, value: 2019 value 35,000 is 3.28× the 2018 value 10,656 (the plan's baseline) — expected between ⅓ "
        "and 3 times the previous year; check the unit (亿元) and the year, or confirm the jump if the figure is right"]


def test_jump_against_the_store_and_within_the_upload(cat):
    current = stored(("services-value-added", 2019, 11500.0))
    _, problems = validate(rows(("services-value-added", 2020, "1.2")), cat, current)
    assert "is 0.000104× the 2019 value 11,500 (stored)" in problems[0].message
    _, problems = validate(rows(("services-value-added", 2020, "12100"), ("services-value-added", 2021, "121")),
                           cat, current)
    assert [p.row for p in problems] == [3]
    assert "the 2020 value 12,100 (in this upload)" in problems[0].message


def test_upload_value_wins_over_the_store_for_the_previous_year(cat):
    current = stored(("services-value-added", 2019, 1.15))  # a stored unit mistake being corrected
    ok, problems = validate(rows(("services-value-added", 2019, "11500"), ("services-value-added", 2020, "12100")),
                            cat, current)
    assert problems == [] and ok["row"].tolist() == [2, 3]


def test_just_within_three_times_passes_and_no_previous_year_means_no_check(cat):
    ok, problems = validate(rows(("services-value-added", 2019, str(10656 * 3)), ("base-stations", 2021, "900")), cat)
    assert problems == [] and ok["confirmed_jump"].tolist() == [False, False]


def test_a_refused_row_is_never_the_previous_figure(cat):
    # 2019 is refused (10× the baseline), so 2020 is compared with the baseline, not with the refused 2019
    ok, problems = validate(rows(("services-value-added", 2019, "106560"), ("services-value-added", 2020, "107000")),
                            cat)
    hint = ("expected between ⅓ and 3 times the previous year; check the unit (亿元) and the year, or confirm the "
            "jump if the figure is right")
    assert ok.empty and messages(problems) == [
        f"row 2, value: 2019 value 106,560 is 10× the 2018 value 10,656 (the plan's baseline) — {hint}",
        f"row 3, value: 2020 value 107,000 is 10× the 2018 value 10,656 (the plan's baseline) — {hint}"]
    # a row refused for another reason does not count either; the stored figure for its year does
    _, problems = validate(rows(("services-value-added", 2019, "12,3"), ("services-value-added", 2020, "107000")),
                           cat)
    assert [p.row for p in problems] == [2, 3]
    assert "the 2018 value 10,656 (the plan's baseline)" in problems[1].message
    current = stored(("services-value-added", 2019, 11500.0))
    ok, problems = validate(rows(("services-value-added", 2019, "115000"), ("services-value-added", 2020, "12100")),
                            cat, current)
    assert ok["row"].tolist() == [3] and [p.row for p in problems] == [2]  # 12,100 vs 11,500 stored, not vs 115,000
    # with a gap the latest earlier accepted figure counts: here the stored 2019 for a 2021 figure
    _, problems = validate(rows(("services-value-added", 2021, "115000")), cat, current)
    assert "2021 value 115,000 is 10× the 2019 value 11,500 (stored)" in problems[0].message


@given(st.lists(st.tuples(st.sampled_from([2019, 2020, 2021, 2022]),
                          st.sampled_from(["11000", "12000", "40000", "100000", "3000", "12,3", "-1"])),
                min_size=1, max_size=6, unique_by=lambda r: r[0]))
def test_the_valid_rows_pass_again_when_checked_on_their_own(cat, figures):
    """What --skip-invalid stores (the valid subset) is exactly what passes when only it is checked."""
    frame = rows(*[("services-value-added", y, v) for y, v in figures])
    ok, _ = validate(frame, cat)
    again, problems = validate(frame.iloc[[r - 2 for r in ok["row"]]].assign(row=ok["row"].to_numpy()), cat)
    assert problems == [] and again["row"].tolist() == ok["row"].tolist()


def test_confirmed_jumps_are_stored_and_marked(cat):
    frame = rows(("services-value-added", 2019, "35000"), ("services-share", 2019, "5"))
    ok, problems = validate(frame, cat, confirm_jumps=True)
    assert problems == [] and ok["confirmed_jump"].tolist() == [True, True]
    ok, problems = validate(frame, cat, confirm_jumps={("services-share", 2019)})
    assert ok["indicator_id"].tolist() == ["services-share"] and ok["confirmed_jump"].tolist() == [True]
    assert [p.row for p in problems] == [2]


def test_milestones_are_never_jumps(cat):
    current = stored(("number-portability", 2018, 1.0))
    ok, problems = validate(rows(("number-portability", 2019, "0")), cat, current)
    assert problems == [] and ok["confirmed_jump"].tolist() == [False]
