"""The virus scanner: ClamAV's daemon (clamd) over its Unix socket, through clamav-client's INSTREAM.

A file is accepted only when clamd says ``OK``. A scanner that cannot be reached, times out or answers
anything else is ``ScannerUnavailable``: the file is refused, never let through unscanned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import IO

from clamav_client.clamd import ClamdError, ClamdUnixSocket

log = logging.getLogger(__name__)


class ScannerUnavailable(RuntimeError):
    """clamd could not give a verdict (down, too slow, or an error): the file must not be accepted."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str | None = None  # the name of what was found: safe to log, it is ClamAV's, not the person's


def _client(socket_path: str, timeout: float) -> ClamdUnixSocket:
    return ClamdUnixSocket(socket_path, timeout=timeout)  # type: ignore[arg-type]  # it takes float seconds


def scan(stream: IO[bytes], socket_path: str, timeout: float) -> Verdict:
    """Stream ``stream`` (from where it is now) to clamd and return its verdict."""
    client = _client(socket_path, timeout)
    try:
        result = client.instream(stream)  # type: ignore[arg-type]  # any binary file
    except (ClamdError, OSError) as exc:  # OSError: a broken pipe or timeout while sending
        log.warning("virus scanner unavailable: %s", type(exc).__name__)
        raise ScannerUnavailable from exc
    finally:
        _close(client)
    status, signature = result.get("stream", ("", None))
    if status == "OK":
        return Verdict(clean=True)
    if status == "FOUND":
        return Verdict(clean=False, signature=signature)
    log.warning("virus scanner gave no verdict (status %r)", status)
    raise ScannerUnavailable


def ping(socket_path: str, timeout: float = 2.0) -> bool:
    client = _client(socket_path, timeout)
    try:
        return client.ping() == "PONG"
    except (ClamdError, OSError):
        return False
    finally:
        _close(client)


def _close(client: ClamdUnixSocket) -> None:
    """clamav-client leaves its socket open when connecting fails: close it (closing twice is harmless)."""
    sock = getattr(client, "clamd_socket", None)
    if sock is not None:
        sock.close()
