"""Whatever it is given (any slice of a plan, junk bytes, odd JSON), `draft` writes a file that validates,
and never raises."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard.drafting import service

FIXTURES = Path(__file__).parent / "fixtures" / "drafting"
TEXT = (FIXTURES / "004_6ff53bfee281a0bb.txt").read_bytes() + (FIXTURES / "000_38d853d575b6585a.txt").read_bytes()
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MISSING = FIXTURES / "no-catalog-here.yaml"


@FUZZ
@given(st.integers(0, len(TEXT) - 1), st.integers(0, 30_000))
def test_any_slice_of_a_plan_drafts_into_a_valid_file(start, length):
    result = service.make(TEXT[start:start + length], catalog_path=MISSING)
    assert result.problems == []


@FUZZ
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
@example(b"")
@example(b"[1, 2, 3]")
@example(b'{"data": {"content": null}}')
@example("到2022年，达到。第一章 到2099年，建成1个。".encode())
@example(b"<html><body><table><tr><td>1</td></tr></table></body></html>")
def test_junk_drafts_into_a_valid_file(raw):
    assert service.make(raw, catalog_path=MISSING).problems == []
