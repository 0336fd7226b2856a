"""The forms behind the progress links: the staff outcome, and the reference the person types."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from forms.common import as_choices
from forms.fields import CharacterCount, RadioInput, TextInput

NOTE_MAX = 300


class AcknowledgeForm(FlaskForm):
    """Only the CSRF token: the button is the whole form, so a mail scanner's GET never records anything."""


class FinishForm(FlaskForm):
    outcome = RadioField(
        _l("What was the outcome of the review?"),
        choices=as_choices(
            [
                ("upheld", _l("Decision upheld: the decision not to prosecute stands")),
                ("overturned", _l("Decision overturned")),
                ("other", _l("Other")),
            ]
        ),
        validators=[InputRequired(message=_l("Select the outcome of the review"))],
        widget=RadioInput(),
    )
    note = TextAreaField(
        _l("Note for the person who asked (optional)"),
        validators=[Optional(), Length(max=NOTE_MAX, message=_l("The note must be 300 characters or fewer"))],
        widget=CharacterCount(NOTE_MAX),
    )


class ReferenceForm(FlaskForm):
    reference = StringField(
        _l("Your reference number"),
        validators=[InputRequired(message=_l("Enter your reference number"))],
        widget=TextInput(),
    )
