"""Values and texts that once broke every output: limits at entry, exact numbers, and outputs that
survive whatever is already stored (rows inserted with SQL, as if stored before the limits existed)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import sqlalchemy as sa

from dashboard import catalog, cli, formatting, spreadsheet
from dashboard.app_pages import entry_grid as eg
from dashboard.figures import Figure, InvalidFigures, validate
from dashboard.store import Actor, open_store
from dashboard.store.migrations import figures
from tests.pg import postgres_database, store_url  # noqa: F401

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
ADMIN = Actor("admin", "admin")
HUGE = {"services-value-added": 1e28, "services-share": 1e300, "approval-days": -1e300, "base-stations": 5e-324,
        "number-portability": 1e300}
CONTROL_TEXTS = ("来源\x01公报", "备注\x0b第二行", "含\x00空字符")


@pytest.fixture(scope="module")
def cat():
    return catalog.load(FIXTURE)


@pytest.fixture
def db(store_url):  # noqa: F811
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture(autouse=True)
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_LANG", "en")


def en(problems) -> list[str]:
    return [str(p) for p in problems]


def rows(*records) -> pd.DataFrame:
    return pd.DataFrame([dict(zip(["indicator_id", "year", "value"], r, strict=True)) for r in records])


def insert_directly(engine, records: list[tuple], **extra) -> None:
    """Figure rows written with SQL, bypassing every check (as stored before the checks existed)."""
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        conn.execute(sa.insert(figures), [
            {"indicator_id": i, "year": y, "revision": r, "action": "enter", "value": v, "figure_status": "final",
             "source": extra.get("source"), "note": extra.get("note"), "reason": None, "confirmed_jump": False,
             "entered_by": "old-version", "entered_at": now} for i, y, v, r in records])


# ------------------------------------------------------------------ limits, on every way in


def test_limits_per_kind_name_the_limit_and_show_the_number_as_typed(cat):
    _, problems = validate(rows(("services-value-added", 2019, "10000000000000000000000000000"),
                                ("services-share", 2019, "100.0001"), ("number-portability", 2019, "2"),
                                ("approval-days", 2019, "-0.5"), ("services-value-added", 2020, 1e28)), cat)
    assert en(problems) == [
        "row 2, value: expected at most 1,000,000,000,000,000 for Services value added (亿元), found "
        "10000000000000000000000000000 — check the unit",
        "row 3, value: expected a share from 0 to 100 for Services share of GDP (%), found 100.0001",
        "row 4, value: expected 1 (done) or 0 (not done) for the milestone Mobile number portability, found 2",
        "row 5, value: expected a value of 0 or more for Approval time (工作日), found -0.5",
        "row 6, value: expected at most 1,000,000,000,000,000 for Services value added (亿元), found "
        "10,000,000,000,000,000,000,000,000,000 — check the unit",
    ]
    ok, problems = validate(rows(("services-value-added", 2019, "1000000000000000"), ("services-share", 2019, "100")),
                            cat, confirm_jumps=True)
    assert problems == [] and ok["value"].tolist() == [1e15, 100.0]  # the limits themselves are allowed


def test_the_limit_holds_on_the_import_command_and_the_store(tmp_path, cat, capsys):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    file = tmp_path / "f.csv"
    file.write_text("indicator_id,year,value\nservices-value-added,2019,10000000000000000000000000000\n",
                    encoding="utf-8")
    assert cli.main(["import", str(file), "--catalog", str(FIXTURE), "--database", url, "--confirm-jumps"]) == 1
    assert "expected at most 1,000,000,000,000,000 for Services value added" in capsys.readouterr().out
    store = open_store(url)
    with pytest.raises(InvalidFigures):
        store.add([Figure("services-value-added", 2019, 1e28)], ADMIN, cat, confirm_jumps=True)
    assert store.count() == 0


@pytest.mark.parametrize(("typed", "stored_as"), [
    ("1" * 17, "11111111111111112"),
    ("0.12345678901234567", "0.12345678901234566"),
    ("0." + "0" * 399 + "1", "0"),
    ("1." + "0" * 398 + "1", "1"),
])
def test_a_number_that_cannot_be_stored_exactly_is_refused_not_rounded(cat, typed, stored_as):
    _, problems = validate(rows(("base-stations", 2020, typed)), cat)
    assert len(problems) == 1 and problems[0].column == "value"
    assert f"cannot be stored exactly (it would be stored as {stored_as})" in problems[0].message
    assert "round it to at most 15 significant digits" in problems[0].message


def test_long_numbers_that_read_back_exactly_are_accepted(cat):
    ok, problems = validate(rows(("base-stations", 2020, "0.30000000000000004"), ("base-stations", 2021, "-0"),
                                 ("base-stations", 2022, "123456789012345")), cat, confirm_jumps=True)
    assert problems == [] and ok["value"].tolist() == [0.30000000000000004, 0.0, 123456789012345.0]
    assert math.copysign(1, ok["value"].tolist()[1]) == 1.0  # -0 becomes 0


def test_a_correction_in_the_last_digits_is_a_revision(db, cat):
    db.add([Figure("base-stations", 2020, "12345678901234")], ADMIN, cat)
    result = db.add([Figure("base-stations", 2020, "12345678901239")], ADMIN, cat)
    assert (result.revised, result.unchanged) == (1, 0)
    assert db.current()["value"].tolist() == [12345678901239.0]
    assert db.add([Figure("base-stations", 2020, "12,345,678,901,239")], ADMIN, cat).unchanged == 1


def test_minus_zero_is_stored_as_zero_on_both_databases(db, cat):
    db.add([Figure("base-stations", 2020, "-0"), Figure("number-portability", 2019, -0.0)], ADMIN, cat)
    values = db.current()["value"].tolist()
    assert values == [0.0, 0.0] and all(math.copysign(1, v) == 1.0 for v in values)
    assert {formatting.number(v) for v in values} == {"0"}


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_integral_year_with_point_zero_is_read_alike_from_csv_and_xlsx(tmp_path, cat, kind):
    path = tmp_path / f"y.{kind}"
    if kind == "csv":
        path.write_text("indicator_id,year,value\nservices-share,2020.0,53\nservices-share,2021.5,54\n",
                        encoding="utf-8")
    else:
        book = openpyxl.Workbook()
        book.active.append(["indicator_id", "year", "value"])
        book.active.append(["services-share", 2020.0, 53])
        book.active.append(["services-share", 2021.5, 54])
        book.save(path)
    ok, problems = validate(spreadsheet.read_figures(path), cat)
    assert ok["year"].tolist() == [2020]
    assert en(problems) == ['row 3, year: expected a four-digit year such as 2022, found "2021.5"']


# ------------------------------------------------------------------ whatever is stored, every output survives


def test_every_output_survives_any_finite_value_already_stored(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    insert_directly(store.engine, [(i, y, v, 1) for i, v in HUGE.items() for y in (2019, 2020)
                                   if not (i == "number-portability" and y == 2020)])
    args = ["--catalog", str(FIXTURE), "--database", url, "--lang", "en"]
    assert cli.main(["status", *args]) == 0
    assert cli.main(["status", *args, "--format", "json"]) == 0
    for fmt in ("html", "xlsx", "pdf"):
        assert cli.main(["report", "--format", fmt, *args, "--out", str(tmp_path / f"r.{fmt}")]) == 0
        assert (tmp_path / f"r.{fmt}").stat().st_size > 0
    for extra in ([], ["--history"]):
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"e{len(extra)}.{fmt}"
            assert cli.main(["export", "--database", url, "--out", str(out), *extra]) == 0
    back = spreadsheet.read_figures(tmp_path / "e0.csv")
    assert [float(v) for v in back["value"]][:2] == [-1e300, -1e300] and len(back) == 9
    assert "10,000,000,000,000,000,000,000,000,000" in capsys.readouterr().out
    for x in (1e28, 1e300, -1e300, 5e-324, float("inf")):
        assert formatting.number(x) and formatting.rate(x, "compound", "%") and formatting.fraction(x)


def _export_texts(path: Path) -> list[str]:
    if path.suffix == ".csv":
        return [c for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))) for c in row]
    sheet = openpyxl.load_workbook(path).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_exports_strip_control_characters_of_rows_stored_before(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    insert_directly(store.engine, [("services-share", 2019, 53.0, 1)], source=CONTROL_TEXTS[0],
                    note=CONTROL_TEXTS[1] + CONTROL_TEXTS[2])
    for history in (False, True):
        for fmt in ("csv", "xlsx"):
            out = tmp_path / f"x{int(history)}.{fmt}"
            assert cli.main(["export", "--database", url, "--out", str(out), *(["--history"] if history else [])]) == 0
            texts = _export_texts(out)
            assert "来源公报" in texts and "备注第二行含空字符" in texts
    current = store.current()
    for fmt in ("csv", "xlsx"):  # the entry page's download buttons
        back = spreadsheet.read_figures(eg.export_bytes(current, fmt), f"f.{fmt}")
        assert back["source"].tolist() == ["来源公报"]
    assert store.history()["note"].tolist() == ["备注第二行含空字符"]


@pytest.mark.parametrize("text", CONTROL_TEXTS)
def test_control_characters_are_refused_at_entry_on_both_databases(db, cat, text):
    with pytest.raises(InvalidFigures) as err:
        db.add(pd.DataFrame({"row": [7, 8], "indicator_id": ["services-share"] * 2, "year": [2019, 2020],
                             "value": ["53", "54"], "source": ["公报", text], "note": [text, None]}), ADMIN, cat)
    assert [(p.row, p.column) for p in err.value.problems] == [(7, "note"), (8, "source")]
    assert "contains the control character \\x" in err.value.problems[0].message
    assert "第 8 行“来源”：含有不可见的控制字符" in err.value.render("zh")
    db.add([Figure("services-share", 2019, "53")], ADMIN, cat)
    with pytest.raises(Exception) as err:
        db.retract("services-share", 2019, text, ADMIN, cat)
    assert "control character" in str(err.value)
    assert db.count() == 1


def test_text_with_tabs_and_newlines_is_kept_and_carriage_returns_read_as_newlines(db, cat):
    db.add([Figure("services-share", 2019, "53", note="第一行\r\n第二行\t完")], ADMIN, cat)
    assert db.current()["note"].tolist() == ["第一行\n第二行\t完"]
