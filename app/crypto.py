"""Encryption of personal data at rest, with keys from configuration (newest first, so keys rotate)."""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import inspect, select, update
from sqlalchemy.orm import Session

from app.models import Base, Draft, OutboxMessage, RequestProgress, SavedAnswers, SubmittedRequest, Upload

# Every column that holds a sealed token, as (model, attribute). A new encrypted column is one line here.
ENCRYPTED_COLUMNS: tuple[tuple[type[Base], str], ...] = (
    (Draft, "data"),
    (SubmittedRequest, "payload"),
    (SubmittedRequest, "applicant_pdf"),
    (RequestProgress, "note"),  # issue 20: the force's optional note on an outcome
    (SavedAnswers, "data"),  # issue 16: saved answers, and the emails that carry their links
    (OutboxMessage, "payload"),
    (Upload, "description"),
    (Upload, "filename"),
    (Upload, "data"),
)
# Columns of up to ~14 MB a row (sealed uploads): rotated a few rows per transaction, not 200 (memory).
LARGE_COLUMNS: frozenset[tuple[type[Base], str]] = frozenset({(Upload, "data")})
LARGE_CHUNK = 2


FILE_FORMAT = b"F1"  # sealed files: "F1", a 4-byte key id, a 12-byte nonce, then AES-256-GCM ciphertext and tag


class DataCipher:
    def __init__(self, keys: tuple[str, ...]) -> None:
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        # Files (uploads of up to 10 MB) are sealed with AES-GCM under a key derived from each data key: one copy
        # of the file where Fernet makes five (padding, ciphertext, token, base64), 77 MB at its peak for 10 MB.
        self._file_keys = [_file_key(k) for k in keys]

    def seal(self, data: Any) -> bytes:
        return self._fernet.encrypt(json.dumps(data, ensure_ascii=False).encode())

    def open(self, token: bytes) -> Any:
        """Decrypt; raises ``InvalidToken`` when no configured key fits."""
        return json.loads(self._fernet.decrypt(token))

    def seal_bytes(self, data: bytes) -> bytes:
        """Encrypt bytes as they are (a PDF), not as JSON."""
        return self._fernet.encrypt(data)

    def open_bytes(self, token: bytes) -> bytes:
        return self._fernet.decrypt(token)

    def seal_file(self, data: bytes) -> bytes:
        key_id, key = self._file_keys[0]
        nonce = os.urandom(12)
        return b"".join((FILE_FORMAT, key_id, nonce, key.encrypt(nonce, data, FILE_FORMAT + key_id)))

    def open_file(self, token: bytes) -> bytes:
        """Decrypt a sealed file; raises ``InvalidToken`` when no configured key fits or it was altered."""
        if not token.startswith(FILE_FORMAT):
            raise InvalidToken
        key_id, nonce, sealed = token[2:6], token[6:18], memoryview(token)[18:]
        for candidate_id, key in self._file_keys:
            if candidate_id == key_id:
                try:
                    return key.decrypt(nonce, sealed, FILE_FORMAT + key_id)
                except InvalidTag:
                    break
        raise InvalidToken

    def rotate(self, token: bytes) -> bytes:
        """The same data sealed with the newest key; raises ``InvalidToken`` when no configured key fits."""
        if token.startswith(FILE_FORMAT):
            return self.seal_file(self.open_file(token))
        return self._fernet.rotate(token)


def _file_key(fernet_key: str) -> tuple[bytes, AESGCM]:
    """(a short id, the AES-GCM key) derived from one configured data key, for sealing files."""
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=b"vrr sealed files").derive(
        base64.urlsafe_b64decode(fernet_key.encode())
    )
    return hashlib.sha256(derived).digest()[:4], AESGCM(derived)


@dataclass
class Rotated:
    """What ``rotate_stored`` did to one column: counts only."""

    rotated: int = 0
    changed: int = 0  # written again by the app while we worked: sealed with the newest key already
    unreadable: int = 0  # no configured key opens it: left as it is


def rotate_stored(
    transaction: Callable[[], AbstractContextManager[Session]],
    cipher: DataCipher,
    columns: tuple[tuple[type[Base], str], ...] = ENCRYPTED_COLUMNS,
    chunk: int = 200,
) -> dict[str, Rotated]:
    """Re-seal every stored token with the newest key, a chunk of rows per transaction so no lock is held long.

    Each row is written back only if it still holds the token we read (compare and swap), so an answer saved
    while this runs is never overwritten with older data.
    """
    report: dict[str, Rotated] = {}
    for model, name in columns:
        key = inspect(model).primary_key[0]
        column = getattr(model, name)
        counts = report[f"{model.__tablename__}.{name}"] = Rotated()
        last: Any = None
        step = min(chunk, LARGE_CHUNK) if (model, name) in LARGE_COLUMNS else chunk
        while True:
            with transaction() as s:
                query = select(key, column).where(column.is_not(None)).order_by(key).limit(step)
                rows = s.execute(query if last is None else query.where(key > last)).all()
                for row_key, token in rows:
                    try:
                        fresh = cipher.rotate(token)
                    except InvalidToken:
                        counts.unreadable += 1
                        continue
                    swap = update(model).where(key == row_key, column == token).values({column: fresh})
                    if s.execute(swap.execution_options(synchronize_session=False)).rowcount:  # type: ignore[attr-defined]
                        counts.rotated += 1
                    else:
                        counts.changed += 1
            if len(rows) < step:
                break
            last = rows[-1][0]
    return report


__all__ = ["ENCRYPTED_COLUMNS", "DataCipher", "InvalidToken", "Rotated", "rotate_stored"]


def token_hash(token: str) -> str:
    """What the server keeps of a random token a browser or an email holds: its SHA-256 (drafts, confirmations,
    saved answers). The token is the credential; its hash opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()
