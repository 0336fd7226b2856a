"""Which confirmation a browser may see: held on the server, a random token in the session, for a short time.

"Exit this page" ends it; a lost response to "Accept and send" is recovered for a few minutes.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.fernet import InvalidToken
from flask import current_app, session
from sqlalchemy import delete, select, update

from app import clock, db
from app.crypto import token_hash
from app.domain import eligibility as rules
from app.domain.working_days import ServiceDates, service_dates
from app.model.application import Submission
from app.models import ConfirmationAccess, OutboxMessage, SubmittedRequest
from app.submission import drafts
from app.uploads import store as upload_store

RECEIPT_KEY = "receipt"  # a random token; the confirmation it opens is held on the server
RECOVERY_WINDOW = timedelta(minutes=10)


@dataclass(frozen=True)
class Receipt:
    reference: str
    request_id: int
    dates: ServiceDates
    applicant_email: bool
    late: bool  # asked more than 3 months after being told: the police first decide whether to review it
    representative: bool = False  # acting for the victim: the police need the victim's written permission
    consent_method: str | None = None  # how that permission will reach them (forms/requester.py CONSENT_METHODS)
    permission_uploaded: bool = False  # a file of kind "permission" went with the request


def grant(request_id: int) -> None:
    """Let this browser see the request's confirmation for a while: a random token in the session, its hash
    on the server (the signed cookie is readable, so it holds nothing else)."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as s:
        s.add(
            ConfirmationAccess(
                id=token_hash(token), request_id=request_id, expires_at=clock.now() + drafts.idle_limit()
            )
        )
    session[RECEIPT_KEY] = token


def current_receipt() -> Receipt | None:
    """The confirmation this browser may see, if its access is still live."""
    token = session.get(RECEIPT_KEY)
    if not token:
        return None
    with db.transaction() as s:
        row = s.execute(
            select(
                SubmittedRequest.id,
                SubmittedRequest.reference,
                SubmittedRequest.submitted_at,
                SubmittedRequest.flags,
                SubmittedRequest.payload,
            )
            .join(ConfirmationAccess, ConfirmationAccess.request_id == SubmittedRequest.id)
            .where(ConfirmationAccess.id == token_hash(token), ConfirmationAccess.expires_at > clock.now())
        ).first()
        if row is None:
            session.pop(RECEIPT_KEY, None)
            return None
        emailed = s.scalar(
            select(OutboxMessage.id).where(OutboxMessage.request_id == row.id, OutboxMessage.kind == "applicant")
        )
    nation = current_app.config["VRR_FORCE"].nation
    flags = set((row.flags or "").split(","))
    representative = rules.Flag.REPRESENTATIVE.value in flags
    return Receipt(
        reference=row.reference,
        request_id=row.id,
        dates=service_dates(clock.as_utc(row.submitted_at), nation),
        applicant_email=emailed is not None,
        late=rules.Flag.LATE.value in flags,
        representative=representative,
        consent_method=_consent_method(row.payload) if representative else None,
        permission_uploaded=representative and _permission_uploaded(row.id),
    )


def _permission_uploaded(request_id: int) -> bool:
    with db.transaction() as s:
        return upload_store.has_kind(s, request_id, "permission")


def _consent_method(sealed: bytes | None) -> str | None:
    """How the representative said the victim's permission will reach the police: the one answer the
    confirmation reads from the sealed request (None when it has been purged or no key opens it)."""
    if sealed is None:
        return None
    try:
        requester = Submission.from_dict(db.cipher().open(sealed)).application.requester
    except InvalidToken:
        return None
    return requester.consent_method if requester else None


def recover_receipt() -> bool:
    """After a lost response to the final POST, the browser's cookie still names the draft it sent: show that
    request's confirmation (for a few minutes, and never after "Exit this page") instead of "nothing was sent"."""
    draft_id = drafts.lost_id()
    if draft_id is None:
        return False
    with db.transaction() as s:
        request_id = s.scalar(
            select(SubmittedRequest.id).where(
                SubmittedRequest.draft_id == draft_id, SubmittedRequest.recoverable_until > clock.now()
            )
        )
    if request_id is None:
        return False
    grant(request_id)
    return True


def end_receipt() -> None:
    """Forget this browser's confirmation ("Exit this page"): its access, and the lost-response recovery."""
    token = session.pop(RECEIPT_KEY, None)
    draft_id = drafts.current_id()
    with db.transaction() as s:
        if token:
            request_id = s.scalar(
                select(ConfirmationAccess.request_id).where(ConfirmationAccess.id == token_hash(token))
            )
            s.execute(delete(ConfirmationAccess).where(ConfirmationAccess.id == token_hash(token)))
            if request_id is not None:
                s.execute(
                    update(SubmittedRequest).where(SubmittedRequest.id == request_id).values(recoverable_until=None)
                )
        if draft_id:
            s.execute(
                update(SubmittedRequest).where(SubmittedRequest.draft_id == draft_id).values(recoverable_until=None)
            )


def purge_expired_access(now: datetime) -> int:
    """Delete confirmation access that has run out. Returns how many rows were deleted."""
    with db.transaction() as s:
        result = s.execute(delete(ConfirmationAccess).where(ConfirmationAccess.expires_at <= now))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
