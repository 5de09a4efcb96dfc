"""A briefing built with and without --include-submitted differs exactly by the submitted figures (issue #14):
the PDF's text is read back, the report page's switch does the same."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dashboard import catalog, cli
from dashboard.figures import Figure
from dashboard.reports.context import make_context
from dashboard.review import briefing_figures, reviewer_actor
from dashboard.store import Actor, open_store
from tests.tools import require_tool

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
IND = "services-value-added"


@pytest.fixture
def store_url(tmp_path):
    """Accepted: 2019 = 11,111.1 (an admin's). Submitted by the manager: 2020 = 12,345.6 (new) and a
    correction of 2019 to 11,222.2; the accepted 11,111.1 stays in force for briefings until it is accepted."""
    cat = catalog.load(FIXTURE)
    url = f"sqlite:///{tmp_path / 'b.db'}"
    store = open_store(url)
    store.add([Figure(IND, 2019, "11111.1", source="2019年统计公报")], Actor("admin", "admin"), cat)
    manager = Actor("li", "manager", ["市统计局"])
    store.add([Figure(IND, 2020, "12345.6", source="2020年统计公报"), Figure(IND, 2019, "11222.2")], manager, cat,
              confirm_jumps=True)
    store.close()
    return url


def pdf_text(tmp_path, url: str, *extra: str) -> str:
    out = tmp_path / f"r{len(extra)}.pdf"
    assert cli.main(["report", "--format", "pdf", "--out", str(out), "--catalog", str(FIXTURE),
                     "--database", url, *extra]) == 0
    pdftotext = require_tool("pdftotext", "reads the PDF's text layer")
    return subprocess.run([pdftotext, "-raw", str(out), "-"], capture_output=True, text=True, check=True).stdout


def test_the_two_briefings_differ_exactly_by_the_submitted_figures(tmp_path, store_url):
    accepted, submitted = pdf_text(tmp_path, store_url), pdf_text(tmp_path, store_url, "--include-submitted")
    assert "数据口径：仅采用已审核通过的数据（另有 2 项待审核或已退回的数据未采用）" in accepted
    assert "数据口径：包含待审核数据（其中 2 项尚未审核通过）" in submitted
    # the table prints each indicator's latest figure: the accepted 2019 one, or the submitted 2020 one
    assert "11,111.1" in accepted and "12,345.6" not in accepted and "数据截至2019年" in accepted
    assert "12,345.6" in submitted and "11,111.1" not in submitted and "数据截至2020年" in submitted

    store = open_store(store_url)
    only, basis, n = briefing_figures(store, include_submitted=False)
    every, basis2, n2 = briefing_figures(store, include_submitted=True)
    keys = lambda f: set(zip(f["indicator_id"], f["year"], f["value"], strict=True))  # noqa: E731
    assert (basis, n, basis2, n2) == ("accepted", 2, "submitted", 2)
    assert keys(every) - keys(only) == {(IND, 2020, 12345.6), (IND, 2019, 11222.2)}
    assert keys(only) - keys(every) == {(IND, 2019, 11111.1)}

    # once a reviewer accepts both, the two briefings rest on the same figures
    cat = catalog.load(FIXTURE)
    for year in (2019, 2020):
        store.accept(IND, year, reviewer_actor("planner"), cat)
    only, _, n = briefing_figures(store)
    every, _, _ = briefing_figures(store, include_submitted=True)
    assert n == 0 and keys(only) == keys(every)
    ctx = make_context(cat, only, basis="accepted", unreviewed=0)
    assert ctx.basis_text() == "数据口径：仅采用已审核通过的数据（另有 0 项待审核或已退回的数据未采用）"
    store.close()


def test_a_csv_of_actuals_says_nothing_about_reviews():
    ctx = make_context(catalog.load(FIXTURE), None)
    assert ctx.basis_text() is None
