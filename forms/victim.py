"""Step 1: the victim's details (worded "your details" when the victim is asking)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired

from forms.base import JourneyForm
from forms.common import YES_NO, as_choices, email, long_text, phone, postcode, radios, text
from forms.fields import GovukDateField, RadioInput


def require_when(form: JourneyForm, condition: bool, fields_and_messages: list[tuple[str, Any]]) -> bool:
    """Conditional "required": add a message to each empty field when ``condition`` holds."""
    ok = True
    if not condition:
        return ok
    for name, message in fields_and_messages:
        field = form[name]
        if not field.data and not field.errors:
            field.errors = [*field.errors, str(message)]
            ok = False
    return ok


def address_fields() -> tuple[StringField, StringField, StringField, StringField, StringField, TextAreaField]:
    """A UK address, or, in a "not in the UK" details section, any address written out in full.

    No conditional reveal: an address outside the UK goes in a details section (templates/journey/_address.html).
    A function, not class attributes of a mixin: WTForms orders fields by when they were made, so a form
    calls it where the address sits on its page, and its error summary follows the page.
    """
    return (
        text(_l("Address line 1"), max_length=200),
        text(_l("Address line 2 (optional)"), max_length=200, name=_l("Address line 2")),
        text(_l("Town or city"), max_length=100),
        text(_l("County (optional)"), max_length=100, name=_l("County")),
        postcode(_l("Postcode")),
        long_text(_l("Full address, including the country"), max_length=500, name=_l("The full address")),
    )


class AddressMixin:
    """Checks the address made by ``address_fields``: a UK address needs its first line, town and postcode."""

    def validate_address(self) -> bool:
        return require_when(
            self,  # type: ignore[arg-type]
            not self["address_abroad"].data,  # type: ignore[index]
            [
                ("address_line_1", _l("Enter address line 1, typically the building and street")),
                ("address_town", _l("Enter town or city")),
                ("address_postcode", _l("Enter postcode")),
            ],
        )


class VictimDetailsForm(AddressMixin, JourneyForm):
    # In the order of templates/journey/victim.html: the error summary lists errors in this order.
    business_name = text(_l("Name of the business"), max_length=200)
    title = text(_l("Title (optional)"), max_length=35, hint=_l("For example, Mr, Mrs, Ms, Mx or Dr"), name=_l("Title"))
    first_names = text(_l("First name"), required=_l("Enter first name"), max_length=100)
    last_name = text(_l("Last name"), required=_l("Enter last name"), max_length=100)
    date_of_birth = GovukDateField(
        _l("Date of birth (optional)"),
        what=_l("the date of birth"),
        description=_l("For example, 27 3 1985"),
        autocomplete="bday",
        answer_name=_l("Date of birth"),
    )
    deceased_name = text(_l("Full name of the person who died"), max_length=200)
    relationship_to_deceased = text(
        _l("Your relationship to them"), max_length=100, hint=_l("For example, daughter, husband or brother")
    )
    address_line_1, address_line_2, address_town, address_county, address_postcode, address_abroad = address_fields()
    district = RadioField(
        _l("Which area did the crime happen in?"),
        choices=[],
        validators=[InputRequired(message=_l("Select the area the crime happened in"))],
        widget=RadioInput(),
    )

    def __init__(self, *args: Any, districts: tuple[str, ...] = (), who: str | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.who = who
        # Only the questions this person is shown are read: a value sent for another one (by a bot, or left
        # from before "who" changed) is neither checked (its error would point at nothing) nor stored.
        if who is not None:
            for name in not_asked(who):
                del self[name]
        self.district.choices = as_choices([(d, d) for d in districts] + [("unknown", _l("I do not know"))])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        ok = (
            require_when(self, self.who == "business", [("business_name", _l("Enter the name of the business"))]) and ok
        )
        ok = (
            require_when(
                self,
                self.who == "bereaved",
                [
                    ("deceased_name", _l("Enter the full name of the person who died")),
                    ("relationship_to_deceased", _l("Enter your relationship to the person who died")),
                ],
            )
            and ok
        )
        return self.validate_address() and ok


def not_asked(who: str) -> list[str]:
    """The victim-details questions templates/journey/victim.html does not show for ``who``."""
    names = ["date_of_birth"] if who == "business" else ["business_name"]
    return names if who == "bereaved" else [*names, "deceased_name", "relationship_to_deceased"]


CONTACT_METHODS = [
    ("email", _l("Email")),
    ("phone", _l("Telephone")),
    ("post", _l("Letter")),
]


class ContactForm(JourneyForm):
    """How to reach someone, and how to do it safely. Used for the victim and for the person acting."""

    email = email(_l("Email address"), hint=_l("We will only use this to contact you about this request."))
    mobile_phone = phone(_l("Mobile phone number"), hint=_l("For international numbers include the country code"))
    other_phone = phone(_l("Other phone number (optional)"), name=_l("Other phone number"))
    preferred_contact = radios(
        _l("How should we contact you?"),
        CONTACT_METHODS,
        required=_l("Select how we should contact you"),
    )
    safe_voicemail = radios(
        _l("Is it safe to leave a voicemail?"),
        YES_NO,
        required=_l("Select if it is safe to leave a voicemail"),
    )
    safe_post = radios(
        _l("Is it safe to send letters to the address you gave?"),
        YES_NO,
        required=_l("Select if it is safe to send letters"),
    )
    times_to_avoid = text(
        _l("Times we should not contact you (optional)"),
        max_length=300,
        name=_l("Times we should not contact you"),
        hint=_l("For example, weekdays after 5pm, or when someone else may be at home"),
    )
    interpreter_language = text(
        _l("If you need an interpreter, which language? (optional)"),
        max_length=100,
        name=_l("The interpreter's language"),
        hint=_l("Leave this empty if you do not need an interpreter"),
    )
    accessibility_needs = long_text(
        _l("Do you need any help or changes to how we contact you? (optional)"),
        max_length=1000,
        name=_l("The help or changes you need"),
        hint=_l("For example, large print, British Sign Language, or someone to help you."),
    )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        method = self.preferred_contact.data
        ok = (
            require_when(
                self,
                method == "email",
                [("email", _l("Enter an email address, or choose another way to contact you"))],
            )
            and ok
        )
        ok = (
            require_when(
                self,
                method == "phone",
                [("mobile_phone", _l("Enter a phone number, or choose another way to contact you"))],
            )
            and ok
        )
        if method == "post" and self.safe_post.data == "no":
            self.safe_post.errors = [
                *self.safe_post.errors,
                str(_l("You chose letters, but said it is not safe to send them. Choose another way to contact you.")),
            ]
            ok = False
        return ok
