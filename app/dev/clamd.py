"""A private clamd for development and the tests: a config, the one-line EICAR signature database, a socket.

Production runs Debian's clamav-daemon with freshclam's database instead (README: VRR_CLAMD_SOCKET).
With no network, freshclam cannot fetch signatures; the EICAR test signature (the MD5 and size of the
68-byte test string) lets clamd start in about 3 s and proves the whole path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.uploads.scanner import ping

EICAR_SIGNATURE = "44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n"


def clamd_binary() -> str | None:
    return shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)


def write_config(workdir: Path) -> Path:
    """clamd.conf, a database directory and a socket path under ``workdir``; returns the config file."""
    database = workdir / "db"
    database.mkdir(parents=True, exist_ok=True)
    signatures = database / "test.hdb"
    if not signatures.exists():
        signatures.write_text(EICAR_SIGNATURE)
    lines = [
        f"LocalSocket {workdir / 'clamd.sock'}",
        f"DatabaseDirectory {database}",
        "Foreground yes",
        f"LogFile {workdir / 'clamd.log'}",  # clamd locks its log: two cannot share /dev/null
        f"PidFile {workdir / 'clamd.pid'}",
        "StreamMaxLength 30M",  # above VRR_UPLOAD_MAX_FILE_BYTES' default of 10 MB
    ]
    if os.geteuid() == 0:
        lines.append("User root")  # clamd would otherwise drop to the clamav user, who cannot read workdir
    config = workdir / "clamd.conf"
    config.write_text("\n".join(lines) + "\n")
    return config


@contextmanager
def running_clamd(workdir: Path, wait_seconds: float = 60.0) -> Iterator[str]:
    """Start clamd with its files in ``workdir``; yield its socket path once it answers PING; stop it after."""
    binary = clamd_binary()
    if binary is None:
        raise RuntimeError("clamd is not installed: install Debian's clamav-daemon (make setup does)")
    workdir.mkdir(parents=True, exist_ok=True)
    config = write_config(workdir)
    socket_path = str(workdir / "clamd.sock")
    if len(socket_path.encode()) > 100:  # the kernel's limit is 108 bytes; clamd just exits
        raise RuntimeError(f"clamd's socket path is too long ({socket_path}): use a shorter directory")
    process = subprocess.Popen(  # noqa: S603 - a fixed binary and our own config file
        [binary, "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + wait_seconds
        while not ping(socket_path):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"clamd did not start (exit status {process.poll()})")
            time.sleep(0.1)
        yield socket_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
