"""The upload page against a real clamd: viruses, types by content, cleaning, encryption at rest."""

from __future__ import annotations

import io
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import select

from app import db
from app.models import Upload
from app.uploads import store
from tests.conftest import CheckedClient, Clock, build_app
from tests.support import samples
from tests.support.journey import complete_journey, errors_on

PAGE = "/request/documents"


@pytest.fixture
def app(tmp_path: Path, clock: Clock, clamd_socket: str) -> Iterator[Flask]:
    application = build_app(tmp_path, clock, clamd_socket=clamd_socket)
    yield application
    application.extensions["vrr.engine"].dispose()


@pytest.fixture
def person(client: CheckedClient) -> CheckedClient:
    """Someone who has reached the documents page: every answer before it given."""
    complete_journey(client, submit=False)
    return client


def upload(client: CheckedClient, data: bytes, filename: str = "file.bin", **changes: Any) -> Any:
    """Send the upload form as a browser would; the browser's content type is a lie on purpose."""
    fields = {
        **client.form_fields(PAGE),
        "kind": "other",
        "description": "Photo of the broken door",
        "document": (io.BytesIO(data), filename, "application/octet-stream"),
        **changes,
    }
    return client.post(PAGE, data=fields, content_type="multipart/form-data")


def stored(app: Flask) -> list[Upload]:
    with app.app_context(), db.transaction() as s:
        return list(s.scalars(select(Upload)))


def error_text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return errors_on(response)


def test_eicar_is_refused_as_a_virus(app: Flask, person: CheckedClient) -> None:
    response = upload(person, samples.EICAR, "notes.txt")
    assert "The selected file contains a virus" in error_text(response)
    assert response.soup.select_one(".govuk-error-summary a")["href"] == "#document"
    assert stored(app) == []


def test_scanner_stopped_means_not_accepted(tmp_path: Path, clock: Clock) -> None:
    from app.dev.clamd import running_clamd

    workdir = Path(tempfile.mkdtemp(prefix="vrr-clamd-"))  # short: a socket path must fit in 108 bytes
    try:
        with running_clamd(workdir) as socket_path:
            pass  # started, answered PING, and stopped again: nothing listens on the socket now
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    application = build_app(tmp_path, clock, clamd_socket=socket_path)
    application.test_client_class = CheckedClient
    client: Any = application.test_client()
    complete_journey(client, submit=False)
    response = upload(client, samples.text(), "notes.txt")
    assert "could not be checked for viruses" in error_text(response)
    assert stored(application) == []
    application.extensions["vrr.engine"].dispose()


@pytest.mark.parametrize(
    ("maker", "media_type", "extension"),
    [
        (samples.pdf, "application/pdf", "pdf"),
        (samples.photo_with_gps, "image/jpeg", "jpg"),
        (samples.png, "image/png", "png"),
        (samples.heic, "image/jpeg", "jpg"),  # phone photos become JPEG
        (samples.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
        (samples.text, "text/plain", "txt"),
    ],
)
def test_each_type_is_accepted_by_its_content(
    app: Flask, person: CheckedClient, maker: Any, media_type: str, extension: str
) -> None:
    response = upload(person, maker(), "upload.bin")  # the name says nothing of the type
    assert response.status_code == 302, errors_on(response)
    [row] = stored(app)
    assert row.media_type == media_type
    with app.app_context(), db.transaction() as s:
        [listed] = store.listed(s, db.cipher(), draft_id=row.draft_id)
    assert listed.filename == f"upload.{extension}"
    page = person.page(PAGE)
    assert f"upload.{extension}" in page.select_one(".govuk-summary-list").get_text()


def db_cipher(app: Flask) -> Any:
    return app.extensions["vrr.cipher"]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (samples.EXE, "holiday.jpg", "must be a PDF, JPG, PNG, HEIC, Word (DOCX) or text (TXT) file"),
        (b"", "statement.pdf", "The selected file is empty"),
        (samples.pdf("javascript"), "letter.pdf", "The selected PDF contains JavaScript"),
        (samples.pdf("attachment"), "letter.pdf", "has other files attached inside it"),
        (samples.docx(macros=True), "statement.docx", "The selected file contains macros"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "broken.png", "could not be opened"),
    ],
)
def test_refused_files_say_why_and_store_nothing(
    app: Flask, person: CheckedClient, data: bytes, filename: str, message: str
) -> None:
    response = upload(person, data, filename)
    assert message in error_text(response)
    assert stored(app) == []


def test_no_file_chosen(app: Flask, person: CheckedClient) -> None:
    response = person.post(
        PAGE, data={**person.form_fields(PAGE), "kind": "other", "description": "x"}, content_type="multipart/form-data"
    )
    assert "Select a file" in error_text(response)


def test_photo_location_and_camera_are_gone_after_upload(app: Flask, person: CheckedClient) -> None:
    original = samples.photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(samples.GPS_IFD)  # the sample does carry GPS
    assert upload(person, original, "IMG_0042.JPG").status_code == 302
    [row] = stored(app)
    with app.app_context():
        kept = db_cipher(app).open_file(row.data)
    image = Image.open(io.BytesIO(kept))
    assert image.size == (64, 48)
    assert not image.getexif().get_ifd(samples.GPS_IFD)
    assert dict(image.getexif()) == {}
    assert b"Phone Model X" not in kept and b"Exif" not in kept


def test_files_are_encrypted_at_rest(app: Flask, person: CheckedClient, tmp_path: Path) -> None:
    secret = b"UNIQUE-MARKER-7f3a9c: what the witness saw at the bus stop\n"
    assert upload(person, secret, "witness-notes.txt", description="Witness notes").status_code == 302
    with sqlite3.connect(tmp_path / "test.sqlite3") as conn:
        row = conn.execute("SELECT data, filename, description FROM uploads").fetchone()
    assert b"UNIQUE-MARKER" not in b"".join(row) and b"witness-notes" not in b"".join(row)
    on_disk = b"".join(p.read_bytes() for p in tmp_path.glob("test.sqlite3*"))  # the database and its WAL
    assert b"UNIQUE-MARKER" not in on_disk and b"Witness notes" not in on_disk
    with app.app_context():
        assert db_cipher(app).open_file(row[0]) == secret
