"""SMTP refusing, dropping the connection mid-DATA, or never answering: the request is kept, retried, and
delivered exactly once when a working SMTP server is back. Real servers on 127.0.0.1, no mocks."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.smtp import SMTP, Envelope, Session
from sqlalchemy import select, update

from app import db
from app.delivery import worker
from app.dev.smtp_sink import SavingHandler, SmtpSink
from app.models import OutboxMessage
from tests.conftest import CheckedClient, build_app
from tests.support.journey import complete_journey


class FaultyHandler(SavingHandler):
    """Refuses with a temporary error, or hangs up after reading the message without answering."""

    def __init__(self, directory: Path, fault: str) -> None:
        super().__init__(directory)
        self.fault = fault
        self.refused = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        self.refused += 1
        if self.fault == "drop":
            assert server.transport is not None
            server.transport.close()  # the client never hears whether the message arrived
            return "250 never heard"
        return "451 4.3.0 Mailbox busy, try again later"


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts TCP connections and never says a word (a hung SMTP server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def _point_smtp_at(app: Any, port: int) -> None:
    app.config["VRR_SETTINGS"] = dataclasses.replace(app.config["VRR_SETTINGS"], smtp_port=port)


def _rows(app: Any) -> list[OutboxMessage]:
    with app.app_context(), db.transaction() as s:
        rows = list(s.scalars(select(OutboxMessage)))
        s.expunge_all()
        return rows


def _deliver_after_recovery(app: Any, clock: Any, smtp_sink: SmtpSink) -> None:
    with app.app_context(), db.transaction() as s:
        s.execute(update(OutboxMessage).values(next_attempt_at=clock.moment - timedelta(seconds=1)))
    _point_smtp_at(app, smtp_sink.port)
    assert worker.process_once(app) == 2
    assert worker.process_once(app) == 0  # nothing sent twice
    messages = smtp_sink.wait_for(2, timeout=5)
    assert len(messages) == 2
    assert len({m["Message-ID"] for m in messages}) == 2
    assert {r.status for r in _rows(app)} == {"sent"}


@pytest.mark.parametrize(("fault", "error"), [("refuse", "SMTPDataError 451"), ("drop", "SMTPServerDisconnected")])
def test_a_refusing_or_hanging_up_server_loses_nothing(tmp_path, clock, smtp_sink, fault, error):
    faulty = SmtpSink(tmp_path / "faulty", handler=FaultyHandler(tmp_path / "faulty", fault))
    with faulty:
        app = build_app(tmp_path, clock, smtp_port=faulty.port)
        app.test_client_class = CheckedClient
        complete_journey(app.test_client())
        assert worker.process_once(app) == 0
    assert faulty.handler.refused == 2  # both messages reached DATA
    assert faulty.handler.received == []
    rows = _rows(app)
    assert {r.status for r in rows} == {"pending"}
    assert all(r.attempts == 1 and r.last_error == error for r in rows), [r.last_error for r in rows]
    now = clock.moment.replace(tzinfo=None)
    assert all(r.next_attempt_at.replace(tzinfo=None) > now for r in rows)  # backed off, not hammered
    _deliver_after_recovery(app, clock, smtp_sink)


def test_a_server_that_never_answers_times_out_and_loses_nothing(tmp_path, clock, smtp_sink, silent_server):
    app = build_app(tmp_path, clock, smtp_port=silent_server, smtp_timeout=0.5)
    app.test_client_class = CheckedClient
    complete_journey(app.test_client())
    assert worker.process_once(app) == 0
    rows = _rows(app)
    assert {r.status for r in rows} == {"pending"}
    # smtplib reports a read that timed out as a disconnection.
    assert all(r.last_error == "SMTPServerDisconnected" for r in rows), [r.last_error for r in rows]
    _deliver_after_recovery(app, clock, smtp_sink)
