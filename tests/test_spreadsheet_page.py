"""The entry page's file pieces under AppTest: uploads in office encodings and with Chinese headers,
sheet choice and hidden sheets, hostile files refused on the page, the filled template imported
(several years at once), exports in the page's language."""

from __future__ import annotations

import io

import openpyxl
import pytest

from dashboard import spreadsheet
from dashboard.app_pages import entry_files
from dashboard.files import template
from dashboard.store import open_store
from tests import hostile, test_app
from tests.test_app import open_page, run_app, sign_in, texts

env, fixture_catalog = test_app.env, test_app.fixture_catalog  # the app tests' fixtures: own database and users


def entry_page():
    return open_page(sign_in(run_app(), "admin"), "app_pages/entry.py")


def test_a_gbk_csv_with_chinese_headers_and_names_is_previewed_then_applied(fixture_catalog, env):
    at = entry_page()
    csv = "指标名称,年份,数值（亿元）,数据状态\n服务业增加值,2019,11500,最终数\n5G基站,2020,4.9,初步数\n".encode("gbk")
    at.file_uploader[0].upload("数据.csv", csv, "text/csv").run()
    assert not at.exception, at.exception
    assert "文件编码：GB18030" in texts(at.caption)
    assert "导入预览：新增 2，修订 0，不变 0" in texts(at.markdown)
    at.button(key="entry_apply").click().run()
    assert texts(at.success) == ["已保存 2 个数据。"]
    stored = open_store(env["url"]).current()
    assert sorted(zip(stored["indicator_id"], stored["figure_status"], strict=True)) == [
        ("base-stations", "preliminary"), ("services-value-added", "final")]


def test_an_unknown_name_is_a_row_problem_listing_the_closest_names(fixture_catalog, env):
    at = entry_page()
    at.file_uploader[0].upload("a.csv", "指标名称,年份,数值\n服务业增加值比重,2019,53\n".encode(), "text/csv").run()
    errors = " ".join(texts(at.error))
    assert "文件有 1 处错误" in errors and "不是目录中的指标名称" in errors and "服务业增加值占生产总值的比重" in errors
    assert open_store(env["url"]).count() == 0


def test_the_sheet_select_and_the_hidden_sheets_note(fixture_catalog, env):
    book = openpyxl.Workbook()
    book.active.title = "旧表"
    book.active.append(["indicator_id", "year", "value"])
    book.active.append(["services-share", 2019, 50])
    book.active.sheet_state = "hidden"
    for title, value in (("填报", 53), ("备用", 54)):
        ws = book.create_sheet(title)
        ws.append(["indicator_id", "year", "value"])
        ws.append(["services-share", 2019, value])
    buffer = io.BytesIO()
    book.save(buffer)
    at = entry_page()
    at.file_uploader[0].upload("多表.xlsx", buffer.getvalue(), "application/octet-stream").run()
    assert at.selectbox(key=entry_files.SHEET).value == "填报"
    assert "已读取工作表“填报”；已跳过隐藏的工作表：旧表（如需导入，请选择该工作表）" in texts(at.caption)
    at.selectbox(key=entry_files.SHEET).select("备用").run()
    assert "已读取工作表“备用”；已跳过隐藏的工作表：旧表（如需导入，请选择该工作表）" in texts(at.caption)
    at.button(key="entry_apply").click().run()
    assert open_store(env["url"]).current()["value"].tolist() == [54.0]


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("bomb.xlsx", None, "bomb.xlsx 中的 xl/sharedStrings.xml 压缩比为"),
    ("garbage.xlsx", b"PK\x03\x04" + b"\x00" * 400, "garbage.xlsx 不是可读取的 .xlsx 工作簿"),
    ("huge.csv", b'indicator_id,year,value\n"' + b"x" * 140_000 + b'",2019,1\n', "huge.csv 第 2 行：有单元格超过"),
])
def test_a_hostile_upload_is_refused_on_the_page_and_nothing_is_stored(fixture_catalog, env, name, data, expected):
    if data is None:  # 2 MB of one letter: 2 KB zipped, far beyond the compression ratio allowed
        parts = hostile.workbook([("S", "visible", hostile.HEADER_ROW)], shared="")
        shared = parts.pop("xl/sharedStrings.xml")
        path = hostile.write_zip(env["tmp"] / name, parts, {"xl/sharedStrings.xml": (
            shared[:-6] + "<si><t>", "A" * 1000, 2000, "</t></si></sst>")})
        data = path.read_bytes()
    at = entry_page()
    at.file_uploader[0].upload(name, data, "application/octet-stream").run()
    assert not at.exception, at.exception
    assert any(e.replace("\\", "").startswith(expected) for e in texts(at.error)), texts(at.error)  # md-escaped
    assert "entry_apply" not in [b.key for b in at.button]
    assert open_store(env["url"]).count() == 0


def test_a_filled_template_imports_several_years_at_once(fixture_catalog, env):
    data = template.build(fixture_catalog, "市统计局")
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book.worksheets[0]
    header = [c.value for c in ws[1]]
    ws.cell(2, header.index("2019年") + 1, 11000)
    ws.cell(2, header.index("2020年") + 1, 12100)
    ws.cell(3, header.index("2020年") + 1, 53.2)
    buffer = io.BytesIO()
    book.save(buffer)
    at = entry_page()
    at.file_uploader[0].upload("模板.xlsx", buffer.getvalue(), "application/octet-stream").run()
    assert "导入预览：新增 3，修订 0，不变 0" in texts(at.markdown)
    at.button(key="entry_apply").click().run()
    assert texts(at.success) == ["已保存 3 个数据。"]
    assert sorted(open_store(env["url"]).current()["year"].tolist()) == [2019, 2020, 2020]


def test_the_template_button_and_exports_in_the_pages_language(fixture_catalog, env):
    at = entry_page()
    buttons = {b.key: b.proto.label for b in at.get("download_button")}
    assert buttons["entry_files_template"] == "下载填报模板（Excel）"
    at.file_uploader[0].upload("a.csv", b"indicator_id,year,value,figure_status\nservices-share,2019,53,final\n",
                               "text/csv").run()
    at.button(key="entry_apply").click().run()
    current = open_store(env["url"]).current()
    for lang in ("zh", "en"):
        data = entry_files.export_bytes(current, "xlsx", lang)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet["A1"].value == ("指标编号" if lang == "zh" else "indicator_id")
        assert sheet["D2"].value == ("最终数" if lang == "zh" else "final")
        back = spreadsheet.read_figures(data, "figures.xlsx")
        assert back[["indicator_id", "year", "value", "figure_status"]].values.tolist() == [
            ["services-share", 2019, 53, "final"]]

