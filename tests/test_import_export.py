"""Spreadsheets in and out: the import / export / init-db commands and dashboard/spreadsheet.py."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dashboard import catalog, cli, spreadsheet
from dashboard.access import auth
from dashboard.figures import validate
from dashboard.spreadsheet import SpreadsheetError, read_figures, safe_cell
from dashboard.store import open_store

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "catalog" / "indicators.yaml"
SHIPPED = HERE.parent / "data" / "actuals.csv"
HEADER = ["indicator_id", "year", "value", "figure_status", "source", "note"]
BAD = {12: ("value", "12,3"), 503: ("year", "2031"), 999: ("indicator_id", "gdp-x999")}


@pytest.fixture(autouse=True)
def no_users(tmp_path, monkeypatch):
    """No users file: commands run as admin unless a test adds users; messages in English (zh: test_store_messages)."""
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_LANG", "en")
    monkeypatch.delenv("DASHBOARD_DATABASE_URL", raising=False)


@pytest.fixture
def url(tmp_path):
    return f"sqlite:///{tmp_path / 'db' / 'dashboard.db'}"


def run(*argv) -> int:
    return cli.main([str(a) for a in argv])


def big_catalog(path: Path, n: int = 200) -> Path:
    lines = ["version: 1", "plans:", "  - {id: big, title: 大规划, base_year: 2018, target_year: 2022}", "indicators:"]
    for i in range(n):
        lines.append(f"  - {{id: gdp-{i:03d}, plan: big, name: 指标{i}, unit: 亿元, kind: level, direction: increase, "
                     "target: {year: 2022, value: 200}, owner: 市统计局}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def thousand_rows() -> list[list]:
    """1,000 figure rows (spreadsheet rows 2..1001); BAD maps row numbers to a broken cell."""
    rows = [[f"gdp-{i // 5:03d}", 2019 + i % 5, "1,000.5", "final", "统计公报", "=1+1 不是公式"] for i in range(1000)]
    for row, (column, text) in BAD.items():
        rows[row - 2][HEADER.index(column)] = text
    return rows


def write_csv(path: Path, rows, header=HEADER, encoding="utf-8") -> Path:
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows, header=HEADER) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for r in rows:
        sheet.append([spreadsheet.safe_cell(c) if isinstance(c, str) else c for c in r])
    book.save(path)
    return path


# ------------------------------------------------------------------ import


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_thousand_rows_with_three_bad_ones_report_exactly_those_and_store_nothing(tmp_path, url, capsys, kind):
    cat_path = big_catalog(tmp_path / "big.yaml")
    writer = write_csv if kind == "csv" else write_xlsx
    file = writer(tmp_path / f"figures.{kind}", thousand_rows())
    assert run("import", file, "--catalog", cat_path, "--database", url) == 1
    read_note, *out = capsys.readouterr().out.splitlines()
    assert read_note == {"csv": "Read as UTF-8", "xlsx": 'Read the sheet "Sheet"'}[kind]
    assert out[0] == (f"figures.{kind}: 3 of 1000 rows have problems (rows are numbered as in the spreadsheet: "
                      "the header is row 1, the first figure row 2):")
    assert out[1:4] == [
        '  row 12, value: ambiguous number "12,3" — is it 12.3 or 123? Write 12.3 or 123 (a comma is accepted only '
        "as a thousands separator in groups of three, as in 1,234,567.8)",
        "  row 503, year: expected a year from 2018 to 2025 for 指标100 (plan 大规划: base year 2018 to target year "
        "2022 + 3 years of follow-up), found 2031",
        '  row 999, indicator_id: unknown indicator "gdp-x999" — expected an indicator id from the catalog (did you '
        'mean "指标199"? id gdp-199)',
    ]
    assert out[4] == (f"1 row(s) name an indicator id that is not in the catalog used, {Path(cat_path).resolve()}; if "
                      "these figures belong to another plan's catalog, give that file or folder with --catalog and "
                      "import again")
    assert out[5] == "nothing stored: fix the rows above, or use --skip-invalid to store the 997 valid rows"
    assert open_store(url).count() == 0

    assert run("import", file, "--catalog", cat_path, "--database", url, "--skip-invalid", "--by", "王五") == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "stored 997 figures as 王五 (997 new, 0 revised), 0 unchanged; skipped 3 rows with problems (listed above)")
    current = open_store(url).current()
    assert len(current) == 997 and set(current["value"]) == {1000.5}
    assert set(current["note"]) == {"=1+1 不是公式"}  # the guard quote of safe_cell was removed again


def test_dry_run_shows_new_revised_unchanged_and_stores_nothing(tmp_path, url, capsys):
    open_store(url).close()
    assert run("import", write_csv(tmp_path / "a.csv", [["services-share", 2019, "53"]]), "--catalog", FIXTURE,
               "--database", url) == 0
    file = write_csv(tmp_path / "b.csv", [["services-share", 2019, "53.4"], ["services-share", 2020, "53.8"],
                                          ["base-stations", 2020, "4.9"]])
    count = open_store(url).count()
    capsys.readouterr()
    assert run("import", file, "--catalog", FIXTURE, "--database", url, "--dry-run") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Read as UTF-8",
        "  row 2: Services share of GDP 2019 revised 53 → 53.4 %",
        "  row 3: Services share of GDP 2020 new 53.8 %",
        "  row 4: 5G base stations 2020 new 4.9 万个",
        "dry run, nothing stored: 2 new, 1 revised, 0 unchanged, 0 refused",
    ]
    unchanged = write_csv(tmp_path / "c.csv", [["services-share", 2019, "53"]])
    assert run("import", unchanged, "--catalog", FIXTURE, "--database", url, "--dry-run") == 0
    assert capsys.readouterr().out.splitlines()[1] == "  row 2: Services share of GDP 2019 unchanged 53 %"
    assert open_store(url).count() == count


def test_jumps_need_confirming(tmp_path, url, capsys):
    file = write_csv(tmp_path / "j.csv", [["services-value-added", 2019, "1065600"]])
    assert run("import", file, "--catalog", FIXTURE, "--database", url) == 1
    assert "is 100× the 2018 value 10,656 (the plan's baseline)" in capsys.readouterr().out
    assert run("import", file, "--catalog", FIXTURE, "--database", url, "--confirm-jumps") == 0
    assert open_store(url).current()["confirmed_jump"].tolist() == [True]


def test_skip_invalid_cannot_bypass_the_jump_check(tmp_path, url, capsys):
    """A refused row is not the previous figure of the next year: 2020 is checked against the baseline too."""
    file = write_csv(tmp_path / "j.csv", [["services-value-added", 2019, "106560"],
                                          ["services-value-added", 2020, "107000"],
                                          ["services-share", 2019, "53"]])
    assert run("import", file, "--catalog", FIXTURE, "--database", url, "--skip-invalid") == 0
    out = capsys.readouterr().out
    assert "row 3, value: 2020 value 107,000 is 10× the 2018 value 10,656 (the plan's baseline)" in out
    last = out.splitlines()[-1]
    assert last.startswith("stored 1 figure as ") and last.endswith(" (1 new, 0 revised), 0 unchanged; skipped 2 rows "
                                                                     "with problems (listed above)")
    current = open_store(url).current()
    assert list(zip(current["indicator_id"], current["year"], current["value"], strict=True)) == [
        ("services-share", 2019, 53.0)]
    only_jumps = write_csv(tmp_path / "k.csv", [["services-value-added", 2019, "106560"],
                                                ["services-value-added", 2020, "107000"]])
    assert run("import", only_jumps, "--catalog", FIXTURE, "--database", url, "--skip-invalid") == 1
    assert capsys.readouterr().out.splitlines()[-1] == "nothing stored: no valid rows"
    assert open_store(url).count() == 1


def test_a_manager_cannot_import_another_departments_figures_and_it_is_logged(tmp_path, url, capsys, monkeypatch):
    users = auth.UserStore(tmp_path / "users.json")
    users.add("李四", "a-long-passphrase-1", "manager", ["市商务委"])
    users.add("王五", "a-long-passphrase-2", "manager", ["市统计局"])
    file = write_csv(tmp_path / "f.csv", [["services-value-added", 2020, "12100"]])
    assert run("import", file, "--catalog", FIXTURE, "--database", url, "--by", "李四") == 1
    assert capsys.readouterr().out.splitlines() == [
        "Read as UTF-8",
        "f.csv: 1 of 1 row has problems (rows are numbered as in the spreadsheet: the header is row 1, the first "
        "figure row 2):",
        "  row 2, indicator_id: permission denied: 李四 (manager of 市商务委) may not write figures of Services value "
        "added (owner 市统计局) — a manager writes only indicators owned by one of their departments",
        "nothing stored: fix the rows above, or use --skip-invalid to store the 0 valid rows"]
    store = open_store(url)
    assert store.count() == 0
    log = store.audit_log(user="李四")
    assert log[["action", "indicator_id", "year"]].values.tolist() == [["access_denied", "services-value-added", 2020]]
    assert run("import", file, "--catalog", FIXTURE, "--database", url, "--by", "王五") == 0
    assert run("import", file, "--catalog", FIXTURE, "--database", url, "--by", "nobody") == 1
    assert 'unknown user "nobody"' in capsys.readouterr().err


# ------------------------------------------------------------------ export and round trip


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_round_trips_exactly(tmp_path, url, capsys, fmt):
    rows = [["services-share", 2019, "53.2", "final", "2019年统计公报 http://x", "=HYPERLINK(\"http://evil\")"],
            ["services-value-added", 2020, "13,207.25", "preliminary", "+86 热线", "-3% 对比计划; 含“引号”, 逗号"],
            ["number-portability", 2019, "1", "", "", "@SUM(A1)"]]
    assert run("import", write_csv(tmp_path / "in.csv", rows), "--catalog", FIXTURE, "--database", url) == 0
    out = tmp_path / f"out.{fmt}"
    assert run("export", "--out", out, "--database", url) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"wrote 3 current figures to {out}"
    again = read_figures(out)
    assert again["indicator_id"].tolist() == ["number-portability", "services-share", "services-value-added"]
    assert again["note"].tolist() == ["@SUM(A1)", '=HYPERLINK("http://evil")', "-3% 对比计划; 含“引号”, 逗号"]
    assert again["source"].tolist()[2] == "+86 热线" and [float(v) for v in again["value"]] == [1, 53.2, 13207.25]
    assert run("import", out, "--catalog", FIXTURE, "--database", url, "--dry-run") == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == "dry run, nothing stored: 0 new, 0 revised, 3 unchanged, 0 refused"


def test_xlsx_export_never_contains_a_formula(tmp_path, url):
    file = write_csv(tmp_path / "in.csv", [["services-share", 2019, "53.2", "", "=cmd|' /C calc'!A0", "+1"]])
    assert run("import", file, "--catalog", FIXTURE, "--database", url) == 0
    assert run("export", "--out", tmp_path / "x.xlsx", "--database", url) == 0
    with zipfile.ZipFile(tmp_path / "x.xlsx") as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    cells = openpyxl.load_workbook(tmp_path / "x.xlsx")["figures"]
    assert cells["E2"].value == "=cmd|' /C calc'!A0" and cells["E2"].data_type == "s"
    assert cells["C2"].value == 53.2 and cells["B2"].value == 2019


def test_csv_export_guards_formula_text_and_uses_bom(tmp_path, url):
    file = write_csv(tmp_path / "in.csv", [["services-share", 2019, "53.2", "", "=1+1", ""]])
    run("import", file, "--catalog", FIXTURE, "--database", url)
    run("export", "--format", "csv", "--out", tmp_path / "x.csv", "--database", url)
    raw = (tmp_path / "x.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfindicator_id,year,value,figure_status,source,note,review_state\r\n")
    assert b",'=1+1," in raw


def test_history_export_has_every_revision_and_retraction(tmp_path, url, capsys):
    cat = catalog.load(FIXTURE)
    from dashboard.store import Actor
    store = open_store(url)
    store.add(validate_ok(cat, "53"), Actor("a", "admin"), cat)
    store.add(validate_ok(cat, "53.5"), Actor("b", "admin"), cat)
    store.retract("services-share", 2019, "wrong year", Actor("c", "admin"), cat)
    assert run("export", "--out", tmp_path / "h.csv", "--history", "--database", url) == 0
    with open(tmp_path / "h.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == HEADER + ["revision", "action", "reason", "entered_by", "entered_at", "confirmed_jump",
                                      "review_state"]
    assert [(r["revision"], r["action"], r["value"], r["entered_by"], r["reason"]) for r in rows] == [
        ("1", "enter", "53", "a", ""), ("2", "enter", "53.5", "b", ""), ("3", "retract", "", "c", "wrong year")]
    assert rows[0]["entered_at"].endswith(" UTC")


def validate_ok(cat, value):
    import pandas as pd
    ok, problems = validate(pd.DataFrame({"indicator_id": ["services-share"], "year": [2019], "value": [value]}), cat)
    assert problems == []
    return ok[HEADER]


# ------------------------------------------------------------------ reading files


def test_missing_and_misspelt_columns_name_what_was_expected(tmp_path):
    with pytest.raises(SpreadsheetError) as err:
        read_figures(write_csv(tmp_path / "a.csv", [["x", 2019, "1"]], header=["indicator", "year", "vaule"]),
                     lang="en")
    assert str(err.value) == (
        'a.csv, row 1 (the header): missing columns indicator_id, value; unknown column "indicator" (did you mean '
        '"indicator_id"?); unknown column "vaule" (did you mean "value"?) — expected columns indicator_id, year, '
        "value (required) and figure_status, source, note (optional), or one column per year (e.g. 2023), found: "
        "indicator, year, vaule")


def test_not_utf8_size_rows_extension_and_empty(tmp_path):
    gbk = write_csv(tmp_path / "gbk.csv", [["services-share", 2019, "53", "", "统计公报"]], encoding="gbk")
    assert read_figures(gbk).attrs["encoding"] == "gb18030"  # GBK is read since the GB18030 fallback
    (tmp_path / "bad.csv").write_bytes(b"indicator_id,year,value\nx,2019,\x81\x20\n")
    with pytest.raises(SpreadsheetError, match=r"^bad.csv is not text in UTF-8, GB18030 or UTF-16 with a BOM \(byte "
                                               r'0x[0-9a-f]{2} at position \d+\) — expected CSV saved as UTF-8; in '
                                               r'Excel choose "CSV UTF-8'):
        read_figures(tmp_path / "bad.csv", lang="en")
    big = tmp_path / "big.csv"
    big.write_bytes(b"indicator_id,year,value\n" + b"x" * spreadsheet.MAX_BYTES)
    with pytest.raises(SpreadsheetError, match=r"^big.csv is 5.0 MB — expected at most 5 MB; split it"):
        read_figures(big, lang="en")
    # the 10,000-row cap is gone (the reader's budget is spreadsheet.MAX_ROWS rows read: tests/test_spreadsheet*.py)
    assert len(read_figures(write_csv(tmp_path / "ok.csv", [["services-share", 2019, "1"]] * 10_001))) == 10_001
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(SpreadsheetError, match=r'^old.xls: expected a .csv or .xlsx file, found ".xls"'):
        read_figures(tmp_path / "old.xls", lang="en")
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(SpreadsheetError, match=r"^fake.xlsx is not a readable .xlsx workbook"):
        read_figures(tmp_path / "fake.xlsx", lang="en")
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(SpreadsheetError, match="^empty.csv is empty — expected a header row"):
        read_figures(tmp_path / "empty.csv", lang="en")


def test_bom_blank_rows_and_cells_outside_the_header(tmp_path):
    path = tmp_path / "b.csv"
    path.write_bytes("\ufeffIndicator_ID , year,value\nservices-share,2019,53\n,,\nservices-share,2020,54\n"
                     .encode())
    frame = read_figures(path)
    assert frame["row"].tolist() == [2, 4] and frame["indicator_id"].tolist() == ["services-share"] * 2
    path.write_text("indicator_id,year,value,note\nservices-share,2019,53,a, b\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="row 2 has cells outside the named columns"):
        read_figures(path, lang="en")


def test_xlsx_cells_keep_their_types_and_percent_formats_are_refused(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["services-share", 2019, 0.528])
    sheet["C2"].number_format = "0.0%"
    sheet.append([])
    sheet.append(["services-value-added", "2020", 12100])
    book.save(tmp_path / "p.xlsx")
    frame = read_figures(tmp_path / "p.xlsx")
    assert frame["row"].tolist() == [2, 4] and frame["value"].tolist() == ["52.8%", 12100]
    _, problems = validate(frame, catalog.load(FIXTURE))
    assert [str(p) for p in problems] == [
        'row 2, value: expected a plain number, found "52.8%" — write the plain number in the indicator\'s unit (%), '
        'without "%"']


def test_safe_cell():
    assert [safe_cell(v) for v in ("=A1", "+1", "-x", "@f", "\tx", "ok", 5)] == [
        "'=A1", "'+1", "'-x", "'@f", "'\tx", "ok", 5]


# ------------------------------------------------------------------ init-db and shipped figures


def test_init_db_loads_the_shipped_figures_once(url, capsys):
    assert run("init-db", "--database", url) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("applied 0001_figures, 0002_audit_events, 0003_append_only_triggers, 0004_time_indexes, "
                           "0005_reviews_and_locks, 0006_owner_assignments")
    shipped = sum(1 for _ in open(SHIPPED, encoding="utf-8")) - 1
    assert out[1] == f"store was empty: loaded {shipped} figures from actuals.csv as shipped-data"
    assert run("init-db", "--database", url) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"database {url}: schema up to date",
        f"store holds {shipped} current figures: shipped figures not loaded again"]
    assert open_store(url).count() == shipped


def test_the_app_works_with_an_empty_store(url):
    store = open_store(url)
    assert store.current().empty and store.history().empty and store.audit_log().empty


def test_shipped_figures_fit_the_shipped_catalog_and_cite_their_source():
    cat = catalog.load()
    frame = read_figures(SHIPPED)
    ok, problems = validate(frame, cat)
    assert problems == [] and len(ok) == len(frame) > 0
    assert all(" http" in s and not s.startswith("http") for s in ok["source"])  # title, then address
    assert ok["note"].notna().all()
    assert set(ok["figure_status"]) == {"preliminary"}
    # the plan's own baseline year is not repeated unless the published figure differs from it
    for rec in ok.to_dict("records"):
        ind = cat.indicators[rec["indicator_id"]]
        if ind.baseline is not None and rec["year"] == ind.baseline.year:
            assert round(rec["value"], 1) != round(ind.baseline.value, 1)
