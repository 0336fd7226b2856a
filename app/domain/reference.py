"""Request reference numbers, easy to read over the phone and checked for typing mistakes.

Format: ``<FORCE>-XXXX-XXXX-XXXX``: 11 random characters and 1 check character from a 29-symbol alphabet
with no look-alikes (no 0/O, 1/I/L, U/V). 29**11 is about 2**53 possibilities.

The check character makes the weighted sum of all 12 values divisible by 29, with weights 2**(i+1) mod 29
for the data characters and 1 for the check character. Because 29 is prime and 2 is a primitive root
modulo 29, every weight is non-zero and neighbouring weights differ, so:
- a single wrong character changes the sum by w*d with w, d non-zero mod 29: never 0, always detected;
- swapping neighbours a, b changes it by (w1 - w2)*(a - b): non-zero when a != b, always detected.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
BASE = len(ALPHABET)  # 29, a prime
DATA_LENGTH = 11
_VALUES = {ch: i for i, ch in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(2, i + 1, BASE) for i in range(DATA_LENGTH))
_CANONICAL = re.compile(rf"^([A-Z]{{2,5}})-([{ALPHABET}]{{4}})-([{ALPHABET}]{{4}})-([{ALPHABET}]{{4}})$")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212._/]+")


def check_character(data: str) -> str:
    total = sum(w * _VALUES[ch] for w, ch in zip(_WEIGHTS, data, strict=True))
    return ALPHABET[(-total) % BASE]


def _format(prefix: str, body: str) -> str:
    return f"{prefix}-{body[0:4]}-{body[4:8]}-{body[8:12]}"


def new_reference(prefix: str, randbelow: Callable[[int], int]) -> str:
    """A fresh reference; pass ``secrets.randbelow`` (tests pass a predictable one)."""
    if not re.fullmatch(r"[A-Z]{2,5}", prefix):
        raise ValueError("prefix must be 2 to 5 capital letters")
    data = "".join(ALPHABET[randbelow(BASE)] for _ in range(DATA_LENGTH))
    return _format(prefix, data + check_character(data))


def is_valid(reference: str) -> bool:
    """True for a canonical reference whose check character is right."""
    match = _CANONICAL.match(reference)
    if not match:
        return False
    body = "".join(match.groups()[1:])
    return check_character(body[:DATA_LENGTH]) == body[DATA_LENGTH]


def normalise(typed: str, prefixes: Iterable[str]) -> str | None:
    """The canonical form of a reference as someone typed it, or None if it is not a valid one.

    Accepts lower case, spaces, missing or extra dashes, dots and Unicode dashes.
    """
    compact = _SEPARATORS.sub("", typed.strip().upper())
    for prefix in sorted({p.upper() for p in prefixes}, key=len, reverse=True):
        if compact.startswith(prefix) and len(compact) == len(prefix) + DATA_LENGTH + 1:
            candidate = _format(prefix, compact[len(prefix) :])
            if is_valid(candidate):
                return candidate
    return None
