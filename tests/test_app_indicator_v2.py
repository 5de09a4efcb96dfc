"""The indicator page on methodology v2 (AppTest, the v2 fixture catalog and its figures): the targets table
with verdicts, the basis figure, a milestone's month, a revised baseline read both ways, growth gaps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalog
from dashboard.store import Actor, open_store

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "catalog-v2"


@pytest.fixture
def app_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", url)
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE / "indicators.yaml"))
    monkeypatch.delenv("DASHBOARD_VIEWERS_MUST_SIGN_IN", raising=False)
    cat = catalog.load(FIXTURE / "indicators.yaml")
    figures = pd.read_csv(FIXTURE / "actuals.csv")
    open_store(url).add(figures, Actor("admin", "admin"), cat, confirm_jumps=True)
    return cat


def indicator_page(indicator_id: str, lang: str = "zh") -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60)
    at.query_params["indicator_id"] = indicator_id
    at.run()
    if lang == "en":
        at.sidebar.button_group(key="app_lang").set_value("en").run()
    at.switch_page("app_pages/indicator.py").run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, column: str) -> pd.DataFrame:
    """The first table with `column` (AppTest gives no key for tables without selection)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_interim_targets_are_listed_with_their_verdicts(app_env):
    at = indicator_page("services-interim")
    targets = table(at, "which")
    assert targets["which"].tolist()[-1] == "最终目标" and len(targets) >= 2
    assert set(targets["verdict"]) <= {"未到期", "已完成", "逾期完成", "未完成", "到期待报", "暂无数据"}
    assert [h.value for h in at.subheader if h.value == "目标及完成情况"]


def test_a_milestone_shows_its_month(app_env):
    at = indicator_page("number-portability")
    assert any("2019年11月底前" in m.value for m in at.markdown)


def test_a_revised_baseline_is_read_both_ways(app_env):
    ids = [i for i, ind in app_env.indicators.items() if ind.notes and "vintage break on a level" in ind.notes]
    at = indicator_page(ids[0])
    info = [e.value for e in at.info]
    assert any(text.startswith("统计部门已将2018年基期值修订为") and "按修订后基期" in text for text in info), info


def test_growth_gaps_are_named_and_the_chart_has_its_data_one_click_away(app_env):
    at = indicator_page("gdp-real-growth")
    assert any("需补录增速的年份：2020" in w.value for w in at.warning)
    at = indicator_page("services-interim", "en")
    data = table(at, "Year")
    assert {"Year", "Planned path"} <= set(data.columns) and (data["Planned path"] != "").any()
    assert any(c.value.startswith("About this chart: ") for c in at.caption)


def test_a_growth_indicator_has_its_own_chart(app_env):
    at = indicator_page("services-va-real-growth")
    chart = at.get("plotly_chart")[0]
    import json

    names = [trace.get("name") for trace in json.loads(chart.proto.spec)["data"]]
    assert names == ["年度增速", "目标年均增速", "缺数年份", "累计指数", "目标要求的累计指数"]


def test_interim_targets_are_drawn_and_late_figures_marked(app_env):
    import json

    at = indicator_page("services-interim")
    names = [trace.get("name") for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
    assert "阶段目标" in names and names[-1] == "目标"
    late = [i for i, ind in app_env.indicators.items() if ind.notes and "achieved_late" in ind.notes
            and ind.kind == "level"]
    at = indicator_page(late[0])
    names = [trace.get("name") for trace in json.loads(at.get("plotly_chart")[0].proto.spec)["data"]]
    assert "目标期后数据" in names


def test_the_revision_table_marks_a_confirmed_jump():
    from dashboard.app_pages.tables import history_table

    common = {"revision": 1, "action": "enter", "figure_status": "final", "source": "公报", "note": None,
              "entered_by": "li", "entered_at": None}
    h = pd.DataFrame([{**common, "year": 2020, "value": 40000.0, "confirmed_jump": True},
                      {**common, "year": 2019, "value": 100.0, "confirmed_jump": False}])
    assert history_table(h, "家", "zh")["value"].tolist() == ["40,000家（已确认异常变动）", "100家"]
    assert history_table(h, "家", "en")["value"].tolist()[0] == "40,000 firms (confirmed jump)"
