"""The emails about saved answers: the single-use link, and the optional reminder before they are deleted.

Sent by the delivery worker like every other email (app/delivery/worker.py hands these rows here). The
subject is only the service's neutral name and the body says nothing about police or crime: the inbox may be
read by the person the sender is afraid of. An email whose saved answers are gone is not sent.
"""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate

from flask import Flask, render_template, url_for
from flask_babel import force_locale, gettext
from sqlalchemy import update

from app import clock, db
from app.delivery import outbox, smtp
from app.delivery.email import header_safe
from app.models import OutboxMessage
from app.saving import store
from forms.email_address import header_address

GONE = "SavedGone"  # last_error of an email not sent because its saved answers were used, replaced or deleted


def neutral_subject() -> str:
    return gettext("Your saved form")


def build_message(app: Flask, kind: str, payload: dict[str, str], row_id: int) -> EmailMessage:
    settings = app.config["VRR_SETTINGS"]
    msg = EmailMessage()
    with app.test_request_context("/", base_url=settings.public_url), force_locale(payload["locale"]):
        from app.languages import long_date

        context = {
            "kind": kind,
            "link": url_for("saving.open_link", t=payload["token"], lang=payload["locale"], _external=True)
            if "token" in payload
            else None,
            "deleted_on": long_date(datetime.fromisoformat(payload["expires"]).astimezone(clock.UK).date()),
            "start_url": url_for("pages.start", _external=True),
        }
        msg["Subject"] = header_safe(neutral_subject())
        msg.set_content(render_template("saving/email.txt", **context))
        msg.add_alternative(render_template("saving/email.html", **context), subtype="html")
    msg["From"] = header_address(settings.mail_from)
    msg["To"] = header_address(payload["to"])
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id(row_id, settings.mail_from)
    return msg


def message_id(row_id: int, mail_from: str) -> str:
    domain = mail_from.rsplit("@", 1)[-1]
    return f"<saved-{row_id}@{domain}>"


def deliver(app: Flask, row_id: int, worker_id: str) -> bool:
    """Send one claimed saved-answers email; its link is forgotten once it is sent."""
    settings = app.config["VRR_SETTINGS"]
    with app.app_context():
        with db.transaction() as s:
            row = s.get(OutboxMessage, row_id)
            assert row is not None and row.payload is not None  # noqa: S101 - we hold the claim
            kind, payload = row.kind, db.cipher().open(row.payload)
        if not store.exists(payload["saved_id"], clock.now()):
            with db.transaction() as s:
                s.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, OutboxMessage.claimed_by == worker_id)
                    .values(status="abandoned", payload=None, claimed_until=None, last_error=GONE)
                )
            return False
        message = build_message(app, kind, payload, row_id)
        with db.transaction() as s:
            if not outbox.hold(s, row_id, worker_id, clock.now()):
                return False
        smtp.send(message, settings)
        with db.transaction() as s:
            sent = outbox.mark_sent(s, row_id, worker_id, message_id(row_id, settings.mail_from), clock.now())
            s.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(payload=None))
            return sent
