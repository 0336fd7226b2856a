"""The delivery worker: claim due outbox rows, build the PDF and the email, send, record the result.

The PDF is made here, never on the request path. Run it with ``flask outbox work``; ``make run`` runs one in
a background thread.
"""

from __future__ import annotations

import logging
import os
import random
import smtplib
import socket
import threading
from datetime import UTC

from flask import Flask

from app import db
from app.delivery import outbox, smtp
from app.delivery.copies import applicant_copy, make_pdf
from app.delivery.document import RequestDocument
from app.delivery.email import build_applicant_message, build_force_message, message_id
from app.journey import clock
from app.models import OutboxMessage, SubmittedRequest

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def load_document(app: Flask, request_id: int) -> RequestDocument:
    with app.app_context(), db.transaction() as s:
        row = s.get(SubmittedRequest, request_id)
        if row is None or row.payload is None:
            raise LookupError("request has no payload")
        payload = db.cipher().open(row.payload)
        submitted = row.submitted_at if row.submitted_at.tzinfo else row.submitted_at.replace(tzinfo=UTC)
        return RequestDocument(row.reference, submitted, app.config["VRR_FORCE"], payload)


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
    doc = load_document(app, request_id)
    # PDFs are made in the render guard's child, with a time limit: a copy that cannot be made is left out
    # (the force's email then carries the answers in its body) and the email is still sent, never retried
    # for it. The applicant's copy is made once, with the force's email, and stored for the download link.
    if kind == "force":
        applicant_copy(app, request_id, doc)
        message = build_force_message(app, doc, make_pdf(app, doc, "staff"), settings)
    else:
        attach = applicant_copy(app, request_id, doc) if doc.force.attach_pdf_to_applicant_email else None
        message = build_applicant_message(app, doc, settings, attach)
    smtp.send(message, settings)
    with app.app_context(), db.transaction() as s:
        return outbox.mark_sent(s, row_id, worker_id, message_id(doc, kind, settings), clock.now())


def process_once(app: Flask, worker_id: str | None = None, batch: int = 10) -> int:
    """Claim and send what is due. Returns how many were sent."""
    worker_id = worker_id or worker_name()
    with app.app_context(), db.transaction() as s:
        claimed = outbox.claim_due(s, worker_id, clock.now(), batch)
    sent = 0
    for row_id in claimed:
        try:
            if deliver(app, row_id, worker_id):
                sent += 1
                log.info("outbox row %s sent", row_id)
        except (OSError, smtplib.SMTPException, LookupError, ValueError) as exc:
            log.warning("outbox row %s not sent: %s", row_id, _error_text(exc))
            with app.app_context(), db.transaction() as s:
                outbox.mark_failed(s, row_id, worker_id, _error_text(exc), clock.now(), random.random)
    return sent


def run_forever(app: Flask, poll_seconds: float = 1.0, stop: threading.Event | None = None) -> None:
    stop = stop or threading.Event()
    worker_id = worker_name()
    log.info("delivery worker started")
    while not stop.is_set():
        try:
            if process_once(app, worker_id) == 0:
                stop.wait(poll_seconds)
        except Exception as exc:  # keep the worker alive; the row stays claimed and is retried after its lease
            log.error("delivery worker error: %s", type(exc).__name__)  # no traceback: it may quote data
            stop.wait(poll_seconds * 5)


def start_background(app: Flask) -> threading.Event:
    stop = threading.Event()
    threading.Thread(target=run_forever, args=(app,), kwargs={"stop": stop}, daemon=True, name="outbox").start()
    return stop
