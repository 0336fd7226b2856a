"""A local SMTP server that keeps every email it receives as an ``.eml`` file (development and tests).

It never relays anything anywhere. One log line per email, with no personal data: only the file name,
the number of recipients and the size.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

log = logging.getLogger(__name__)
# aiosmtpd's own logger writes every envelope address at INFO ("rcpt TO:<…>") and more at DEBUG.
AIOSMTPD_LOGGER = "mail.log"


def free_port(host: str = "127.0.0.1") -> int:
    """aiosmtpd's own port-0 start-up check fails, so pick a free port first."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


class SavingHandler:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.received: list[tuple[Envelope, bytes]] = []
        self._lock = threading.Lock()
        self._counter = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        data = envelope.original_content or b""
        with self._lock:
            self._counter += 1
            name = f"{time.strftime('%Y%m%dT%H%M%S')}-{self._counter:05d}.eml"
            self.received.append((envelope, data))
        (self.directory / name).write_bytes(data)
        log.info("smtp sink saved %s (%d recipients, %d bytes)", name, len(envelope.rcpt_tos), len(data))
        return "250 Message accepted for delivery"


class SmtpSink:
    """``with SmtpSink(dir) as sink:`` runs a real SMTP server on 127.0.0.1 in a background thread."""

    def __init__(
        self, directory: Path, host: str = "127.0.0.1", port: int | None = None, handler: SavingHandler | None = None
    ) -> None:
        logging.getLogger(AIOSMTPD_LOGGER).setLevel(logging.WARNING)  # recipients' addresses are personal data
        self.handler = handler or SavingHandler(directory)
        self.host = host
        self.port = port or free_port(host)
        self._controller = Controller(self.handler, hostname=host, port=self.port, decode_data=False)

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def messages(self) -> list[EmailMessage]:
        return [message_from_bytes(data, policy=policy.default) for _envelope, data in list(self.handler.received)]

    @property
    def envelopes(self) -> list[Envelope]:
        return [envelope for envelope, _data in list(self.handler.received)]

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.handler.received) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages
