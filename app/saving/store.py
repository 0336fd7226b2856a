"""Saved answers in the database: save (replacing the draft's earlier save), open with the check, purge.

Saving writes the saved copy and its email (the outbox, so it is delivered at least once) in one
transaction, whatever the address: nothing is looked up by address, so no answer can tell whether an
address has saved before.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select, update

from app import db
from app.clock import as_utc
from app.crypto import token_hash
from app.model.application import Application
from app.models import OutboxMessage, SavedAnswers
from app.saving import checks

ATTEMPTS = 5
REMIND_BEFORE = timedelta(days=3)
LINK_KIND = "saved_link"
REMINDER_KIND = "saved_reminder"
KINDS = (LINK_KIND, REMINDER_KIND)
_DUMMY_SALT = b"\0" * checks.SALT_BYTES


def email_unsafe(application: Application) -> bool:
    """The person said email is not safe for them (their contact answers, if given yet)."""
    return application.contact[1].safe_email == "no"


def lifetime() -> timedelta:
    return timedelta(days=current_app.config["VRR_SETTINGS"].saved_days)


@dataclass(frozen=True)
class Choice:
    """What the person chose on the save page."""

    email: str
    check_kind: str
    answer: date | str
    reminder: bool  # asked for, and email is safe for them


def save(draft_id: str, application: Application, choice: Choice, locale: str, now: datetime) -> None:
    """Keep the answers for ``VRR_SAVED_DAYS`` and queue the email with its single-use link.

    A draft saved again replaces its earlier copy, so only the newest link works.
    """
    token = secrets.token_urlsafe(32)
    salt = checks.new_salt()
    expires = now + lifetime()
    remind_at = expires - REMIND_BEFORE if choice.reminder and expires - REMIND_BEFORE > now else None
    # The address is kept with the answers only when a reminder will need it.
    sealed = db.cipher().seal({"draft": application.to_dict(), "email": choice.email if remind_at else None})
    row = SavedAnswers(
        id=token_hash(token),
        draft_id=draft_id,
        data=sealed,
        check_kind=choice.check_kind,
        check_salt=salt,
        check_hash=checks.digest(choice.check_kind, choice.answer, salt),
        attempts_left=ATTEMPTS,
        locale=locale,
        created_at=now,
        expires_at=expires,
        remind_at=remind_at,
        reminder_wanted=remind_at is not None,
    )
    email = {"to": choice.email, "token": token, "locale": locale, "saved_id": row.id, "expires": expires.isoformat()}
    with db.transaction() as s:
        s.execute(delete(SavedAnswers).where(SavedAnswers.draft_id == draft_id))
        s.add(row)
        s.add(_email(LINK_KIND, email, now))


def _email(kind: str, payload: dict[str, Any], now: datetime) -> OutboxMessage:
    return OutboxMessage(
        request_id=None, kind=kind, status="pending", attempts=0, next_attempt_at=now, payload=db.cipher().seal(payload)
    )


def check_kind(token: str, now: datetime) -> str | None:
    """The check a live link asks for; None for a link that is unknown, used, expired or deleted."""
    with db.transaction() as s:
        row = s.execute(
            select(SavedAnswers.check_kind, SavedAnswers.expires_at).where(SavedAnswers.id == token_hash(token))
        ).first()
    return row.check_kind if row is not None and as_utc(row.expires_at) > now else None


@dataclass(frozen=True)
class Outcome:
    """What an answer to the check led to: ``status`` is "opened", "wrong", "deleted" or "unavailable"."""

    status: str
    data: Application | None = None
    locale: str | None = None
    attempts_left: int = 0


def open_saved(token: str, answer: date | str, now: datetime) -> Outcome:
    """Check ``answer``; the right one takes the saved answers and uses the link up, the last wrong one deletes
    them. The slow hash runs even for a link that opens nothing."""
    saved_id = token_hash(token)
    with db.transaction() as s:
        row = s.get(SavedAnswers, saved_id)
        if row is not None and as_utc(row.expires_at) <= now:
            row = None
        kind, salt, expected = (row.check_kind, row.check_salt, row.check_hash) if row else ("word", _DUMMY_SALT, b"")
    try:
        right = checks.matches(kind, answer, salt, expected)
    except TypeError:  # an answer of the wrong kind (a stale page): simply not right
        right = False
    if row is None:
        return Outcome("unavailable")
    with db.transaction() as s:
        if right:
            taken = s.execute(delete(SavedAnswers).where(SavedAnswers.id == saved_id).returning(SavedAnswers.data))
            sealed = taken.scalar_one_or_none()
            if sealed is None:  # used a moment ago, in another tab
                return Outcome("unavailable")
            # Read as the current version: answers saved before an upgrade of the model are upgraded here.
            saved = Application.from_dict(db.cipher().open(sealed)["draft"])
            return Outcome("opened", data=saved, locale=row.locale)
        left = s.execute(
            update(SavedAnswers)
            .where(SavedAnswers.id == saved_id, SavedAnswers.attempts_left > 0)
            .values(attempts_left=SavedAnswers.attempts_left - 1)
            .returning(SavedAnswers.attempts_left)
        ).scalar_one_or_none()
        if left is None:
            return Outcome("unavailable")
        if left <= 0:
            s.execute(delete(SavedAnswers).where(SavedAnswers.id == saved_id))
            return Outcome("deleted")
        return Outcome("wrong", attempts_left=left)


def exists(saved_id: str, now: datetime) -> bool:
    with db.transaction() as s:
        expires = s.scalar(select(SavedAnswers.expires_at).where(SavedAnswers.id == saved_id))
    return expires is not None and as_utc(expires) > now


def queue_reminders(now: datetime) -> int:
    """Queue the reminder of every saved copy whose time for one has come (only asked-for, safe ones)."""
    queued = 0
    with db.transaction() as s:
        due = s.execute(
            select(SavedAnswers).where(SavedAnswers.remind_at.is_not(None), SavedAnswers.remind_at <= now)
        ).scalars()
        for row in due:
            row.remind_at = None
            if as_utc(row.expires_at) <= now:
                continue
            saved = db.cipher().open(row.data)
            email = saved.get("email")
            # Never to someone whose answers (by the time they saved) say email is not safe.
            if email and not email_unsafe(Application.from_dict(saved.get("draft", {}))):
                payload = {"to": email, "locale": row.locale, "saved_id": row.id, "expires": row.expires_at.isoformat()}
                s.add(_email(REMINDER_KIND, payload, now))
                queued += 1
    return queued


def purge_expired(now: datetime) -> int:
    """Delete saved answers past their time, and give up on their emails not sent by then. Returns how many."""
    with db.transaction() as s:
        deleted = s.execute(delete(SavedAnswers).where(SavedAnswers.expires_at <= now)).rowcount  # type: ignore[attr-defined]
        s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.kind.in_(KINDS),
                OutboxMessage.status.not_in(("sent", "sending")),
                OutboxMessage.next_attempt_at <= now - lifetime(),
            )
            .values(status="abandoned", payload=None, claimed_until=None, last_error="Purged")
        )
    return int(deleted or 0)
