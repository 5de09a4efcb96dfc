"""The shape of the app around its one entry point: pages, labels, where Streamlit may appear,
and what is allowed to render as HTML. Static checks that fail when someone breaks a rule that
AppTest would not notice."""

from __future__ import annotations

import ast
import importlib
import re
import string
from pathlib import Path

import pytest

from dashboard import appstate, i18n
from dashboard.i18n import LANGS, STATUS_ORDER, TABLE, t

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "dashboard"
APP_FILES = [PACKAGE / "app.py", PACKAGE / "appstate.py", PACKAGE / "charts.py",
             *sorted((PACKAGE / "app_pages").glob("*.py"))]
PAGE_MODULES = ["overview", "indicator", "plan_audit", "entry", "trail", "report"]


def literal_keys(path: Path) -> set[str]:
    """Every t("…") key written as a plain string literal in a file."""
    keys = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            keys.add(node.args[0].value)
    return keys


def test_every_label_the_app_uses_exists_in_both_languages():
    used = set().union(*(literal_keys(p) for p in APP_FILES))
    assert len(used) > 100
    missing = sorted(k for k in used if k not in i18n._table())
    assert missing == []
    # keys built from a vocabulary at run time
    for status in STATUS_ORDER:
        assert t(f"status.{status}", "en")
    for prefix, values in (("role", ("viewer", "manager", "admin")), ("figure_status", ("preliminary", "final",
                           "revised")), ("trail.action", ("_enter", "_retract", "_access_denied"))):
        for value in values:
            key = f"{prefix}.{value}" if not value.startswith("_") else f"{prefix}{value}"
            assert all(t(key, lang) for lang in LANGS)


def test_both_languages_of_a_label_have_the_same_placeholders():
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    differing = {key: pair for key, pair in TABLE.items() if fields(pair[0]) != fields(pair[1])}
    assert differing == {}


def test_app_labels_do_not_use_the_report_prefix():
    assert not [k for k in TABLE if k.startswith("report.")]


def test_page_files_exist_and_are_not_in_a_folder_named_pages():
    for relative in appstate.PAGE_FILES.values():
        path = PACKAGE / relative
        assert path.is_file(), path
        assert "pages" not in path.relative_to(PACKAGE).parts
    assert not (PACKAGE / "pages").exists()
    app = (PACKAGE / "app.py").read_text(encoding="utf-8")
    assert "st.navigation(" in app
    assert len(re.findall(r'page\("(\w+)"', app)) == len(appstate.PAGE_FILES)


def test_only_the_page_layer_imports_streamlit():
    page_layer = {PACKAGE / "app.py", PACKAGE / "appstate.py", *(PACKAGE / "app_pages").glob("*.py")}
    offenders = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
                 if p not in page_layer and re.search(r"^\s*(import|from) streamlit", p.read_text(encoding="utf-8"),
                                                      re.MULTILINE)]
    assert offenders == []
    caching = [str(p.relative_to(ROOT)) for p in PACKAGE.rglob("*.py")
               if "st.cache_" in p.read_text(encoding="utf-8") and p != PACKAGE / "appstate.py"]
    assert caching == []


def test_raw_html_appears_only_where_no_user_text_can_reach_it():
    hits = {}
    for path in APP_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "unsafe_allow_html" in line or re.search(r"\bst\.html\(", line):
                hits[f"{path.name}:{number}"] = line.strip()
    # the status cards (labels and counts) and the status badge (label and colour), and the uploader's style
    # sheet (texts of the translation table only, escaped by css_text)
    assert sorted(k.split(":")[0] for k in hits) == ["indicator.py", "overview.py", "uploader.py"]
    assert all("unsafe_allow_html=True" in line or line.startswith("st.html(_CSS.format(button=css_text(")
               for line in hits.values())


def test_the_uploader_texts_cannot_leave_their_css_string():
    from dashboard.app_pages.uploader import _CSS, css_text

    hostile = 'a"; } body { display: none } </style><script>alert(1)</script>\\'
    sheet = _CSS.format(button=css_text(hostile), limit=css_text("x"))
    assert sheet.count("</style>") == 1 and "<script" not in sheet
    inner = sheet.split('content: "', 1)[1]
    assert re.match(r'(?:[^"\\]|\\.)*"; font-size', inner)  # the string ends where ours ends


@pytest.mark.parametrize("module", ["dashboard.app", *(f"dashboard.app_pages.{m}" for m in PAGE_MODULES)])
def test_importing_a_page_runs_nothing(module, tmp_path, monkeypatch):
    db = tmp_path / "never.db"
    monkeypatch.setenv("DASHBOARD_DATABASE_URL", f"sqlite:///{db}")
    importlib.import_module(module)
    assert hasattr(importlib.import_module(module), "main" if module == "dashboard.app" else "render")
    assert not db.exists()
