"""From Submit to the force's mailbox, through a real SMTP server: what arrives, and that nothing is lost."""

from __future__ import annotations

import json
import subprocess
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app import db
from app.delivery import outbox, worker
from app.delivery.pdf import StaticOnlyFetcher, to_pdf
from app.dev.smtp_sink import free_port
from app.models import OutboxMessage, SubmittedRequest
from tests.conftest import CheckedClient, build_app
from tests.support.journey import OBJECTION, complete_journey, post
from tests.support.smtp import mail_app


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())  # lines wrap where the page does


def _reference(app) -> str:
    with app.app_context(), db.transaction() as s:
        return s.scalars(select(SubmittedRequest.reference)).one()


def test_force_and_applicant_emails_arrive_with_pdf_and_json(app, client, smtp_sink, tmp_path):
    complete_journey(client, representative=True)
    assert worker.process_once(app) == 2
    messages = smtp_sink.wait_for(2)
    reference = _reference(app)
    force = next(m for m in messages if m["To"] == "criminal-justice-vrr@west-yorkshire.example.org")
    applicant = next(m for m in messages if m["To"] == "daniel@reyes.example.com")

    assert force["Subject"] == f"VRR {reference} – Leeds – crime ref 13/123456/26 – TIME LIMIT, REPRESENTATIVE"
    assert force["Reply-To"] == "daniel@reyes.example.com"
    assert force["Message-ID"] == f"<{reference.lower()}.force@vrr.example.org>"
    text = force.get_body(("plain",)).get_content()
    assert "Someone acting for the victim (solicitor)" in text
    assert "Acknowledge by: Monday 7 December 2026" in text
    attachments = {part.get_filename(): part for part in force.iter_attachments()}
    assert set(attachments) == {f"{reference}.pdf", f"{reference}.json"}
    document = json.loads(attachments[f"{reference}.json"].get_content())
    assert document["schema_version"] == 4
    assert document["reference"] == reference
    assert document["answers"]["objection"]["objection"] == OBJECTION["objection"]
    pdf_text = _pdf_text(attachments[f"{reference}.pdf"].get_content(), tmp_path)
    assert "Triage summary" in pdf_text
    assert reference in pdf_text
    assert "Okonkwo-Smith" in pdf_text
    assert "CCTV from the shop on Briggate" in pdf_text
    assert "the representative will email it" in pdf_text

    body = applicant.get_body(("plain",)).get_content()
    assert reference in body
    assert "7 December 2026" in body
    assert "Briggate" not in applicant.as_string()  # never the objection
    assert not list(applicant.iter_attachments())


def test_html_in_an_objection_arrives_as_text_and_fetches_nothing(app, client, smtp_sink, tmp_path):
    complete_journey(client, submit=False)
    evil = '<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:9/x.css"> <b>bold</b>'
    post(client, "/request/objection?change=1", {**OBJECTION, "objection": evil})
    post(client, "/request/check-answers", {"confirm": "y"})
    worker.process_once(app)
    force = smtp_sink.wait_for(2)[0]
    pdf = next(p for p in force.iter_attachments() if p.get_filename().endswith(".pdf")).get_content()
    text = _pdf_text(pdf, tmp_path)
    assert '<img src="file:///etc/passwd">' in text
    assert "root:x:0:0" not in text
    assert "<b>bold</b>" in text


def test_the_pdf_fetcher_refuses_everything_outside_static():
    fetcher = StaticOnlyFetcher()
    html = (
        '<html lang="en"><head><title>t</title><link rel="stylesheet" href="css/pdf.css"></head><body>'
        '<img src="file:///etc/passwd"><img src="http://127.0.0.1:9/a.png"><img src="https://example.org/b.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo="><img src="../app/config.py"><p>hello</p></body></html>'
    )
    assert to_pdf(html, fetcher).startswith(b"%PDF")
    assert any(u.startswith("file:///etc/passwd") for u in fetcher.refused)
    assert any(u.startswith("http://127.0.0.1:9") for u in fetcher.refused)
    assert any(u.startswith("https://example.org") for u in fetcher.refused)
    assert any(u.endswith("app/config.py") for u in fetcher.refused)
    assert not any(u.endswith("css/pdf.css") for u in fetcher.refused)


def test_smtp_down_then_back_delivers_exactly_once(tmp_path, clock, smtp_sink):
    closed_port = free_port()
    app = build_app(tmp_path, clock, smtp_port=closed_port)
    app.test_client_class = CheckedClient
    client = app.test_client()
    complete_journey(client)
    assert worker.process_once(app) == 0
    with app.app_context(), db.transaction() as s:
        rows = s.scalars(select(OutboxMessage)).all()
        assert {r.status for r in rows} == {"pending"}
        assert all(r.attempts == 1 and r.last_error.startswith("ConnectionRefusedError") for r in rows)
        # Backoff: not due again straight away.
        assert worker.process_once(app) == 0
        s.execute(update(OutboxMessage).values(next_attempt_at=clock.moment - timedelta(seconds=1)))
    app.config["VRR_SETTINGS"] = app.config["VRR_SETTINGS"].__class__(
        **{**app.config["VRR_SETTINGS"].__dict__, "smtp_port": smtp_sink.port}
    )
    assert worker.process_once(app) == 2
    assert worker.process_once(app) == 0
    assert len(smtp_sink.wait_for(2, timeout=2)) == 2
    with app.app_context(), db.transaction() as s:
        assert {r.status for r in s.scalars(select(OutboxMessage))} == {"sent"}


def test_a_worker_that_died_mid_send_is_taken_over_after_its_lease(app, client, smtp_sink, clock):
    complete_journey(client)
    now = clock.moment
    with app.app_context(), db.transaction() as s:
        claimed = [outbox.claim_next(s, "dead-worker", now), outbox.claim_next(s, "dead-worker", now)]
    assert None not in claimed
    assert worker.process_once(app) == 0  # still leased to the dead worker
    with app.app_context(), db.transaction() as s:
        s.execute(update(OutboxMessage).values(claimed_until=now - timedelta(seconds=1)))
    assert worker.process_once(app) == 2
    assert len(smtp_sink.wait_for(2)) == 2
    # The dead worker waking up cannot mark (or send) them again.
    with app.app_context(), db.transaction() as s:
        assert not outbox.mark_sent(s, claimed[0], "dead-worker", "<x>", now)


def test_failed_rows_stop_after_max_attempts_and_can_be_retried(app, client, clock):
    complete_journey(client)
    now = clock.moment
    with app.app_context(), db.transaction() as s:
        row_id = outbox.claim_next(s, "w", now)
        assert row_id is not None
        s.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(attempts=outbox.MAX_ATTEMPTS - 1))
        outbox.mark_failed(s, row_id, "w", "SMTPDataError 554", now, lambda: 0.5)
        assert s.get(OutboxMessage, row_id).status == "failed"
        assert outbox.retry(s, now) == 1
        assert s.get(OutboxMessage, row_id).status == "pending"


def test_backoff_grows_and_is_capped():
    delays = [outbox.backoff(n, lambda: 1.0) for n in range(1, 12)]
    assert delays[0] == timedelta(seconds=30)
    assert delays[1] == timedelta(seconds=60)
    assert delays == sorted(delays)
    assert max(delays) == outbox.MAX_DELAY
    assert outbox.backoff(3, lambda: 0.0) == timedelta(seconds=60)  # jitter: half to full


def test_applicant_pdf_link_works_only_in_the_session_that_sent_it(app, client, tmp_path):
    confirmation = complete_journey(client)
    from bs4 import BeautifulSoup

    link = BeautifulSoup(confirmation.data, "html.parser").find("a", string=lambda s: s and "PDF" in s)["href"]
    worker.process_once(app)  # the worker makes the copy; the link serves it
    with client.get(link) as response:
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert "attachment" in response.headers["Content-Disposition"]
        assert _reference(app) in _pdf_text(response.data, tmp_path)
    other = app.test_client()
    assert other.get(link).status_code == 404
    assert client.get(link + "x").status_code == 404


def test_cli_outbox_status_and_stats(app, client):
    complete_journey(client)
    runner = app.test_cli_runner()

    def run(*args: str) -> list[str]:
        result = runner.invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    assert "pending: 2" in run("outbox", "status")
    assert run("outbox", "work", "--once") == ["Sent 2 emails."]
    status = run("outbox", "status")
    assert "sent: 2" in status and "pending: 0" in status
    assert status[-1] == "oldest unsent due at: -"
    assert run("stats") == ["year,outcome,count", "2026,eligible,1"]


def test_purge_removes_personal_data_after_retention(app, client, clock):
    complete_journey(client)
    worker.process_once(app)
    runner = app.test_cli_runner()
    assert "from 0 requests" in runner.invoke(args=["purge"]).output
    with app.app_context(), db.transaction() as s:
        s.execute(update(OutboxMessage).values(sent_at=clock.moment - timedelta(days=61)))
    assert "from 1 requests" in runner.invoke(args=["purge"]).output
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(SubmittedRequest)).one()
        assert row.payload is None and row.purged_at is not None and row.reference.startswith("WYP-")


def test_a_web_worker_starts_without_loading_weasyprint():
    """The PDF renderer (about 2 s and 28 MiB) loads on the first PDF download, not in every web worker."""
    import sys

    from app.config import ROOT

    code = (
        "import sys; from app import create_app; from app.config import Settings; "
        "create_app(Settings(database_url='sqlite://', run_worker=False)); print('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
