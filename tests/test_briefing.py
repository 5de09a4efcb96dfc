"""The briefing on the shipped data (indicators.yaml + data/actuals.csv): read back from the PDF it
has half the pages it had (45), no converter glyph notes, the generated time with its zone, the
screen's rounding, and the indicators without figures listed by name instead of a row and a chart.
Page 1 and the first group page are rendered to test-output/briefing/ to be looked at."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from dashboard import catalog
from dashboard import formatting as fmt
from dashboard.reports import build, make_context
from dashboard.reports.context import indicator_name, split_no_data
from dashboard.reports.notes import clean, source_parts
from tests.tools import require_tool

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output" / "briefing"
OLD_PAGES = 45  # `python -m dashboard report --format pdf` on the shipped data before this change
GLYPH = re.compile(r"\([a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\)")
GENERATED = dt.datetime(2026, 12, 3, 8, 5, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    ctx = make_context(catalog.load(ROOT / "indicators.yaml"), pd.read_csv(ROOT / "data" / "actuals.csv"),
                       generated=GENERATED)
    path = tmp_path_factory.mktemp("briefing") / "briefing.pdf"
    path.write_bytes(build("pdf", ctx))
    pdftotext = require_tool("pdftotext", "reads the PDF's text layer")
    text = subprocess.run([pdftotext, "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return ctx, path, [re.sub(r"\s+", "", page) for page in text.split("\f")[:-1]]


def test_page_count_at_most_sixty_percent_of_the_old(shipped):
    ctx, path, pages = shipped
    assert len(PdfReader(path).pages) == len(pages) <= 0.6 * OLD_PAGES


def test_no_converter_glyphs_and_the_zone_named(shipped):
    ctx, path, pages = shipped
    joined = "".join(pages)
    assert "(jù)" in pd.read_csv(ROOT / "data" / "actuals.csv")["note"].str.cat()  # the shipped data has them
    assert not GLYPH.search(joined) and "據" not in joined and "repostciting" not in joined
    assert "2026-12-0316:05（北京时间UTC+8）" in pages[0]
    assert "zzndh.com/a/202401/621912.html" in joined and "数据说明" in joined  # the URL of each figure


def test_rounding_is_the_screens(shipped):
    ctx, path, pages = shipped
    joined = "".join(pages)
    row = ctx.results.set_index("id").loc["services-value-added"]
    assert fmt.signed(row["gap"]).replace(",", "") in joined.replace(",", "")
    assert fmt.number(row["expected_value"]) in joined


def test_indicators_without_figures_are_listed_by_name_without_a_chart(shipped):
    ctx, path, pages = shipped
    joined = "".join(pages)
    empty = [r for g in ctx.groups for r in split_no_data(g.rows)[1].to_dict("records")]
    assert len(empty) > 100 and not {r["id"] for r in empty} & set(ctx.chart_ids())
    assert joined.count("尚无数据的指标") == sum(len(split_no_data(g.rows)[1]) > 0 for g in ctx.groups) > 1
    assert all(indicator_name(r, "zh").replace(" ", "") in joined for r in empty[:40])
    pair = next(e for g in ctx.groups if len(e := split_no_data(g.rows)[1]) >= 2).head(2).to_dict("records")
    assert "、".join(indicator_name(r, "zh") for r in pair).replace(" ", "") in joined  # a list, not rows


def test_page_one_has_each_plans_as_of_and_the_awaiting_count(shipped):
    ctx, path, pages = shipped
    assert ctx.awaiting() > 0 and f"尚待数据的判断：{ctx.awaiting()}项" in pages[0]
    assert all(p.title.replace(" ", "") in pages[0] for p in ctx.plans) and "尚无实际数据" in pages[0]


def test_pages_rendered_for_a_look(shipped):
    ctx, path, pages = shipped
    pdftoppm = require_tool("pdftoppm", "renders PDF pages to images")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for p in (1, 2):
        subprocess.run([pdftoppm, "-r", "80", "-f", str(p), "-l", str(p), "-png", "-singlefile", str(path),
                        str(OUTPUT / f"page-{p}")], check=True)
        assert (OUTPUT / f"page-{p}.png").stat().st_size > 10_000


def test_clean_the_shipped_converter_note():
    note = pd.read_csv(ROOT / "data" / "actuals.csv")["note"].dropna()
    garbled = next(n for n in note if "(jù)" in n)
    text = clean(garbled)
    assert text.startswith("根据地区生产总值统一核算结果") and not GLYPH.search(text) and "[" not in text
    assert "億" not in text and "重庆全年全市实现地区生产总值30145.79亿元" in text
    assert source_parts("x (a; b) https://e.org/1 ") == ("x", "https://e.org/1")


def test_time_zone_setting(monkeypatch):
    monkeypatch.setenv("DASHBOARD_TZ", "Europe/London")
    assert fmt.local_time(GENERATED, "en") == "2026-12-03 08:05 (Europe/London, UTC+0)"
    monkeypatch.setenv("DASHBOARD_TZ", "Not/AZone")
    assert fmt.local_time(GENERATED) == "2026-12-03 16:05（北京时间 UTC+8）"
