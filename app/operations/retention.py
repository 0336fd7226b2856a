"""How long personal data is kept, and removing it when that time is up (``flask purge``, run daily).

- A draft: deleted after ``VRR_DRAFT_IDLE_MINUTES`` without activity.
- A delivered request (every email sent): its personal data is removed ``VRR_RETENTION_DAYS`` after the last
  email was sent.
- An undelivered request (an email still not sent): its personal data is removed
  ``VRR_UNDELIVERED_RETENTION_DAYS`` after it was made, and its unsent emails are abandoned so that no worker
  opens a purged payload. A failing email is given up on within hours and shows in ``flask outbox failed``,
  so operators have those days to fix and retry it; after them the promise to delete wins.

A purged request keeps its reference and anonymous facts (outcome, district) for statistics.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from app import db
from app.delivery import outbox
from app.models import OutboxMessage, SubmittedRequest
from app.submission import drafts, receipts
from app.uploads import store as upload_store

log = logging.getLogger(__name__)
PURGED = "Purged"  # the last_error of an email abandoned because its request's personal data was removed


@dataclass(frozen=True)
class PurgeReport:
    drafts: int
    delivered: int
    undelivered_ids: tuple[int, ...]
    saved: int = 0  # saved answers past VRR_SAVED_DAYS (issue 16)
    reminders: int = 0  # reminders queued for saved answers about to be deleted


def purge(now: datetime) -> PurgeReport:
    """Remove every piece of personal data whose time is up. Returns what was removed (counts and ids only)."""
    settings = current_app.config["VRR_SETTINGS"]
    expired_drafts = drafts.purge_expired(now)
    receipts.purge_expired_access(now)  # confirmation pages that ran out
    with db.transaction() as s:
        delivered = _delivered_before(s, now - timedelta(days=settings.retention_days))
        undelivered = _undelivered_since(s, now - timedelta(days=settings.undelivered_retention_days))
        _remove_payloads(s, delivered + undelivered, now)
        outbox.abandon(s, undelivered, PURGED)
    for request_id in undelivered:
        log.warning("request %s purged undelivered: its unsent emails are abandoned", request_id)
    from app.saving import store  # issue 16: saved answers expire, and their reminders are queued here

    saved, reminders = store.purge_expired(now), store.queue_reminders(now)
    return PurgeReport(expired_drafts, len(delivered), tuple(undelivered), saved, reminders)


def _delivered_before(session: Session, cutoff: datetime) -> list[int]:
    unsent = select(OutboxMessage.request_id).where(OutboxMessage.status != "sent", _of_a_request())
    last_sent = (
        select(OutboxMessage.request_id)
        .group_by(OutboxMessage.request_id)
        .having(func.max(OutboxMessage.sent_at) < cutoff)
    )
    return list(
        session.scalars(
            select(SubmittedRequest.id).where(
                SubmittedRequest.payload.is_not(None),
                SubmittedRequest.id.in_(last_sent),
                SubmittedRequest.id.not_in(unsent),
            )
        )
    )


def _undelivered_since(session: Session, cutoff: datetime) -> list[int]:
    """Requests made before ``cutoff`` with an email not sent (or, which should never happen, no email at all)."""
    unsent = select(OutboxMessage.request_id).where(OutboxMessage.status != "sent", _of_a_request())
    with_email = select(OutboxMessage.request_id).where(_of_a_request())
    return list(
        session.scalars(
            select(SubmittedRequest.id)
            .where(
                SubmittedRequest.payload.is_not(None),
                SubmittedRequest.submitted_at < cutoff,
                or_(SubmittedRequest.id.in_(unsent), SubmittedRequest.id.not_in(with_email)),
            )
            .order_by(SubmittedRequest.id)
        )
    )


def _of_a_request() -> ColumnElement[bool]:
    """Outbox rows of a request. A saved-answers email (issue 16) has none, and a NULL in a NOT IN list would
    make it match nothing."""
    return OutboxMessage.request_id.is_not(None)


def _remove_payloads(session: Session, request_ids: list[int], now: datetime) -> None:
    if request_ids:
        session.execute(
            update(SubmittedRequest)
            .where(SubmittedRequest.id.in_(request_ids))
            .values(payload=None, applicant_pdf=None, purged_at=now)
        )
        upload_store.discard_requests(session, request_ids)  # issue 15: the request's files go with it
