"""Reading and recording a request's progress. Recording is idempotent: the first acknowledgement and the first
outcome stand, and a replayed POST changes nothing. Each recording queues the person's short email (through the
outbox, in the same transaction) when they have a safe inbox: the same test as their confirmation email."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from cryptography.fernet import InvalidToken
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app import db
from app.clock import as_utc
from app.models import OutboxMessage, RequestProgress, SubmittedRequest

PERSON_ACKNOWLEDGED = "person_ack"  # outbox kinds of the person's emails (app/delivery/progress_mail.py)
PERSON_FINISHED = "person_finished"
Result = Literal["recorded", "already", "gone"]


@dataclass(frozen=True)
class Progress:
    request_id: int
    reference: str
    submitted_at: datetime
    locale: str
    purged: bool
    acknowledged_at: datetime | None
    finished_at: datetime | None
    outcome: str | None
    note: str | None


def load(s: Session, request_id: int) -> Progress | None:
    row = s.get(SubmittedRequest, request_id)
    if row is None:
        return None
    progress = s.get(RequestProgress, request_id)
    note = None
    if progress is not None and progress.note is not None and row.payload is not None:
        try:
            note = str(db.cipher().open(progress.note))
        except InvalidToken:
            note = None
    submitted = as_utc(row.submitted_at)
    return Progress(
        request_id=row.id,
        reference=row.reference,
        submitted_at=submitted,
        locale=row.locale,
        purged=row.payload is None,
        acknowledged_at=as_utc(progress.acknowledged_at) if progress and progress.acknowledged_at else None,
        finished_at=as_utc(progress.finished_at) if progress and progress.finished_at else None,
        outcome=progress.outcome if progress else None,
        note=note,
    )


def _ensure_row(s: Session, request_id: int) -> None:
    if s.get(RequestProgress, request_id) is None:
        try:
            with s.begin_nested():
                s.add(RequestProgress(request_id=request_id))
        except IntegrityError:  # another POST made it a moment ago: theirs will do
            pass


def _person_has_inbox(s: Session, request_id: int) -> bool:
    """The person's confirmation email was owed: their address is one they said is safe (app/domain/contact.py)."""
    count = s.scalar(
        select(func.count())
        .select_from(OutboxMessage)
        .where(OutboxMessage.request_id == request_id, OutboxMessage.kind == "applicant")
    )
    return bool(count)


def _live(s: Session, request_id: int) -> bool:
    row = s.get(SubmittedRequest, request_id)
    return row is not None and row.payload is not None


def acknowledge(request_id: int, now: datetime) -> Result:
    return _record(request_id, now, RequestProgress.acknowledged_at, {"acknowledged_at": now}, PERSON_ACKNOWLEDGED)


def finish(request_id: int, now: datetime, outcome: str, note: str | None) -> Result:
    """Record the outcome. A review finished without an acknowledgement recorded counts as acknowledged then:
    the person has heard from the force."""
    values = {
        "finished_at": now,
        "outcome": outcome,
        "note": db.cipher().seal(note) if note else None,
        "acknowledged_at": func.coalesce(RequestProgress.acknowledged_at, now),
    }
    return _record(request_id, now, RequestProgress.finished_at, values, PERSON_FINISHED)


def _record(request_id: int, now: datetime, unset: Any, values: dict[str, Any], email_kind: str) -> Result:
    """Record once: only while ``unset`` is still empty (the first record stands), then tell the person by
    email if they have a safe inbox."""
    with db.transaction() as s:
        if not _live(s, request_id):
            return "gone"
        _ensure_row(s, request_id)
        changed = update(RequestProgress).where(RequestProgress.request_id == request_id, unset.is_(None))
        if not s.execute(changed.values(values)).rowcount:  # type: ignore[attr-defined]
            return "already"
        if _person_has_inbox(s, request_id):
            s.add(OutboxMessage(request_id=request_id, kind=email_kind, next_attempt_at=now))
        return "recorded"
