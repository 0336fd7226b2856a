"""Step 1: the victim's details (worded "your details" when the victim is asking)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired

from forms.base import JourneyForm
from forms.common import as_choices, latin_names, long_text, postcode, text
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
    first_names_latin, last_name_latin = latin_names()
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
