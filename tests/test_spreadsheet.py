"""Reading the spreadsheets offices make: encodings, Chinese headers, indicator names, sheets, WPS
workbooks, exports in the page's language that read back unchanged; the reader cross-checked with
openpyxl by Hypothesis."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import catalog, spreadsheet
from dashboard.figures import text_or_none, validate
from dashboard.spreadsheet import SpreadsheetError, export_frame, read_figures, read_note
from tests import hostile

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "catalog" / "indicators.yaml"
CAT = catalog.load(FIXTURE)
ROWS = [["services-share", "2019", "53.2", "final", "2019年统计公报", "含“引号”, 逗号"],
        ["services-value-added", "2020", "13207.25", "preliminary", "", ""]]
HEADER = ["indicator_id", "year", "value", "figure_status", "source", "note"]


def csv_bytes(rows, header=HEADER, encoding="utf-8", delimiter=","):
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([header, *rows])
    return out.getvalue().encode(encoding)


# ------------------------------------------------------------------ B. encodings


@pytest.mark.parametrize(("encoding", "data", "label"), [
    ("utf-8", csv_bytes(ROWS), "UTF-8"),
    ("utf-8-sig", csv_bytes(ROWS, encoding="utf-8-sig"), "UTF-8 (BOM)"),
    ("gb18030", csv_bytes(ROWS, encoding="gbk"), "GB18030"),
    ("gb18030", csv_bytes(ROWS, encoding="gb18030"), "GB18030"),
    ("utf-16", codecs.BOM_UTF16_LE + csv_bytes(ROWS, encoding="utf-16-le", delimiter="\t"), "UTF-16"),
])
def test_each_office_encoding_reads_the_same_figures_and_says_which(encoding, data, label):
    frame = read_figures(data, "数据.csv")
    assert frame.attrs["encoding"] == encoding
    assert frame["note"].tolist() == ["含“引号”, 逗号", ""] and frame["source"].tolist()[0] == "2019年统计公报"
    assert read_note(frame) == f"文件编码：{label}" and read_note(frame, "en") == f"Read as {label}"


def test_other_bytes_are_refused_in_the_users_language():
    data = b"indicator_id,year,value\nx,2019,\x81\x20\n"
    with pytest.raises(SpreadsheetError, match=r"^数据.csv 不是可识别的文本（已尝试 UTF-8、GB18030 和带 BOM 的 UTF-16"):
        read_figures(data, "数据.csv")
    with pytest.raises(SpreadsheetError, match=r"^a.csv contains NUL characters"):
        read_figures(b"indicator_id,year,value\n\x00\x00", "a.csv", lang="en")


# ------------------------------------------------------------------ C. headers people write


def test_chinese_headers_in_any_order_with_spaces_and_full_width_brackets():
    header = [" 备注 ", "数值（亿元）", "年份", "指标代码", "数据状态", "来源"]
    rows = [["初步", "13207.25", "2020", "services-value-added", "初步数", "公报"],
            ["", "53.2", "２０１９", "services-share", "最终数", ""],
            ["", "52.9", "2020", "services-share", "修订数", ""]]
    frame = read_figures(csv_bytes(rows, header=header), "a.csv")
    assert frame["figure_status"].tolist() == ["preliminary", "final", "revised"]
    ok, problems = validate(frame, CAT)
    assert problems == [] and ok["value"].tolist() == [13207.25, 53.2, 52.9] and ok["note"].tolist()[0] == "初步"
    for alias in ("指标编号", "指标代码", "Indicator ID", "indicator_id"):
        assert read_figures(csv_bytes([["services-share", "2019", "1"]], [alias, "年份", "实际值"]), "b.csv")[
            "indicator_id"].tolist() == ["services-share"]


def test_a_header_with_a_wrong_column_lists_every_problem_in_chinese():
    with pytest.raises(SpreadsheetError) as err:
        read_figures(csv_bytes([["x", "2019", "1"]], ["指标名", "年份", "年份"]), "a.csv")
    assert str(err.value).startswith("a.csv 第 1 行（表头）：缺少列 indicator_id, value；无法识别的列“指标名”"
                                     "（是否应为“指标名称”？）；列 year 出现了 2 次 — 需要的列：")


def test_indicators_named_by_their_exact_unique_name():
    rows = [["服务业增加值", "2020", "12100"], ["5G基站", "2020", "4.9"], ["服务业增加值比重", "2020", "53"]]
    frame = read_figures(csv_bytes(rows, ["指标名称", "年份", "数值"]), "a.csv", catalog=CAT)
    assert frame["indicator_id"].tolist()[:2] == ["services-value-added", "base-stations"]
    assert [(p.row, p.column) for p in frame.attrs["problems"]] == [(4, "indicator_id")]
    assert frame.attrs["problems"][0].text("zh") == (
        "“服务业增加值比重”不是目录中的指标名称 — 最接近的名称：服务业增加值、服务业增加值占生产总值的比重")
    _, problems = validate(frame, CAT)
    merged = spreadsheet.merge_problems(frame, problems)
    assert [(p.row, p.column) for p in merged] == [(4, "indicator_id")] and merged[0] == frame.attrs["problems"][0]
    with pytest.raises(SpreadsheetError, match="缺少列 indicator_id"):  # without the catalog a name is not enough
        read_figures(csv_bytes(rows, ["指标名称", "年份", "数值"]), "a.csv")


def test_an_ambiguous_name_is_a_row_problem_naming_the_candidates(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8").replace("    name: 审批时间\n", "    name: 5G基站\n")
    (tmp_path / "c.yaml").write_text(text, encoding="utf-8")
    cat = catalog.load(tmp_path / "c.yaml")
    frame = read_figures(csv_bytes([["5G基站", "2020", "4.9"]], ["指标名称", "年份", "数值"]), "a.csv", catalog=cat,
                         lang="en")
    assert [(p.row, p.column, p.text("en")) for p in frame.attrs["problems"]] == [(2, "indicator_id", (
        '"5G基站" is the name of 2 indicators: approval-days（示例工作方案）、base-stations（示例规划（2018—2022年））'
        " — write the indicator id instead"))]


# ------------------------------------------------------------------ C. exports in the page's language round-trip


CURRENT = pd.DataFrame({"indicator_id": ["number-portability", "services-share", "services-value-added"],
                        "year": [2019, 2019, 2020], "value": [1.0, 53.2, 13207.25],
                        "figure_status": ["final", "revised", "preliminary"],
                        "source": [None, "2019年统计公报 http://x", "+86 热线"],
                        "note": ["@SUM(A1)", '=HYPERLINK("http://evil")', "-3% 对比计划; 含“引号”, 逗号"]})


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_what_is_exported_imports_back_unchanged(lang, fmt):
    exported = export_frame(CURRENT, lang=lang)
    assert list(exported.columns)[:3] == (["指标编号", "年份", "数值"] if lang == "zh" else HEADER[:3])
    assert (exported.iloc[1, 3] == "修订数") == (lang == "zh")
    back = read_figures(spreadsheet.EXPORTERS[fmt](exported), f"figures.{fmt}", catalog=CAT)
    ok, problems = validate(back, CAT, confirm_jumps=True)
    assert problems == []
    columns = ["indicator_id", "year", "value", "figure_status", "source", "note"]
    assert ok[columns].astype(object).where(ok[columns].notna(), None).values.tolist() == \
        CURRENT[columns].astype(object).where(CURRENT[columns].notna(), None).values.tolist()


# ------------------------------------------------------------------ E. sheets


def workbook_bytes(sheets: list[tuple[str, bool, list[list]]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, hidden, rows in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = "hidden" if hidden else "visible"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_first_visible_sheet_is_read_and_hidden_ones_are_named_in_the_preview(tmp_path):
    hostile.write_zip(tmp_path / "b.xlsx", hostile.workbook([("x", "hidden", ""), ("y", "veryHidden", "")]))
    data = workbook_bytes([("旧数据", True, [HEADER[:3], ["services-share", 2018, 1]]),
                           ("填报", False, [HEADER[:3], ["services-share", 2019, 53]]),
                           ("备用", False, [HEADER[:3], ["services-share", 2020, 54]])])
    frame = read_figures(data, "a.xlsx")
    assert frame["year"].tolist() == [2019] and frame.attrs["hidden_sheets"] == ["旧数据"]
    assert read_note(frame) == "已读取工作表“填报”；已跳过隐藏的工作表：旧数据（如需导入，请选择该工作表）"
    assert read_figures(data, "a.xlsx", sheet="备用")["year"].tolist() == [2020]
    named_hidden = read_figures(data, "a.xlsx", sheet="旧数据")
    assert named_hidden["year"].tolist() == [2018] and named_hidden.attrs["hidden_sheets"] == []
    assert spreadsheet.sheet_names(data, "a.xlsx") == (["填报", "备用"], ["旧数据"])
    with pytest.raises(SpreadsheetError, match="^a.xlsx 中没有名为“无”的工作表；可选的工作表：填报、备用$"):
        read_figures(data, "a.xlsx", sheet="无")
    with pytest.raises(SpreadsheetError, match="^b.xlsx 的工作表都已隐藏"):
        read_figures(tmp_path / "b.xlsx")
    with pytest.raises(SpreadsheetError, match="^c.csv 是 CSV 文件"):
        read_figures(csv_bytes(ROWS), "c.csv", sheet="x")


def test_a_workbook_written_the_way_wps_writes_it(tmp_path):
    """Shared and inline strings mixed, no <dimension>, numbers stored as text, absolute part paths,
    a rich-text shared string with a phonetic run, attributes in another order and single quotes."""
    shared = ("<si><t>indicator_id</t></si><si><t>year</t></si><si><t>value</t></si><si><t>services-share</t></si>"
              "<si><t>2019</t></si><si><t>53.2</t></si><si><r><t>统计</t></r><r><rPr/><t>公报</t></r>"
              "<rPh sb='0' eb='1'><t>とうけい</t></rPh></si>")
    body = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="inlineStr"><is><t>来源</t></is></c></row>'
            '<row r="2" spans="1:4"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c>'
            '<c r="C2" t="s"><v>5</v></c><c r="D2" t="s"><v>6</v></c></row>'
            "<row r='3'><c t='inlineStr' r='A3'><is><t>services-value-added</t></is></c><c r='B3' s='0'><v>2020</v>"
            '</c><c r="C3" t="str"><f>1+1</f><v>13207.25</v></c><c r="D3" t="inlineStr"><is><t xml:space="preserve">'
            " a &amp; b </t></is></c></row>")
    path = hostile.write_zip(tmp_path / "wps.xlsx", hostile.workbook([("Sheet1", "visible", body)], shared=shared,
                                                                     absolute=True))
    frame = read_figures(path)
    assert frame[["indicator_id", "year", "value", "source"]].values.tolist() == [
        ["services-share", "2019", "53.2", "统计公报"], ["services-value-added", 2020, "13207.25", " a & b "]]
    ok, problems = validate(frame, CAT)
    assert problems == [] and ok["value"].tolist() == [53.2, 13207.25]
    assert openpyxl.load_workbook(path)["Sheet1"]["D3"].value == " a & b "  # the same file as openpyxl sees it


def test_percent_and_date_formats_in_a_hand_written_styles_part(tmp_path):
    styles = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0&quot;%&quot;"/></numFmts>'
              '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="10"/><xf numFmtId="14"/><xf numFmtId="164"/>'
              "</cellXfs>")
    body = (hostile.HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>services-share</t></is></c>'
            '<c r="B2" s="2"><v>43466</v></c><c r="C2" s="1"><v>0.528</v></c></row>'
            '<row r="3"><c r="A3" t="inlineStr"><is><t>services-share</t></is></c><c r="B3"><v>2020</v></c>'
            '<c r="C3" s="3"><v>52.8</v></c></row>')
    path = hostile.write_zip(tmp_path / "s.xlsx", hostile.workbook([("S", "visible", body)], styles=styles))
    frame = read_figures(path)
    assert frame["year"].tolist() == ["2019-01-01T00:00:00", 2020] and frame["value"].tolist() == ["52.8%", 52.8]


# ------------------------------------------------------------------ the reader against openpyxl (Hypothesis)

CELL = st.one_of(st.none(), st.integers(-10**12, 10**12),
                 st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda x: abs(x) < 1e15),
                 # text that openpyxl would write as a formula ("=0") has no value to read: not a typed cell
                 st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).filter(
                     lambda s: not s.startswith("=")))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELL, min_size=1, max_size=6), min_size=1, max_size=8))
def test_the_reader_sees_what_openpyxl_sees(grid):
    book = openpyxl.Workbook()
    for row in [["indicator_id", "year", "value", "note", "source", "figure_status"], *grid]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    frame = read_figures(buffer.getvalue(), "g.xlsx")
    seen = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True).active.iter_rows(values_only=True)
    expected = [(n, list(row)) for n, row in enumerate(seen, start=1) if n > 1 and any(text_or_none(c) for c in row)]
    assert frame["row"].tolist() == [n for n, _ in expected]
    for (_, row), got in zip(expected, frame[HEADER[:3] + ["note", "source", "figure_status"]].values.tolist(),
                             strict=True):
        assert got == [None if text_or_none(c) is None else c for c in row] + [None] * (6 - len(row))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=10)
                          .filter(lambda s: not s.startswith("'") and s.strip()),
                          st.integers(1900, 2200),
                          # notes as entry lets them in: no control characters but tab and newline
                          st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\t\n"),
                                  max_size=20).filter(lambda s: not s.startswith("'"))), min_size=1, max_size=6),
       st.sampled_from(["csv", "xlsx"]), st.sampled_from(["zh", "en"]))
def test_exported_text_reads_back(rows, fmt, lang):
    if fmt == "xlsx":
        rows = [(i, y, "".join(ch for ch in n if ch in "\t\n" or ch >= " ")) for i, y, n in rows]
    frame = pd.DataFrame({"indicator_id": [r[0] for r in rows], "year": [r[1] for r in rows], "value": 1.5,
                          "figure_status": "final", "source": None, "note": [r[2] for r in rows]})
    back = read_figures(spreadsheet.EXPORTERS[fmt](export_frame(frame, lang=lang)), f"x.{fmt}")
    assert back["indicator_id"].tolist() == [r[0] for r in rows]
    assert [text_or_none(n) for n in back["note"]] == [text_or_none(r[2].replace("\r\n", "\n") if fmt == "csv"
                                                                    else r[2]) for r in rows]


# ------------------------------------------------------------------ labels


def test_every_files_label_exists_in_both_languages_with_the_same_placeholders():
    import ast
    import string

    from dashboard.i18n import t
    from dashboard.labels.files import LABELS

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert {k: v for k, v in LABELS.items() if fields(v[0]) != fields(v[1]) or not all(v)} == {}
    used = set()
    for path in [*(HERE.parent / "dashboard" / "files").glob("*.py"), HERE.parent / "dashboard" / "spreadsheet.py",
                 HERE.parent / "dashboard" / "app_pages" / "entry_files.py",
                 HERE.parent / "dashboard" / "commands" / "template_cmd.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("files."):
                used.add(node.value)
    from dashboard.files.template import INSTRUCTIONS

    used.discard("files.template_line")  # the numbered instruction lines, built in an f-string
    used |= {f"files.template_line{i}" for i in range(1, INSTRUCTIONS + 1)}
    assert len(used) > 30 and sorted(used - set(LABELS)) == []
    assert all(t(key, lang) for key in used for lang in ("zh", "en"))
