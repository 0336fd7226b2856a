"""Submitting a request: one transaction stores the request and the emails it owes (a transactional outbox).

A request is tied to the draft it came from (``requests.draft_id`` is unique), so pressing Submit twice, or
sending the POST again, can never create two requests.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from cryptography.fernet import InvalidToken
from flask import current_app, session
from flask_babel import get_locale
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from app import db
from app.domain import eligibility as rules
from app.domain import reference as references
from app.domain.contact import confirmation_address
from app.domain.time_limit import FLAG as TIME_LIMIT
from app.domain.time_limit import time_limit
from app.domain.working_days import ServiceDates, service_dates
from app.journey import clock, drafts
from app.journey.steps import JourneyState, ready_to_send, shown_pages
from app.models import ConfirmationAccess, Draft, OutboxMessage, SubmittedRequest

log = logging.getLogger(__name__)
RECEIPT_KEY = "receipt"  # a random token; the confirmation it opens is held on the server
RECOVERY_WINDOW = timedelta(minutes=10)
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Receipt:
    reference: str
    request_id: int
    dates: ServiceDates
    applicant_email: bool
    late: bool  # asked more than 3 months after being told: the police first decide whether to review it
    representative: bool = False  # acting for the victim: the police need the victim's written permission
    consent_method: str | None = None  # how that permission will reach them (forms/requester.py CONSENT_METHODS)


def build_payload(data: dict[str, Any], state: JourneyState, locale: str) -> dict[str, Any]:
    """The stored request: only the answers on the person's path (a changed mind leaves no stale answers)."""
    shown = {p.slug for p in shown_pages(state) if p.kind == "step"}
    outcome = state.outcome
    answers = {slug: answers for slug, answers in data.get("answers", {}).items() if slug in shown}
    flags = {f.value for f in outcome.flags}
    offence_date = (answers.get("objection") or {}).get("offence_date")
    nation = current_app.config["VRR_FORCE"].nation
    if offence_date and time_limit(date.fromisoformat(offence_date), state.today, nation) is not None:
        flags.add(TIME_LIMIT)  # staff check at once whether the offence is summary-only
    return {
        "schema_version": SCHEMA_VERSION,
        "locale": locale,
        "eligibility": rules.on_path(state.eligibility, state.today).to_mapping(),
        "outcome": outcome.code.value,
        "flags": sorted(flags),
        "answers": answers,
    }


def applicant_email(payload: dict[str, Any]) -> str | None:
    return confirmation_address(payload["answers"])


class NotReady(Exception):
    """The journey is excluded by its answers, or unfinished: nothing may be sent, whatever was posted."""


def submit(data: dict[str, Any], state: JourneyState) -> Receipt:
    if not ready_to_send(state):
        raise NotReady(state.outcome.code.value)
    draft_id = drafts.current_id()
    if draft_id is None:  # pragma: no cover - the view checks the draft first
        raise RuntimeError("no draft to submit")
    force = current_app.config["VRR_FORCE"]
    now = clock.now()
    locale = str(get_locale() or "en")
    payload = build_payload(data, state, locale)
    district = (payload["answers"].get("victim") or {}).get("district")
    try:
        with db.transaction() as s:
            reference = _unused_reference(s, force.code)
            row = SubmittedRequest(
                reference=reference,
                draft_id=draft_id,
                submitted_at=now,
                locale=locale,
                outcome_code=payload["outcome"],
                flags=",".join(payload["flags"]),
                district=district,
                payload=db.cipher().seal(payload),
                recoverable_until=now + RECOVERY_WINDOW,
            )
            s.add(row)
            s.flush()
            s.add(OutboxMessage(request_id=row.id, kind="force", next_attempt_at=now))
            if applicant_email(payload):
                s.add(OutboxMessage(request_id=row.id, kind="applicant", next_attempt_at=now))
            draft = s.get(Draft, draft_id)
            if draft is not None:
                s.delete(draft)
            request_id = row.id
    except IntegrityError:
        # The same draft was submitted a moment ago (double click): show that request's confirmation.
        with db.transaction() as s:
            request_id = s.scalars(select(SubmittedRequest.id).where(SubmittedRequest.draft_id == draft_id)).one()
    log.info("request submitted id=%s", request_id)
    _grant(request_id)
    session.pop(drafts.SESSION_KEY, None)
    return current_receipt()  # type: ignore[return-value]


def _unused_reference(s: Any, prefix: str) -> str:
    for _ in range(5):
        candidate = references.new_reference(prefix, secrets.randbelow)
        if s.scalars(select(SubmittedRequest.id).where(SubmittedRequest.reference == candidate)).first() is None:
            return candidate
    raise RuntimeError("could not find an unused reference")  # pragma: no cover - 2**53 space


def _grant(request_id: int) -> None:
    """Let this browser see the request's confirmation for a while: a random token in the session, its hash
    on the server (the signed cookie is readable, so it holds nothing else)."""
    token = secrets.token_urlsafe(32)
    with db.transaction() as s:
        s.add(
            ConfirmationAccess(
                id=drafts.token_hash(token), request_id=request_id, expires_at=clock.now() + drafts.idle_limit()
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
            .where(ConfirmationAccess.id == drafts.token_hash(token), ConfirmationAccess.expires_at > clock.now())
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
        dates=service_dates(drafts.as_utc(row.submitted_at), nation),
        applicant_email=emailed is not None,
        late=rules.Flag.LATE.value in flags,
        representative=representative,
        consent_method=_consent_method(row.payload) if representative else None,
    )


def _consent_method(sealed: bytes | None) -> str | None:
    """How the representative said the victim's permission will reach the police: the one answer the
    confirmation reads from the sealed request (None when it has been purged or no key opens it)."""
    if sealed is None:
        return None
    try:
        payload = db.cipher().open(sealed)
    except InvalidToken:
        return None
    method = (payload.get("answers", {}).get("requester") or {}).get("consent_method")
    return str(method) if method else None


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
    _grant(request_id)
    return True


def end_receipt() -> None:
    """Forget this browser's confirmation ("Exit this page"): its access, and the lost-response recovery."""
    token = session.pop(RECEIPT_KEY, None)
    draft_id = drafts.current_id()
    with db.transaction() as s:
        if token:
            request_id = s.scalar(
                select(ConfirmationAccess.request_id).where(ConfirmationAccess.id == drafts.token_hash(token))
            )
            s.execute(delete(ConfirmationAccess).where(ConfirmationAccess.id == drafts.token_hash(token)))
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
