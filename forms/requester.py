"""Step 2: the details of the person asking for the victim (only when someone else is asking)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from forms.base import JourneyForm
from forms.common import email, latin_names, phone, radios, text
from forms.victim import AddressMixin, address_fields, require_when

CONSENT_METHODS = [
    ("upload", _l("I will upload it with this request")),
    ("email", _l("I will email it to the police")),
    ("post", _l("I will post it to the police")),
    ("victim_sends", _l("The victim will send it to the police")),
    ("already_given", _l("The police already have it")),
]


class RequesterForm(AddressMixin, JourneyForm):
    # In the order of templates/journey/requester.html: the error summary lists errors in this order.
    first_names = text(_l("Your first name"), required=_l("Enter your first name"), max_length=100)
    last_name = text(_l("Your last name"), required=_l("Enter your last name"), max_length=100)
    first_names_latin, last_name_latin = latin_names()
    organisation = text(
        _l("Organisation (optional)"),
        max_length=200,
        name=_l("Organisation"),
        hint=_l("For example, the name of your law firm or MP's office"),
    )
    relationship = text(
        _l("Your relationship to the victim"),
        required=_l("Enter your relationship to the victim"),
        max_length=100,
        hint=_l("For example, mother, solicitor or Member of Parliament"),
    )
    address_line_1, address_line_2, address_town, address_county, address_postcode, address_abroad = address_fields()
    email = email(_l("Your email address"))
    phone = phone(_l("Your phone number"), hint=_l("For international numbers include the country code"))
    consent_method = radios(
        _l("How will the victim's written permission reach the police?"),
        CONSENT_METHODS,
        hint=_l(
            "The police need the victim's written permission before they can deal with you. "
            "It should say that you can act for them in this review."
        ),
    )

    def __init__(self, *args: Any, needs_consent: bool = False, who: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.needs_consent = needs_consent
        # A parent or spokesperson gives their email and phone on their own safe-contact page next.
        self.contact_asked_here = who not in ("parent", "spokesperson")
        if not self.contact_asked_here:
            del self["email"]
            del self["phone"]

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.contact_asked_here:
            pass
        elif not self.email.data and not self.phone.data and not self.email.errors and not self.phone.errors:
            self.email.errors = [str(_l("Enter your email address or phone number"))]
            ok = False
        ok = (
            require_when(
                self,
                self.needs_consent,
                [("consent_method", _l("Select how the victim's written permission will reach the police"))],
            )
            and ok
        )
        return self.validate_address() and ok
