"""Step 3: the objection: the case, and why the decision should be reviewed."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from forms.base import JourneyForm
from forms.common import long_text, text
from forms.fields import CheckboxInput, GovukDateField, RequiredDate

OBJECTION_MAX = 15000
_OFFENCE_DATE_MESSAGES = (
    _l("Enter the date the crime happened, or say you do not know it, but not both"),
    _l("Enter the date the crime happened, or select that you do not know it"),
)


class ObjectionForm(JourneyForm):
    crime_reference = text(
        _l("Crime reference number"),
        max_length=60,
        hint=_l("This is on letters, texts or emails from the police. For example, 13/123456/26."),
    )
    reference_unknown = BooleanField(_l("I do not know the crime reference number"), widget=CheckboxInput())
    offence = text(
        _l("What was the crime?"),
        required=_l("Enter what the crime was"),
        max_length=200,
        name=_l("What the crime was"),
        hint=_l("For example, assault, burglary or harassment"),
    )
    offence_date = GovukDateField(
        _l("When did the crime happen?"),
        what=_l("the date the crime happened"),
        description=_l("For example, 27 3 2026. If it went on over a time, enter the last day."),
    )
    offence_date_unknown = BooleanField(_l("I do not know when it happened"), widget=CheckboxInput())
    date_reported = GovukDateField(
        _l("When was the crime reported to the police?"),
        [RequiredDate()],
        what=_l("the date the crime was reported"),
        description=_l("For example, 27 3 2026. If you do not know the exact day, enter your best guess."),
    )
    officer = text(
        _l("Name of the officer in the case (optional)"),
        max_length=200,
        name=_l("The officer's name"),
        hint=_l("Include their rank or collar number if you know it"),
    )
    objection = long_text(
        _l("Why do you think the decision is wrong?"),
        required=_l("Enter why you think the decision is wrong"),
        max_length=OBJECTION_MAX,
        name=_l("Why you think the decision is wrong"),
        hint=_l(
            "Tell us what happened and why the decision should be looked at again. Include times, dates, "
            "places and the people involved, and anything you think the police missed."
        ),
    )
    outcome_wanted = long_text(
        _l("What would you like the review to achieve?"),
        required=_l("Enter what you would like the review to achieve"),
        max_length=3000,
        name=_l("What you would like the review to achieve"),
        hint=_l("For example, that the suspect is charged, or that the evidence is looked at again."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        ok = self._one_of("offence_date", "offence_date_unknown", _OFFENCE_DATE_MESSAGES) and ok
        if self.crime_reference.data and self.reference_unknown.data:
            self.crime_reference.errors = [
                *self.crime_reference.errors,
                str(_l("Enter the crime reference number, or say you do not know it, but not both")),
            ]
            ok = False
        elif not self.crime_reference.data and not self.reference_unknown.data and not self.crime_reference.errors:
            self.crime_reference.errors = [
                str(_l("Enter the crime reference number, or select that you do not know it"))
            ]
            ok = False
        return ok

    def _one_of(self, answer: str, unknown: str, messages: tuple[Any, Any]) -> bool:
        """An answer, or "I do not know", but one of the two (the date's own errors come first)."""
        field = self[answer]
        if field.errors:
            return False
        if field.data and self[unknown].data:
            field.errors = [str(messages[0])]
            return False
        if not field.data and not self[unknown].data:
            field.errors = [str(messages[1])]
            return False
        return True
