"""Phone links: the international form for UK numbers, short codes as they are."""

from __future__ import annotations

import pytest

from app.phones import phone_link, tel_uri


@pytest.mark.parametrize(
    ("number", "uri"),
    [
        ("08 08 16 89 111", "tel:+448081689111"),
        ("0113 496 0000", "tel:+441134960000"),
        ("101", "tel:101"),
        ("999", "tel:999"),
        ("+44 20 7946 0000", "tel:+442079460000"),
    ],
)
def test_tel_uri(number, uri):
    assert tel_uri(number) == uri


def test_phone_link_escapes_and_isolates():
    html = str(phone_link('01<b>"2'))
    assert "<b>" not in html and 'dir="ltr"' in html
