"""Printable summaries: PDF, HTML and Excel from one context, checked against `status` output."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from dashboard import catalog, metrics
from dashboard.cli import main
from dashboard.i18n import STATUS_COLOURS, STATUS_ORDER, t
from dashboard.reports import EXPORTERS, build, file_name, make_context
from dashboard.reports.context import ReportError, furthest_behind, normalise_actuals, table_cells
from dashboard.reports.xlsx import sheet_names
from tests.tools import require_tool

HERE = Path(__file__).parent
SHIPPED = HERE.parent / "indicators.yaml"
FIXTURE = HERE / "fixtures" / "catalog" / "indicators.yaml"
PLAN = "modern-services-2019-2022"
SCRIPT = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x","y")'
MARKUP = "**粗体** <b>x</b> {nb} {}"


def shipped_actuals() -> pd.DataFrame:
    """Two years of figures for twelve indicators of PLAN at different paces, plus one milestone done."""
    frame = catalog.load(SHIPPED).frame()
    plan = frame[frame["plan"] == PLAN]
    paced = plan[(plan["kind"] != "milestone") & plan["baseline_value"].notna()].head(12)
    shares = [1.3, 1.0, 0.97, 0.8, 0.7, 0.4, 0.2, -0.3, 1.1, 0.9, 0.5, 0.0]
    rows = []
    for share, r in zip(shares, paced.to_dict("records"), strict=True):
        b, by, ty = r["baseline_value"], int(r["baseline_year"]), int(r["target_year"])
        for year, status in ((by + 1, "final"), (by + 2, "preliminary")):
            value = b + (r["target_value"] - b) * share * (year - by) / (ty - by)
            rows.append({"indicator_id": r["id"], "year": year, "value": round(value, 2), "figure_status": status,
                         "source": None, "note": None})
    out = pd.DataFrame(rows)
    latest = out["year"].max()
    milestone = plan[plan["kind"] == "milestone"].iloc[0]
    out.loc[len(out)] = {"indicator_id": milestone["id"], "year": latest, "value": 1.0, "figure_status": "final",
                         "source": None, "note": None}
    out.loc[(out["indicator_id"] == "services-value-added") & (out["year"] == latest), ["note", "source"]] = \
        [SCRIPT, MARKUP]
    out.loc[(out["indicator_id"] == paced["id"].iloc[1]) & (out["year"] == latest), "note"] = FORMULA
    return out


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """The three reports of PLAN written by the CLI, and the `status --format json` rows on the same inputs."""
    folder = tmp_path_factory.mktemp("reports")
    csv_path = folder / "actuals.csv"
    shipped_actuals().to_csv(csv_path, index=False)
    inputs = ["--catalog", str(SHIPPED), "--actuals", str(csv_path), "--plan", PLAN]
    code, out, err = run("status", "--format", "json", *inputs)
    assert code == 0, err
    result = {"status": json.loads(out), "csv": csv_path, "inputs": inputs}
    for fmt in EXPORTERS:
        path = folder / f"report.{fmt}"
        result[fmt] = (*run("report", "--format", fmt, "--out", str(path), *inputs)[::2], path)
    return result


def pdf_text(path: Path) -> list[str]:
    """Text of each page in drawing order, without whitespace. pdftotext, not pypdf: pypdf 7.1 maps the
    2-byte codes of a CFF CID font with over 255 glyphs to the wrong characters (py-pdf/pypdf#2295)."""
    pdftotext = require_tool("pdftotext", "reads the PDF's text layer")
    text = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


@pytest.mark.parametrize("fmt,magic", [("pdf", b"%PDF-"), ("html", b"<!DOCTYPE html>"), ("xlsx", b"PK")])
def test_cli_writes_each_format(made, fmt, magic):
    code, err, path = made[fmt]
    assert code == 0, err
    assert path.read_bytes().startswith(magic)
    charts = sum(r["kind"] != "milestone" and r.get("latest_value") is not None for r in made["status"])
    label = "指标" if fmt == "xlsx" else "图表"  # the progress lines speak the report's language (zh here)
    total = len(made["status"]) if fmt == "xlsx" else charts
    assert f"{label} {total}/{total}" in err


def test_pdf_page1_counts_equal_status_command(made):
    pages = pdf_text(made["pdf"][2])
    counts = {s: sum(r["status"] == s for r in made["status"]) for s in STATUS_ORDER}
    assert len([s for s in counts if counts[s]]) >= 4, "the fixture should spread over several statuses"
    chips = pages[0].split(t("report.status_counts"))[1].split(t("report.behind"))[0]
    assert f"({t('report.total')}{len(made['status'])})" in chips
    assert "".join(f"{counts[s]}{t('status.' + s)}" for s in STATUS_ORDER) in chips
    assert "数据截至2020年" in pages[0] and "初步数12项，最终数1项" in pages[0]


def test_pdf_has_chinese_names_and_literal_user_text(made):
    joined = "".join(pdf_text(made["pdf"][2]))
    assert "服务业增加值" in joined and "重庆市现代服务业发展计划（2019—2022年）" in joined
    names = [r["name"] for r in made["status"]]
    assert all(name.replace(" ", "") in joined for name in names)
    assert MARKUP.replace(" ", "") in joined  # the source as typed (notes are no longer printed: internal remarks)


def test_pdf_footer_on_every_page(made):
    pages = pdf_text(made["pdf"][2])
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in page
        assert "渝府发〔2019〕32号" in page and "数据截至2020年" in page
        assert re.search(r"生成时间\d{4}-\d\d-\d\d\d\d:\d\d", page)


def test_pdf_fonts_all_embedded(made):
    reader = PdfReader(made["pdf"][2])
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if font["/Subtype"] == "/Type0" else font
            fonts[font["/BaseFont"]] = descendant["/FontDescriptor"].get_object()
    assert fonts, "no font found"
    for name, descriptor in fonts.items():
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{name} is not embedded"
    pdffonts = require_tool("pdffonts", "lists the fonts of a PDF")
    listing = subprocess.run([pdffonts, str(made["pdf"][2])], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+", row) for row in rows), listing


def test_pdf_charts_are_vectors_not_images(made):
    data = made["pdf"][2].read_bytes()
    assert b"/Subtype /Image" not in data and b"/XObject" not in data


def test_pdf_page1_renders_with_ink(made, tmp_path):
    pdftoppm = require_tool("pdftoppm", "renders PDF pages to images")
    subprocess.run([pdftoppm, "-r", "40", "-f", "1", "-l", "1", "-png", str(made["pdf"][2]), str(tmp_path / "p")],
                   check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(image.histogram()[:240]) / (image.width * image.height)
    assert dark > 0.01


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [value or "" for name, value in attrs if name in ("src", "href")]


def test_html_self_contained_escaped_and_printable(made):
    text = made["html"][2].read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(text)
    assert parser.urls and not [u for u in parser.urls if u.startswith(("http://", "https://", "//"))]
    assert "script" not in parser.tags and "link" not in parser.tags
    assert "&lt;b&gt;x&lt;/b&gt;" in text and "<b>x</b>" not in text
    legends = text.count('class="legend"')
    charts = sum(r["kind"] != "milestone" and r.get("latest_value") is not None for r in made["status"])
    assert legends >= 1 and parser.tags.count("svg") == charts + legends and "img" not in parser.tags
    assert re.search(r"@page\s*{\s*size:\s*A4", text) and "break-after: avoid" in text
    assert re.search(r"@media print {[^}]*\.screen-only { display: none", text)
    assert "url(data:font/woff;base64," in text
    assert "服务业增加值" in text and '"第" counter(page) "页 / 共" counter(pages) "页"' in text


def test_html_escapes_names_from_the_catalog():
    text = FIXTURE.read_text(encoding="utf-8").replace("name: 服务业增加值", f'name: "{SCRIPT}"', 1)
    ctx = make_context(catalog.parse(text), None, generated=dt.datetime(2024, 1, 2, 3, 4))
    html = build("html", ctx).decode("utf-8")
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_xlsx_equals_status_output(made):
    book = load_workbook(made["xlsx"][2])
    assert len(book.sheetnames) == 2 and all(len(n) <= 31 for n in book.sheetnames)
    rows = [row[:2] for row in book.worksheets[0].iter_rows(values_only=True)]
    start = rows.index((t("field.status"), t("report.count")))
    summary = dict(rows[start + 1:start + 1 + len(STATUS_ORDER) + 1])
    assert summary[t("report.total")] == len(made["status"])
    for status in STATUS_ORDER:
        assert summary[t(f"status.{status}")] == sum(r["status"] == status for r in made["status"])
    sheet = book.worksheets[1]
    assert sheet.freeze_panes == "D2"
    header = [c.value for c in sheet[1]]
    col = {key: header.index(t(key)) for key in ("field.id", "field.baseline_value", "field.target_value",
                                                 "field.latest_value", "field.status", "field.required_rate")}
    got = {row[col["field.id"]].value: row for row in sheet.iter_rows(min_row=2)}
    assert list(got) == [r["id"] for r in made["status"]]
    for r in made["status"]:
        row = got[r["id"]]
        for key in ("baseline_value", "target_value", "latest_value"):
            assert row[col[f"field.{key}"]].value == (None if r[key] is None else pytest.approx(r[key]))
        status = row[col["field.status"]]
        assert status.value == t(f"status.{r['status']}")
        assert status.fill.fgColor.rgb.endswith(STATUS_COLOURS[r["status"]][1:].upper())
        if r["trend"] == "compound" and r["required_rate"] is not None:
            assert row[col["field.required_rate"]].number_format == "0.00%"
        if r["unit"] == "%" and r["target_value"] is not None:
            assert row[col["field.target_value"]].number_format.endswith('"%"')
            if r["gap"] is not None:  # a difference of two shares is in percentage points
                assert row[header.index(t("field.gap"))].number_format.endswith('"个百分点"')
    cells = [c for ws in book.worksheets for line in ws.iter_rows() for c in line]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    formula = [c for c in cells if c.value == FORMULA]
    assert len(formula) == 1 and formula[0].data_type == "s"


def test_sheet_names_are_cleaned_cut_and_unique():
    names = sheet_names(["a[b]:c*d?e/f\\g", "x" * 40, "X" * 40, "汇总"], taken=("汇总",))
    assert names[0] == "a_b__c_d_e_f_g"
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in names)
    assert len({n.lower() for n in names} | {"汇总"}) == len(names) + 1


def test_english_workbook_has_valid_sheet_names():
    ctx = make_context(catalog.load(SHIPPED), None, lang="en")
    book = load_workbook(io.BytesIO(build("xlsx", ctx)))
    assert len(book.sheetnames) == 4 and all(len(n) <= 31 for n in book.sheetnames)
    assert book.sheetnames[1].startswith("Chongqing Modern Service")


def test_cli_unknown_plan_and_unwritable_output(made, tmp_path):
    inputs = [a for a in made["inputs"] if a not in ("--plan", PLAN)]
    code, _, err = run("report", "--format", "pdf", "--plan", "nope", "--out", str(tmp_path / "r.pdf"), *inputs)
    assert code == 1 and "未知规划“nope”" in err and PLAN in err  # zh by default
    code, _, err = run("report", "--format", "pdf", "--plan", "nope", "--out", str(tmp_path / "r.pdf"), *inputs,
                       "--lang", "en")
    assert code == 1 and 'unknown plan "nope"' in err and PLAN in err
    code, _, err = run("report", "--format", "xlsx", "--out", str(tmp_path / "missing" / "r.xlsx"), *inputs)
    assert code == 1 and "不存在，请先创建或换一个路径" in err  # in the report's language (zh by default)
    code, _, err = run("report", "--format", "html", "--out", str(tmp_path), *inputs)
    assert code == 1 and "这是一个文件夹" in err
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_per_chart():
    cat = catalog.load(SHIPPED)
    calls = []
    ctx = make_context(cat, shipped_actuals(), plan=PLAN)
    data = build("pdf", ctx, lambda done, total: calls.append((done, total)))
    charts = len(ctx.chart_ids())  # the indicators with a figure, milestones excepted
    assert charts == 12
    assert data.startswith(b"%PDF") and calls == [(k, charts) for k in range(1, charts + 1)]


def test_context_counts_vintage_and_unknown_plan():
    cat = catalog.load(FIXTURE)
    actuals = pd.DataFrame({"indicator_id": ["services-value-added"] * 3 + ["services-share"],
                            "year": [2019, 2020, 2020, 2020], "value": [11500.0, 1.0, 12100.0, 53.1],
                            "figure_status": ["final", "final", "preliminary", None]})
    ctx = make_context(cat, actuals)
    expected = metrics.compute(cat.frame(), normalise_actuals(actuals))["status"].value_counts()
    assert ctx.status_counts == {s: int(expected.get(s, 0)) for s in STATUS_ORDER}
    assert ctx.vintage == {"preliminary": 1, "final": 0, "revised": 0, "unstated": 1}
    assert ctx.results.set_index("id").at["services-value-added", "latest_value"] == 12100.0  # the last row wins
    with pytest.raises(ReportError, match='unknown plan "demo"'):
        make_context(cat, actuals, plan="demo", lang="en")
    with pytest.raises(ReportError, match="未知规划“demo”"):
        make_context(cat, actuals, plan="demo")


def test_furthest_behind_order():
    rows = pd.DataFrame({
        "id": ["slow", "ok", "away", "flat", "missed", "slower"],
        "status": ["moderate", "on_track", "deteriorating", "deteriorating", "missed", "limited"],
        "pace_ratio": [0.8, 1.0, -0.5, None, 0.3, 0.3],
        "direction": ["increase"] * 6, "baseline_value": [0.0] * 6, "target_value": [10.0] * 6,
        "gap": [-1.0, 0.0, -3.0, -1.0, -1.0, -2.0]})
    assert furthest_behind(rows, 4)["id"].tolist() == ["flat", "away", "slower", "missed"]


def test_table_cells_for_milestones_and_missing_baseline():
    milestone = {"name": "携号转网", "kind": "milestone", "target_year": 2019, "latest_year": 2019,
                 "status": "achieved"}
    assert table_cells(milestone, "zh")[3:5] == ["节点任务 (2019)", "已完成 (2019)"]
    assert table_cells({**milestone, "status": "missed", "latest_year": None}, "en")[4] == "Not done"
    pending = {"name": "5G基站", "unit": "万个", "kind": "level", "baseline_value": None, "target_value": 10.0,
               "target_year": 2022, "latest_value": 6.0, "latest_year": 2020, "status": "pending"}
    assert table_cells(pending, "zh")[2:8] == ["—", "10 (2022)", "6 (2020)", "—", "—", "—"]


def test_as_of_limits_the_figures_shown():
    cat = catalog.load(FIXTURE)
    actuals = pd.DataFrame({"indicator_id": ["services-value-added"] * 2, "year": [2019, 2020],
                            "value": [11500.0, 12100.0], "figure_status": ["final", "preliminary"]})
    ctx = make_context(cat, actuals, as_of=2019, plan="demo-plan")
    assert ctx.as_of == 2019 and ctx.actuals["year"].max() == 2019
    assert file_name(ctx, "pdf") == "report-demo-plan-2019-zh.pdf"
    assert ctx.results.set_index("id").at["services-value-added", "latest_value"] == 11500.0
    assert ctx.vintage["final"] == 1 and ctx.vintage["preliminary"] == 0


def test_english_pdf_labels(tmp_path):
    ctx = make_context(catalog.load(FIXTURE), None, lang="en", generated=dt.datetime(2024, 5, 6, 7, 8))
    path = tmp_path / "en.pdf"
    path.write_bytes(build("pdf", ctx))
    pages = pdf_text(path)
    assert "Indicatorsbystatus" in pages[0] and "Servicesvalueadded" in "".join(pages)
    assert all(f"page{k}/{len(pages)}" in page and "Generated2024-05-0607:08" in page
               for k, page in enumerate(pages, start=1))
