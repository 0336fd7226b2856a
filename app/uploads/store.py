"""Uploads in the database, sealed with the answers' data keys; listed, removed and purged with their draft.

Each function takes the session of the caller's transaction where the caller is already in one (the draft
and purge hooks), so the upload goes in the same commit as what it belongs to.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from app.crypto import DataCipher
from app.model.answers import Document
from app.models import Draft, Upload

KINDS = ("permission", "decision_letter", "other")


@dataclass(frozen=True)
class StoredFile:
    """What the pages, PDFs and emails show of an upload (the bytes stay in the database until asked for)."""

    id: str
    kind: str
    description: str
    filename: str
    media_type: str
    size: int
    sha256: str

    @property
    def document(self) -> Document:
        """As every copy of the request describes it."""
        return Document(self.kind, self.filename, self.media_type, self.size, self.description, self.sha256)


def add(
    s: Session,
    cipher: DataCipher,
    *,
    draft_id: str,
    kind: str,
    description: str,
    filename: str,
    media_type: str,
    data: bytes,
    now: datetime,
) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown upload kind {kind!r}")
    upload_id = secrets.token_hex(16)
    last = s.scalar(select(func.max(Upload.position)).where(Upload.draft_id == draft_id)) or 0
    s.add(
        Upload(
            id=upload_id,
            draft_id=draft_id,
            kind=kind,
            description=cipher.seal(description),
            filename=cipher.seal(filename),
            media_type=media_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            created_at=now,
            position=last + 1,
            data=cipher.seal_file(data),
        )
    )
    return upload_id


def usage(s: Session, draft_id: str) -> tuple[int, int]:
    """How many files the draft has, and their total size in bytes."""
    count, total = s.execute(
        select(func.count(Upload.id), func.coalesce(func.sum(Upload.size), 0)).where(
            Upload.draft_id == draft_id, Upload.request_id.is_(None)
        )
    ).one()
    return int(count), int(total)


def listed(
    s: Session, cipher: DataCipher, *, draft_id: str | None = None, request_id: int | None = None
) -> list[StoredFile]:
    """A draft's or a request's files, oldest first, without their bytes."""
    query = select(
        Upload.id, Upload.kind, Upload.description, Upload.filename, Upload.media_type, Upload.size, Upload.sha256
    ).order_by(Upload.position)
    if request_id is not None:
        query = query.where(Upload.request_id == request_id)
    else:
        query = query.where(Upload.draft_id == draft_id, Upload.request_id.is_(None))
    return [
        StoredFile(
            row.id,
            row.kind,
            cipher.open(row.description),
            cipher.open(row.filename),
            row.media_type,
            row.size,
            row.sha256,
        )
        for row in s.execute(query)
    ]


def sizes(s: Session, request_id: int) -> list[int]:
    """A sent request's file sizes, in order: what splitting it across emails needs (nothing is decrypted)."""
    return list(s.scalars(select(Upload.size).where(Upload.request_id == request_id).order_by(Upload.position)))


def has_kind(s: Session, request_id: int, kind: str) -> bool:
    """Whether a sent request has a file of this kind (nothing is decrypted)."""
    found = s.scalar(select(Upload.id).where(Upload.request_id == request_id, Upload.kind == kind).limit(1))
    return found is not None


def content(s: Session, cipher: DataCipher, upload_id: str) -> bytes:
    """One file's bytes, opened (for the force's email)."""
    return cipher.open_file(s.execute(select(Upload.data).where(Upload.id == upload_id)).scalar_one())


def remove(s: Session, draft_id: str, upload_id: str) -> bool:
    """Remove one of the draft's files (never another draft's, never one already sent)."""
    gone = s.execute(
        delete(Upload).where(Upload.id == upload_id, Upload.draft_id == draft_id, Upload.request_id.is_(None))
    )
    return bool(gone.rowcount)  # type: ignore[attr-defined]


def attach_to_request(s: Session, draft_id: str, request_id: int) -> int:
    """When the draft is sent: its files now belong to the request (and go when the request is purged)."""
    moved = s.execute(
        update(Upload)
        .where(Upload.draft_id == draft_id, Upload.request_id.is_(None))
        .values(request_id=request_id)
        .execution_options(synchronize_session=False)
    )
    return int(moved.rowcount or 0)  # type: ignore[attr-defined]


def discard_draft(s: Session, draft_id: str) -> None:
    """The draft is gone (exit, expiry): so are its unsent files."""
    s.execute(delete(Upload).where(Upload.draft_id == draft_id, Upload.request_id.is_(None)))


def discard_orphans(s: Session) -> int:
    """Unsent files whose draft no longer exists (expired drafts are deleted in bulk)."""
    live = select(Draft.id)
    gone = s.execute(delete(Upload).where(Upload.request_id.is_(None), Upload.draft_id.not_in(live)))
    return int(gone.rowcount or 0)  # type: ignore[attr-defined]


def discard_requests(s: Session, request_ids: list[int]) -> None:
    """``flask purge``: a request's personal data goes, its files with it."""
    if request_ids:
        s.execute(delete(Upload).where(Upload.request_id.in_(request_ids)))
