"""The two emails a request causes: the force's (English, for triage) and the applicant's (their language).

Every address header is built from ``email.headerregistry.Address`` (forms/email_address.py), never by
pasting text into a header. Free text in the plain-text body is quoted line by line ("> "), so an answer can
never look like one of our own lines.
"""

from __future__ import annotations

import json
import logging
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate

from flask import Flask, render_template
from flask_babel import force_locale, gettext

from app.config import Settings
from app.delivery.attachments import attach, parts
from app.delivery.document import RequestDocument, request_json, staff_triage
from app.delivery.triage import long_day
from app.languages import BY_CODE
from app.model.answers import Requester, VictimDetails
from app.summary import summary
from forms.email_address import UnsendableAddress, header_address
from forms.upload import size_text, type_name

log = logging.getLogger(__name__)
QUOTE = "> "
SUBJECT_MAX = 150  # a subject staff can read in a mailbox list; the email library folds it on the wire
SEPARATOR = " – "
# Flag code -> subject tag, in the order staff should see them; the four "not sure" flags share one tag.
SUBJECT_TAGS = {
    "time_limit": "TIME LIMIT",
    "late": "LATE",
    "representative": "REPRESENTATIVE",
    "not_sure_suspect": "NOT SURE",
    "not_sure_decision": "NOT SURE",
    "not_sure_reinstated": "NOT SURE",
    "not_sure_scheme_date": "NOT SURE",
    "reinstated": "REINSTATED",
}
SUBJECT_ORDER = {flag: position for position, flag in enumerate(SUBJECT_TAGS)}


def header_safe(text: str) -> str:
    """Anything put in a header: no CR, LF or other control characters, ever, and no RFC 2047 encoded word
    (the email library decodes "=?utf-8?q?...?=" typed in an answer, line breaks included)."""
    printable = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(printable.replace("=?", "= ?").split())


def quoted(text: str | None) -> str:
    """Free text for the plain-text body: every line (at every kind of line break) starts with "> "."""
    return "\n".join(QUOTE + line for line in (text or "").splitlines() or [""])


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1] if "@" in address else "vrr.example.org"


def message_id(doc: RequestDocument, kind: str, settings: Settings) -> str:
    """Stable for each email a request causes ("force", "force:2" …), so a resend is recognised as the same."""
    return f"<{doc.reference.lower()}.{kind.replace(':', '-')}@{_domain(settings.mail_from)}>"


def force_subject(doc: RequestDocument) -> str:
    """Reference, district, crime reference, the form's language when not English, and the flags."""
    parts = [f"VRR {doc.reference}", doc.district]
    objection = doc.application.objection
    crime_reference = (objection.crime_reference if objection else None) or ""
    if doc.locale != "en":
        parts.append(f"{_language_name(doc.locale)} form")
    tags = subject_tags(doc)
    if tags:
        parts.append(", ".join(tags))
    if crime_reference:  # the one free-text part: it gives way when the subject would be too long
        room = SUBJECT_MAX - len(SEPARATOR.join(parts)) - len(SEPARATOR) - len("crime ref ")
        if room >= 6:
            reference = header_safe(crime_reference)
            shortened = reference if len(reference) <= room else reference[: room - 1] + "…"
            parts.insert(2, f"crime ref {shortened}")
    subject = header_safe(SEPARATOR.join(parts))
    return subject if len(subject) <= SUBJECT_MAX else subject[: SUBJECT_MAX - 1] + "…"


def subject_tags(doc: RequestDocument) -> list[str]:
    """Short upper-case codes staff can scan, most urgent first; a flag not in the table by its own code."""
    tags: list[str] = []
    for flag in sorted(doc.flags, key=lambda f: SUBJECT_ORDER.get(f, len(SUBJECT_ORDER))):
        tag = SUBJECT_TAGS.get(flag) or flag.upper()
        if tag not in tags:
            tags.append(tag)
    if doc.someone_else_asking and "REPRESENTATIVE" not in tags:
        tags.append("ON BEHALF")  # a parent or spokesperson: staff contact them, not the victim
    return tags


def _language_name(locale: str) -> str:
    language = BY_CODE.get(locale)
    return language.english_name if language else locale


def applicant_address(doc: RequestDocument) -> Address | None:
    """The applicant's address for a header, or None when it cannot be sent to.

    Forms only store sendable addresses; this guards requests stored before they checked.
    """
    if not doc.applicant_email:
        return None
    try:
        return header_address(doc.applicant_email)
    except UnsendableAddress:
        log.warning("request %s: applicant email address cannot be used in a header", doc.reference)
        return None


def free_text_lines(doc: RequestDocument, interpreter: str) -> list[tuple[str, str]]:
    """The contact answers people type in, as (label, answer); ``interpreter``: the language in English."""
    contact = doc.application.contact[1]
    lines = [("Times to avoid", contact.times_to_avoid), ("Interpreter", interpreter)]
    lines.append(("Needs", contact.accessibility_needs))
    return [(label, str(value)) for label, value in lines if value]


def case_lines(doc: RequestDocument) -> list[tuple[str, str, bool]]:
    """Who and what the request is about, as (label, answer, typed by the person): what staff search by."""
    application = doc.application
    victim = application.victim or VictimDetails()
    requester = application.requester or Requester()
    objection = application.objection
    rows = [
        ("Victim", _name(victim.first_names, victim.last_name)),
        ("Victim's name in the letters A to Z", _name(victim.first_names_latin, victim.last_name_latin)),
        ("Business", victim.business_name),
        ("Person who died", victim.deceased_name),
        ("Person asking", _name(requester.first_names, requester.last_name)),
        ("Person asking, in the letters A to Z", _name(requester.first_names_latin, requester.last_name_latin)),
        ("Organisation", requester.organisation),
        ("Relationship to the victim", requester.relationship),
        ("Crime reference", objection.crime_reference if objection else None),
        ("Crime", objection.offence if objection else None),
    ]
    lines = [(label, str(value), True) for label, value in rows if value]
    if objection is None:
        return lines
    if not objection.crime_reference:
        lines.insert(-1, ("Crime reference", "not known", False))
    return [*lines, ("When it happened", long_day(objection.offence_date) or "not known", False)]


def _name(*parts: str | None) -> str:
    return " ".join(part for part in parts if part)


def label(text: str) -> str:
    """A label for the plain-text body: "Question?" stays as it is, anything else ends with a colon."""
    return text if text.endswith("?") else f"{text}:"


def build_force_message(app: Flask, doc: RequestDocument, staff_pdf: bytes | None, settings: Settings) -> EmailMessage:
    """The force's email. ``staff_pdf`` None: the PDF could not be made, so the body says so and carries the
    answers themselves (the JSON attachment always does)."""
    emails = parts(doc.files, doc.force.mailbox_limit_mb)
    msg = EmailMessage()
    msg["Subject"] = force_subject(doc) + (f"{SEPARATOR}1 of {len(emails)}" if len(emails) > 1 else "")
    msg["From"] = header_address(settings.mail_from)
    msg["To"] = header_address(doc.force.mailbox)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(doc, "force", settings)
    reply_to = applicant_address(doc)
    if reply_to is not None:  # without it the force still gets the request; the address is in the PDF
        msg["Reply-To"] = reply_to
    with app.app_context(), force_locale("en"):
        triage = staff_triage(doc)
        context = {
            "doc": doc,
            "triage": triage,
            "force": doc.force,
            "quoted": quoted,
            "label": label,
            "case": case_lines(doc),
            "language": _language_name(doc.locale),
            "safe_contact": triage["contact_safety"],
            "contact_text": free_text_lines(doc, triage["interpreter"]),
            "answers": None,
            "emails": emails,
            "file_type": type_name,
            "file_size": size_text,
        }
        if staff_pdf is None:
            context["answers"] = summary(doc.application, doc.dates.received_on, "en", "staff", doc.documents)
        msg.set_content(render_template("email/force.txt", **context))
        msg.add_alternative(render_template("email/force.html", **context), subtype="html")
    if staff_pdf is not None:
        msg.add_attachment(staff_pdf, maintype="application", subtype="pdf", filename=f"{doc.reference}.pdf")
    payload = json.dumps(request_json(doc), ensure_ascii=False, indent=2).encode()
    msg.add_attachment(payload, maintype="application", subtype="json", filename=f"{doc.reference}.json")
    attach(app, msg, emails[0].files)
    return msg


def build_force_part(app: Flask, doc: RequestDocument, number: int, settings: Settings) -> EmailMessage:
    """A later email of a request whose files did not fit in one: the reference, which email this is, and
    its files. Everything else is in email 1."""
    emails = parts(doc.files, doc.force.mailbox_limit_mb)
    part = emails[number - 1]
    msg = EmailMessage()
    msg["Subject"] = header_safe(f"VRR {doc.reference}{SEPARATOR}documents{SEPARATOR}{number} of {part.total}")
    msg["From"] = header_address(settings.mail_from)
    msg["To"] = header_address(doc.force.mailbox)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(doc, f"force:{number}", settings)
    msg["References"] = message_id(doc, "force", settings)  # mail programs show it with the request
    with app.app_context(), force_locale("en"):
        context = {"doc": doc, "part": part, "file_type": type_name, "file_size": size_text}
        msg.set_content(render_template("email/force_part.txt", **context))
    attach(app, msg, part.files)
    return msg


def build_applicant_message(
    app: Flask, doc: RequestDocument, settings: Settings, applicant_pdf: bytes | None = None
) -> EmailMessage:
    """Reference, what happens next and the dates, in the person's language. Never their objection."""
    to = applicant_address(doc)
    if to is None:
        raise UnsendableAddress("format")  # a ValueError: the worker records it and does not crash
    msg = EmailMessage()
    with app.app_context(), force_locale(doc.locale):
        msg["Subject"] = header_safe(gettext("Your request for a review: %(reference)s", reference=doc.reference))
        context = {"doc": doc, "force": doc.force}
        msg.set_content(render_template("email/applicant.txt", **context))
        msg.add_alternative(render_template("email/applicant.html", **context), subtype="html")
    msg["From"] = header_address(settings.mail_from)
    msg["To"] = to
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(doc, "applicant", settings)
    msg["Reply-To"] = header_address(doc.force.email)
    if applicant_pdf is not None:
        msg.add_attachment(applicant_pdf, maintype="application", subtype="pdf", filename=f"{doc.reference}.pdf")
    return msg
