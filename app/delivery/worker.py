"""The delivery worker: claim due outbox rows, build the PDF and the email, send, record the result.

PDFs are made here (in the render guard's child process), never on a web request. Run it with
``flask outbox work``; ``make run`` runs one in a background thread.
"""

from __future__ import annotations

import logging
import os
import random
import socket
import threading

from flask import Flask

from app import clock, db
from app.clock import as_utc
from app.delivery import attachments, outbox, progress_mail, saved_mail, smtp
from app.delivery.copies import applicant_copy, make_pdf
from app.delivery.document import RequestDocument
from app.delivery.email import build_applicant_message, build_force_message, build_force_part, message_id
from app.model.application import Submission
from app.models import OutboxMessage, SubmittedRequest
from app.uploads import store as upload_store

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def load_document(app: Flask, request_id: int) -> RequestDocument:
    with app.app_context(), db.transaction() as s:
        row = s.get(SubmittedRequest, request_id)
        if row is None or row.payload is None:
            raise LookupError("request has no payload")
        submission = Submission.from_dict(db.cipher().open(row.payload))
        files = tuple(upload_store.listed(s, db.cipher(), request_id=request_id))
        return RequestDocument(row.reference, as_utc(row.submitted_at), app.config["VRR_FORCE"], submission, files)


def _error_text(exc: Exception) -> str:
    """What went wrong, without personal data: the class, and an SMTP code if there is one."""
    code = getattr(exc, "smtp_code", None)
    return f"{type(exc).__name__}{f' {code}' if code else ''}"


def deliver(app: Flask, row_id: int, worker_id: str) -> bool:
    settings = app.config["VRR_SETTINGS"]
    with app.app_context(), db.transaction() as s:
        row = s.get(OutboxMessage, row_id)
        assert row is not None  # noqa: S101 - we hold the claim
        kind, request_id = row.kind, row.request_id
    if request_id is None:  # issue 16: an email about saved answers, which belongs to no request
        return saved_mail.deliver(app, row_id, worker_id)
    if kind in progress_mail.KINDS:  # issue 20: reminders and progress updates, built without the answers
        return progress_mail.deliver(app, row_id, request_id, kind, worker_id)
    doc = load_document(app, request_id)
    # PDFs are made in the render guard's child, with a time limit: a copy that cannot be made is left out
    # (the force's email then carries the answers in its body) and the email is still sent, never retried
    # for it. The applicant's copy is made once, with the force's email, and stored for the download link.
    if kind == "force":
        applicant_copy(app, request_id, doc)
        message = build_force_message(app, doc, make_pdf(app, doc, "staff"), settings)
    elif kind.startswith("force:"):  # a later email of a request whose files did not fit in one
        message = build_force_part(app, doc, attachments.part_number(kind), settings)
    else:
        attach = applicant_copy(app, request_id, doc) if doc.force.attach_pdf_to_applicant_email else None
        message = build_applicant_message(app, doc, settings, attach)
    with app.app_context(), db.transaction() as s:  # ownership check, in its own transaction, just before sending
        if not outbox.hold(s, row_id, worker_id, clock.now()):
            log.warning("outbox row %s not sent: this worker no longer holds its lease", row_id)
            return False
    smtp.send(message, settings)
    with app.app_context(), db.transaction() as s:
        return outbox.mark_sent(s, row_id, worker_id, message_id(doc, kind, settings), clock.now())


def process_once(app: Flask, worker_id: str | None = None, batch: int = 10) -> int:
    """Send up to ``batch`` due emails, one row at a time (claim, send, mark, then the next). Returns how many sent."""
    worker_id = worker_id or worker_name()
    sent = 0
    for _ in range(batch):
        with app.app_context(), db.transaction() as s:
            row_id = outbox.claim_next(s, worker_id, clock.now())
        if row_id is None:
            break
        sent += attempt(app, row_id, worker_id)
    return sent


def attempt(app: Flask, row_id: int, worker_id: str) -> bool:
    """One delivery attempt of a claimed row. Any exception is that row's failed attempt, never the worker's."""
    try:
        if deliver(app, row_id, worker_id):
            log.info("outbox row %s sent", row_id)
            return True
        return False
    except Exception as exc:  # a poison row (Jinja, InvalidToken, WeasyPrint, SMTP…) must not stop the others
        error = _error_text(exc)  # the class only: an exception's message may quote personal data
        with app.app_context(), db.transaction() as s:
            row = outbox.mark_failed(s, row_id, worker_id, error, clock.now(), random.random)
            attempts, gave_up = (row.attempts, row.status == "failed") if row else (0, False)
        if row is None:  # taken over, or abandoned by a purge, while we worked
            log.warning("outbox row %s not sent, and no longer held by this worker: %s", row_id, error)
        elif gave_up:
            log.error("outbox row %s failed after %s attempts, giving up: %s", row_id, attempts, error)
        else:
            log.warning("outbox row %s not sent (attempt %s of %s): %s", row_id, attempts, outbox.MAX_ATTEMPTS, error)
        return False


def run_forever(app: Flask, poll_seconds: float = 1.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    worker_id = worker_name()
    log.info("delivery worker started")
    while not stop.is_set():
        try:
            if process_once(app, worker_id) == 0:
                stop.wait(poll_seconds)
        except Exception as exc:  # the database, most likely: keep the worker alive and try again shortly
            log.error("delivery worker error: %s", type(exc).__name__)  # no traceback: it may quote data
            stop.wait(poll_seconds * 5)


def start_background(app: Flask) -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(app,), kwargs={"stop": stop}, daemon=True, name="outbox").start()
    return stop
