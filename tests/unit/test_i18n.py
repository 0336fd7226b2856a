"""How a typed line's direction is decided for the PDF (browsers do this themselves with dir="auto")."""

from __future__ import annotations

import pytest

from app.languages import text_direction


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


def test_templates_follow_a_forced_language_and_return_from_it(app):
    """Templates' catalog is looked up once per request and language, never kept past a language change."""
    from flask import render_template_string
    from flask_babel import force_locale

    page = "{{ _('Continue') }} {{ ngettext('%(num)s day', '%(num)s days', 2) }}"
    with app.test_request_context("/?lang=cy"):
        welsh = render_template_string(page)
        with force_locale("en"):
            english = render_template_string(page)
        with force_locale("ur"):
            urdu = render_template_string(page)
        again = render_template_string(page)
    assert english == "Continue 2 days"
    assert welsh == again
    assert welsh.startswith("Parhau ")
    assert urdu != english and urdu != welsh
