"""The PDF copies the delivery worker makes: through the render guard, and the applicant's stored once.

The applicant's copy is made off the request path, once, and kept sealed with the data cipher in
``requests.applicant_pdf``; the download link serves those bytes. ``FAILED`` (sealed) records that it could
not be made, so neither the worker nor the download page waits for it again.
"""

from __future__ import annotations

import logging
from typing import Literal

from flask import Flask
from sqlalchemy import select, update

from app import db
from app.delivery.document import RequestDocument
from app.delivery.render_guard import RenderFailed, guard
from app.models import SubmittedRequest

log = logging.getLogger(__name__)
FAILED = b""
CopyState = Literal["ready", "pending", "failed", "gone"]


def make_pdf(app: Flask, doc: RequestDocument, audience: Literal["staff", "applicant"]) -> bytes | None:
    """The copy as PDF bytes, or None when it could not be made within ``VRR_PDF_TIMEOUT_SECONDS``."""
    from app.delivery.pdf import render_html  # WeasyPrint itself runs in the guard's child process

    try:
        return guard.render(render_html(app, doc, audience), app.config["VRR_SETTINGS"].pdf_timeout_seconds)
    except RenderFailed as exc:
        log.warning("%s PDF for %s could not be made: %s", audience, doc.reference, exc)
        return None


def applicant_copy(app: Flask, request_id: int, doc: RequestDocument) -> bytes | None:
    """The applicant's copy: the stored one, or made now and stored. None when it could not be made."""
    state, data = stored_applicant_copy(app, request_id)
    if state == "ready":
        return data
    if state != "pending":
        return None
    pdf = make_pdf(app, doc, "applicant")
    with app.app_context(), db.transaction() as s:
        s.execute(
            update(SubmittedRequest)
            .where(
                SubmittedRequest.id == request_id,
                SubmittedRequest.applicant_pdf.is_(None),
                SubmittedRequest.payload.is_not(None),  # not after a purge
            )
            .values(applicant_pdf=db.cipher().seal_bytes(pdf if pdf is not None else FAILED))
        )
    return pdf


def stored_applicant_copy(app: Flask, request_id: int) -> tuple[CopyState, bytes]:
    """Whether the applicant's copy is ready (with its bytes), still to be made, failed, or gone (purged)."""
    with app.app_context(), db.transaction() as s:
        row = s.execute(
            select(SubmittedRequest.applicant_pdf, SubmittedRequest.payload.is_(None)).where(
                SubmittedRequest.id == request_id
            )
        ).first()
        if row is None or row[1]:
            return "gone", b""
        if row[0] is None:
            return "pending", b""
        data = db.cipher().open_bytes(row[0])
    return ("ready", data) if data != FAILED else ("failed", b"")
