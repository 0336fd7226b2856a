"""Throwaway servers for the benchmark, each a context manager that stops and deletes what it started.

PostgreSQL (a fresh cluster, like tests/support/servers.py), a self-signed TLS certificate, gunicorn with the
production configuration, and delivery workers (``flask --app wsgi outbox work``). Only 127.0.0.1.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from app.dev.smtp_sink import free_port
from tests.bench.common import ROOT, VENV_BIN, BenchBroken, log
from tests.support.certificates import self_signed
from tests.support.servers import PG_BIN, running_postgres


@dataclass(frozen=True)
class Postgres:
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def scalar(self, database: str, sql: str) -> int:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/{database}") as conn:
            row = conn.execute(sql).fetchone()
        return int(row[0]) if row else 0

    def rows(self, database: str, sql: str) -> list[str]:
        import psycopg

        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/{database}") as conn:
            return [str(row[0]) for row in conn.execute(sql).fetchall()]


@contextmanager
def postgres() -> Iterator[Postgres]:
    if not (PG_BIN / "initdb").exists():
        raise BenchBroken("PostgreSQL 15 is not installed (make setup installs it)")
    # fsync stays on: the load test should pay for durable commits as production would.
    with running_postgres("-c max_connections=200") as port:
        log(f"PostgreSQL on 127.0.0.1:{port}")
        yield Postgres(port)


def production_env(database_url: str, smtp_port: int) -> dict[str, str]:
    """The production configuration, with the limits a one-IP load test would trip raised (see the report)."""
    from cryptography.fernet import Fernet

    env = {k: v for k, v in os.environ.items() if not k.startswith("VRR_")}
    env.update(
        VRR_ENV="production",
        VRR_SECRET_KEY=secrets.token_urlsafe(48),
        VRR_DATA_KEYS=Fernet.generate_key().decode(),
        VRR_DATABASE_URL=database_url,
        VRR_SMTP_HOST="127.0.0.1",
        VRR_SMTP_PORT=str(smtp_port),
        VRR_PUBLIC_URL="https://vrr.example.org",
        VRR_RATELIMIT_POST="1000000 per minute",
        VRR_RATELIMIT_SUBMIT="1000000 per minute",
        VRR_RATELIMIT_POST_PER_ADDRESS="1000000 per minute",
        VRR_RATELIMIT_SUBMIT_PER_ADDRESS="1000000 per minute",
        VRR_ALLOW_MEMORY_RATELIMITS="1",  # the limits are raised out of the way: nothing to count
        VRR_MIN_SECONDS_ON_PAGE="0",
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def flask_command(env: dict[str, str], *args: str) -> None:
    out = subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode != 0:
        raise BenchBroken(f"flask {' '.join(args)} failed: {out.stderr.strip()[-2000:]}")


def _stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """SIGTERM the process group we started (its own session), then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.extend(int(p) for p in task.read_text().split())
    return found


def peak_rss_mib(pid: int) -> float:
    """VmHWM (peak resident set size) of a process, in MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Gunicorn:
    base_url: str
    process: subprocess.Popen[bytes]
    cert: Path

    def worker_peaks(self) -> list[float]:
        return [peak_rss_mib(pid) for pid in children(self.process.pid)]

    def worker_cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in children(self.process.pid))


@contextmanager
def gunicorn(env: dict[str, str], workdir: Path, workers: int, threads: int) -> Iterator[Gunicorn]:
    key, cert = workdir / "key.pem", workdir / "cert.pem"
    if not cert.exists():
        cert, key = self_signed(workdir)
    port = free_port()
    command = [
        str(VENV_BIN / "gunicorn"),
        "wsgi:app",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--worker-class=gthread",
        f"--certfile={cert}",
        f"--keyfile={key}",
        "--keep-alive=5",
        "--graceful-timeout=5",
        "--log-level=warning",
        f"--error-logfile={workdir / f'gunicorn-{workers}x{threads}.log'}",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    server = Gunicorn(f"https://127.0.0.1:{port}", process, cert)
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise BenchBroken(f"gunicorn exited with {process.returncode}; see its log above")
            try:
                if httpx.get(f"{server.base_url}/health", verify=str(cert), timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise BenchBroken("gunicorn did not answer /health within 30 s")
            time.sleep(0.2)
        log(f"gunicorn {workers} workers x {threads} threads on {server.base_url}")
        yield server
    finally:
        _stop(process)


@contextmanager
def delivery_workers(env: dict[str, str], count: int) -> Iterator[list[subprocess.Popen[bytes]]]:
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for _ in range(count):
            processes.append(
                subprocess.Popen(
                    [str(VENV_BIN / "flask"), "--app", "wsgi", "outbox", "work"],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        yield processes
    finally:
        for process in processes:
            _stop(process)
