"""Accepting one uploaded file: size, virus scan, type and cleaning, then sealed storage, in that order.

The file arrives spooled to a temporary file by Werkzeug (see views.py for the memory limits); the scanner
reads it from there in chunks. Only the cleaning and sealing need the whole file in memory (Pillow, pypdf and
Fernet work on bytes), so at most ``VRR_UPLOAD_CONCURRENCY`` uploads per process do that at once: peak memory
stays bounded however many arrive together. Nothing is stored unless every step passed.
"""

from __future__ import annotations

import logging
import os
import threading
import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import IO

from sqlalchemy.orm import Session

from app.config import Settings
from app.crypto import DataCipher
from app.uploads import content, scanner, store
from app.uploads.content import Refused

log = logging.getLogger(__name__)
MAX_NAME = 120  # characters of the person's file name kept (before the extension we set)

_gates: dict[int, threading.BoundedSemaphore] = {}
_gates_lock = threading.Lock()


def _gate(size: int) -> threading.BoundedSemaphore:
    with _gates_lock:
        return _gates.setdefault(size, threading.BoundedSemaphore(size))


@dataclass(frozen=True)
class Incoming:
    stream: IO[bytes]
    filename: str
    kind: str
    description: str


def accept(
    incoming: Incoming,
    *,
    draft_id: str,
    settings: Settings,
    cipher: DataCipher,
    transaction: Callable[[], AbstractContextManager[Session]],
    now: datetime,
) -> str:
    """Store the file and return its id, or raise ``Refused`` (its reason picks the message)."""
    stream = incoming.stream
    size = stream.seek(0, os.SEEK_END)
    stream.seek(0)
    if size == 0:
        raise Refused("empty")
    if size > settings.upload_max_file_bytes:
        raise Refused("too_big")
    with transaction() as s:
        _check_room(s, draft_id, size, settings)
    try:
        verdict = scanner.scan(stream, settings.clamd_socket, settings.clamd_timeout)
    except scanner.ScannerUnavailable:
        raise Refused("scanner") from None
    if not verdict.clean:
        log.warning("upload refused: virus scanner found %s", verdict.signature)
        raise Refused("virus")
    with _gate(settings.upload_concurrency):
        stream.seek(0)
        cleaned = content.clean(stream.read())
        with transaction() as s:
            _check_room(s, draft_id, len(cleaned.data), settings)  # again: another upload may have finished
            upload_id = store.add(
                s,
                cipher,
                draft_id=draft_id,
                kind=incoming.kind,
                description=incoming.description,
                filename=stored_name(incoming.filename, cleaned.extension),
                media_type=cleaned.media_type,
                data=cleaned.data,
                now=now,
            )
    log.info("upload accepted id=%s type=%s size=%s", upload_id, cleaned.media_type, len(cleaned.data))
    return upload_id


def _check_room(s: Session, draft_id: str, size: int, settings: Settings) -> None:
    count, total = store.usage(s, draft_id)
    if count >= settings.upload_max_files:
        raise Refused("too_many")
    if total + size > settings.upload_max_request_bytes:
        raise Refused("total_too_big")


def stored_name(original: str, extension: str) -> str:
    """The person's file name without any folder or control character, with the extension of what it is
    (a renamed file, or a HEIC photo now a JPEG, says so)."""
    base = unicodedata.normalize("NFC", original.replace("\\", "/").rsplit("/", 1)[-1])
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    stem = base.rsplit(".", 1)[0].strip() if "." in base else base
    return f"{(stem or 'document')[:MAX_NAME]}.{extension}"
