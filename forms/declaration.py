"""Check your answers: the declaration, and the submit button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField
from wtforms.validators import InputRequired

from forms.base import JourneyForm
from forms.fields import CheckboxInput


class DeclarationForm(JourneyForm):
    confirm = BooleanField(
        _l("I confirm that the information I have given is true, as far as I know"),
        validators=[InputRequired(message=_l("Confirm that the information you have given is true"))],
        widget=CheckboxInput(),
    )
