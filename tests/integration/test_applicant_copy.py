"""The applicant's copy is made once by the delivery worker, stored sealed and served as bytes by a short-lived,
rate-limited link; a PDF that overruns VRR_PDF_TIMEOUT_SECONDS is stopped and the request still delivered."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from app import db
from app.delivery import worker
from app.delivery.copies import FAILED
from app.delivery.render_guard import RenderFailed, guard
from app.models import OutboxMessage, SubmittedRequest
from app.web.copies import MAX_AGE
from tests.conftest import CheckedClient, build_app
from tests.support.journey import OBJECTION, complete_journey


def _app(tmp_path, clock, smtp_sink, **changes) -> Flask:
    application = build_app(tmp_path, clock, smtp_port=smtp_sink.port, **changes)
    application.test_client_class = CheckedClient
    return application


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    application = _app(tmp_path, clock, smtp_sink)
    yield application
    application.extensions["vrr.engine"].dispose()


def _link(confirmation) -> str:
    return BeautifulSoup(confirmation.data, "html.parser").find("a", string=lambda s: s and "PDF" in s)["href"]


def _stored(app) -> bytes | None:
    with app.app_context(), db.transaction() as s:
        return s.scalars(select(SubmittedRequest.applicant_pdf)).one()


def _text(data: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


def test_the_copy_is_made_once_by_the_worker_stored_sealed_and_served_as_stored(app, client, tmp_path):
    link = _link(complete_journey(client))
    waiting = client.get(link)  # the worker has not run yet: a page, not a render on the request path
    assert waiting.status_code == 200 and waiting.mimetype == "text/html"
    assert "Your copy is being prepared" in waiting.get_data(as_text=True)
    assert waiting.headers["Retry-After"] == "60"
    assert _stored(app) is None

    assert worker.process_once(app) == 2
    sealed = _stored(app)
    assert sealed is not None and b"%PDF" not in sealed  # encrypted at rest
    with app.app_context():
        stored = db.cipher().open_bytes(sealed)
    first, second = client.get(link), client.get(link)
    assert first.mimetype == "application/pdf" and first.data == stored == second.data
    assert OBJECTION["objection"] in " ".join(_text(first.data, tmp_path).split())  # the applicant's answers
    assert _stored(app) == sealed  # made once: nothing re-rendered or re-stored


def test_the_link_lives_15_minutes_and_is_issued_afresh_on_each_view(app, client):
    confirmation = complete_journey(client)
    worker.process_once(app)
    assert MAX_AGE == 15 * 60
    serializer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="applicant-pdf")

    def issued_at(link: str) -> float:
        return serializer.loads(link.split("token=", 1)[1], return_timestamp=True)[1].timestamp()

    time.sleep(1.1)  # tokens carry whole seconds
    assert issued_at(_link(client.get("/request/confirmation"))) > issued_at(_link(confirmation))  # re-issued

    class SixteenMinutesAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 16 * 60

    data = serializer.loads(_link(confirmation).split("token=", 1)[1])
    old = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="applicant-pdf", signer=SixteenMinutesAgo)
    assert client.get(f"/request/your-copy.pdf?token={old.dumps(data)}").status_code == 404
    assert client.get(_link(confirmation)).status_code == 200


def test_downloads_are_rate_limited(app, client):
    link = _link(complete_journey(client))
    worker.process_once(app)
    assert [client.get(link).status_code for _ in range(10)] == [200] * 10
    assert client.get(link).status_code == 429


def test_an_overrunning_render_is_killed_and_the_request_still_delivered(tmp_path, clock, smtp_sink):
    app = _app(tmp_path, clock, smtp_sink, pdf_timeout_seconds=0.001)
    client = app.test_client()
    link = _link(complete_journey(client))
    assert worker.process_once(app) == 2  # sent, not failed and retried
    with app.app_context(), db.transaction() as s:
        rows = s.scalars(select(OutboxMessage)).all()
        assert {(r.status, r.attempts) for r in rows} == {("sent", 0)}

    force = next(m for m in smtp_sink.wait_for(2) if "west-yorkshire" in m["To"])
    attachments = {part.get_filename().rsplit(".", 1)[1]: part for part in force.iter_attachments()}
    assert set(attachments) == {"json"}  # no PDF; the JSON copy as always
    assert json.loads(attachments["json"].get_content())["answers"]["objection"]["objection"] == OBJECTION["objection"]
    for body in (force.get_body(("plain",)).get_content(), force.get_body(("html",)).get_content()):
        assert "could not be made" in body.lower()
        assert OBJECTION["objection"] in body  # the answers, in the email itself

    with app.app_context():
        assert db.cipher().open_bytes(_stored(app)) == FAILED  # recorded: never waited for again
    page = client.get(link)
    assert page.mimetype == "text/html"
    assert "We could not make a copy of your request" in page.get_data(as_text=True)
    app.extensions["vrr.engine"].dispose()


def test_the_guard_kills_an_overrunning_child_and_starts_a_new_one():
    html = "<p>" + "word " * 20000 + "</p>"
    assert guard.render("<p>warm</p>", 60).startswith(b"%PDF")
    child = guard.pid
    assert child is not None
    with pytest.raises(RenderFailed):
        guard.render(html, 0.05)
    assert guard.pid is None
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # the child is gone, not left rendering
    assert guard.render("<p>again</p>", 60).startswith(b"%PDF")
    assert guard.pid not in (None, child)
