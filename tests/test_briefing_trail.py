"""The audit trail shows each time in the one configured zone (DASHBOARD_TZ), the zone named."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.test_audit_trail import APP, PASSWORD, env  # noqa: F401  (env is the fixture: store, users, catalog)


def _trail_times(monkeypatch, zone: str | None) -> list[str]:
    if zone:
        monkeypatch.setenv("DASHBOARD_TZ", zone)
    else:
        monkeypatch.delenv("DASHBOARD_TZ", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.sidebar.text_input(key="signin_username").input("admin")
    at.sidebar.text_input(key="signin_password").input(PASSWORD)
    at.sidebar.button[0].click().run()
    at.switch_page("app_pages/trail.py").run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "indicator" in d.value.columns)
    return list(table["at"])


def test_trail_times_carry_their_zone(env, monkeypatch):  # noqa: F811
    beijing = _trail_times(monkeypatch, None)
    assert beijing and all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d（北京时间 UTC\+8）", x) for x in beijing)
    london = _trail_times(monkeypatch, "Europe/London")
    assert all(x.endswith("（Europe/London UTC+0）") for x in london)
    assert [int(b[11:13]) for b in beijing] == [(int(x[11:13]) + 8) % 24 for x in london]
