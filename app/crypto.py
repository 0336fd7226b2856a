"""Encryption of personal data at rest, with keys from configuration (newest first, so keys rotate)."""

from __future__ import annotations

import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class DataCipher:
    def __init__(self, keys: tuple[str, ...]) -> None:
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])

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

    def rotate(self, token: bytes) -> bytes:
        return self._fernet.rotate(token)


__all__ = ["DataCipher", "InvalidToken"]
