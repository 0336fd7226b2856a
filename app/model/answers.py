"""One dataclass per step of the form. None: not asked, or not answered; "" is an optional answer left empty.

Field names are the forms' field names (forms/), the keys of the stored mappings and of the JSON copy
(docs/request-schema.json): a field added here is added to all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Address:
    """A UK address, or (``address_abroad``) any address written out in full."""

    address_line_1: str | None = None
    address_line_2: str | None = None
    address_town: str | None = None
    address_county: str | None = None
    address_postcode: str | None = None
    address_abroad: str | None = None


@dataclass(frozen=True)
class VictimDetails(Address):
    """Step 1: the victim (a business's named contact, or a bereaved relative's own details)."""

    business_name: str | None = None
    title: str | None = None
    first_names: str | None = None
    last_name: str | None = None
    first_names_latin: str | None = None
    last_name_latin: str | None = None
    date_of_birth: date | None = None
    deceased_name: str | None = None
    relationship_to_deceased: str | None = None
    district: str | None = None


@dataclass(frozen=True)
class Contact:
    """How the police may contact someone safely; "yes"/"no" for each way, details only for safe ways."""

    safe_email: str | None = None
    email: str | None = None
    safe_phone: str | None = None
    mobile_phone: str | None = None
    other_phone: str | None = None
    safe_text: str | None = None
    safe_voicemail: str | None = None
    safe_post: str | None = None
    preferred_contact: str | None = None
    times_to_avoid: str | None = None
    interpreter_language: str | None = None
    interpreter_language_other: str | None = None
    accessibility_needs: str | None = None

    SAFETY_QUESTIONS = ("safe_email", "safe_phone", "safe_text", "safe_voicemail", "safe_post")

    def said(self, answer: str) -> list[str]:
        """The ways of contact ("email", "phone", "text", "voicemail", "post") answered ``answer``."""
        return [name.removeprefix("safe_") for name in self.SAFETY_QUESTIONS if getattr(self, name) == answer]

    @property
    def email_is_safe(self) -> bool:
        return self.safe_email == "yes"


@dataclass(frozen=True)
class Requester(Address):
    """Step 2: the person asking for the victim (a parent, spokesperson or representative)."""

    first_names: str | None = None
    last_name: str | None = None
    first_names_latin: str | None = None
    last_name_latin: str | None = None
    organisation: str | None = None
    relationship: str | None = None
    email: str | None = None
    phone: str | None = None
    consent_method: str | None = None


@dataclass(frozen=True)
class Objection:
    """Step 3: the case, and why the decision should be reviewed."""

    crime_reference: str | None = None
    reference_unknown: bool = False
    offence: str | None = None
    offence_date: date | None = None
    offence_date_unknown: bool = False
    date_reported: date | None = None
    officer: str | None = None
    objection: str | None = None
    outcome_wanted: str | None = None


@dataclass(frozen=True)
class Documents:
    """Step 3's last page: the person has seen "Upload documents (optional)" and carried on. The files
    themselves are stored apart from the answers (app/uploads), each sealed on its own."""

    reviewed: bool = True


@dataclass(frozen=True)
class Document:
    """What every copy of a request says about one uploaded file (never its bytes)."""

    kind: str  # "permission", "decision_letter" or "other"
    filename: str
    media_type: str
    size: int
    description: str
    sha256: str
