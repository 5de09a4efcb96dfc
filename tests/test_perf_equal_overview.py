"""The overview's count caption: the rows collapsed into "另有 N 项指标暂无数据" are not also counted
as shown (they were counted twice: once in 显示 x / y, once in 另有 N)."""

from __future__ import annotations

from dashboard import catalog
from tests.test_app import (  # noqa: F401 - fixtures
    env,
    load_shipped,
    open_page,
    run_app,
    show_no_data,
    sign_in,
    texts,
)


def test_the_count_caption_does_not_count_the_collapsed_rows_twice(env):  # noqa: F811
    assert load_shipped(env["url"]) > 0
    at = open_page(sign_in(run_app(), "admin"), "app_pages/overview.py")
    total = len(catalog.load().indicators)
    shown = len(at.dataframe(key="overview_table").value)
    hidden = total - shown
    assert hidden > 0
    captions = texts(at.caption)
    assert f"显示 {shown} / {total} 项指标" in captions
    assert f"另有 {hidden} 项指标暂无数据" in captions
    assert f"显示 {total} / {total} 项指标" not in captions
    show_no_data(at)  # opened: every row is shown and counted once
    assert len(at.dataframe(key="overview_table").value) == total
    assert f"显示 {total} / {total} 项指标" in texts(at.caption)
