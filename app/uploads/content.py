"""A file's type, by its content (never its name or the browser's word), and a clean copy to store.

- JPEG and PNG are decoded and encoded again, which leaves their metadata (EXIF with GPS and device, XMP,
  comments) behind; HEIC phone photos become JPEG the same way.
- A PDF with JavaScript or embedded files is refused (app/uploads/pdf.py), as is one with a password.
- A DOCX must be a Word document zip without macros; plain text must be UTF-8 with no NUL.
Anything else is refused: ``Refused(reason)``, where the reason picks the message shown.
"""

from __future__ import annotations

import gc
import io
import warnings
import zipfile
from dataclasses import dataclass

import pillow_heif
import puremagic
from PIL import Image, ImageOps
from pypdf import PdfReader

from app.uploads import pdf

pillow_heif.register_heif_opener()

MAX_PIXELS = 60_000_000  # well above a 48-megapixel phone photo; decoding one needs ~180 MB at most
DOCX_MAX_MEMBERS = 5000
DOCX_MAX_UNPACKED = 200 * 1024 * 1024  # a zip bomb is refused before anything is unpacked
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# puremagic's guesses (by signature bytes) name which parser to try; the parser has the last word.
_CANDIDATES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/heic": "heic",
    "image/heif": "heic",
    DOCX_MEDIA_TYPE: "docx",
    "application/zip": "docx",
}


class Refused(ValueError):
    """The file cannot be accepted; ``reason`` is one of: type, unreadable, pdf_script, pdf_embedded,
    pdf_password, macros."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    media_type: str
    extension: str


def clean(data: bytes) -> Cleaned:
    """The copy of ``data`` to store, or ``Refused``."""
    for kind in _guesses(data[:4096]):
        if kind == "pdf":
            return _pdf(data)
        if kind in ("jpeg", "png", "heic"):
            return _image(data, kind)
        if kind == "docx":
            return _docx(data)
    return _text(data)


def _guesses(head: bytes) -> list[str]:
    try:
        matches = puremagic.magic_string(head)
    except puremagic.PureError:
        return []
    kinds = [_CANDIDATES[m.mime_type] for m in matches if m.mime_type in _CANDIDATES]
    return list(dict.fromkeys(kinds))


def _pdf(data: bytes) -> Cleaned:
    if not data.startswith(b"%PDF-"):
        raise Refused("type")
    try:
        with PdfReader(io.BytesIO(data)) as reader:
            if reader.is_encrypted:
                raise Refused("pdf_password")
            found = pdf.active_content(reader)
            if not reader.pages:
                raise Refused("unreadable")
    except Refused:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken or hostile file: each means "cannot read"
        raise Refused("unreadable") from exc
    finally:
        # pypdf's objects point back at their reader, and it holds a copy of the file: without a collection now,
        # each upload's copy waited for Python's cycle collector (10 MB more for every upload in a busy worker).
        gc.collect()
    if "script" in found:
        raise Refused("pdf_script")
    if "embedded" in found:
        raise Refused("pdf_embedded")
    return Cleaned(data, "application/pdf", "pdf")


def _image(data: bytes, kind: str) -> Cleaned:
    formats = {"jpeg": ["JPEG"], "png": ["PNG"], "heic": ["HEIF"]}[kind]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise Refused("unreadable")
                upright = ImageOps.exif_transpose(opened)  # EXIF goes: turn the picture as it said first
        icc = upright.info.get("icc_profile")  # colours only: nothing about the person or the device
        upright.info = {}
        out = io.BytesIO()
        if kind == "png":
            upright.save(out, "PNG", icc_profile=icc)
            return Cleaned(out.getvalue(), "image/png", "png")
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=90, icc_profile=icc)
        return Cleaned(out.getvalue(), "image/jpeg", "jpg")
    except Refused:
        raise
    except Exception as exc:  # Pillow and libheif raise many kinds on a broken or hostile image
        raise Refused("unreadable") from exc


def _docx(data: bytes) -> Cleaned:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > DOCX_MAX_MEMBERS or sum(m.file_size for m in members) > DOCX_MAX_UNPACKED:
                raise Refused("unreadable")
            names = {m.filename.lower() for m in members}
            if "[content_types].xml" not in names:
                raise Refused("type")
            content_types = archive.read("[Content_Types].xml").lower()
    except Refused:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError) as exc:
        raise Refused("unreadable") from exc
    if b"macroenabled" in content_types or any(n.endswith("vbaproject.bin") for n in names):
        raise Refused("macros")
    if DOCX_MAIN.lower() not in content_types:
        raise Refused("type")  # a spreadsheet, a presentation or some other zip
    return Cleaned(data, DOCX_MEDIA_TYPE, "docx")


def _text(data: bytes) -> Cleaned:
    if b"\x00" in data:
        raise Refused("type")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Refused("type") from exc
    return Cleaned(data, "text/plain", "txt")
