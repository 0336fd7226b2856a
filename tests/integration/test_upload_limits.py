"""Upload limits and lifetimes: size refused unread, file and total limits, removal, exit, expiry, purge, rotation."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from flask import Flask
from sqlalchemy import select, update
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from app import crypto, db
from app.crypto import DataCipher
from app.models import SubmittedRequest, Upload
from app.operations import retention
from app.submission import drafts
from tests.conftest import CheckedClient, Clock, build_app
from tests.integration.test_uploads import PAGE, error_text, stored, upload
from tests.support import samples
from tests.support.journey import complete_journey

LIMIT = 10 * 1024 * 1024


@pytest.fixture
def app(tmp_path: Path, clock: Clock, clamd_socket: str) -> Iterator[Flask]:
    application = build_app(tmp_path, clock, clamd_socket=clamd_socket, upload_max_files=3)
    yield application
    application.extensions["vrr.engine"].dispose()


@pytest.fixture
def person(client: CheckedClient) -> CheckedClient:
    """Someone who has reached the documents page."""
    complete_journey(client, submit=False)
    return client


class CountingStream(io.RawIOBase):
    """A request body made on demand, counting what the server reads of it."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.position = 0
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.position = {0: offset, 1: self.position + offset, 2: self.size + offset}[whence]
        return self.position

    def tell(self) -> int:
        return self.position

    def readinto(self, buffer: Any) -> int:
        n = max(0, min(len(buffer), self.size - self.position))
        buffer[:n] = b"a" * n
        self.position += n
        self.read_bytes += n
        return n


def test_a_body_over_the_limit_is_refused_unread(app: Flask, person: CheckedClient) -> None:
    body = CountingStream(LIMIT + 64 * 1024 + 1)
    response = person.post(
        PAGE,
        input_stream=body,
        content_length=body.size,
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"{PAGE}?error=too_big")
    assert body.read_bytes == 0
    page = person.page(response.headers["Location"])
    assert "The selected file must be smaller than 10 MB" in page.select_one(".govuk-error-summary").get_text()
    assert stored(app) == []


def test_a_file_one_byte_over_10_mb_is_refused(app: Flask, person: CheckedClient, tmp_path: Path) -> None:
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:  # on disk, so that neither the test nor the server needs it in memory
        fh.write(samples.pdf())
        fh.truncate(LIMIT + 1)
    fields = {**person.form_fields(PAGE), "kind": "other", "description": "Letter"}
    with big.open("rb") as fh:
        fields["document"] = FileStorage(fh, "big.pdf", content_type="application/pdf")
        # Encoded to a temporary file here and closed by us (the test client would leave its own copy open).
        body, length, boundary = stream_encode_multipart(fields, use_tempfile=True)
    with body:
        response = person.post(
            PAGE, input_stream=body, content_length=length, content_type=f"multipart/form-data; boundary={boundary}"
        )
    assert "The selected file must be smaller than 10 MB" in error_text(response)
    assert stored(app) == []


def test_number_of_files_is_limited(app: Flask, person: CheckedClient) -> None:
    for n in range(3):
        assert upload(person, samples.text(), f"note-{n}.txt").status_code == 302
    response = upload(person, samples.text(), "one-too-many.txt")
    assert "You can upload up to 3 files" in error_text(response)
    assert len(stored(app)) == 3


def test_total_size_is_limited(tmp_path: Path, clock: Clock, clamd_socket: str) -> None:
    application = build_app(tmp_path, clock, clamd_socket=clamd_socket, upload_max_request_bytes=100)
    application.test_client_class = CheckedClient
    client: Any = application.test_client()
    complete_journey(client, submit=False)
    assert upload(client, b"a" * 60, "first.txt").status_code == 302
    response = upload(client, b"b" * 60, "second.txt")
    assert "or smaller in total" in error_text(response)
    assert len(stored(application)) == 1
    application.extensions["vrr.engine"].dispose()


def test_remove_button_removes_only_that_file(app: Flask, person: CheckedClient) -> None:
    upload(person, samples.text(), "keep.txt")
    upload(person, samples.png(), "remove-me.png")
    page = person.page(PAGE)
    forms = {f.button.get_text(" ", strip=True): f for f in page.select("form[action$='/remove']")}
    assert sorted(forms) == ["Remove keep.txt", "Remove remove-me.png"]  # the name, for screen readers too
    target = forms["Remove remove-me.png"].select_one("input[name=upload_id]")["value"]
    response = person.post(f"{PAGE}/remove", data={"csrf_token": person.csrf_token(PAGE), "upload_id": target})
    assert response.status_code == 302
    assert [row.media_type for row in stored(app)] == ["text/plain"]


def test_another_draft_cannot_remove_my_file(app: Flask, person: CheckedClient) -> None:
    upload(person, samples.text(), "mine.txt")
    [mine] = stored(app)
    other: Any = app.test_client()
    complete_journey(other, submit=False)
    other.post(f"{PAGE}/remove", data={"csrf_token": other.csrf_token(PAGE), "upload_id": mine.id})
    assert len(stored(app)) == 1


def test_exit_removes_the_uploads(app: Flask, person: CheckedClient) -> None:
    upload(person, samples.text(), "notes.txt")
    assert len(stored(app)) == 1
    person.get("/exit")
    assert stored(app) == []


def test_expired_draft_takes_its_uploads(app: Flask, person: CheckedClient, clock: Clock) -> None:
    upload(person, samples.text(), "notes.txt")
    with app.app_context():
        drafts.purge_expired(clock.moment + timedelta(minutes=59))
        assert len(stored(app)) == 1
        drafts.purge_expired(clock.moment + timedelta(minutes=61))
    assert stored(app) == []


def test_purge_removes_a_sent_requests_files(app: Flask, person: CheckedClient, clock: Clock) -> None:
    upload(person, samples.text(), "notes.txt")
    complete_journey(person)
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
        # The lead wires this into submission; until then, attach as submission will.
        s.execute(update(Upload).values(request_id=request_id))
    with app.app_context():
        retention.purge(clock.moment + timedelta(days=15))  # undelivered (no worker here) after 14 days
    assert stored(app) == []


def test_rotate_keys_reseals_uploads(app: Flask, person: CheckedClient) -> None:
    secret = b"rotate me\n"
    upload(person, secret, "notes.txt")
    old_key = app.config["VRR_SETTINGS"].data_keys[0]
    new_key = Fernet.generate_key().decode()
    with app.app_context():
        report = crypto.rotate_stored(db.transaction, DataCipher((new_key, old_key)))
    assert report["uploads.data"].rotated == 1 and report["uploads.filename"].rotated == 1
    [row] = stored(app)
    only_new = DataCipher((new_key,))
    assert only_new.open_file(row.data) == secret
    assert only_new.open(row.filename) == "notes.txt"
