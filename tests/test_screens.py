"""Screenshots for a person to look at, in zh and en, under test-output/screens/: the overview and the entry
page (shipped catalog), an indicator with an interim target, a growth indicator and a milestone (the v2
fixture catalog and its figures), the entry page with a bad cell and the upload preview of a file mixing good,
bad and another department's rows (the fixture catalog, signed in as the manager li of 市统计局). Each shot is
taken once its page says what the screen is for, and that text is asserted."""

from __future__ import annotations

import pytest

from dashboard import catalog, spreadsheet
from dashboard.store import Actor, open_store
from tests.test_browser import OUTPUT, PASSWORD, ROOT, grid_cell_text, served_app, sign_in_as_li, type_in_value_cell

pytestmark = pytest.mark.browser
SCREENS = OUTPUT / "screens"


def _settle(page) -> None:
    page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=30_000)
    page.wait_for_timeout(800)


def _english(page) -> None:
    page.locator("[data-testid=stSidebar]").get_by_text("English", exact=True).first.click()
    _settle(page)


def test_screens_in_both_languages(tmp_path):
    SCREENS.mkdir(parents=True, exist_ok=True)
    with served_app(tmp_path, ROOT / "indicators.yaml") as (page, url, base):
        open_store(url).add(spreadsheet.read_figures(ROOT / "data" / "actuals.csv"), Actor("admin", "admin"),
                            catalog.load(ROOT / "indicators.yaml"), confirm_jumps=True)  # the shipped figures
        page.goto(base + "/")
        page.get_by_text("指标总览").first.wait_for(timeout=30_000)
        _settle(page)
        page.screenshot(path=str(SCREENS / "overview-zh.png"))
        _english(page)
        page.get_by_text("Overview").first.wait_for(timeout=30_000)
        page.screenshot(path=str(SCREENS / "overview-en.png"))
        page.goto(base + "/entry")
        _settle(page)
        sign_in_as_li(page)
        _settle(page)
        page.screenshot(path=str(SCREENS / "entry-zh.png"), full_page=True)
        _english(page)
        page.screenshot(path=str(SCREENS / "entry-en.png"), full_page=True)
    for name in ("overview-zh", "overview-en", "entry-zh", "entry-en"):
        assert (SCREENS / f"{name}.png").stat().st_size > 20_000


V2 = ROOT / "tests" / "fixtures" / "catalog-v2"
KINDS = {"interim": ("services-interim", "规模以上服务业营业收入"),
         "growth": ("services-va-real-growth", "服务业增加值"),
         "milestone": ("number-portability", "携号转网")}


def test_screens_of_the_indicator_kinds(tmp_path):
    SCREENS.mkdir(parents=True, exist_ok=True)
    with served_app(tmp_path, V2 / "indicators.yaml") as (page, url, base):
        open_store(url).add(spreadsheet.read_figures(V2 / "actuals.csv"), Actor("admin", "admin"),
                            catalog.load(V2 / "indicators.yaml"), confirm_jumps=True)
        for shot, (ind_id, name) in KINDS.items():
            page.goto(f"{base}/indicator?indicator_id={ind_id}")
            page.get_by_role("heading").filter(has_text=name).first.wait_for(timeout=30_000)
            chart = page.locator(".js-plotly-plot").first
            if shot != "milestone":  # a milestone has its verdict and dates, no chart
                chart.wait_for(timeout=30_000)
            _settle(page)
            page.screenshot(path=str(SCREENS / f"{shot}-zh.png"), full_page=True)
            _english(page)
            if shot != "milestone":
                chart.wait_for(timeout=30_000)
            _settle(page)
            page.screenshot(path=str(SCREENS / f"{shot}-en.png"), full_page=True)
    for shot in KINDS:
        for lang in ("zh", "en"):
            assert (SCREENS / f"{shot}-{lang}.png").stat().st_size > 20_000


def test_screens_of_a_bad_cell_and_a_mixed_upload(tmp_path):
    SCREENS.mkdir(parents=True, exist_ok=True)
    mixed = tmp_path / "混合.csv"
    mixed.write_text("indicator_id,year,value,source\nservices-value-added,2019,11500,统计公报\n"
                     "services-share,2019,\"12,3\",统计公报\napproval-days,2019,10,规划自然资源局\n", encoding="utf-8")
    with served_app(tmp_path) as (page, url, base):
        for lang in ("zh", "en"):
            page.goto(base + "/")
            page.get_by_text("指标总览").first.wait_for(timeout=30_000)
            if lang == "zh":
                sign_in_as_li(page)
            else:  # the language first, so that the entry grid is drawn once, in English
                _english(page)
                page.get_by_label("User name").fill("li")
                page.get_by_role("textbox", name="Password").fill(PASSWORD)
                page.get_by_role("button", name="Sign in").click()
                page.get_by_text("Signed in: 李统计").wait_for(timeout=30_000)
            entry = "数据录入" if lang == "zh" else "Data entry"
            page.get_by_role("link", name=entry).click()
            page.get_by_role("heading", name=entry).first.wait_for(timeout=30_000)
            grid_cell_text(page, "服务业增加值" if lang == "zh" else "Services value added")
            _settle(page)
            type_in_value_cell(page, "12,3")
            page.get_by_role("button", name="保存" if lang == "zh" else "Save").click()
            page.get_by_text("有歧义" if lang == "zh" else "ambiguous").first.wait_for(timeout=30_000)
            _settle(page)
            page.screenshot(path=str(SCREENS / f"entry-bad-cell-{lang}.png"), full_page=True)
            page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(mixed))
            told = "文件有 2 处错误" if lang == "zh" else "The file has 2 problem(s)"
            page.get_by_text(told).first.wait_for(timeout=30_000)
            _settle(page)
            page.screenshot(path=str(SCREENS / f"upload-mixed-{lang}.png"), full_page=True)
            text = page.inner_text("body")
            assert "市规划自然资源局" in text and "12,3" in text  # the refused rows, each with its reason
            assert "李统计" in text and "li（" not in text  # the manager named as people know them
            page.get_by_role("button", name="退出登录" if lang == "zh" else "Sign out").click()
        assert open_store(url).count() == 0  # nothing was saved by either screen
    for shot in ("entry-bad-cell", "upload-mixed"):
        for lang in ("zh", "en"):
            assert (SCREENS / f"{shot}-{lang}.png").stat().st_size > 20_000
