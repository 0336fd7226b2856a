"""How a typed line's direction is decided for the PDF (browsers do this themselves with dir="auto")."""

from __future__ import annotations

import pytest

from app.i18n import text_direction


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("12 Station Road", "ltr"),  # digits are weak: the first letter decides
        ("پولیس نے CCTV نہیں دیکھی", "rtl"),
        ("CCTV: پولیس نے نہیں دیکھی", "ltr"),
        ("الشرطة", "rtl"),
        ("警察", "ltr"),
        ("LS1 4HY", "ltr"),
        ("13/123456/26", None),  # no letters: the paragraph's direction applies
        ("", None),
    ],
)
def test_the_first_strong_letter_decides(text, direction):
    assert text_direction(text) == direction
