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
from app.delivery.document import RequestDocument, request_json, staff_triage
from app.domain.contact import contact_answers
from forms.email_address import UnsendableAddress, header_address

log = logging.getLogger(__name__)
QUOTE = "> "


def header_safe(text: str) -> str:
    """Anything put in a header: no CR, LF or other control characters, ever."""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


def quoted(text: str | None) -> str:
    """Free text for the plain-text body: every line (at every kind of line break) starts with "> "."""
    return "\n".join(QUOTE + line for line in (text or "").splitlines() or [""])


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1] if "@" in address else "vrr.example.org"


def message_id(doc: RequestDocument, kind: str, settings: Settings) -> str:
    return f"<{doc.reference.lower()}.{kind}@{_domain(settings.mail_from)}>"


def force_subject(doc: RequestDocument) -> str:
    parts = [f"VRR {doc.reference}", doc.district]
    tags = doc.subject_flags()
    if tags:
        parts.append(", ".join(tags))
    return header_safe(" – ".join(parts))


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


def free_text_lines(doc: RequestDocument) -> list[tuple[str, str]]:
    """The contact answers people type in, as (label, answer) for the plain-text body."""
    contact = contact_answers(doc.answers)[1]
    labels = (
        ("times_to_avoid", "Times to avoid"),
        ("interpreter_language", "Interpreter"),
        ("accessibility_needs", "Needs"),
    )
    return [(label, str(contact[key])) for key, label in labels if contact.get(key)]


def build_force_message(app: Flask, doc: RequestDocument, staff_pdf: bytes | None, settings: Settings) -> EmailMessage:
    """The force's email. ``staff_pdf`` None: the PDF could not be made, so the body says so and carries the
    answers themselves (the JSON attachment always does)."""
    msg = EmailMessage()
    msg["Subject"] = force_subject(doc)
    msg["From"] = header_address(settings.mail_from)
    msg["To"] = header_address(doc.force.mailbox)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(doc, "force", settings)
    reply_to = applicant_address(doc)
    if reply_to is not None:  # without it the force still gets the request; the address is in the PDF
        msg["Reply-To"] = reply_to
    with app.test_request_context("/"), force_locale("en"):
        context = {
            "doc": doc,
            "triage": staff_triage(doc),
            "force": doc.force,
            "quoted": quoted,
            "contact": contact_answers(doc.answers)[1],
            "contact_text": free_text_lines(doc),
            "answers": None,
        }
        if staff_pdf is None:
            from app.journey.pages import summary_sections

            context["answers"] = [s for s in summary_sections(doc.state(), doc.payload, for_staff=True) if s["rows"]]
        msg.set_content(render_template("email/force.txt", **context))
        msg.add_alternative(render_template("email/force.html", **context), subtype="html")
    if staff_pdf is not None:
        msg.add_attachment(staff_pdf, maintype="application", subtype="pdf", filename=f"{doc.reference}.pdf")
    payload = json.dumps(request_json(doc), ensure_ascii=False, indent=2).encode()
    msg.add_attachment(payload, maintype="application", subtype="json", filename=f"{doc.reference}.json")
    return msg


def build_applicant_message(
    app: Flask, doc: RequestDocument, settings: Settings, applicant_pdf: bytes | None = None
) -> EmailMessage:
    """Reference, what happens next and the dates, in the person's language. Never their objection."""
    to = applicant_address(doc)
    if to is None:
        raise UnsendableAddress("format")  # a ValueError: the worker records it and does not crash
    msg = EmailMessage()
    with app.test_request_context("/"), force_locale(doc.locale):
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
