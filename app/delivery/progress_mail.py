"""The emails of issue 20, built from the request's row and its recorded progress (never the answers):

- reminders to the force's mailbox (English; subject starting with the reference and ACKNOWLEDGEMENT DUE,
  REVIEW DUE or OVERDUE), with the links that record progress;
- the weekly digest of open requests and their dates;
- the person's short update when the force records an acknowledgement or an outcome (their language, to the
  address their confirmation went to: one they said is safe).

The worker calls ``build`` for any outbox kind in ``KINDS`` (app/delivery/worker.py).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate

from flask import Flask, render_template
from flask_babel import force_locale, gettext

from app import clock, db
from app.config import Settings
from app.delivery import outbox, smtp
from app.delivery.email import SEPARATOR, header_safe
from app.domain import progress as rules
from app.domain.working_days import service_dates
from app.model.application import Submission
from app.models import SubmittedRequest
from app.progress import links, store
from app.progress.reminders import DIGEST, open_requests
from forms.email_address import UnsendableAddress, header_address

SUBJECT_TAGS = {
    rules.ACK_DUE: "ACKNOWLEDGEMENT DUE",
    rules.ACK_OVERDUE: "OVERDUE",
    rules.REVIEW_DUE: "REVIEW DUE",
    rules.REVIEW_OVERDUE: "OVERDUE",
}
PERSON_KINDS = (store.PERSON_ACKNOWLEDGED, store.PERSON_FINISHED)
KINDS = frozenset({*SUBJECT_TAGS, *PERSON_KINDS, DIGEST})


def _day(value: object) -> str:
    return value.strftime("%A %-d %B %Y")  # type: ignore[attr-defined]


def _domain(settings: Settings) -> str:
    return settings.mail_from.rsplit("@", 1)[-1]


def deliver(app: Flask, row_id: int, request_id: int, kind: str, worker_id: str) -> bool:
    """Build, then send only while this worker still holds the row's lease (as worker.deliver does)."""
    settings = app.config["VRR_SETTINGS"]
    message = build(app, row_id, request_id, kind, settings)
    with app.app_context(), db.transaction() as s:
        if not outbox.hold(s, row_id, worker_id, clock.now()):
            return False
    smtp.send(message, settings)
    with app.app_context(), db.transaction() as s:
        return outbox.mark_sent(s, row_id, worker_id, str(message["Message-ID"]), clock.now())


def build(app: Flask, row_id: int, request_id: int, kind: str, settings: Settings) -> EmailMessage:
    force = app.config["VRR_FORCE"]
    with app.test_request_context("/"):
        with db.transaction() as s:
            progress = store.load(s, request_id)
            row = s.get(SubmittedRequest, request_id)
            payload = db.cipher().open(row.payload) if row is not None and row.payload is not None else None
            opened = open_requests(s) if kind == DIGEST else []
        if progress is None:
            raise LookupError("request not found")
        dates = service_dates(progress.submitted_at, force.nation)
        msg = EmailMessage()
        if kind in PERSON_KINDS:
            to = Submission.from_dict(payload).application.confirmation_address if payload else None
            if not to:  # purged since, or no safe inbox: nothing to send (recorded as a failure, no data logged)
                raise UnsendableAddress("none")
            msg["To"] = header_address(to)
            msg["Reply-To"] = header_address(force.email)
            with force_locale(progress.locale):
                context = {"progress": progress, "dates": dates, "kind": kind, "force": force}
                context["link"] = links.person_link(progress.reference, progress.locale)
                msg["Subject"] = header_safe(
                    gettext("Update on your request for a review: %(reference)s", reference=progress.reference)
                )
                msg.set_content(render_template("progress/email_person.txt", **context))
                msg.add_alternative(render_template("progress/email_person.html", **context), subtype="html")
            message_id = f"<{progress.reference.lower()}.{kind}@{_domain(settings)}>"
        elif kind == DIGEST:
            today = clock.today()
            rows = [(item, service_dates(item.submitted_at, force.nation)) for item in opened]
            overdue = sum(rules.is_overdue(d, today, item.acknowledged_at is not None, False) for item, d in rows)
            msg["Subject"] = header_safe(
                f"VRR weekly digest{SEPARATOR}{len(rows)} open requests{SEPARATOR}{overdue} OVERDUE"
            )
            context = {"rows": rows, "today": today, "day": _day, "is_overdue": rules.is_overdue, "force": force}
            msg.set_content(render_template("progress/email_digest.txt", **context))
            message_id = f"<digest-{row_id}.{force.code.lower()}@{_domain(settings)}>"
        else:
            tag = SUBJECT_TAGS[kind]
            due = {
                rules.ACK_DUE: f"acknowledge by {_day(dates.acknowledge_by)}",
                rules.ACK_OVERDUE: f"acknowledgement was due by {_day(dates.acknowledge_by)}",
                rules.REVIEW_DUE: f"finish the review by {_day(dates.review_by)}",
                rules.REVIEW_OVERDUE: f"the review was due by {_day(dates.review_by)}",
            }[kind]
            msg["Subject"] = header_safe(SEPARATOR.join([progress.reference, tag, due]))
            context = {
                "progress": progress,
                "dates": dates,
                "kind": kind,
                "day": _day,
                "links": links.staff_links(progress.reference),
                "rules": rules,
            }
            msg.set_content(render_template("progress/email_reminder.txt", **context))
            message_id = f"<{progress.reference.lower()}.{kind}@{_domain(settings)}>"
    if kind not in PERSON_KINDS:
        msg["To"] = header_address(force.mailbox)
    msg["From"] = header_address(settings.mail_from)
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id
    return msg
