"""Check your answers: the declaration, and the submit button."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput
from wtforms import BooleanField
from wtforms.validators import InputRequired

from forms.base import JourneyForm


class DeclarationForm(JourneyForm):
    confirm = BooleanField(
        _l("I confirm that the information I have given is true, as far as I know"),
        validators=[InputRequired(message=_l("Confirm that the information you have given is true"))],
        widget=GovCheckboxInput(),
    )
