"""``flask remind`` (daily) and ``flask timeliness`` (anonymous CSV figures per year and month)."""

from __future__ import annotations

import csv
import io

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app import clock
from app.clock import as_utc
from app.domain import progress as rules


def init_app(app: Flask) -> None:
    app.cli.add_command(remind)
    app.cli.add_command(timeliness)


@click.command("remind")
@with_appcontext
def remind() -> None:
    """Queue the reminders due today to the force's mailbox, and the weekly digest; remove the notes of purged
    requests (run it daily)."""
    from app.progress import links, reminders

    click.echo(f"notes of purged requests removed: {reminders.forget_purged_notes()}")
    if not links.enabled():
        click.echo("Progress links are turned off in this force's profile: no reminders.")
        return
    force = current_app.config["VRR_FORCE"]
    report = reminders.queue_due(clock.now(), clock.today(), force.nation)
    for kind, count in report.queued.items():
        click.echo(f"{kind}: {count} queued")
    click.echo(f"weekly digest: {'queued' if report.digest else 'not due'}")


@click.command("timeliness")
@with_appcontext
def timeliness() -> None:
    """Anonymous figures per year and month received, as CSV: received, acknowledged within 10 working days,
    finished within 30, overdue now, and each outcome."""
    from app import db
    from app.models import RequestProgress, SubmittedRequest

    with db.transaction() as s:
        rows = s.execute(
            select(
                SubmittedRequest.submitted_at,
                RequestProgress.acknowledged_at,
                RequestProgress.finished_at,
                RequestProgress.outcome,
            ).outerjoin(RequestProgress, RequestProgress.request_id == SubmittedRequest.id)
        ).all()
    records = [
        rules.Record(as_utc(r[0]), as_utc(r[1]) if r[1] else None, as_utc(r[2]) if r[2] else None, r[3]) for r in rows
    ]
    figures = rules.timeliness(records, current_app.config["VRR_FORCE"].nation, clock.today())
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(
        [
            "year",
            "month",
            "received",
            "acknowledged_within_10_working_days",
            "finished_within_30_working_days",
            "overdue_now",
            *(f"outcome_{name}" for name in rules.OUTCOMES),
        ]
    )
    for (year, month), f in figures.items():
        out.writerow(
            [
                year,
                f"{month:02d}",
                f.received,
                f.acknowledged_in_time,
                f.finished_in_time,
                f.overdue_now,
                *(f.outcomes[name] for name in rules.OUTCOMES),
            ]
        )
    click.echo(buffer.getvalue(), nl=False)
