"""The owners page in a browser: an admin sees the catalog and effective owners and the history (screenshots)."""

from __future__ import annotations

import pytest

from dashboard import assignments
from dashboard.access.auth import UserStore
from dashboard.store import open_store
from dashboard.store.writes import Actor
from tests.test_browser import OUTPUT, PASSWORD, grid_cell_text, served_app, sign_in

pytestmark = pytest.mark.browser


def test_an_admin_sees_an_assignment_on_the_owners_page(tmp_path):
    with served_app(tmp_path) as (page, url, base):
        UserStore(tmp_path / "users.json").add("boss", PASSWORD, "admin", display_name="管理员")
        assignments.assign(open_store(url), Actor("boss", "admin"), "services-value-added", "add", "市通信管理局", [],
                           "统计局协办")
        page.goto(base + "/")
        sign_in(page, "boss")
        page.get_by_role("link", name="责任部门").click()
        page.get_by_text("指派记录").first.wait_for(timeout=30_000)
        grid_cell_text(page, "市统计局、市通信管理局")
        grid_cell_text(page, "统计局协办")
        page.wait_for_timeout(500)
        (OUTPUT / "new-plan").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(OUTPUT / "new-plan" / "owners-page.png"), full_page=True)
