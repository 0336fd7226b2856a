"""The check a person chooses when saving (their date of birth, or a memorable word), kept as a slow hash.

Normalised before hashing, so the same answer always matches: a date as a date (however it was typed), a
memorable word whatever its case and spaces. scrypt makes each guess costly, and it runs whether or not the
link is known, so timing tells nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from datetime import date

KINDS = ("date_of_birth", "word")
SALT_BYTES = 16
# scrypt's cost: about 16 MiB and a few tens of milliseconds a hash; enough to make guessing slow.
_N, _R, _P = 2**14, 8, 1


def normalise(kind: str, answer: date | str) -> bytes:
    if kind == "date_of_birth":
        if not isinstance(answer, date):
            raise TypeError("a date of birth is compared as a date")
        return answer.isoformat().encode()
    text = unicodedata.normalize("NFKC", str(answer)).casefold()
    return "".join(text.split()).encode()


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def digest(kind: str, answer: date | str, salt: bytes) -> bytes:
    return hashlib.scrypt(normalise(kind, answer), salt=salt, n=_N, r=_R, p=_P, dklen=32)


def matches(kind: str, answer: date | str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(digest(kind, answer, salt), expected)
