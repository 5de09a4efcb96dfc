"""Every message of the write paths in the user's language: in zh mode, nothing reachable from the entry
page, the upload or `import` is an English sentence or names an indicator by its id slug."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import catalog, cli
from dashboard.access.auth import UserStore
from dashboard.store import Actor, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
PASSWORD = "a long enough passphrase"
ASCII_SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,]+[A-Za-z]+){2,}")
# a file with every kind of problem (spreadsheet rows 2..11): li writes 市统计局's indicators only
ROWS = [["services-value-added", "2019", "11500", "", ""],
        ["approval-days", "2019", "10", "", ""],
        ["services-share", "2019", "12,3", "", ""],
        ["services-share", "2020", "53", "draft", ""],
        ["services-share", "2031", "53", "", ""],
        ["gdp-x999", "2020", "1", "", ""],
        ["services-value-added", "2020", "1" + "0" * 28, "", "备注\x01"],
        ["services-share", "2021", "54", "", ""],
        ["services-share", "2021", "54.5", "", ""],
        ["services-value-added", "2021", "99000", "", ""]]


def file_text() -> str:
    lines = ["indicator_id,year,value,figure_status,note"]
    lines += [",".join(f'"{c}"' if "," in c else c for c in row) for row in ROWS]
    return "\n".join(lines) + "\n"


def slugs() -> set[str]:
    return set(catalog.load(FIXTURE).indicators)


def offending(text: str) -> list[str]:
    """English sentences or id slugs in a zh message (the id the user must type, shown as 编号 …, and
    commands in backticks are allowed)."""
    text = re.sub(r"`[^`]*`", "", text.replace("\\", ""))
    text = re.sub(r"编号 [\w-]+", "", text)
    found = ASCII_SENTENCE.findall(text)
    return found + [s for s in slugs() if s in text]


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.setenv("DASHBOARD_USERS_FILE", str(tmp_path / "users.json"))
    monkeypatch.setenv("DASHBOARD_CATALOG", str(FIXTURE))
    monkeypatch.delenv("DASHBOARD_LANG", raising=False)
    users = UserStore()
    users.add("li", PASSWORD, "manager", ["市统计局"], display_name="李统计")
    users.add("viewer", PASSWORD, "viewer")
    return tmp_path


def signed_in(name: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=30)
    at.run()
    at.sidebar.text_input(key="signin_username").input(name)
    at.sidebar.text_input(key="signin_password").input(PASSWORD)
    at.sidebar.button[0].click().run()
    at.switch_page("app_pages/entry.py").run()
    assert not at.exception, at.exception
    return at


def messages(at: AppTest) -> list[str]:
    return [str(e.value) for kind in (at.error, at.warning, at.info, at.success) for e in kind]


def test_the_entry_page_speaks_chinese_for_every_problem(env):
    store = open_store(f"sqlite:///{env / 'app.db'}")
    store.add([{"indicator_id": "services-share", "year": 2019, "value": "53"}], Actor("admin", "admin"),
              catalog.load(FIXTURE))
    at = signed_in("li")
    at.session_state["entry_editor"] = {"edited_rows": {0: {"value": "12,3"}, 1: {"value": "", "note": "x"}},
                                        "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="entry_save").click().run()
    seen = messages(at)
    at.session_state["entry_editor"] = {"edited_rows": {0: {"value": "99000", "note": "备注\x0b"}},
                                        "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="entry_save").click().run()
    seen += messages(at)
    at.button(key="entry_retract").click().run()  # no reason
    seen += messages(at)
    at.file_uploader[0].upload("figures.csv", file_text().encode(), "text/csv").run()
    seen += messages(at)
    at.checkbox(key="entry_valid_only").check().run()
    seen += messages(at) + [str(m.value) for m in at.markdown]
    assert not at.exception, at.exception
    joined = "\n".join(seen)
    for expected in ("有歧义", "清空数值不会删除已有数据", "控制字符", "撤回需要说明原因", "无权写入", "“审批时间”",
                     "数据状态应为", "年份应在 2018 至 2025 年之间", "目录中没有编号为“gdp-x999”的指标", "数据重复",
                     "应不超过 1,000,000,000,000,000", "变化异常"):
        assert expected in joined.replace("\\", ""), expected
    assert [(line, offending(line)) for line in seen if offending(line)] == []


def test_the_upload_refusal_of_a_viewer_speaks_chinese(env):
    at = signed_in("viewer")
    assert [m for m in messages(at) if offending(m)] == []


def test_import_and_dry_run_speak_chinese_by_default(env, capsys):
    file = env / "figures.csv"
    file.write_text(file_text(), encoding="utf-8")
    base = ["import", str(file), "--catalog", str(FIXTURE), "--database", f"sqlite:///{env / 'cli.db'}", "--by", "li"]
    outputs = []
    for extra in ([], ["--dry-run"], ["--skip-invalid"]):
        cli.main([*base, *extra])
        out, err = capsys.readouterr()
        outputs += (out + err).splitlines()
    joined = "\n".join(outputs)
    assert "figures.csv：10 行中有 9 行有问题" in joined and "第 3 行“编号”：无权写入" in joined
    assert "已以 li 的身份保存 1 个数据" in joined
    assert [(line, offending(line)) for line in outputs if offending(line)] == []
    cli.main([*base, "--lang", "en"])
    assert "figures.csv: 9 of 10 rows have problems" in capsys.readouterr().out
