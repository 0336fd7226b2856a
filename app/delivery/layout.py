"""How a typed answer is laid out in the PDF, so that no accepted answer can make WeasyPrint slow.

Why answers were slow (profiled on WeasyPrint 70 and Pango): WeasyPrint breaks a text box into lines by
asking Pango to lay out the *whole rest of the box* for every line, unless it finds a break opportunity early
in the next line. A long run with no break opportunity (``"a" * 15000``, or letters of two scripts in turn,
which Unicode never breaks between and which Pango shapes one run per letter) is therefore laid out again for
each of its hundreds of lines: quadratic, 28 s to 231 s. And every typed line was its own block in a table
cell, so ``"a\\n" * 7500`` made 7,500 blocks on 150 pages.

So, before rendering, and without changing a character that is read back from the PDF:

- each block of text is cut into pieces of at most ``PIECE`` characters, each its own inline box, at a space
  when there is one near the cut. A piece is laid out on its own, so re-laying "the rest of the box" costs at
  most a piece, and pieces flow on in one paragraph (WeasyPrint orders them right to left in a right-to-left
  block);
- a run of more than ``RUN`` characters with no space gets a zero-width space every ``RUN`` characters: a
  break opportunity that adds no visible glyph and no text to the PDF's text layer (``<wbr>`` is the same
  character, but costs an element and a pseudo-element each);
- each typed line is its own block, with its own direction, for the first ``LINES`` lines; the rest of the
  answer follows in one block with ``JOIN`` where each line break was, so the page count stays bounded.
  Empty lines are left out, as they always were (an empty block has no height);
- an answer with more than ``VERY_WIDE_LIMIT`` of the few characters drawn up to 5 em wide (Arabic
  presentation-form ligatures such as U+FDFD, cuneiform: measured in the installed fonts) is set in a smaller
  type (``dense``): 15,000 of them made 100 pages. One or two (a greeting at the top of a letter) change
  nothing; nor does any amount of Chinese or any other script the service speaks.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from app.languages import text_direction

PIECE = 300  # characters per inline box
RUN = 24  # characters between break opportunities in a run with no space
LINES = 60  # typed lines shown as lines; the rest are joined with JOIN
JOIN = " ¶ "
ZWSP = "\u200b"
_SPACE_SEARCH = 60  # how far back from a cut to look for a space
VERY_WIDE_LIMIT = 200  # very wide characters an answer may have in the usual type size
_VERY_WIDE = ((0xFB50, 0xFDFF), (0x12000, 0x1254F))  # Arabic presentation forms, cuneiform: up to 5 em


@dataclass(frozen=True)
class Block:
    direction: str | None  # "ltr", "rtl", or None (no letter with a strong direction)
    pieces: tuple[str, ...]


def _joins_previous(ch: str) -> bool:
    """True for a character that belongs with the one before it: a combining mark or a joiner."""
    return unicodedata.category(ch) in ("Mn", "Mc", "Me") or ch in "\u200c\u200d"


def _cut(text: str, at: int, search: int) -> int:
    """Where to end a piece of ``text`` that is ``at`` characters long at most: after a space within
    ``search`` characters before ``at``, otherwise before ``at``, moved back out of a cluster of marks (but
    never to the start, so every piece has at least one character)."""
    space = text.rfind(" ", at - search, at)
    if space > 0:
        return space + 1
    cut = at
    while cut > 1 and _joins_previous(text[cut]) and at - cut < search:
        cut -= 1
    return cut if cut > 1 and not _joins_previous(text[cut]) else at


def _split(text: str, size: int, search: int) -> list[str]:
    pieces = []
    while len(text) > size:
        cut = _cut(text, size, search)
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text] if text else pieces


def _breakable(text: str) -> str:
    """``text`` with a zero-width space inside every run of more than ``RUN`` characters without one."""
    out: list[str] = []
    run = 0
    for ch in text:
        if ch.isspace() or ch == ZWSP:
            run = 0
        elif run >= RUN and not _joins_previous(ch):
            out.append(ZWSP)
            run = 0
        out.append(ch)
        run += 1
    return "".join(out)


def _block(text: str) -> Block:
    return Block(text_direction(text), tuple(_breakable(p) for p in _split(text, PIECE, _SPACE_SEARCH)))


@dataclass(frozen=True)
class Answer:
    blocks: tuple[Block, ...]
    dense: bool  # set in a smaller type: see VERY_WIDE_LIMIT


def _very_wide(text: str) -> int:
    return sum(1 for ch in text if any(low <= ord(ch) <= high for low, high in _VERY_WIDE))


def answer_layout(lines: list[str] | tuple[str, ...] | str) -> Answer:
    """How to lay out one answer: a string (line breaks in it count), or its lines as a list."""
    if isinstance(lines, str):
        lines = [lines]
    typed = [line for text in lines for line in str(text).split("\n") if line]
    blocks = [_block(line) for line in typed[:LINES]]
    if len(typed) > LINES:
        blocks.append(_block(JOIN.join(typed[LINES:])))
    return Answer(tuple(blocks), sum(_very_wide(line) for line in typed) > VERY_WIDE_LIMIT)
