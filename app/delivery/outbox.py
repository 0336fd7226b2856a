"""The durable outbox: rows written with the request; workers claim, send, and record what happened.

A worker claims ONE row at a time (claim, send, mark, then the next), so a lease never has to outlive a
batch. A claim is a lease (``claimed_until``): a worker that dies mid-send leaves a row that another worker
takes over when the lease runs out, and that takeover counts as a failed attempt, so a row that kills its
worker still ends as "failed" instead of being retried forever. Just before sending, the worker confirms
(and renews) its lease in its own transaction; a worker that lost its lease sends nothing.

Delivery is at least once: a worker killed between the SMTP server's acceptance and our commit leaves a row
that is sent again, with the same Message-ID, so the mailbox can de-duplicate.

On PostgreSQL, claims use ``FOR UPDATE SKIP LOCKED`` so workers never wait for each other; SQLite (one writer
at a time) uses a guarded UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, case, func, or_, select, update
from sqlalchemy.orm import Session

from app.clock import as_utc
from app.models import OutboxMessage, SubmittedRequest

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=2)
STATUSES = ("pending", "sending", "sent", "failed", "abandoned")
LEASE_EXPIRED = "LeaseExpired"  # last_error of a row whose worker stopped before it finished
_CLAIM_TRIES = 20  # rows given up on, or lost to another worker, before a claim stops looking


def backoff(attempts: int, random: Callable[[], float]) -> timedelta:
    """Exponential backoff with full jitter: 30 s, 1 min, 2 min … capped at 2 hours."""
    ceiling = min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)
    return timedelta(seconds=ceiling.total_seconds() * (0.5 + random() / 2))


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now),
    )


def claim_next(session: Session, worker_id: str, now: datetime) -> int | None:
    """Claim the next due row for this worker and return its id (None when nothing is due). Commit straight after.

    A row taken over from a worker whose lease ran out has its attempt counted; on its last attempt it is
    marked "failed" instead of claimed.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    for _ in range(_CLAIM_TRIES):
        query = select(OutboxMessage.id, OutboxMessage.status, OutboxMessage.attempts).where(_due(now))
        query = query.order_by(OutboxMessage.id).limit(1)
        if postgres:
            query = query.with_for_update(skip_locked=True)
        candidate = session.execute(query).first()
        if candidate is None:
            return None
        guarded = update(OutboxMessage).where(OutboxMessage.id == candidate.id, _due(now))
        taken_over = OutboxMessage.status == "sending"
        if candidate.status == "sending" and candidate.attempts + 1 >= MAX_ATTEMPTS:
            session.execute(
                guarded.values(
                    status="failed",
                    attempts=OutboxMessage.attempts + 1,
                    claimed_until=None,
                    last_error=LEASE_EXPIRED,
                )
            )
            continue
        result = session.execute(
            guarded.values(
                status="sending",
                claimed_by=worker_id,
                claimed_until=now + LEASE,
                attempts=OutboxMessage.attempts + case((taken_over, 1), else_=0),
                last_error=case((taken_over, LEASE_EXPIRED), else_=OutboxMessage.last_error),
            )
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return int(candidate.id)
    return None


def hold(session: Session, row_id: int, worker_id: str, now: datetime) -> bool:
    """Just before sending: True, with the lease renewed, only if this worker still holds an unexpired lease."""
    result = session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == row_id,
            OutboxMessage.claimed_by == worker_id,
            OutboxMessage.status == "sending",
            OutboxMessage.claimed_until >= now,
        )
        .values(claimed_until=now + LEASE)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_sent(session: Session, row_id: int, worker_id: str, message_id: str, now: datetime) -> bool:
    """Record success, only if this worker still holds the claim."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.claimed_by == worker_id, OutboxMessage.status == "sending")
        .values(status="sent", sent_at=now, message_id=message_id, claimed_until=None, last_error=None)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def mark_failed(
    session: Session, row_id: int, worker_id: str, error: str, now: datetime, random: Callable[[], float]
) -> OutboxMessage | None:
    """Count a failed attempt: back off, or give up after the last one. Returns the row, or None if not ours."""
    row = session.get(OutboxMessage, row_id)
    if row is None or row.claimed_by != worker_id or row.status != "sending":
        return None
    row.attempts += 1
    row.last_error = error[:500]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.status = "pending"
        row.next_attempt_at = now + backoff(row.attempts, random)
    return row


def _still_held() -> ColumnElement[bool]:
    """Rows whose request still has its personal data (a purged request has nothing left to send)."""
    held = select(SubmittedRequest.id).where(SubmittedRequest.payload.is_not(None))
    # A saved-answers email (issue 16) has no request: it can be retried while it still holds its payload.
    return or_(OutboxMessage.request_id.in_(held), OutboxMessage.payload.is_not(None))


def retry(session: Session, now: datetime, row_id: int | None = None) -> int:
    """Put failed rows (or one failed or waiting row) back in the queue now. Never a row being sent or sent."""
    query = update(OutboxMessage).where(OutboxMessage.status == "failed", _still_held())
    if row_id is not None:
        query = update(OutboxMessage).where(
            OutboxMessage.id == row_id, OutboxMessage.status.in_(("failed", "pending")), _still_held()
        )
    result = session.execute(query.values(status="pending", next_attempt_at=now, attempts=0))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def abandon(session: Session, request_ids: list[int], reason: str) -> int:
    """Stop every unsent email of these requests (their personal data is being removed)."""
    if not request_ids:
        return 0
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.request_id.in_(request_ids), OutboxMessage.status != "sent")
        .values(status="abandoned", claimed_until=None, last_error=reason)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class FailedRow:
    """What an operator sees of a failed email: no personal data."""

    id: int
    reference: str
    kind: str
    attempts: int
    last_error: str


def failed(session: Session) -> list[FailedRow]:
    rows = session.execute(
        select(
            OutboxMessage.id,
            SubmittedRequest.reference,
            OutboxMessage.kind,
            OutboxMessage.attempts,
            OutboxMessage.last_error,
        )
        .outerjoin(SubmittedRequest, SubmittedRequest.id == OutboxMessage.request_id)  # saved answers: none
        .where(OutboxMessage.status == "failed")
        .order_by(OutboxMessage.id)
    ).all()
    return [FailedRow(r.id, r.reference or "-", r.kind, r.attempts, r.last_error or "") for r in rows]


@dataclass(frozen=True)
class QueueStatus:
    counts: dict[str, int]
    oldest_pending: datetime | None


def status(session: Session) -> QueueStatus:
    counts = dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    oldest = session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status.not_in(("sent", "abandoned")))
    )
    return QueueStatus(
        counts={str(k): int(v) for k, v in counts.items()}, oldest_pending=as_utc(oldest) if oldest else None
    )
