"""Phone numbers on pages and in emails: tappable, on one line, and read left to right in every language.

In a right-to-left paragraph the Unicode bidi algorithm treats the spaces between digit groups as neutral, so
"08 08 16 89 111" shows as "111 89 16 08 08". An isolate fixes it: ``dir="ltr"`` on an inline element in
HTML, and the LEFT-TO-RIGHT ISOLATE / POP DIRECTIONAL ISOLATE pair in plain text.
"""

from __future__ import annotations

import re

import phonenumbers
from markupsafe import Markup

VICTIM_SUPPORT = "08 08 16 89 111"
EMERGENCY = "999"
LRI, PDI = "\u2066", "\u2069"


def tel_uri(number: str) -> str:
    """``tel:`` with the international form of a UK number; short codes such as 999 stay as they are."""
    digits = re.sub(r"[^0-9+]", "", number)
    if len(digits) <= 4:
        return f"tel:{digits}"
    try:
        parsed = phonenumbers.parse(number, "GB")
    except phonenumbers.NumberParseException:
        return f"tel:{digits}"
    return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_link(number: str) -> Markup:
    """A link that dials ``number``, kept whole and left to right (see the module's docstring)."""
    return Markup('<a class="govuk-link app-phone" href="{}" dir="ltr">{}</a>').format(tel_uri(number), number)


def phone_text(number: str) -> str:
    """``number`` for a plain-text email: isolated in right-to-left languages, so it reads left to right."""
    from app.languages import current_language

    return f"{LRI}{number}{PDI}" if current_language().direction == "rtl" else number
