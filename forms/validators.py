"""Shared validators and input filters. Messages are specific, in GOV.UK style."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, ClassVar

import phonenumbers
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form, ValidationError
from wtforms.validators import StopValidation

from forms.email_address import UnsendableAddress, sendable_address

UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")
# Every space separator (Unicode category Zs) and the tab: folded to one space inside one-line answers.
_SPACES = re.compile(r"[\t \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# What str.splitlines() breaks lines at, and so what a mail client or a PDF may start a new line at.
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
# Invisible format characters people need: the joiners Persian, Urdu and Indic scripts use inside words,
# and the implicit direction marks right-to-left typists use to place punctuation and numbers. These marks
# only act like one strong letter; they cannot turn a run of text round, unlike the embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069), which are refused.
KEPT_FORMAT = frozenset("\u200c\u200d\u200e\u200f\u061c")
# Letters and marks that show nothing (Hangul fillers, the braille blank, Khmer inherent vowels, the
# combining grapheme joiner): they do not make an answer "something".
_BLANK_LOOKING = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _invisible(ch: str) -> bool:
    return ch.isspace() or ch in _BLANK_LOOKING or unicodedata.category(ch) in _INVISIBLE_CATEGORIES


def _selector(ch: str) -> bool:
    """Variation selectors change how the character before them looks (emoji); alone they are nothing."""
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef" or "\u180b" <= ch <= "\u180f"


def is_blank(text: str) -> bool:
    """Nothing visible: only white space, invisible format characters and the like."""
    return all(_invisible(ch) or _selector(ch) for ch in text)


def _trim(text: str) -> str:
    """Strip white space and invisible characters from both ends; an answer with nothing visible is empty."""

    def trimmable(ch: str) -> bool:
        # Not a direction mark (it still places the text next to it); not a control character such as NUL
        # or ESC, which is refused instead: no one types those.
        return _invisible(ch) and ch not in KEPT_FORMAT and (ch.isspace() or unicodedata.category(ch) != "Cc")

    start, end = 0, len(text)
    while start < end and trimmable(text[start]):
        start += 1
    while end > start and trimmable(text[end - 1]):
        end -= 1
    trimmed = text[start:end]
    return "" if is_blank(trimmed) else trimmed


def strip_text(value: Any) -> Any:
    """Filter: trim surrounding white space; fold runs of spaces inside single-line answers."""
    if isinstance(value, str):
        return _trim(_SPACES.sub(" ", value))
    return value


_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029]")


def strip_multiline(value: Any) -> Any:
    """Filter for long answers: every kind of line ending becomes "\\n"; trim the ends."""
    if isinstance(value, str):
        return _trim(_NEWLINES.sub("\n", value))
    return value


class Required:
    """Required means something visible is left once white space and invisible characters are ignored.

    WTForms' ``InputRequired`` only checks that something was sent, so "   " or a zero-width space passed.
    """

    field_flags: ClassVar[dict[str, bool]] = {"required": True}

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, str) and not is_blank(field.data):
            return
        field.errors[:] = []
        raise StopValidation(self.message)


def character_problem(text: str, allow_newlines: bool = False) -> str | None:
    """Why ``text`` cannot be stored: "line_break", "hidden" (format characters, Unicode category Cf, and
    separators) or "other" (control characters, private-use, unassigned, and U+FFFD)."""
    for ch in text:
        if allow_newlines and ch in "\n\t":
            continue
        if ch in KEPT_FORMAT:
            continue
        if ch in LINE_BREAKS and not allow_newlines:
            return "line_break"
        category = unicodedata.category(ch)
        # U+FFFD is what bytes that were not valid UTF-8 become.
        if ch == "\ufffd" or category in ("Cc", "Cs", "Co", "Cn"):
            return "other"
        if category in ("Cf", "Zl", "Zp"):
            return "hidden"
    return None


def has_control_characters(text: str, allow_newlines: bool = False) -> bool:
    return character_problem(text, allow_newlines) is not None


class NoControlCharacters:
    """Refuse line breaks in one-line answers, and hidden format or control characters in any answer.

    Direction overrides can make a name display as another word in the staff PDF; line breaks and
    separators can forge lines in the plain-text email.
    """

    def __init__(self, allow_newlines: bool = False, name: Any = None) -> None:
        self.allow_newlines = allow_newlines
        self.name = name  # how the error message names the field; its label when not given

    def __call__(self, form: Form, field: Field) -> None:
        if not isinstance(field.data, str):
            return
        problem = character_problem(field.data, self.allow_newlines)
        label = self.name or field.label.text
        if problem == "line_break":
            raise ValidationError(_l("%(label)s must not contain line breaks", label=label))
        if problem == "hidden":
            raise ValidationError(
                _l(
                    "%(label)s must not contain hidden formatting characters. "
                    "Type it in rather than copying and pasting it",
                    label=label,
                )
            )
        if problem:
            raise ValidationError(
                _l("%(label)s must only include letters, numbers, spaces and punctuation", label=label)
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
    """An address we can put in an email header as it is: stored with its domain in ASCII (punycode)."""

    def __call__(self, form: Form, field: Field) -> None:
        if not field.data:
            return
        try:
            field.data = sendable_address(field.data)
        except UnsendableAddress as exc:
            if exc.reason == "non_ascii_local_part":
                raise ValidationError(
                    _l(
                        "The part of the email address before the @ must only include the letters a to z, "
                        "numbers and symbols. Enter a different email address, or leave this empty and "
                        "give another way to contact you"
                    )
                ) from exc
            raise ValidationError(_l("Enter an email address in the correct format, like name@example.com")) from exc


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


def is_latin(text: str) -> bool:
    """Every letter is a Latin one (A to Z, with or without accents): what staff can type into their systems."""
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN ") for ch in text)


class LatinLetters:
    """For a name written again "as on official documents": letters A to Z (accents allowed) only."""

    def __init__(self, name: Any) -> None:
        self.name = name

    def __call__(self, form: Form, field: Field) -> None:
        if isinstance(field.data, str) and not is_latin(field.data):
            raise ValidationError(_l("%(label)s must only include the letters A to Z", label=self.name))
