"""The two emails a request causes: the force's (English, for triage) and the applicant's (their language)."""

from __future__ import annotations

import json
from email.message import EmailMessage
from email.utils import formatdate

from flask import Flask, render_template
from flask_babel import force_locale, gettext

from app.config import Settings
from app.delivery.document import RequestDocument, request_json, staff_triage


def header_safe(text: str) -> str:
    """Anything put in a header: no CR, LF or other control characters, ever."""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


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


def build_force_message(app: Flask, doc: RequestDocument, staff_pdf: bytes | None, settings: Settings) -> EmailMessage:
    """The force's email. ``staff_pdf`` None: the PDF could not be made, so the body says so and carries the
    answers themselves (the JSON attachment always does)."""
    msg = EmailMessage()
    msg["Subject"] = force_subject(doc)
    msg["From"] = settings.mail_from
    msg["To"] = doc.force.mailbox
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(doc, "force", settings)
    if doc.applicant_email:
        msg["Reply-To"] = header_safe(doc.applicant_email)
    with app.test_request_context("/"), force_locale("en"):
        context = {"doc": doc, "triage": staff_triage(doc), "force": doc.force, "answers": None}
        if staff_pdf is None:
            from app.journey.pages import summary_sections

            context["answers"] = [s for s in summary_sections(doc.state(), doc.payload) if s["rows"]]
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
    assert doc.applicant_email  # noqa: S101 - only queued when an email address was given
    msg = EmailMessage()
    with app.test_request_context("/"), force_locale(doc.locale):
        msg["Subject"] = header_safe(gettext("Your request for a review: %(reference)s", reference=doc.reference))
        context = {"doc": doc, "force": doc.force}
        msg.set_content(render_template("email/applicant.txt", **context))
        msg.add_alternative(render_template("email/applicant.html", **context), subtype="html")
    msg["From"] = settings.mail_from
    msg["To"] = header_safe(doc.applicant_email)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(doc, "applicant", settings)
    msg["Reply-To"] = doc.force.email
    if applicant_pdf is not None:
        msg.add_attachment(applicant_pdf, maintype="application", subtype="pdf", filename=f"{doc.reference}.pdf")
    return msg
