"""Pure maths of progress (docs/methodology.md, version 2): rates, the planned path, verdicts, status.

Numbers in, numbers out: no Streamlit, no files, no database. `compute` works on all indicators at
once with numpy (`engine`); `paths` gives the planned path and the projection year by year;
`sentence` says the numbers behind a status in one sentence, for people.
"""

from dashboard.metrics.engine import RESULT_COLUMNS, STATUSES, THRESHOLDS, compute
from dashboard.metrics.figures import row_positions
from dashboard.metrics.paths import path_frame, projection_frame
from dashboard.metrics.rates import annual_rate, meets, path_value
from dashboard.metrics.sentence import status_sentence

__all__ = ["RESULT_COLUMNS", "STATUSES", "THRESHOLDS", "annual_rate", "compute", "default_as_of", "meets",
           "path_frame", "path_value", "projection_frame", "row_positions", "status_sentence"]


def default_as_of(actuals):
    """The latest year with any figure (a value) in the data set; None when there is none.

    >>> import pandas as pd
    >>> default_as_of(pd.DataFrame({"indicator_id": ["a", "b"], "year": [2019, 2021], "value": [1.0, None]}))
    2019
    """
    import numpy as np

    from dashboard.metrics.figures import floats

    year, value = floats(actuals, "year"), floats(actuals, "value")
    ok = ~np.isnan(year) & ~np.isnan(value)
    return int(year[ok].max()) if ok.any() else None
