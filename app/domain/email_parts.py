"""Splitting a request's files across several emails when one would be bigger than the force's mailbox takes.

Pure: file sizes in, which files go in which email out. Attachments travel base64-encoded (4 bytes for every
3, plus line breaks), and the first email also carries the PDF copy, the JSON copy and the text of the email,
for which ``FIRST_EMAIL_RESERVE`` is kept. A file bigger than the limit on its own still goes, alone: the
force's mail system then decides, and staff see in the first email which file that was.
"""

from __future__ import annotations

FIRST_EMAIL_RESERVE = 3 * 1024 * 1024  # the PDF copy (a few hundred KB at most in practice), JSON and text
PER_FILE_OVERHEAD = 2 * 1024  # MIME headers of one attachment


def encoded_size(size: int) -> int:
    """Bytes on the wire for an attachment of ``size`` bytes (base64 in 76-character lines)."""
    base64 = (size + 2) // 3 * 4
    return base64 + base64 // 76 * 2 + PER_FILE_OVERHEAD


def split(sizes: list[int], limit: int) -> list[list[int]]:
    """The files' indexes for each email, in order: as many files as fit in each, the first email first.

    Always at least one email (the first, which carries the request itself), and files keep their order.
    """
    parts: list[list[int]] = [[]]
    used = FIRST_EMAIL_RESERVE
    for index, size in enumerate(sizes):
        needed = encoded_size(size)
        if parts[-1] and used + needed > limit:
            parts.append([])
            used = PER_FILE_OVERHEAD * 4  # a later email's own text and headers
        parts[-1].append(index)
        used += needed
    return parts
