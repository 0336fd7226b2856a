"""Retention (``flask purge``) and key rotation (``flask rotate-keys``), on a real database and SMTP server."""

from __future__ import annotations

import dataclasses
import logging
from datetime import timedelta
from typing import Any

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select

from app import db
from app.config import ConfigError, Settings
from app.crypto import DataCipher, InvalidToken
from app.delivery import outbox, worker
from app.dev.smtp_sink import free_port
from app.models import Draft, OutboxMessage, SubmittedRequest
from tests.support.journey import VICTIM, VICTIM_CONTACT, complete_journey
from tests.support.smtp import app_sending_to


def _app(tmp_path: Any, clock: Any, port: int, **changes: Any) -> Any:
    return app_sending_to(tmp_path, clock, port, **changes)


def _requests(app: Any) -> list[SubmittedRequest]:
    with app.app_context(), db.transaction() as s:
        rows = list(s.scalars(select(SubmittedRequest).order_by(SubmittedRequest.id)))
        s.expunge_all()
        return rows


def _statuses(app: Any, request_id: int) -> list[tuple[str, int]]:
    with app.app_context(), db.transaction() as s:
        query = select(OutboxMessage.status, OutboxMessage.attempts).where(OutboxMessage.request_id == request_id)
        return [(row.status, row.attempts) for row in s.execute(query)]


def test_an_undelivered_request_is_purged_after_its_cap_and_its_emails_abandoned(tmp_path, clock, smtp_sink, caplog):
    app = _app(tmp_path, clock, smtp_sink.port)
    complete_journey(app.test_client())
    assert worker.process_once(app) == 2  # the first request is delivered
    app.config["VRR_SETTINGS"] = dataclasses.replace(app.config["VRR_SETTINGS"], smtp_port=free_port())
    complete_journey(app.test_client())
    assert worker.process_once(app) == 0  # the second is not: SMTP is down
    _delivered, undelivered = _requests(app)
    runner = app.test_cli_runner()
    caplog.set_level(logging.INFO, logger="app")

    clock.moment += timedelta(days=13)
    output = runner.invoke(args=["purge"]).output
    assert "from 0 requests still undelivered 14 days after" in output
    assert all(r.payload is not None for r in _requests(app))

    clock.moment += timedelta(days=2)
    output = runner.invoke(args=["purge"]).output
    assert "from 0 requests delivered more than 60 days ago" in output
    assert "from 1 requests still undelivered 14 days after" in output
    kept, purged = _requests(app)
    assert kept.payload is not None and kept.purged_at is None  # delivered 15 days ago: within 60 days
    assert purged.payload is None and purged.purged_at is not None
    assert {status for status, _ in _statuses(app, undelivered.id)} == {"abandoned"}
    assert f"request {undelivered.id} purged undelivered" in caplog.text
    for personal in (VICTIM["last_name"], VICTIM_CONTACT["email"], undelivered.reference):
        assert personal not in caplog.text

    # No worker opens a purged payload, and an operator cannot queue its emails again.
    before = _statuses(app, undelivered.id)
    clock.moment += outbox.MAX_DELAY
    assert worker.process_once(app) == 0
    assert _statuses(app, undelivered.id) == before
    assert "Queued 0 emails" in runner.invoke(args=["outbox", "retry", "--all-failed"]).output
    assert "abandoned: 2" in runner.invoke(args=["outbox", "status"]).output

    clock.moment += timedelta(days=46)  # 61 days after delivery: the first request goes too
    assert "from 1 requests delivered more than 60 days ago" in runner.invoke(args=["purge"]).output
    assert all(r.payload is None for r in _requests(app))


def test_a_request_still_being_retried_within_its_cap_is_kept(tmp_path, clock):
    app = _app(tmp_path, clock, free_port())
    complete_journey(app.test_client())
    assert worker.process_once(app) == 0
    clock.moment += timedelta(days=13, hours=23)
    assert "from 0 requests still undelivered" in app.test_cli_runner().invoke(args=["purge"]).output
    (request,) = _requests(app)
    assert request.payload is not None
    assert {status for status, _ in _statuses(app, request.id)} == {"pending"}


def test_the_undelivered_cap_cannot_be_zero():
    with pytest.raises(ConfigError, match="VRR_UNDELIVERED_RETENTION_DAYS"):
        Settings(undelivered_retention_days=0).check()


def test_rotate_keys_reseals_everything_so_the_old_key_can_go(tmp_path, clock, smtp_sink):
    old_key, new_key, lost_key = (Fernet.generate_key().decode() for _ in range(3))
    before = _app(tmp_path, clock, smtp_sink.port, data_keys=(old_key,))
    complete_journey(before.test_client())  # a request
    complete_journey(before.test_client(), submit=False)  # and a draft
    with before.app_context(), db.transaction() as s:
        tokens = [*s.scalars(select(Draft.data)), *s.scalars(select(SubmittedRequest.payload))]
    assert len(tokens) == 2
    with pytest.raises(InvalidToken):
        DataCipher((new_key,)).open(tokens[0])

    rotating = _app(tmp_path, clock, smtp_sink.port, data_keys=(new_key, old_key))
    result = rotating.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code == 0, result.output
    assert "drafts.data: 1 re-encrypted" in result.output
    assert "requests.payload: 1 re-encrypted" in result.output

    after = _app(tmp_path, clock, smtp_sink.port, data_keys=(new_key,))
    only_new = DataCipher((new_key,))
    with after.app_context(), db.transaction() as s:
        assert only_new.open(s.scalars(select(Draft.data)).one())["answers"]["victim"]["last_name"] == "Okonkwo-Smith"
        assert only_new.open(s.scalars(select(SubmittedRequest.payload)).one())["answers"]
        s.add(Draft(id="lost", data=DataCipher((lost_key,)).seal({}), created_at=clock(), updated_at=clock()))
    assert worker.process_once(after) == 2

    # A value no configured key opens is reported, left as it is, and fails the command.
    result = after.test_cli_runner().invoke(args=["rotate-keys"])
    assert result.exit_code == 1
    assert "drafts.data: 1 re-encrypted, 0 saved again meanwhile (already new), 1 unreadable" in result.output
    assert "1 stored values open with none of VRR_DATA_KEYS" in result.output
