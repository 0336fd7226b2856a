"""``flask remind`` (daily): queue each reminder that is due, once, and the weekly digest, through the outbox.

Only requests the force has (its email sent) and that still hold their data (the links in a reminder work
only then) are reminded about. A reminder's key is unique in ``reminders_sent``, and the key and the outbox
row are written in one transaction, so two runs (or two machines) can never queue the same email twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import db
from app.domain import progress as rules
from app.domain.working_days import Nation, service_dates
from app.models import OutboxMessage, ReminderSent, RequestProgress, SubmittedRequest
from app.progress import store

log = logging.getLogger(__name__)
DIGEST = "digest"


def open_requests(s: Session) -> list[store.Progress]:
    """Requests still held and not finished, oldest first."""
    forwarded = select(OutboxMessage.request_id).where(OutboxMessage.kind == "force", OutboxMessage.status == "sent")
    finished = select(RequestProgress.request_id).where(RequestProgress.finished_at.is_not(None))
    ids = s.scalars(
        select(SubmittedRequest.id)
        .where(
            SubmittedRequest.payload.is_not(None),
            SubmittedRequest.id.in_(forwarded),
            SubmittedRequest.id.not_in(finished),
        )
        .order_by(SubmittedRequest.submitted_at, SubmittedRequest.id)
    ).all()
    return [p for p in (store.load(s, request_id) for request_id in ids) if p is not None]


@dataclass
class RemindReport:
    queued: dict[str, int] = field(default_factory=lambda: dict.fromkeys(rules.REMINDERS, 0))
    digest: bool = False


def _queue(request_id: int, key: str, kind: str, today: date, now: datetime) -> bool:
    """Queue one email under ``key``; False when it was queued before (by this run's predecessors or a twin)."""
    try:
        with db.transaction() as s:
            s.add(ReminderSent(key=key, request_id=request_id, queued_on=today))
            s.flush()
            s.add(OutboxMessage(request_id=request_id, kind=kind, next_attempt_at=now))
    except IntegrityError:
        return False
    return True


def queue_due(now: datetime, today: date, nation: Nation) -> RemindReport:
    report = RemindReport()
    with db.transaction() as s:
        waiting = open_requests(s)
        already = set(s.scalars(select(ReminderSent.key)))
    for item in waiting:
        dates = service_dates(item.submitted_at, nation)
        for kind in rules.due_reminders(dates, nation, today, item.acknowledged_at is not None, False):
            key = f"{kind}:{item.request_id}"
            if key not in already and _queue(item.request_id, key, kind, today, now):
                report.queued[kind] += 1
                log.info("reminder %s queued for request %s", kind, item.request_id)
    week = rules.digest_key(today, nation)
    if week and waiting and f"{DIGEST}:{week}" not in already:
        # The outbox row needs a request: the newest open one, whose data is kept longest anyway.
        report.digest = _queue(waiting[-1].request_id, f"{DIGEST}:{week}", DIGEST, today, now)
    return report


def forget_purged_notes() -> int:
    """Remove the force's note from requests whose personal data has been purged: staff are asked to keep it
    free of personal data, but it is free text, so it goes with the rest. Returns how many were removed."""
    purged = select(SubmittedRequest.id).where(SubmittedRequest.payload.is_(None))
    with db.transaction() as s:
        result = s.execute(
            update(RequestProgress)
            .where(RequestProgress.request_id.in_(purged), RequestProgress.note.is_not(None))
            .values(note=None)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
