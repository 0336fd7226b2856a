"""A submitted request as one document: what the PDF, the emails and the JSON attachment are made from.

``request_json`` is the machine-readable copy attached to the force's email (schema in
docs/request-schema.json). ``summary`` is the same request laid out for people: labelled sections built from
the very forms the person filled in, so a label is written once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.clock import UK
from app.config import ForceProfile
from app.delivery.triage import NOT_SURE, case_rows, long_day, outcome_text, victim_rows
from app.domain.languages import english_name
from app.domain.time_limit import FLAG as TIME_LIMIT
from app.domain.time_limit import time_limit
from app.domain.working_days import ServiceDates, service_dates
from app.model.answers import Contact, Document, Objection, Requester, VictimDetails
from app.model.application import Application, Submission
from app.uploads.store import StoredFile

JSON_SCHEMA_VERSION = 4  # of the JSON copy; docs/request-schema.md lists what each version changed


@dataclass(frozen=True)
class RequestDocument:
    """A sent request with what every copy of it says beside the answers: reference, force and dates."""

    reference: str
    submitted_at: datetime  # aware, UTC
    force: ForceProfile
    submission: Submission
    files: tuple[StoredFile, ...] = ()  # uploaded with the request: described here, attached to the emails

    @property
    def documents(self) -> list[Document]:
        return [f.document for f in self.files]

    @property
    def application(self) -> Application:
        return self.submission.application

    @property
    def locale(self) -> str:
        return self.submission.locale

    @property
    def outcome(self) -> str:
        return self.submission.outcome

    @property
    def flags(self) -> list[str]:
        return list(self.submission.flags)

    @property
    def dates(self) -> ServiceDates:
        return service_dates(self.submitted_at, self.force.nation)

    @property
    def received_uk(self) -> datetime:
        return self.submitted_at.astimezone(UK)

    @property
    def district(self) -> str:
        victim = self.application.victim
        return (victim.district if victim else None) or "unknown"

    @property
    def someone_else_asking(self) -> bool:
        return self.application.requester is not None

    @property
    def applicant_email(self) -> str | None:
        """Where the confirmation (and the force's Reply-To) may go: never an inbox said to be unsafe."""
        return self.application.confirmation_address

    @property
    def permission_uploaded(self) -> bool:
        return "representative" in self.flags and any(f.kind == "permission" for f in self.files)

    @property
    def consent_method(self) -> str | None:
        requester = self.application.requester
        return requester.consent_method if requester else None


def request_json(doc: RequestDocument) -> dict[str, Any]:
    """The versioned machine-readable copy (docs/request-schema.json, explained in docs/request-schema.md).

    Keys are the typed model's names (app/model/answers.py); an unanswered question is null, never an empty
    string.
    """
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "reference": doc.reference,
        "force": doc.force.code,
        "submitted_at": doc.submitted_at.astimezone(UTC).isoformat(),
        "locale": doc.locale,
        "outcome": doc.outcome,
        "flags": doc.flags,
        "safe_contact": safe_contact(doc),
        "acknowledge_by": doc.dates.acknowledge_by.isoformat(),
        "review_by": doc.dates.review_by.isoformat(),
        "eligibility": _no_empty_strings(doc.application.eligibility.to_mapping()),
        "answers": {name: _no_empty_strings(values) for name, values in doc.application.to_dict()["answers"].items()},
        "documents": [
            {
                "kind": d.kind,
                "filename": d.filename,
                "media_type": d.media_type,
                "size": d.size,
                "description": d.description,
                "sha256": d.sha256,
            }
            for d in doc.documents
        ],
    }


def _no_empty_strings(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: None if value == "" else value for key, value in values.items()}


WHO_ASKING = {
    "victim": "The victim",
    "bereaved": "Close relative of a person who died",
    "parent": "Parent or guardian of a victim under 18",
    "spokesperson": "Family spokesperson",
    "officer": "Police officer who is the victim",
    "business": "Named contact for a business",
    "representative": "Someone acting for the victim",
}
REPRESENTATIVE_TYPE = {"solicitor": "solicitor", "mp": "MP", "relative_friend": "relative or friend", "other": "other"}
FLAG_TEXT = {  # one line each: what the flag means for the person triaging
    "late": "LATE: asked more than 3 months after being told of the decision: the force decides whether to review",
    "representative": "REPRESENTATIVE: someone acting for the victim: the victim's written permission is needed",
    **{flag.value: f"NOT SURE: the applicant was not sure {words}" for flag, words in NOT_SURE.items()},
    "reinstated": "REINSTATED: the victim withdrew support, then said they supported the case again",
    "time_limit": "TIME LIMIT: the crime was less than 6 months ago: check now whether it is summary-only",
}
CONSENT_TEXT = {
    "uploaded": "Uploaded with this request: attached (kind: permission)",
    "upload": "Not received: the representative said they would upload it, but did not",
    "email": "Not received yet: the representative will email it",
    "post": "Not received yet: the representative will post it",
    "victim_sends": "Not received yet: the victim will send it",
    "already_given": "The representative says the police already have it: check",
}


SAFETY_TEXT = {
    "email": "email",
    "phone": "phone calls",
    "text": "text messages",
    "voicemail": "voicemail",
    "post": "letters",
}
# Whose contact details these are, by who is asking: staff must never phone the wrong person.
CONTACTED_PERSON = {
    "parent": "the parent or guardian (not the victim)",
    "spokesperson": "the family's spokesperson (not the victim)",
    "bereaved": "the bereaved relative who is asking",
    "business": "the business's named contact",
    "representative": "the victim (not the representative)",
}


def safe_contact(doc: RequestDocument) -> dict[str, Any]:
    """For the JSON copy, near its top: whose contact details these are, and which ways are not safe."""
    step, contact = doc.application.contact
    return {
        "details_are_for": "requester" if step == "requester_contact" else "victim",
        "not_safe": contact.said("no"),
        "safe": contact.said("yes"),
        "preferred": contact.preferred_contact,
    }


def safe_contact_lines(contact: Contact, who: str) -> list[str]:
    """What is NOT safe first, then what is, then the preferred way: whose details these are, named."""
    person = CONTACTED_PERSON.get(who, "the victim, who is asking")
    unsafe = [SAFETY_TEXT[way] for way in contact.said("no")]
    safe = [SAFETY_TEXT[way] for way in contact.said("yes")]
    lines = [f"Contact details are for {person.upper()}"]
    lines.append(f"NOT SAFE: {', '.join(unsafe)}" if unsafe else "NOT SAFE: none said")
    lines.append(f"Safe: {', '.join(safe) if safe else 'none said'}")
    lines.append(f"Preferred: {contact.preferred_contact or 'not given'}")
    return lines


def _consent_key(doc: RequestDocument, requester: Requester) -> str:
    return "uploaded" if doc.permission_uploaded else requester.consent_method or ""


def time_limit_text(doc: RequestDocument) -> tuple[str, dict[str, Any]]:
    """The TIME LIMIT flag's line with its date and working days left, and those two for the template."""
    objection = doc.application.objection
    limit = time_limit(objection.offence_date if objection else None, doc.dates.received_on, doc.force.nation)
    if limit is None:
        return FLAG_TEXT[TIME_LIMIT], {}
    text = (
        f"TIME LIMIT: charge by {long_day(limit.charge_by)}, {limit.working_days_left} working days left: "
        "check now whether the offence is summary-only"
    )
    return text, {"time_limit_date": limit.charge_by, "time_limit_working_days_left": limit.working_days_left}


def staff_triage(doc: RequestDocument) -> dict[str, Any]:
    """Page 1 of the staff copy: everything needed to find, route and prioritise the case. English by design."""
    application = doc.application
    eligibility = application.eligibility
    who = eligibility.who or "victim"
    who_text = WHO_ASKING.get(who, who)
    if who == "representative" and eligibility.representative_type:
        who_text += f" ({REPRESENTATIVE_TYPE.get(eligibility.representative_type, 'other')})"
    requester = application.requester or Requester()
    contact = application.contact[1]
    safety = safe_contact_lines(contact, who)
    safe = list(safety)
    if contact.times_to_avoid:
        safe.append(f"Avoid: {contact.times_to_avoid}")
    if contact.accessibility_needs:
        safe.append(f"Needs: {contact.accessibility_needs}")
    limit_text, limit = time_limit_text(doc) if TIME_LIMIT in doc.flags else (FLAG_TEXT[TIME_LIMIT], {})
    flags = [limit_text if f == TIME_LIMIT else FLAG_TEXT.get(f, f) for f in doc.flags]
    interpreter = english_name(contact.interpreter_language, contact.interpreter_language_other)
    return {
        "who": who_text,
        **victim_rows(who, application.victim or VictimDetails(), requester),
        **case_rows(application.objection or Objection(), eligibility.told_date),
        "outcome": outcome_text(doc.outcome, doc.flags),
        "flags": flags,
        **limit,
        "late_reason": eligibility.late_reason,
        "consent": CONSENT_TEXT.get(_consent_key(doc, requester), "") if who == "representative" else "",
        "safe_contact": safe,
        "contact_safety": safety,  # the safe-contact lines without the typed ones (the email quotes those)
        "interpreter": interpreter or "",
        "acknowledge_by": long_day(doc.dates.acknowledge_by, weekday=True),
        "review_by": long_day(doc.dates.review_by, weekday=True),
    }
