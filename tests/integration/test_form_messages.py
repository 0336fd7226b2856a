"""Error messages name each field the way GOV.UK does: "Title must be 35 characters or fewer"."""

from __future__ import annotations

import pytest
from wtforms.validators import Length

from forms.contact import ContactForm, VictimContactForm
from forms.eligibility import QUESTION_FORMS
from forms.objection import ObjectionForm
from forms.requester import RequesterForm
from forms.validators import NoControlCharacters
from forms.victim import VictimDetailsForm

STEP_FORMS = (VictimDetailsForm, ContactForm, VictimContactForm, RequesterForm, ObjectionForm)
FORMS = sorted({*QUESTION_FORMS.values(), *STEP_FORMS}, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_length_and_character_messages_never_quote_a_question_or_optional(app, lang):
    checked = 0
    with app.test_request_context(f"/?lang={lang}"):
        for form_class in FORMS:
            form = form_class(formdata=None)
            for field in form:
                for validator in field.validators:
                    if isinstance(validator, Length) and validator.max > 0:
                        message = str(validator.message)
                    elif isinstance(validator, NoControlCharacters):
                        message = str(validator.name or field.label.text)
                    else:
                        continue
                    checked += 1
                    where = f"{form_class.__name__}.{field.name}: {message!r}"
                    assert "?" not in message and "؟" not in message, where
                    assert "(optional)" not in message and "(dewisol)" not in message, where
                    assert message[:1] == message[:1].upper(), where
    assert checked > 30  # every text field has both checks
