"""The outbox under leases that run out, poison rows and lost commits: each email sent once where it can be,
at least once where it cannot, and no row stuck or retried forever. Real SMTP servers, a settable clock."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from cryptography.fernet import Fernet
from sqlalchemy import select, update

from app import db
from app.delivery import outbox, worker
from app.dev.smtp_sink import SavingHandler, SmtpSink
from app.models import OutboxMessage, SubmittedRequest
from tests.support.journey import VICTIM, VICTIM_CONTACT, complete_journey
from tests.support.smtp import app_sending_to

PAST_THE_LEASE = outbox.LEASE + timedelta(minutes=1)


def _app(tmp_path: Path, clock: Any, port: int, **changes: Any) -> Any:
    """An app on ``tmp_path``'s database: two of them on one path are two workers sharing the outbox."""
    return app_sending_to(tmp_path, clock, port, **changes)


def _rows(app: Any) -> list[OutboxMessage]:
    with app.app_context(), db.transaction() as s:
        rows = list(s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        s.expunge_all()
        return rows


class SlowBatchHandler(SavingHandler):
    """Worker A's SMTP server. Its first email takes longer than a lease (the clock jumps); while A sends its
    second, worker B looks for due work."""

    def __init__(self, directory: Path, clock: Any, other_worker: Any) -> None:
        super().__init__(directory)
        self.clock = clock
        self.other_worker = other_worker
        self.other_sent: int | None = None

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if not self.received:
            self.clock.moment += PAST_THE_LEASE
        else:
            self.other_sent = worker.process_once(self.other_worker, "worker-b")
        return await super().handle_DATA(server, session, envelope)


def test_a_lease_that_runs_out_in_the_middle_of_a_batch_sends_each_email_once(tmp_path, clock, smtp_sink):
    worker_b = _app(tmp_path, clock, smtp_sink.port)
    handler = SlowBatchHandler(tmp_path / "a-mail", clock, worker_b)
    with SmtpSink(tmp_path / "a-mail", handler=handler) as sink_a:
        worker_a = _app(tmp_path, clock, sink_a.port)
        complete_journey(worker_a.test_client())
        sent_by_a = worker.process_once(worker_a, "worker-a")
    messages = sink_a.messages + smtp_sink.messages
    ids = Counter(m["Message-ID"] for m in messages)
    assert len(ids) == 2 and set(ids.values()) == {1}, ids
    assert handler.other_sent == 0  # B found nothing due: A's second claim was made after the clock jumped
    assert sent_by_a == 2
    assert {r.status for r in _rows(worker_a)} == {"sent"}


def test_a_worker_that_lost_its_lease_sends_nothing(tmp_path, clock, smtp_sink):
    app = _app(tmp_path, clock, smtp_sink.port)
    complete_journey(app.test_client())
    with app.app_context(), db.transaction() as s:
        row_id = outbox.claim_next(s, "worker-a", clock.moment)
    assert row_id is not None
    clock.moment += PAST_THE_LEASE  # A is still rendering the PDF when its lease runs out …
    assert worker.process_once(app, "worker-b") == 2  # … and B takes the row over and sends it
    assert worker.deliver(app, row_id, "worker-a") is False
    messages = smtp_sink.wait_for(3, timeout=1)
    assert len(messages) == 2
    assert len({m["Message-ID"] for m in messages}) == 2


def test_an_expired_lease_nobody_took_over_is_not_used_to_send(tmp_path, clock, smtp_sink):
    app = _app(tmp_path, clock, smtp_sink.port)
    complete_journey(app.test_client())
    with app.app_context(), db.transaction() as s:
        row_id = outbox.claim_next(s, "worker-a", clock.moment)
    assert row_id is not None
    clock.moment += PAST_THE_LEASE
    assert worker.deliver(app, row_id, "worker-a") is False
    assert smtp_sink.wait_for(1, timeout=0.5) == []


def test_a_row_that_cannot_be_opened_fails_alone_then_stops_and_is_listed(tmp_path, clock, smtp_sink, caplog):
    """A data key dropped too early: InvalidToken. The other request is sent; the poison rows back off, end as
    "failed" after the last attempt, are never tried again, and an operator sees them without personal data."""
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    before = _app(tmp_path, clock, smtp_sink.port, data_keys=(old_key,))
    complete_journey(before.test_client())
    app = _app(tmp_path, clock, smtp_sink.port, data_keys=(new_key,))
    complete_journey(app.test_client())
    caplog.set_level(logging.INFO, logger="app")

    assert worker.process_once(app) == 2  # the readable request, past the poison rows that come first
    poison = [r for r in _rows(app) if r.status != "sent"]
    assert len(poison) == 2
    assert all(r.status == "pending" and r.attempts == 1 and r.last_error == "InvalidToken" for r in poison)

    for _ in range(outbox.MAX_ATTEMPTS - 1):
        clock.moment += outbox.MAX_DELAY
        assert worker.process_once(app) == 0
    poison = [r for r in _rows(app) if r.status != "sent"]
    assert {(r.status, r.attempts) for r in poison} == {("failed", outbox.MAX_ATTEMPTS)}
    clock.moment += outbox.MAX_DELAY
    assert worker.process_once(app) == 0
    assert {r.attempts for r in _rows(app) if r.status == "failed"} == {outbox.MAX_ATTEMPTS}  # not retried

    runner = app.test_cli_runner()
    assert "failed: 2" in runner.invoke(args=["outbox", "status"]).output
    listing = runner.invoke(args=["outbox", "failed"]).output
    with app.app_context(), db.transaction() as s:
        reference = s.scalar(select(SubmittedRequest.reference).order_by(SubmittedRequest.id))
    for row in poison:
        assert f"{row.id}\t{reference}\t{row.kind}\t{outbox.MAX_ATTEMPTS}\tInvalidToken" in listing
    assert "giving up: InvalidToken" in caplog.text
    for personal in (VICTIM["last_name"], VICTIM["address_line_1"], VICTIM_CONTACT["email"]):
        assert personal not in caplog.text
        assert personal not in listing


@pytest.mark.parametrize("database", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_row_that_kills_its_worker_ends_failed_instead_of_being_retried_forever(
    tmp_path, clock, smtp_sink, request, database
):
    """A worker dying mid-send (out of memory in WeasyPrint, say) never marks its row: each takeover counts."""
    on = {"database_url": request.getfixturevalue("fresh_postgres")} if database == "postgresql" else {}
    app = _app(tmp_path, clock, smtp_sink.port, **on)
    complete_journey(app.test_client())
    claims = 0
    while True:
        with app.app_context(), db.transaction() as s:
            row_id = outbox.claim_next(s, f"doomed-{claims}", clock.moment)
        if row_id is None:
            break
        claims += 1
        assert claims <= 2 * outbox.MAX_ATTEMPTS, "a row is claimed forever"
        clock.moment += PAST_THE_LEASE  # … and the worker that claimed it died
    assert claims == 2 * outbox.MAX_ATTEMPTS
    rows = _rows(app)
    assert {(r.status, r.attempts, r.last_error) for r in rows} == {
        ("failed", outbox.MAX_ATTEMPTS, outbox.LEASE_EXPIRED)
    }
    app.extensions["vrr.engine"].dispose()


def test_a_resend_after_a_lost_commit_carries_the_same_message_id(app_and_sink):
    """At least once: a worker killed after the SMTP server accepted but before our commit sends again; the
    Message-ID is the same, so the mailbox can drop the copy."""
    app, clock, sink = app_and_sink
    assert worker.process_once(app) == 2
    first = {m["To"]: m["Message-ID"] for m in sink.wait_for(2)}
    with app.app_context(), db.transaction() as s:  # as if the commit never happened and the worker died
        s.execute(update(OutboxMessage).values(status="sending", claimed_until=clock.moment, sent_at=None))
    clock.moment += PAST_THE_LEASE
    assert worker.process_once(app) == 2
    messages = sink.wait_for(4)
    assert len(messages) == 4
    assert {m["To"]: m["Message-ID"] for m in messages[2:]} == first


def test_retry_never_requeues_an_email_being_sent_or_sent(app_and_sink):
    app, clock, _sink = app_and_sink
    with app.app_context(), db.transaction() as s:
        sending = outbox.claim_next(s, "worker-a", clock.moment)
    assert worker.process_once(app) == 1
    sent = next(r.id for r in _rows(app) if r.status == "sent")
    with app.app_context(), db.transaction() as s:
        assert outbox.retry(s, clock.moment, sending) == 0
        assert outbox.retry(s, clock.moment, sent) == 0
    assert {r.status for r in _rows(app)} == {"sending", "sent"}


@pytest.fixture
def app_and_sink(tmp_path, clock, smtp_sink):
    app = _app(tmp_path, clock, smtp_sink.port)
    complete_journey(app.test_client())
    yield app, clock, smtp_sink
    app.extensions["vrr.engine"].dispose()
