"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the delivery tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app.dev.smtp_sink import SmtpSink


@pytest.fixture
def smtp_sink(tmp_path: Path) -> Iterator[SmtpSink]:
    with SmtpSink(tmp_path / "mail") as sink:
        yield sink


def app_sending_to(tmp_path: Path, clock: Any, port: int, **changes: Any) -> Flask:
    """An app whose email goes to the SMTP server on ``port`` (two on one path share a database and outbox)."""
    from tests.conftest import CheckedClient, build_app

    application = build_app(tmp_path, clock, smtp_port=port, **changes)
    application.test_client_class = CheckedClient
    return application


def mail_app(tmp_path: Path, clock: Any, sink: SmtpSink) -> Iterator[Flask]:
    """For a module's ``app`` fixture: the app sending to ``sink``, its database closed afterwards."""
    application = app_sending_to(tmp_path, clock, sink.port)
    yield application
    application.extensions["vrr.engine"].dispose()
