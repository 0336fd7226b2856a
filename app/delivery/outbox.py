"""The durable outbox: rows written with the request; workers claim, send, and record what happened.

A claim is a lease (``claimed_until``): a worker that dies mid-send leaves a row that another worker takes
over when the lease runs out. On PostgreSQL, claims use ``FOR UPDATE SKIP LOCKED`` so workers never wait for
each other; SQLite (one writer at a time) uses a guarded UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import Session

from app.models import OutboxMessage

LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=2)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment is not None and moment.tzinfo is None else moment


def backoff(attempts: int, random: Callable[[], float]) -> timedelta:
    """Exponential backoff with full jitter: 30 s, 1 min, 2 min … capped at 2 hours."""
    ceiling = min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)
    return timedelta(seconds=ceiling.total_seconds() * (0.5 + random() / 2))


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(
        (OutboxMessage.status == "pending") & (OutboxMessage.next_attempt_at <= now),
        (OutboxMessage.status == "sending") & (OutboxMessage.claimed_until < now),
    )


def claim_due(session: Session, worker_id: str, now: datetime, batch: int = 10) -> list[int]:
    """Claim up to ``batch`` due rows for this worker; return their ids. Commit straight after."""
    query = select(OutboxMessage.id).where(_due(now)).order_by(OutboxMessage.id).limit(batch)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    ids = list(session.scalars(query))
    claimed = []
    for row_id in ids:
        result = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, _due(now))
            .values(status="sending", claimed_by=worker_id, claimed_until=now + LEASE)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            claimed.append(row_id)
    return claimed


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
) -> None:
    row = session.get(OutboxMessage, row_id)
    if row is None or row.claimed_by != worker_id:
        return
    row.attempts += 1
    row.last_error = error[:500]
    row.claimed_until = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.status = "pending"
        row.next_attempt_at = now + backoff(row.attempts, random)


def retry(session: Session, now: datetime, row_id: int | None = None) -> int:
    """Put failed rows (or one row) back in the queue now."""
    query = update(OutboxMessage).where(OutboxMessage.status == "failed")
    if row_id is not None:
        query = update(OutboxMessage).where(OutboxMessage.id == row_id, OutboxMessage.status != "sent")
    result = session.execute(query.values(status="pending", next_attempt_at=now, attempts=0))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class QueueStatus:
    counts: dict[str, int]
    oldest_pending: datetime | None


def status(session: Session) -> QueueStatus:
    counts = dict(session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    oldest = session.scalar(select(func.min(OutboxMessage.next_attempt_at)).where(OutboxMessage.status != "sent"))
    return QueueStatus(counts={str(k): int(v) for k, v in counts.items()}, oldest_pending=_aware(oldest))
