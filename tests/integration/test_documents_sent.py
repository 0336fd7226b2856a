"""Uploaded documents travel with the request: listed on check answers and in both copies, attached to the
force's email, and shared across numbered emails when they would not fit in one."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from app.config import ROOT
from tests.support import samples
from tests.support.journey import complete_journey, errors_on, post
from tests.support.smtp import app_sending_to

LETTER = b"Letter from the police, 3 March 2026.\n" * 20
KB = 1024


@pytest.fixture
def app(tmp_path: Any, clock: Any, smtp_sink: Any, clamd_socket: str) -> Iterator[Flask]:
    application = app_sending_to(tmp_path, clock, smtp_sink.port, clamd_socket=clamd_socket)
    yield application
    application.extensions["vrr.engine"].dispose()


def _upload(client: Any, data: bytes, filename: str, kind: str, description: str) -> None:
    """As a browser sends it. The body is encoded in memory: Werkzeug's test client would spool a big one to a
    temporary file that it never closes."""
    fields = {
        **client.form_fields("/request/documents"),
        "kind": kind,
        "description": description,
        "document": FileStorage(io.BytesIO(data), filename, content_type="application/octet-stream"),
    }
    boundary, body = encode_multipart(fields)
    response = client.post("/request/documents", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 302, errors_on(response)


def _send_with(client: Any, files: list[tuple[bytes, str, str, str]]) -> None:
    complete_journey(client, submit=False)
    for data, filename, kind, description in files:
        _upload(client, data, filename, kind, description)
    assert post(client, "/request/documents/continue", {}).status_code == 302
    check = client.page("/request/check-answers")
    for _data, filename, _kind, description in files:
        assert filename in check.get_text() and description in check.get_text()
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302


def test_documents_are_listed_and_attached_with_their_checksums(app: Flask, client: Any, smtp_sink: Any) -> None:
    from app.delivery import worker

    pdf = samples.pdf()
    _send_with(
        client, [(LETTER, "letter.txt", "decision_letter", "The decision letter"), (pdf, "x.pdf", "other", "Notes")]
    )
    assert worker.process_once(app) == 2
    force = next(m for m in smtp_sink.wait_for(2) if "VRR" in m["Subject"])
    attached = {part.get_filename(): part.get_content() for part in force.iter_attachments()}
    letter = attached["letter.txt"]
    assert (letter.encode() if isinstance(letter, str) else letter) == LETTER
    assert attached["x.pdf"] == pdf
    reference = force["Subject"].split()[1]
    copy = json.loads(attached[f"{reference}.json"])
    assert [d["sha256"] for d in copy["documents"]] == [hashlib.sha256(b).hexdigest() for b in (LETTER, pdf)]
    assert [d["kind"] for d in copy["documents"]] == ["decision_letter", "other"]
    body = force.get_body(("plain",)).get_content()
    assert "letter.txt" in body and hashlib.sha256(pdf).hexdigest() in body
    assert "1 of" not in force["Subject"]  # one email is enough


def test_documents_that_do_not_fit_arrive_in_numbered_emails_each_once(
    tmp_path: Any, clock: Any, smtp_sink: Any, clamd_socket: str
) -> None:
    from app.delivery import worker

    profile = ROOT / "app" / "forces" / "west-yorkshire.toml"
    (tmp_path / "force.toml").write_text(
        profile.read_text(encoding="utf-8").replace("mailbox_limit_mb = 20", "mailbox_limit_mb = 4")
    )
    shutil.copytree(profile.parent / "west-yorkshire", tmp_path / "west-yorkshire")
    application = app_sending_to(
        tmp_path, clock, smtp_sink.port, clamd_socket=clamd_socket, force_file=str(tmp_path / "force.toml")
    )
    client = application.test_client()
    big = [(bytes([65 + n]) * (2000 * KB), f"part{n}.txt", "other", f"Statement {n}") for n in range(3)]
    _send_with(client, big)
    assert worker.process_once(application) == 4  # three emails to the force, one to the person
    assert worker.process_once(application) == 0  # each sent once
    messages = [m for m in smtp_sink.wait_for(4) if "VRR" in m["Subject"]]
    subjects = sorted(m["Subject"] for m in messages)
    assert len(subjects) == 3 and any(s.endswith("1 of 3") for s in subjects)
    assert sum(s.endswith("documents – 2 of 3") or s.endswith("documents – 3 of 3") for s in subjects) == 2
    files = {p.get_filename() for m in messages for p in m.iter_attachments()}
    assert {"part0.txt", "part1.txt", "part2.txt"} <= files  # every file arrived, each in one email
    first = next(m for m in messages if m["Subject"].endswith("1 of 3"))
    assert "in email 2 of 3" in first.get_body(("plain",)).get_content()  # the first email lists them all
    assert len({m["Message-ID"] for m in messages}) == 3
    application.extensions["vrr.engine"].dispose()


def _as_representative_uploading(client: Any, files: list[tuple[bytes, str, str, str]]) -> str:
    """A solicitor who said they would upload the victim's permission; returns the confirmation's text."""
    from tests.support.journey import ELIGIBLE_VICTIM, OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT, answer

    client.get("/request/start")
    answer(client, "who", {"who": "representative"})
    answer(client, "representative-type", {"representative_type": "solicitor"})
    for slug, values in list(ELIGIBLE_VICTIM.items())[1:]:
        answer(client, slug, values)
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", VICTIM_CONTACT)
    answer(client, "requester", {**REQUESTER, "consent_method": "upload"})
    assert post(client, "/request/objection", OBJECTION).status_code == 302
    page = client.page("/request/documents")
    assert "You said you would upload the victim's written permission" in page.get_text()
    assert page.select_one('input[name="kind"][value="permission"]') is not None
    for data, filename, kind, description in files:
        _upload(client, data, filename, kind, description)
    assert post(client, "/request/documents/continue", {}).status_code == 302
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302
    return " ".join(client.page("/request/confirmation").get_text(" ").split())


def test_a_permission_uploaded_need_not_be_sent_again(app: Flask, client: Any, smtp_sink: Any) -> None:
    from app.delivery import worker

    text = _as_representative_uploading(client, [(LETTER, "permission.txt", "permission", "Signed permission")])
    assert "You uploaded it with your request" in text
    assert "Email it to" not in text
    assert worker.process_once(app) == 2
    force = next(m for m in smtp_sink.wait_for(2) if "VRR" in m["Subject"])
    assert "Victim's written consent: Uploaded with this request" in force.get_body(("plain",)).get_content()


def test_a_permission_promised_but_not_uploaded_says_where_to_send_it(app: Flask, client: Any) -> None:
    text = _as_representative_uploading(client, [])
    assert "You uploaded it with your request" not in text
    assert "Email it to vrr-enquiries@west-yorkshire.example.org or post it to the address below" in text
    assert "PO Box 9" in text


def test_only_someone_acting_for_the_victim_is_offered_the_permission(app: Flask, client: Any) -> None:
    complete_journey(client, submit=False)
    page = client.page("/request/documents")
    assert page.select_one('input[name="kind"][value="permission"]') is None
    assert "written permission" not in page.get_text()
