"""Time `draft` on the 200 KB seed (the largest shipped plan text; most of it is other documents, cut) and on
200 KB that is all plan text, with rendering and validation; prints medians."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.drafting.build import draft  # noqa: E402
from dashboard.drafting.clean import plan_text  # noqa: E402
from dashboard.drafting.writer import settle  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "drafting" / "000_38d853d575b6585a.txt"


def median_seconds(raw: bytes, runs: int = 7, validate: bool = True) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = draft(raw)
        if validate:
            settle(result)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    raw = SEED.read_bytes()
    body = plan_text(raw)
    head, rest = body[:body.index("一、编制背景")], body[body.index("一、编制背景"):]
    dense = (head + rest * (1 + 200_000 // len(rest.encode("utf-8")))).encode("utf-8")  # all of it plan text
    print(f"draft {len(raw) / 1000:.0f} KB seed, read only: median {median_seconds(raw, validate=False):.3f} s")
    print(f"draft {len(raw) / 1000:.0f} KB seed, read + render + validate: median {median_seconds(raw):.3f} s")
    print(f"draft {len(dense) / 1000:.0f} KB of plan text (the seed's plan repeated), read + render + validate: "
          f"median {median_seconds(dense, 5):.3f} s")
