"""Database tables. Personal data is only ever stored encrypted (``app.crypto``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Draft(Base):
    """Answers in progress. The browser holds only a random token; we store its SHA-256."""

    __tablename__ = "drafts"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class SubmittedRequest(Base):
    __tablename__ = "requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    draft_id: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    locale: Mapped[str] = mapped_column(String(16))
    outcome_code: Mapped[str] = mapped_column(String(40))
    flags: Mapped[str] = mapped_column(String(255), default="")
    district: Mapped[str | None] = mapped_column(String(80), nullable=True)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The applicant's PDF copy, sealed like the payload; made once by the delivery worker (app/delivery/copies.py).
    applicant_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Until when the browser that sent it may see its confirmation again after a lost response (its cookie
    # still names the sent draft). Cleared by "Exit this page".
    recoverable_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConfirmationAccess(Base):
    """Lets one browser see one request's confirmation and download its copy, for a short time.

    The browser's session holds only a random token; we store its SHA-256. "Exit this page" deletes the row,
    so a copy of the cookie taken earlier opens nothing.
    """

    __tablename__ = "confirmation_access"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class OutboxMessage(Base):
    """One email the service owes. Written in the same transaction as its request."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # None for an email about saved answers (issue 16), which belongs to no request: its ``payload`` says
    # what to send instead.
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # "force", "applicant", "saved_link" or "saved_reminder"
    status: Mapped[str] = mapped_column(String(20), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    message_id: Mapped[str | None] = mapped_column(String(255), nullable=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Sealed (app.crypto): the address, language and link of a saved-answers email; cleared once it is sent.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)

    __table_args__ = (Index("ix_outbox_due", "status", "next_attempt_at"),)


class EligibilityStat(Base):
    """An anonymous count of one completed eligibility check: no personal data at all."""

    __tablename__ = "eligibility_stats"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    recorded_on: Mapped[date] = mapped_column(Date, index=True)
    force_code: Mapped[str] = mapped_column(String(8))
    outcome_code: Mapped[str] = mapped_column(String(40))
    flags: Mapped[str] = mapped_column(String(255), default="")
    locale: Mapped[str] = mapped_column(String(16))


class RequestProgress(Base):
    """What the force recorded through the signed links in its email (issue 20). No personal data, except the
    note, which staff are asked to keep free of it and which is stored sealed all the same."""

    __tablename__ = "request_progress"
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(20), nullable=True)  # upheld, overturned, other
    note: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class ReminderSent(Base):
    """Each reminder (per request and kind) and each weekly digest, queued once: ``key`` is unique
    ("ack_due:12", "digest:2026-W49"), so two runs of ``flask remind`` cannot queue the same one twice."""

    __tablename__ = "reminders_sent"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    queued_on: Mapped[date] = mapped_column(Date)


class SavedAnswers(Base):
    """A draft saved to come back to later (issue 16): one row per draft, opened by an emailed single-use link.

    ``id`` is the SHA-256 of the link's random token (the token itself is only ever in the email). ``data`` is
    the draft's answers, sealed like a draft. ``check_hash`` is a slow hash (scrypt, with ``check_salt``) of the
    answer to the check the person chose; ``attempts_left`` wrong answers delete the row.
    """

    __tablename__ = "saved_answers"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(64), unique=True)  # saving the same draft again replaces it
    data: Mapped[bytes] = mapped_column(LargeBinary)
    check_kind: Mapped[str] = mapped_column(String(16))  # "date_of_birth" or "word"
    check_salt: Mapped[bytes] = mapped_column(LargeBinary)
    check_hash: Mapped[bytes] = mapped_column(LargeBinary)
    attempts_left: Mapped[int] = mapped_column(Integer)
    locale: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # When to send the reminder (None: not asked for, not safe, or sent already).
    remind_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
    reminder_wanted: Mapped[bool] = mapped_column(Boolean, default=False)


class Upload(Base):
    """A document uploaded with a draft (app/uploads). The file, its name and description are sealed like the
    answers; the type, size and SHA-256 (of the stored, cleaned bytes) are not personal data.

    ``request_id`` is set when the draft is sent; until then the upload lives and dies with its draft.
    """

    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    draft_id: Mapped[str] = mapped_column(String(64), index=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "permission", "decision_letter" or "other"
    description: Mapped[bytes] = mapped_column(LargeBinary)
    filename: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    position: Mapped[int] = mapped_column(Integer)  # 1, 2 … in the order uploaded (times can be equal)
    data: Mapped[bytes] = mapped_column(LargeBinary)
