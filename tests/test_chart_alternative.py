"""Every chart on the indicator page has its text alternative one click away (AppTest, the v2 fixture catalog
and figures): an expander with a sentence saying what the chart says and a table holding every point the
browser is sent to draw — each series, each year, rounded as the screen rounds — in zh and en."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest

from dashboard import formatting as fmt
from dashboard.i18n import t
from tests.test_app_indicator_v2 import app_env, indicator_page  # noqa: F401

CHARTED = ["services-interim", "services-va-real-growth", "accidents", "share-interim", "services-va-no-2022"]


def _values(data) -> list:
    """A plotly JSON array: a plain list, or {"dtype", "bdata"} (base64 of a typed array)."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=np.dtype(data["dtype"])).tolist()
    return list(data or [])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("indicator_id", CHARTED)
def test_the_chart_data_table_holds_every_point_drawn(app_env, indicator_id, lang):  # noqa: F811
    at = indicator_page(indicator_id, lang)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    box = next(e for e in at.expander if e.label == t("indicator.chart_data", lang))
    table = box.dataframe[0].value
    year = t("indicator.chart_year", lang)
    drawn = 0
    for trace in spec["data"]:
        xs, ys = _values(trace.get("x")), _values(trace.get("y"))
        if trace.get("meta") == "mark" or not xs:
            continue
        column = table.set_index(year)[trace["name"]]
        for x, y in zip(xs, ys, strict=True):
            assert column[int(x)] == fmt.number(y), (trace["name"], x)
            drawn += 1
    assert drawn >= 3  # a path, figures, a target at least
    caption = box.caption[0].value
    alt = t("indicator.chart_alt", lang)
    assert caption.startswith(alt) and len(caption) > len(alt) + 8
    said = caption.removeprefix(alt)  # the sentence beside the status badge: the chart's reading in words
    assert said in [x.value for x in at.text], said
