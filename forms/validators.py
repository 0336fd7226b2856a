"""Shared validators and input filters. Messages are specific, in GOV.UK style."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError

UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def strip_text(value: Any) -> Any:
    """Filter: trim surrounding white space; fold runs of spaces inside single-line answers."""
    if isinstance(value, str):
        return _SPACES.sub(" ", value).strip()
    return value


def strip_multiline(value: Any) -> Any:
    """Filter for long answers: keep line breaks, normalise Windows line endings, trim the ends."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def has_control_characters(text: str, allow_newlines: bool = False) -> bool:
    for ch in text:
        if ch in "\n\t" and allow_newlines:
            continue
        # U+FFFD is what bytes that were not valid UTF-8 become.
        if ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\u200c\u200d"):
            return True
    return False


class NoControlCharacters:
    """Reject invisible control characters (and CR/LF in one-line answers, so none reach an email header)."""

    def __init__(self, allow_newlines: bool = False, name: Any = None) -> None:
        self.allow_newlines = allow_newlines
        self.name = name  # how the error message names the field; its label when not given

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, str) and has_control_characters(field.data, self.allow_newlines):
            raise ValidationError(
                _l(
                    "%(label)s must only include letters, numbers, spaces and punctuation",
                    label=self.name or field.label.text,
                )
            )


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value.upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


class UKPostcode:
    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        if not UK_POSTCODE.match(normalise_postcode(field.data)):
            raise ValidationError(_l("Enter a real postcode, like LS1 4HY"))
        field.data = normalise_postcode(field.data)


class Email:
    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            result = validate_email(field.data, check_deliverability=False)
        except EmailNotValidError as exc:
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com")) from exc
        field.data = result.normalized


class PhoneNumber:
    """UK numbers as people type them (07700 900 982), or international ones with a + and country code."""

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            number = phonenumbers.parse(field.data, "GB")
        except phonenumbers.NumberParseException as exc:
            raise ValidationError(
                _l("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192")
            ) from exc
        # "Possible" (the right length for the country), not "valid": Ofcom drama numbers must pass.
        if not phonenumbers.is_possible_number(number):
            raise ValidationError(_l("Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"))
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if number.country_code == 44
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        field.data = phonenumbers.format_number(number, fmt)
