"""Field factories shared by the step forms, so each rule is written once."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_decimal
from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from forms.fields import CharacterCount, NamedStringField, NamedTextAreaField, RadioInput, TextInput
from forms.validators import (
    Email,
    LatinLetters,
    NoControlCharacters,
    PhoneNumber,
    Required,
    UKPostcode,
    is_latin,
    strip_multiline,
    strip_text,
)


class LocalisedNumber(int):
    """A number that is written in the reader's language when a lazy message is shown (15,000 or 15 000)."""

    def __str__(self) -> str:
        from app.languages import format_locale

        return format_decimal(int(self), locale=format_locale())


def too_long(name: Any, max_length: int) -> Length:
    """GOV.UK's "<name> must be N characters or fewer", N written in the reader's language."""
    return Length(
        max=max_length,
        message=_l("%(label)s must be %(max)s characters or fewer", label=name, max=LocalisedNumber(max_length)),
    )


def text(
    label: Any,
    *,
    required: Any = None,
    max_length: int = 100,
    hint: Any = "",
    name: Any = None,
    extra: list[Any] | None = None,
) -> StringField:
    """A one-line answer. ``required`` is the message shown when it is empty (None: optional).

    ``name`` is how error messages and check your answers name the field when its label will not do: a
    question, or "(optional)".
    """
    validators: list[Any] = [Required(required)] if required else [Optional()]
    validators += [
        too_long(name or label, max_length),
        NoControlCharacters(name=name),
        *(extra or []),
    ]
    return NamedStringField(
        label, validators, filters=[strip_text], widget=TextInput(), description=hint, answer_name=name
    )


def long_text(label: Any, *, required: Any = None, max_length: int, hint: Any = "", name: Any = None) -> TextAreaField:
    validators: list[Any] = [Required(required)] if required else [Optional()]
    validators += [
        too_long(name or label, max_length),
        NoControlCharacters(allow_newlines=True, name=name),
    ]
    return NamedTextAreaField(
        label,
        validators,
        filters=[strip_multiline],
        widget=CharacterCount(max_length),
        description=hint,
        answer_name=name,
    )


def email(label: Any, *, required: Any = None, hint: Any = "", name: Any = None) -> StringField:
    return text(label, required=required, max_length=254, hint=hint, name=name, extra=[Email()])


def phone(label: Any, *, required: Any = None, hint: Any = "", name: Any = None) -> StringField:
    return text(label, required=required, max_length=30, hint=hint, name=name, extra=[PhoneNumber()])


def latin_names() -> tuple[StringField, StringField]:
    """A name again in the letters A to Z, for someone whose name is written in another script: staff search
    their systems in Latin letters. Optional; shown on the page in a details section."""
    first, last = _l("First name in the letters A to Z"), _l("Last name in the letters A to Z")
    return (
        text(
            _l("First name in the letters A to Z (optional)"),
            max_length=100,
            name=first,
            hint=_l("As on official documents, such as a passport"),
            extra=[LatinLetters(first)],
        ),
        text(_l("Last name in the letters A to Z (optional)"), max_length=100, name=last, extra=[LatinLetters(last)]),
    )


def latin_name_open(form: Any, script_language: bool) -> bool:
    """Open the "letters A to Z" section when it is likely needed: a form in a language written in another
    script, a name typed in another script, or an answer (or error) already in it."""
    typed = " ".join(str(form[name].data or "") for name in ("first_names", "last_name"))
    given = any(form[name].data or form[name].errors for name in ("first_names_latin", "last_name_latin"))
    return script_language or given or not is_latin(typed)


def postcode(label: Any, *, required: Any = None) -> StringField:
    return text(label, required=required, max_length=16, extra=[UKPostcode()])


def radios(
    label: Any,
    choices: list[tuple[str, Any]],
    required: Any = None,
    *,
    hint: Any = "",
    divider_before: str | None = None,
) -> RadioField:
    """GOV.UK radios; ``required``: the message when none is chosen (else optional); ``divider_before``: the
    choice an "or" divider goes above."""
    validators: list[Any] = [InputRequired(message=required)] if required else [Optional()]
    return RadioField(
        label,
        choices=as_choices(choices),
        validators=validators,
        widget=RadioInput(divider_before=divider_before),
        description=hint,
    )


def as_choices(pairs: list[tuple[str, Any]]) -> list[SelectChoice]:
    """WTForms 3.3 wants ``SelectChoice`` objects rather than (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
