"""The request's uploaded files as attachments of the force's email, shared across emails when needed.

Each file is opened (decrypted) only while its email is built, and goes in the email that
``app/domain/email_parts.py`` gives it; the first email lists every file and the email it arrives in, so
staff know at once how many emails make up the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage

from flask import Flask

from app import db
from app.domain import email_parts
from app.uploads import store
from app.uploads.store import StoredFile


@dataclass(frozen=True)
class Part:
    number: int  # 1 is the email with the request itself
    total: int
    files: tuple[StoredFile, ...]


def parts(files: tuple[StoredFile, ...], limit_mb: int) -> list[Part]:
    """The emails the request is sent as (the same split as the outbox rows made when it was sent)."""
    split = email_parts.split([f.size for f in files], limit_mb * 1024 * 1024)
    return [Part(n, len(split), tuple(files[i] for i in indexes)) for n, indexes in enumerate(split, start=1)]


def part_number(kind: str) -> int:
    """ "force" is email 1; "force:2" is email 2 …"""
    return int(kind.split(":", 1)[1]) if ":" in kind else 1


def attach(app: Flask, msg: EmailMessage, files: tuple[StoredFile, ...]) -> None:
    """Add each file with its real type (checked when it was uploaded) and its stored, cleaned name."""
    for file in files:
        with app.app_context(), db.transaction() as s:
            data = store.content(s, db.cipher(), file.id)
        maintype, _, subtype = file.media_type.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=file.filename)
