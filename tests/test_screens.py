"""Screenshots for a person to look at, in zh and en, under test-output/screens/ (one served app).

Only the overview and the entry page so far; the indicator kinds and the upload preview are still to come."""

from __future__ import annotations

import pytest

from tests.test_browser import OUTPUT, ROOT, served_app, sign_in_as_li

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
    with served_app(tmp_path, ROOT / "indicators.yaml") as (page, _url, base):
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
