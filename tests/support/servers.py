"""Throwaway PostgreSQL, Redis and ClamAV servers for the tests, on 127.0.0.1 and a free port.

They are real servers from Debian's packages (``make test`` installs them). Set VRR_TEST_POSTGRES_URL or
VRR_TEST_REDIS_URL to use servers you already run instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.dev.smtp_sink import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(args: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


@contextmanager
def running_postgres(settings: str = "-c fsync=off") -> Iterator[int]:
    """A throwaway PostgreSQL 15 cluster on 127.0.0.1 and a free port; yields the port, then deletes it all."""
    workdir = Path(tempfile.mkdtemp(prefix="vrr-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    data = workdir / "data"
    port = free_port()
    started = False
    try:
        subprocess.run(
            _as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]),
            check=True,
            capture_output=True,
        )
        options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 {settings}"
        subprocess.run(
            _as_postgres(
                [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"), "-w", "start"]
            ),
            check=True,
            capture_output=True,
        )
        started = True
        yield port
    finally:
        if started:
            subprocess.run(
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]), capture_output=True
            )
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    if os.environ.get("VRR_TEST_POSTGRES_URL"):
        yield os.environ["VRR_TEST_POSTGRES_URL"]
        return
    if not (PG_BIN / "initdb").exists():
        pytest.skip("PostgreSQL 15 is not installed (make test installs it)")
    with running_postgres() as port:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"


@pytest.fixture
def fresh_postgres(postgres_url: str) -> Iterator[str]:
    """An empty database for one test."""
    import psycopg

    name = f"vrr_{os.getpid()}_{time.monotonic_ns()}"
    admin = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield postgres_url.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    if os.environ.get("VRR_TEST_REDIS_URL"):
        yield os.environ["VRR_TEST_REDIS_URL"]
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (make test installs it)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(host="127.0.0.1", port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        client.close()
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def clamd_socket() -> Iterator[str]:
    """A real clamd (Debian's clamav-daemon) with the one-line EICAR signature database: no network needed.

    Set VRR_TEST_CLAMD_SOCKET to use a clamd you already run instead.
    """
    from app.dev.clamd import clamd_binary, running_clamd

    if os.environ.get("VRR_TEST_CLAMD_SOCKET"):
        yield os.environ["VRR_TEST_CLAMD_SOCKET"]
        return
    if clamd_binary() is None:
        pytest.skip("clamd is not installed (make test installs clamav-daemon)")
    workdir = Path(tempfile.mkdtemp(prefix="vrr-clamd-"))  # short: a socket path must fit in 108 bytes
    try:
        with running_clamd(workdir) as socket_path:
            yield socket_path
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
