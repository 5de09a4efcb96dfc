"""The real app in a real browser: `streamlit run` as a subprocess, Debian's Chromium driven by
Playwright (no browser download). Screenshots go to test-output/ (git-ignored)."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.access.auth import UserStore
from dashboard.store import open_store
from tests.served import CHROMIUM_ARGS, start_app, stop
from tests.tools import require_tool

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
FIXTURE_CATALOG = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
PASSWORD = "a long enough passphrase"

pytestmark = pytest.mark.browser


def grid_cell_text(page, text: str, timeout: float = 30_000):
    """Wait until the data grid's accessible table holds a cell with exactly `text` (the grid draws on a canvas)."""
    page.locator("td[role=gridcell]", has_text=text).first.wait_for(state="attached", timeout=timeout)


@contextmanager
def served_app(tmp_path, catalog_path: Path = FIXTURE_CATALOG):
    """The app on a fresh database and users file (the manager li of 市统计局), and a Chromium page on it:
    yields (page, database URL, base URL); the server log must end without a traceback."""
    chromium = require_tool("chromium", "the browser test drives headless Chromium")
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    users_file = tmp_path / "users.json"
    UserStore(users_file).add("li", PASSWORD, "manager", ["市统计局"], display_name="李统计")
    env = {"DASHBOARD_DATABASE_URL": url, "DASHBOARD_USERS_FILE": str(users_file),
           "DASHBOARD_CATALOG": str(catalog_path), "DASHBOARD_VIEWERS_MUST_SIGN_IN": "false"}
    process, base = start_app(ROOT / "dashboard" / "app.py", env, tmp_path / "streamlit.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium or shutil.which("chromium"), args=CHROMIUM_ARGS)
            yield browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True), url, base
            browser.close()
    finally:
        stop(process)
    log = (tmp_path / "streamlit.log").read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]


def type_in_value_cell(page, text: str, moves: int = 3) -> None:
    """Type `text` into the entry grid's first row, `moves` cells right of the name (the value column). The grid
    draws on a canvas and takes keys only once it has the selection, so each step waits for the one before; if
    the editor opens on a read-only cell (a key got lost), it steps right once more."""
    canvas = page.locator("[data-testid=stDataFrame] canvas").first
    box = canvas.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 35 + 17)  # first row, first column (the name)
    page.wait_for_timeout(300)
    for _ in range(moves):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
    editor = page.locator("textarea.gdg-input")
    for _ in range(3):
        page.keyboard.press("Enter")
        editor.wait_for(timeout=10_000)
        if editor.is_enabled():
            break
        page.keyboard.press("Escape")
        page.wait_for_timeout(100)
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(100)
    editor.fill(text)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)


def sign_in(page, username: str) -> None:
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def sign_in_as_li(page) -> None:
    sign_in(page, "li")
    page.get_by_text("已登录：李统计（部门管理员）").wait_for(timeout=30_000)


def test_a_manager_enters_a_figure_in_the_browser(tmp_path):
    with served_app(tmp_path) as (page, url, base):
        page.goto(base + "/")
        grid_cell_text(page, "服务业增加值")
        grid_cell_text(page, "暂无数据")
        page.get_by_text("指标总览").first.wait_for()
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUTPUT / "browser-overview-before.png"))

        sign_in_as_li(page)
        page.get_by_role("link", name="数据录入").click()  # in-app navigation keeps the session
        page.get_by_text("录入年份").first.wait_for(timeout=30_000)
        grid_cell_text(page, "服务业增加值占生产总值的比重")
        type_in_value_cell(page, "11500")  # name -> unit -> previous year -> value
        page.get_by_role("button", name="保存").click()
        page.get_by_text("已保存 1 个数据。").wait_for(timeout=30_000)
        page.screenshot(path=str(OUTPUT / "browser-entry-saved.png"))

        stored = open_store(url).current()
        assert stored[["indicator_id", "year", "value", "entered_by"]].values.tolist() == [
            ["services-value-added", 2019, 11500.0, "li"]]

        page.get_by_role("link", name="总览").click()
        page.get_by_text("指标总览").first.wait_for(timeout=30_000)
        grid_cell_text(page, "符合进度")
        grid_cell_text(page, "11,500（2019）")
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUTPUT / "browser-overview-after.png"))

        table = page.locator("[data-testid=stDataFrame] canvas").first.bounding_box()
        page.mouse.click(table["x"] + 18, table["y"] + 35 + 17)  # the first row's selection box
        page.get_by_text("选择指标").wait_for(timeout=30_000)  # its indicator page
        page.get_by_role("heading", name="服务业增加值").wait_for(timeout=30_000)
        assert "indicator_id=services-value-added" in page.url
        page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(OUTPUT / "browser-indicator.png"))


DIRECT_LINKS = {"/": "指标总览", "/overview": "指标总览", "/indicator": "选择指标", "/plan-audit": "规划内部一致性核对",
                "/report": "生成报告", "/entry": "数据录入", "/audit-trail": "修改记录"}


def test_direct_links_open_their_page_every_column_fits_and_nothing_leaves_the_machine(tmp_path):
    chromium = require_tool("chromium", "the browser test drives headless Chromium")
    from playwright.sync_api import sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    env = {"DASHBOARD_DATABASE_URL": f"sqlite:///{tmp_path / 'links.db'}",
           "DASHBOARD_USERS_FILE": str(tmp_path / "users.json"), "DASHBOARD_VIEWERS_MUST_SIGN_IN": "false"}
    process, base = start_app(ROOT / "dashboard" / "app.py", env, tmp_path / "streamlit.log")
    outside: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium or shutil.which("chromium"), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                       else outside.append(r.url))
            page = context.new_page()
            for path, text in DIRECT_LINKS.items():
                page.goto(base + path)
                page.get_by_text(text).first.wait_for(timeout=30_000)
                page.locator("[data-testid=stApp][data-test-script-state=notRunning]").wait_for(timeout=30_000)
                assert page.get_by_text("Page not found").count() == 0, path
            page.goto(base + "/")
            grid_cell_text(page, "暂无数据")
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUTPUT / "browser-overview-1280.png"))
            scroller = page.locator("[data-testid=stDataFrame] .dvn-scroller").first
            widths = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
            assert widths[0] <= widths[1] + 1, f"the grid scrolls sideways at 1280 px: {widths}"
            favicon = page.evaluate("document.querySelector('link[rel~=icon]').href")
            assert favicon.startswith(base), favicon
            browser.close()
    finally:
        stop(process)
    assert outside == [], outside


def test_a_manager_fills_the_template_downloaded_from_the_entry_page(tmp_path):
    """Download the fill-in template on the entry page, fill it as a clerk would, upload it, see the preview,
    import, and see the overview change."""
    from tests.test_spreadsheet_template import fill

    with served_app(tmp_path) as (page, url, base):
        page.goto(base + "/")
        sign_in_as_li(page)
        page.get_by_role("link", name="数据录入").click()
        page.get_by_text("录入年份").first.wait_for(timeout=30_000)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="下载填报模板（Excel）").click()
        template = Path(download.value.path()).read_bytes()
        dropzone = page.locator("[data-testid=stFileUploaderDropzone]").first
        shown = dropzone.evaluate("""z => [z.querySelector('button p'), z.querySelector(
            '[data-testid=stFileUploaderDropzoneInstructions] span')].map(e => getComputedStyle(e, '::after').content
            + '|' + getComputedStyle(e).fontSize)""")
        assert shown == ['"选择文件"|0px', '"每个文件不超过 5 MB · CSV、XLSX"|0px']  # Streamlit's English text hidden
        filled = tmp_path / "填报.xlsx"
        filled.write_bytes(fill(template, {("services-value-added", 2019): 11500,
                                           ("services-value-added", 2020): 12100}))
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(filled))
        page.get_by_text("导入预览：新增 2").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUTPUT / "browser-template-preview.png"), full_page=True)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("已保存 2 个数据。").wait_for(timeout=30_000)
        stored = open_store(url).current().sort_values("year")
        assert stored[["indicator_id", "year", "value"]].values.tolist() == [
            ["services-value-added", 2019, 11500.0], ["services-value-added", 2020, 12100.0]]
        page.get_by_role("link", name="总览").click()
        page.get_by_text("指标总览").first.wait_for(timeout=30_000)
        grid_cell_text(page, "12,100（2020）")
        page.wait_for_timeout(500)
        page.screenshot(path=str(OUTPUT / "browser-template-overview.png"))


def test_a_manager_submits_and_a_reviewer_accepts_in_the_browser(tmp_path):
    """Submit → accept: li uploads two figures (submitted, the overview marks them 待审核), the planning office's
    reviewer ticks both on 数据审核 and accepts them, and the overview shows them unmarked."""
    from tests.test_spreadsheet_template import fill

    shots = OUTPUT / "review"
    shots.mkdir(parents=True, exist_ok=True)
    UserStore(tmp_path / "users.json").add("planner", PASSWORD, "reviewer", display_name="规划处王审核")
    with served_app(tmp_path) as (page, url, base):
        page.goto(base + "/")
        sign_in_as_li(page)
        page.get_by_role("link", name="数据录入").click()
        page.get_by_text("录入年份").first.wait_for(timeout=30_000)
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="下载填报模板（Excel）").click()
        filled = tmp_path / "填报.xlsx"
        filled.write_bytes(fill(Path(download.value.path()).read_bytes(), {("services-value-added", 2019): 11500,
                                                                          ("services-value-added", 2020): 12100}))
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(filled))
        page.get_by_text("导入预览：新增 2").first.wait_for(timeout=30_000)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("已保存 2 个数据。").wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "1-entry-submitted.png"), full_page=True)
        assert open_store(url).current()["review_state"].tolist() == ["submitted", "submitted"]
        page.get_by_role("link", name="总览").click()
        grid_cell_text(page, "12,100（2020） · 待审核")
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "2-overview-waiting.png"))

        reviewer = page.context.browser.new_page(viewport={"width": 1400, "height": 1000})
        reviewer.goto(base + "/")
        sign_in(reviewer, "planner")
        reviewer.get_by_role("link", name="数据审核").click(timeout=30_000)
        reviewer.get_by_text("选择要审核的数据（可多选）").wait_for(timeout=30_000)
        grid_cell_text(reviewer, "服务业增加值")
        for _ in range(2):  # tick both figures
            reviewer.locator("[data-testid=stMultiSelect]").filter(has_text="选择要审核的数据").click()
            reviewer.get_by_role("option").first.click()
            reviewer.keyboard.press("Escape")
        reviewer.wait_for_timeout(500)
        reviewer.screenshot(path=str(shots / "3-review-chosen.png"), full_page=True)
        reviewer.get_by_role("button", name="审核通过").click()
        reviewer.get_by_text("已审核通过 2 条数据").wait_for(timeout=30_000)
        reviewer.wait_for_timeout(500)
        reviewer.screenshot(path=str(shots / "4-review-accepted.png"), full_page=True)
        assert open_store(url).current()["review_state"].tolist() == ["accepted", "accepted"]

        reviewer.get_by_role("link", name="总览").click()
        grid_cell_text(reviewer, "12,100（2020）")
        assert reviewer.locator("td[role=gridcell]", has_text="待审核").count() == 0
        reviewer.wait_for_timeout(500)
        reviewer.screenshot(path=str(shots / "5-overview-accepted.png"))


def test_a_planner_goes_from_a_policy_text_to_a_figure_on_the_overview(tmp_path):
    """Paste a plan's text on 新建规划 → read the candidates (every one ticked) → save plans/<id>.yaml → upload a
    figure for one of the new indicators on the entry page → the overview shows its row (screenshots)."""
    shots = OUTPUT / "new-plan"
    shots.mkdir(parents=True, exist_ok=True)
    folder = tmp_path / "catalog"
    (folder / "plans").mkdir(parents=True)
    text = FIXTURE_CATALOG.read_text(encoding="utf-8")
    text = text.replace("version: 1\n", "version: 1\ninclude: [plans/*.yaml]\n", 1)
    (folder / "indicators.yaml").write_text(text, encoding="utf-8")
    UserStore(tmp_path / "users.json").add("boss", PASSWORD, "admin", display_name="规划处管理员")
    seed = (ROOT / "tests" / "fixtures" / "drafting" / "003_8745ddecfa6d881b.txt").read_text(encoding="utf-8")
    with served_app(tmp_path, folder / "indicators.yaml") as (page, url, base):
        page.goto(base + "/")
        sign_in(page, "boss")
        page.get_by_role("link", name="新建规划").click(timeout=30_000)
        page.get_by_label("粘贴规划文本").fill(seed)
        page.get_by_label("规划编号（可留空自动生成）").fill("pilot-walk")
        page.get_by_role("button", name="读取").click()
        page.get_by_text("草稿通过校验：2 项。").wait_for(timeout=30_000)
        grid_cell_text(page, "改革试点任务")
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "1-candidates.png"), full_page=True)
        page.get_by_role("button", name="保存为 plans/pilot-walk.yaml").click()
        page.get_by_text("目录已刷新").first.wait_for(timeout=30_000)
        page.screenshot(path=str(shots / "2-saved.png"), full_page=True)
        saved = folder / "plans" / "pilot-walk.yaml"
        assert "id: pilot-walk-t01" in saved.read_text(encoding="utf-8")

        figures = tmp_path / "试点数据.csv"
        figures.write_text("indicator_id,year,value,source\npilot-walk-t01,2022,40,2022年试点工作总结\n",
                           encoding="utf-8")
        page.get_by_role("link", name="数据录入").click()
        page.get_by_text("录入年份").first.wait_for(timeout=30_000)
        page.locator("[data-testid=stFileUploader] input[type=file]").first.set_input_files(str(figures))
        page.get_by_text("导入预览：新增 1").first.wait_for(timeout=30_000)
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "3-upload-preview.png"), full_page=True)
        page.get_by_role("button", name="确认导入").click()
        page.get_by_text("已保存 1 个数据。").wait_for(timeout=30_000)
        assert open_store(url).current()[["indicator_id", "year", "value"]].values.tolist() == [
            ["pilot-walk-t01", 2022, 40.0]]

        page.get_by_role("link", name="总览").click()
        page.get_by_text("指标总览").first.wait_for(timeout=30_000)
        grid_cell_text(page, "改革试点任务")
        grid_cell_text(page, "40（2022）")
        page.wait_for_timeout(500)
        page.screenshot(path=str(shots / "4-overview.png"))
