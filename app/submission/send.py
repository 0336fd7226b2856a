"""Sending a request: one transaction stores the request and the emails it owes (a transactional outbox).

A request is tied to the draft it came from (``requests.draft_id`` is unique), so pressing Submit twice, or
sending the POST again, can never create two requests.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from flask import current_app, session
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock, db
from app.domain import eligibility as rules
from app.domain import email_parts
from app.domain import reference as references
from app.domain.time_limit import FLAG as TIME_LIMIT
from app.domain.time_limit import time_limit
from app.journey.flow import JourneyState
from app.journey.registry import JOURNEY
from app.model.application import Submission
from app.models import Draft, OutboxMessage, SubmittedRequest
from app.submission import drafts, receipts
from app.uploads import store as upload_store

log = logging.getLogger(__name__)


def build_submission(state: JourneyState, locale: str, nation: str) -> Submission:
    """What is stored: only the answers on the person's path (a changed mind leaves no stale answers)."""
    steps = {page.answers for page in JOURNEY.path(state) if page.answers}
    application = state.application.only_steps(steps)
    application = application.with_eligibility(rules.on_path(application.eligibility, state.today))
    outcome = state.outcome
    flags = {f.value for f in outcome.flags}
    offence_date = application.objection.offence_date if application.objection else None
    if offence_date and time_limit(offence_date, state.today, nation) is not None:  # type: ignore[arg-type]
        flags.add(TIME_LIMIT)  # staff check at once whether the offence is summary-only
    return Submission(application, locale, outcome.code.value, tuple(sorted(flags)))


class NotReady(Exception):
    """The journey is excluded by its answers, or unfinished: nothing may be sent, whatever was posted."""


def submit(state: JourneyState) -> receipts.Receipt:
    if not JOURNEY.ready_to_send(state):
        raise NotReady(state.outcome.code.value)
    draft_id = drafts.current_id()
    if draft_id is None:  # pragma: no cover - the view checks the draft first
        raise RuntimeError("no draft to submit")
    force = current_app.config["VRR_FORCE"]
    now = clock.now()
    locale = str(get_locale() or "en")
    sent = build_submission(state, locale, force.nation)
    victim = sent.application.victim
    try:
        with db.transaction() as s:
            reference = _unused_reference(s, force.code)
            row = SubmittedRequest(
                reference=reference,
                draft_id=draft_id,
                submitted_at=now,
                locale=locale,
                outcome_code=sent.outcome,
                flags=",".join(sent.flags),
                district=victim.district if victim else None,
                payload=db.cipher().seal(sent.to_dict()),
                recoverable_until=now + receipts.RECOVERY_WINDOW,
            )
            s.add(row)
            s.flush()
            upload_store.attach_to_request(s, draft_id, row.id)  # the files go with the request from now on
            for kind in force_email_kinds(s, row.id, force.mailbox_limit_mb):
                s.add(OutboxMessage(request_id=row.id, kind=kind, next_attempt_at=now))
            if sent.application.confirmation_address:
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
    receipts.grant(request_id)
    session.pop(drafts.SESSION_KEY, None)
    receipt = receipts.current_receipt()
    if receipt is None:  # pragma: no cover - granted just above
        raise RuntimeError("confirmation access was not granted")
    return receipt


def force_email_kinds(s: Any, request_id: int, limit_mb: int) -> list[str]:
    """One outbox row for each email the force gets: "force", then "force:2" … when the files need more."""
    count = len(email_parts.split(upload_store.sizes(s, request_id), limit_mb * 1024 * 1024))
    return ["force", *(f"force:{part}" for part in range(2, count + 1))]


def _unused_reference(s: Any, prefix: str) -> str:
    for _ in range(5):
        candidate = references.new_reference(prefix, secrets.randbelow)
        if s.scalars(select(SubmittedRequest.id).where(SubmittedRequest.reference == candidate)).first() is None:
            return candidate
    raise RuntimeError("could not find an unused reference")  # pragma: no cover - 2**53 space
