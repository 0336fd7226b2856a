"""Server-side drafts. The browser's cookie holds only a random token; answers stay on the server, encrypted.

A draft expires after ``VRR_DRAFT_IDLE_MINUTES`` without activity; the person is told so when they return.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, g, session
from sqlalchemy import delete, select, update

from app import db
from app.clock import as_utc
from app.clock import now as _now
from app.crypto import InvalidToken, token_hash
from app.model.application import Application
from app.models import Draft
from app.uploads import store as upload_store

SESSION_KEY = "draft"


def idle_limit() -> timedelta:
    return timedelta(minutes=current_app.config["VRR_SETTINGS"].draft_idle_minutes)


def load() -> Application | None:
    """The current person's answers, or None (no draft yet, or it expired: see ``expired()``)."""
    if "draft_data" in g:
        answers: Application | None = g.draft_data
        return answers
    token = session.get(SESSION_KEY)
    data: Application | None = None
    g.draft_expired = False
    g.lost_draft_id = None
    if token:
        draft_id = token_hash(token)
        with db.transaction() as s:
            row = s.execute(select(Draft.data, Draft.updated_at).where(Draft.id == draft_id)).first()
            if row is not None and as_utc(row.updated_at) + idle_limit() >= _now():
                try:
                    data = Application.from_dict(db.cipher().open(row.data))
                except InvalidToken:
                    data = None
            if data is None:
                if row is not None:
                    s.execute(delete(Draft).where(Draft.id == draft_id))
                g.draft_expired = True
                g.lost_draft_id = draft_id  # perhaps it was sent: see submission.recover_receipt
        if data is None:
            session.pop(SESSION_KEY, None)
    g.draft_data = data
    return data


def expired() -> bool:
    """True when the person had a draft that has since expired (or been removed)."""
    load()
    return bool(g.get("draft_expired"))


def save(data: Application) -> None:
    """Store the answers as the current draft, creating one (and its cookie token) when needed.

    One UPDATE for a draft that exists (no read first): this runs on every answer.
    """
    token = session.get(SESSION_KEY)
    now = _now()
    sealed = db.cipher().seal(data.to_dict())
    with db.transaction() as s:
        stored = 0
        if token:
            changed = update(Draft).where(Draft.id == token_hash(token)).values(data=sealed, updated_at=now)
            stored = s.execute(changed.execution_options(synchronize_session=False)).rowcount  # type: ignore[attr-defined]
        if not stored:
            token = secrets.token_urlsafe(32)
            session[SESSION_KEY] = token
            s.add(Draft(id=token_hash(token), data=sealed, created_at=now, updated_at=now))
    session.permanent = False
    g.draft_data = data
    g.draft_expired = False


def lost_id() -> str | None:
    """The id of the draft the browser's cookie named but that is gone (expired, deleted or sent)."""
    load()
    return g.get("lost_draft_id")


def touch() -> bool:
    """Keep a live draft alive (the timeout warning's "Continue"). A draft already idle past its limit stays
    expired: its answers were promised deleted. Returns whether the draft was alive."""
    token = session.get(SESSION_KEY)
    if not token:
        return False
    now = _now()
    with db.transaction() as s:
        alive = (Draft.id == token_hash(token)) & (Draft.updated_at >= now - idle_limit())
        renew = update(Draft).where(alive).values(updated_at=now).execution_options(synchronize_session=False)
        touched = s.execute(renew)
        return bool(touched.rowcount)  # type: ignore[attr-defined]


def current_id() -> str | None:
    token = session.get(SESSION_KEY)
    return token_hash(token) if token else None


def discard_current() -> None:
    """Delete the draft and forget it in this browser (the caller decides what else the session forgets)."""
    token = session.pop(SESSION_KEY, None)
    if token:
        with db.transaction() as s:
            s.execute(delete(Draft).where(Draft.id == token_hash(token)))
            upload_store.discard_draft(s, token_hash(token))  # issue 15: its unsent uploads go with it
    g.draft_data = None


def purge_expired(now: datetime | None = None) -> int:
    """Delete drafts idle for longer than the limit. Returns how many were deleted."""
    cutoff = (now or _now()) - idle_limit()
    with db.transaction() as s:
        result = s.execute(delete(Draft).where(Draft.updated_at < cutoff))
        upload_store.discard_orphans(s)  # issue 15: uploads of drafts that are gone
        return int(result.rowcount or 0)  # type: ignore[attr-defined]
