"""Drain the outbox with real delivery workers and check that every stored request reached the SMTP sink."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from app.dev.smtp_sink import SmtpSink
from tests.bench import services
from tests.bench.common import log


@dataclass
class DeliveryResult:
    workers: int
    requests_stored: int
    emails_expected: int
    emails_received: int
    unique_received: int
    force_emails_matched: int
    seconds: float
    first_email_after: float
    timed_out: bool
    worker_peak_mib: list[float] = field(default_factory=list)
    failed_rows: int = 0

    @property
    def lost(self) -> int:
        return max(self.emails_expected - self.unique_received, 0)

    @property
    def duplicates(self) -> int:
        return self.emails_received - self.unique_received

    @property
    def steady_rate(self) -> float:
        """Emails per second once the workers had started (after the first email was sent)."""
        span = self.seconds - self.first_email_after
        return (self.emails_expected - 1) / span if span > 0 else float("nan")

    @property
    def ok(self) -> bool:
        return (
            not self.timed_out
            and self.lost == 0
            and self.duplicates == 0
            and self.force_emails_matched == self.requests_stored
            and self.failed_rows == 0
        )


def drain(
    pg: services.Postgres, database: str, env: dict[str, str], sink: SmtpSink, workers: int, timeout: float
) -> DeliveryResult:
    stored = pg.scalar(database, "SELECT count(*) FROM requests")
    expected = pg.scalar(database, "SELECT count(*) FROM outbox")
    log(f"delivery: {workers} workers draining {expected} emails for {stored} requests (at most {timeout:.0f} s)")
    start = time.monotonic()
    timed_out = False
    first = float("nan")
    with services.delivery_workers(env, workers) as processes:
        while True:
            sent = pg.scalar(database, "SELECT count(*) FROM outbox WHERE status = 'sent'")
            if sent and first != first:  # the first time (NaN until then)
                first = time.monotonic() - start
            if sent >= expected and len(sink.handler.received) >= expected:
                break
            if time.monotonic() - start > timeout or any(p.poll() is not None for p in processes):
                timed_out = True
                break
            time.sleep(0.1)
        seconds = time.monotonic() - start
        peaks = [services.peak_rss_mib(p.pid) for p in processes if p.poll() is None]
    time.sleep(0.5)  # the sink thread may still be writing the last message
    messages = sink.messages
    ids = Counter(m["Message-ID"] for m in messages)
    with_refs = {str(m["Subject"]).split()[1] for m in messages if str(m["Subject"]).startswith("VRR ")}
    references = pg.rows(database, "SELECT reference FROM requests")
    result = DeliveryResult(
        workers=workers,
        requests_stored=stored,
        emails_expected=expected,
        emails_received=len(messages),
        unique_received=len(ids),
        force_emails_matched=sum(1 for ref in references if ref in with_refs),
        seconds=seconds,
        first_email_after=first,
        timed_out=timed_out,
        worker_peak_mib=peaks,
        failed_rows=pg.scalar(database, "SELECT count(*) FROM outbox WHERE status <> 'sent'"),
    )
    log(
        f"delivery: {result.unique_received}/{expected} emails in {seconds:.1f} s, lost {result.lost}, "
        f"duplicates {result.duplicates}"
    )
    return result
