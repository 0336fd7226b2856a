"""What a PDF holds that could act when opened: JavaScript (or a Launch action) and files embedded in it.

Every object reachable from the trailer is visited once (never a stream's data), so a script hidden in an
annotation's action, a form field or a page's additional actions is found as surely as an OpenAction.
pypdf reads names with their ``#xx`` escapes undone, so ``/J#61vaScript`` is seen as ``/JavaScript``.
"""

from __future__ import annotations

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject

SCRIPT_KEYS = frozenset({"/JS", "/JavaScript"})
SCRIPT_NAMES = frozenset({"/JavaScript", "/Launch"})
EMBEDDED_KEYS = frozenset({"/EmbeddedFiles", "/EF", "/RichMedia"})
EMBEDDED_NAMES = frozenset({"/EmbeddedFile", "/FileAttachment", "/RichMedia"})
MAX_OBJECTS = 2_000_000  # a guard against a crafted file that would keep the walk going for minutes


class TooComplex(ValueError):
    pass


def active_content(reader: PdfReader) -> set[str]:
    """``{"script", "embedded"}``, or the part of it found in the document."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[PdfObject] = [reader.trailer]
    visited = 0
    while stack:
        node = stack.pop()
        visited += 1
        if visited > MAX_OBJECTS:
            raise TooComplex
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            stack.append(node.get_object())  # type: ignore[arg-type]
        elif isinstance(node, DictionaryObject):  # a stream's dictionary too; its data is never decoded
            for key, value in node.items():
                if key in SCRIPT_KEYS:
                    found.add("script")
                if key in EMBEDDED_KEYS:
                    found.add("embedded")
                stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(node)
        elif isinstance(node, NameObject):
            if node in SCRIPT_NAMES:
                found.add("script")
            if node in EMBEDDED_NAMES:
                found.add("embedded")
    return found
