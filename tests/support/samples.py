"""Small files of every kind the upload page meets, made here (no binary fixtures in the repository)."""

from __future__ import annotations

import base64
import io
import zipfile

import pillow_heif
from PIL import Image
from pypdf import PdfWriter
from pypdf.actions import JavaScript

pillow_heif.register_heif_opener()

# The EICAR anti-virus test file: harmless, and found by every scanner (here by the one-line test database).
EICAR = base64.b64decode(
    b"WDVPIVAlQEFQWzRcUFpYNTQoUF4pN0NDKTd9JEVJQ0FSLVNUQU5EQVJELUFOVElWSVJVUy1URVNULUZJTEUhJEgrSCo="
)
GPS_IFD = 0x8825


def pdf(extra: str | None = None) -> bytes:
    """A one-page PDF; ``extra``: "javascript" (an OpenAction script) or "attachment" (an embedded file)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if extra == "javascript":
        writer.add_open_action(JavaScript("app.alert('hello');"))
    elif extra == "attachment":
        writer.add_attachment("notes.txt", b"hidden inside")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def photo_with_gps(fmt: str = "JPEG") -> bytes:
    """A photo carrying EXIF with a GPS position and a camera model, as a phone would write it."""
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x0110] = "Phone Model X"  # Model
    exif[0x0112] = 1  # Orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (53.0, 47.0, 50.0)
    gps[3] = "W"
    gps[4] = (1.0, 32.0, 55.0)
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (0, 80, 160, 255)).save(out, "PNG")
    return out.getvalue()


def docx(macros: bool = False) -> bytes:
    """The smallest Word document Word opens; ``macros``: the macro-enabled (DOCM) kind with a VBA project."""
    main = (
        "application/vnd.ms-word.document.macroEnabled.main+xml"
        if macros
        else ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Statement</w:t></w:r></w:p></w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels)
        archive.writestr("word/document.xml", document)
        if macros:
            archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake VBA")
    return out.getvalue()


def heic() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 32), (10, 120, 10)).save(out, "HEIF")
    return out.getvalue()


def text() -> bytes:
    return "Timeline of what happened – 2 September, 21:40, Briggate.\n".encode()


# A Windows program: "MZ", the DOS stub and a PE header, as a renamed .exe starts.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 44 + b"PE\x00\x00" + b"\x00" * 200
