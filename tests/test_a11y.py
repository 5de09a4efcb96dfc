"""WCAG AA contrast (4.5:1) of each status colour with the text it is shown with: white on the colour
in the PDF/HTML briefing, tables.text_colour() on the colour in the app's badges, and the colour as
text on the overview cards' #f7f7f7.

(The axe-core browser check of item 7 is not built yet: see the report.)"""

from __future__ import annotations

import pytest

from dashboard.app_pages.tables import text_colour
from dashboard.i18n import STATUS_COLOURS

AA = 4.5


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0 and contrast("#777777", "#ffffff") < AA


@pytest.mark.parametrize("status", sorted(STATUS_COLOURS))
def test_status_colour_meets_aa_with_its_text(status):
    colour = STATUS_COLOURS[status]
    assert contrast(colour, "#ffffff") >= AA, f"white on {colour} (report chips)"
    assert contrast(colour, text_colour(colour)) >= AA, f"{text_colour(colour)} on {colour} (app badge)"
    assert contrast(colour, "#f7f7f7") >= AA, f"{colour} on #f7f7f7 (overview card count)"
