"""The forms of saving and coming back: where to send the link and which check to ask; and the check itself."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from forms.base import JourneyForm
from forms.common import email, radios, text
from forms.fields import CheckboxInput, GovukDateField
from forms.victim import require_when

CHECK_CHOICES = [
    ("date_of_birth", _l("My date of birth")),
    ("word", _l("A memorable word")),
]
WORD_MIN = 4


def _date_of_birth() -> GovukDateField:
    return GovukDateField(
        _l("Your date of birth"),
        what=_l("your date of birth"),
        description=_l("For example, 27 3 1985"),
        autocomplete="bday",
    )


class SaveForm(JourneyForm):
    email = email(
        _l("Email address"),
        required=_l("Enter an email address"),
        hint=_l("We will send the link to this address. Use an inbox only you can read."),
    )
    check_kind = radios(
        _l("How should we check it is you when you come back?"),
        CHECK_CHOICES,
        required=_l("Select how we should check it is you"),
    )
    date_of_birth = _date_of_birth()
    word = text(
        _l("Memorable word"),
        max_length=50,
        hint=_l("At least 4 letters or numbers. Capital letters and spaces do not matter."),
    )
    reminder = BooleanField(_l("Email me a reminder 3 days before my answers are deleted"), widget=CheckboxInput())

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        kind = self.check_kind.data
        if kind not in (choice for choice, _label in CHECK_CHOICES):  # WTForms' own "Not a valid choice"
            self.check_kind.errors = [_l("Select how we should check it is you")]
        # Only the check chosen is read: a half-typed answer under the other choice is no error.
        for name in ("date_of_birth", "word"):
            if kind != name:
                self[name].errors = []
                self[name].data = None
        require_when(self, kind == "date_of_birth", [("date_of_birth", _l("Enter your date of birth"))])
        require_when(self, kind == "word", [("word", _l("Enter a memorable word"))])
        if kind == "word" and self.word.data and len("".join(self.word.data.split())) < WORD_MIN:
            self.word.errors = [*self.word.errors, _l("Memorable word must be at least 4 letters or numbers")]
        return not any(field.errors for field in self)

    def answer(self) -> Any:
        return self.date_of_birth.data if self.check_kind.data == "date_of_birth" else self.word.data


class DateOfBirthCheckForm(JourneyForm):
    date_of_birth = _date_of_birth()

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        return require_when(self, True, [("date_of_birth", _l("Enter your date of birth"))]) and ok

    def answer(self) -> Any:
        return self.date_of_birth.data


class WordCheckForm(JourneyForm):
    word = text(_l("Your memorable word"), required=_l("Enter your memorable word"), max_length=50)

    def answer(self) -> Any:
        return self.word.data
