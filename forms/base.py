"""The base of every journey form: CSRF (Flask-WTF), plus two quiet spam checks that need no CAPTCHA.

- A honeypot field that people never see or reach (it is off-screen and out of the tab order); bots that
  fill in every field fill it in.
- A signed timestamp of when the page was shown: a form sent back faster than a person could read it is
  refused. The limit is ``VRR_MIN_SECONDS_ON_PAGE``.
"""

from __future__ import annotations

import time
from functools import lru_cache
from typing import Any

from babel.support import NullTranslations, Translations
from flask import current_app, has_request_context, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, TimestampSigner
from wtforms import Field, HiddenField, StringField, ValidationError
from wtforms.i18n import messages_path
from wtforms.validators import Length

HONEYPOT = "hp_extra_details"


def shown_at_signer() -> TimestampSigner:
    """Signs when a form was shown (the tests sign one too, to skip a GET)."""
    return TimestampSigner(current_app.config["SECRET_KEY"], salt="form-shown-at")


@lru_cache(maxsize=64)
def _wtforms_messages(locale: str) -> NullTranslations:
    return Translations.load(messages_path(), [locale], domain="wtforms")


class JourneyForm(FlaskForm):
    class Meta(FlaskForm.Meta):
        def get_translations(self, form: Any) -> NullTranslations:
            """WTForms' own messages in the page's language, read from disk once per language.

            Flask-WTF reads the catalog file again for every request.
            """
            return _wtforms_messages(str(get_locale()))

    hp_extra_details = StringField(
        _l("Leave this field empty"),
        validators=[Length(max=0, message=_l("Leave this field empty"))],
    )
    shown_at = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if has_request_context() and request.method != "POST":  # a page being shown (not a summary being made)
            self.shown_at.data = shown_at_signer().sign(b"shown").decode()

    def validate_shown_at(self, field: Field) -> None:
        minimum = current_app.config["VRR_SETTINGS"].min_seconds_on_page
        try:
            _value, signed_at = shown_at_signer().unsign(field.data or "", return_timestamp=True)
        except BadSignature as exc:
            raise ValidationError(_l("Something went wrong. Check your answers and try again.")) from exc
        # Real elapsed time, not the app's (test-settable) clock.
        if time.time() - signed_at.timestamp() < minimum:
            raise ValidationError(_l("You sent that too quickly. Check your answers and try again."))
