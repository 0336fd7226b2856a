"""How the police may contact someone safely: each way asked as a safety question, details only for safe ways.

A person at risk may have their email read, their phone checked or their post opened by the person they fear.
So every way of contact is a yes/no safety question (email, phone calls, texts, voicemail, letters); the email
address and phone numbers are asked only under "Yes", and kept only when that way is safe; the preferred way
must be one the person said is safe. The confirmation email goes only to an address said to be safe.

Two wordings of one form: about "you" (the person asking, or the parent or spokesperson acting), and about
"the victim" (when a representative asks and the police may contact the victim directly).
"""

from __future__ import annotations

from typing import Any

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField
from wtforms.validators import Optional

from app.domain.languages import OTHER, language_choices
from forms.base import JourneyForm
from forms.common import YES_NO, as_choices, email, long_text, phone, radios, text
from forms.fields import SelectInput
from forms.validators import strip_text
from forms.victim import require_when

CONTACT_METHODS = [
    ("email", _l("Email")),
    ("phone", _l("Telephone")),
    ("post", _l("Letter")),
]
SAFETY_QUESTIONS = ("safe_email", "safe_phone", "safe_text", "safe_voicemail", "safe_post")
# What each preferred way needs to be safe, and the message when it is not.
PREFERRED_NEEDS = {"email": "safe_email", "phone": "safe_phone", "post": "safe_post"}


class _ContactForm(JourneyForm):
    """Shared validation. Subclasses only word the fields (``WORDS``)."""

    WORDS: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Language names in the reader's own language (CLDR, through Babel): no translation work needed.
        languages = language_choices(str(get_locale() or "en"))
        self.interpreter_language.choices = as_choices(
            [("", self.WORDS["no_interpreter"]), *languages, (OTHER, _l("Another language"))]
        )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        words = self.WORDS
        ok = require_when(self, self.safe_email.data == "yes", [("email", words["need_email"])]) and ok
        ok = require_when(self, self.safe_phone.data == "yes", [("mobile_phone", words["need_phone"])]) and ok
        ok = (
            require_when(
                self,
                self.safe_phone.data == "yes",
                [("safe_text", words["need_safe_text"]), ("safe_voicemail", words["need_safe_voicemail"])],
            )
            and ok
        )
        ok = (
            require_when(
                self,
                self.interpreter_language.data == OTHER,
                [("interpreter_language_other", _l("Enter the language the interpreter needs to speak"))],
            )
            and ok
        )
        needed = PREFERRED_NEEDS.get(self.preferred_contact.data or "")
        if needed and self[needed].data == "no" and not self.preferred_contact.errors:
            self.preferred_contact.errors = [*self.preferred_contact.errors, str(words["unsafe_choice"])]
            ok = False
        if ok:
            self._forget_unsafe()
        return ok

    def _forget_unsafe(self) -> None:
        """Keep no contact detail for a way that is not safe (a typed address under "No" is not stored)."""
        if self.safe_email.data != "yes":
            self.email.data = None
        if self.interpreter_language.data != OTHER:
            self.interpreter_language_other.data = None
        if self.safe_phone.data != "yes":
            for name in ("mobile_phone", "other_phone", "safe_text", "safe_voicemail"):
                self[name].data = None


def _fields(words: dict[str, Any]) -> dict[str, Field]:
    return {
        "safe_email": radios(
            words["safe_email"], YES_NO, required=words["need_safe_email"], hint=words["safe_email_hint"]
        ),
        "email": email(_l("Email address"), name=_l("Email address")),
        "safe_phone": radios(words["safe_phone"], YES_NO, required=words["need_safe_phone"]),
        "mobile_phone": phone(
            _l("Phone number"), hint=_l("For international numbers include the country code"), name=_l("Phone number")
        ),
        "other_phone": phone(_l("Other phone number (optional)"), name=_l("Other phone number")),
        "safe_text": radios(words["safe_text"], YES_NO),
        "safe_voicemail": radios(words["safe_voicemail"], YES_NO),
        "safe_post": radios(words["safe_post"], YES_NO, required=words["need_safe_post"]),
        "preferred_contact": radios(
            words["preferred"], CONTACT_METHODS, required=words["need_preferred"], hint=words["preferred_hint"]
        ),
        "times_to_avoid": text(words["times"], max_length=300, name=words["times_name"], hint=words["times_hint"]),
        "interpreter_language": SelectField(
            # Optional() passes white space alone (and clears the "not a valid choice" error): trim it first,
            # so a hostile " " or "\r" is stored as no answer (tests/integration/test_hostile_input.py).
            words["interpreter"],
            choices=[],
            widget=SelectInput(),
            validators=[Optional()],
            filters=[strip_text],
        ),
        "interpreter_language_other": text(
            _l("Which other language? (optional)"), max_length=100, name=_l("The other language")
        ),
        "accessibility_needs": long_text(
            words["needs"],
            max_length=1000,
            name=_l("The help or changes needed"),
            hint=_l("For example, large print, British Sign Language, or someone to help."),
        ),
    }


YOU: dict[str, Any] = {
    "safe_email": _l("Is it safe for the police to email you?"),
    "safe_email_hint": _l("Choose no if someone else can read your emails. We only send a confirmation if it is safe."),
    "need_safe_email": _l("Select if it is safe to email you"),
    "need_email": _l("Enter your email address, or choose no if it is not safe to email you"),
    "safe_phone": _l("Is it safe for the police to phone you?"),
    "need_safe_phone": _l("Select if it is safe to phone you"),
    "need_phone": _l("Enter your phone number, or choose no if it is not safe to phone you"),
    "safe_text": _l("Is it safe to send you text messages?"),
    "need_safe_text": _l("Select if it is safe to send you text messages"),
    "safe_voicemail": _l("Is it safe to leave you a voicemail?"),
    "need_safe_voicemail": _l("Select if it is safe to leave you a voicemail"),
    "safe_post": _l("Is it safe to send letters to your address?"),
    "need_safe_post": _l("Select if it is safe to send you letters"),
    "preferred": _l("How should the police contact you?"),
    "preferred_hint": _l("Choose a way you said is safe."),
    "need_preferred": _l("Select how the police should contact you"),
    "unsafe_choice": _l("You said this way is not safe. Choose a way that is safe to contact you."),
    "times": _l("Times the police should not contact you (optional)"),
    "times_name": _l("Times not to contact you"),
    "times_hint": _l("For example, weekdays after 5pm, or when someone else may be at home"),
    "interpreter": _l("If you need an interpreter, which language? (optional)"),
    "no_interpreter": _l("I do not need an interpreter"),
    "needs": _l("Do you need any help or changes to how the police contact you? (optional)"),
}
THE_VICTIM: dict[str, Any] = {
    "safe_email": _l("Is it safe for the police to email the victim?"),
    "safe_email_hint": _l("Choose no if someone else can read the victim's emails."),
    "need_safe_email": _l("Select if it is safe to email the victim"),
    "need_email": _l("Enter the victim's email address, or choose no if it is not safe to email them"),
    "safe_phone": _l("Is it safe for the police to phone the victim?"),
    "need_safe_phone": _l("Select if it is safe to phone the victim"),
    "need_phone": _l("Enter the victim's phone number, or choose no if it is not safe to phone them"),
    "safe_text": _l("Is it safe to send the victim text messages?"),
    "need_safe_text": _l("Select if it is safe to send the victim text messages"),
    "safe_voicemail": _l("Is it safe to leave the victim a voicemail?"),
    "need_safe_voicemail": _l("Select if it is safe to leave the victim a voicemail"),
    "safe_post": _l("Is it safe to send letters to the victim's address?"),
    "need_safe_post": _l("Select if it is safe to send the victim letters"),
    "preferred": _l("How should the police contact the victim?"),
    "preferred_hint": _l("Choose a way you said is safe."),
    "need_preferred": _l("Select how the police should contact the victim"),
    "unsafe_choice": _l("You said this way is not safe. Choose a way that is safe to contact the victim."),
    "times": _l("Times the police should not contact the victim (optional)"),
    "times_name": _l("Times not to contact the victim"),
    "times_hint": _l("For example, weekdays after 5pm, or when someone else may be at home"),
    "interpreter": _l("If the victim needs an interpreter, which language? (optional)"),
    "no_interpreter": _l("The victim does not need an interpreter"),
    "needs": _l("Does the victim need any help or changes to how the police contact them? (optional)"),
}

ContactForm = type("ContactForm", (_ContactForm,), {"WORDS": YOU, **_fields(YOU)})
VictimContactForm = type("VictimContactForm", (_ContactForm,), {"WORDS": THE_VICTIM, **_fields(THE_VICTIM)})
