"""``flask`` commands for operators: database, delivery, retention, statistics."""

from __future__ import annotations

from typing import cast

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from app import clock
from app.operations import progress as progress_cli

outbox_cli = AppGroup("outbox", help="The email outbox: run the worker, see the queue, retry failures.")


def init_app(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(purge)
    app.cli.add_command(rotate_keys)
    app.cli.add_command(stats)
    app.cli.add_command(outbox_cli)
    progress_cli.init_app(app)  # flask remind


@click.command("db-upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Create or update the database schema."""
    from app import db

    db.upgrade(current_app)
    click.echo("Database schema is up to date.")


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Send what is due now, then stop.")
def outbox_work(once: bool) -> None:
    """Run a delivery worker (any number can run side by side)."""
    from app.delivery import worker

    app = cast(Flask, current_app)  # the proxy stands for the app for as long as the command runs
    if once:
        click.echo(f"Sent {worker.process_once(app)} emails.")
    else:
        worker.run_forever(app)


@outbox_cli.command("status")
def outbox_status() -> None:
    """Counts of emails by status, and the oldest one not yet sent."""
    from app import db
    from app.delivery import outbox

    with db.transaction() as s:
        queue = outbox.status(s)
    for name in outbox.STATUSES:
        click.echo(f"{name}: {queue.counts.get(name, 0)}")
    click.echo(f"oldest unsent due at: {queue.oldest_pending.isoformat() if queue.oldest_pending else '-'}")


@outbox_cli.command("failed")
def outbox_failed() -> None:
    """Emails given up on, tab-separated: id, request reference, kind, attempts, last error (no personal data)."""
    from app import db
    from app.delivery import outbox

    with db.transaction() as s:
        rows = outbox.failed(s)
    click.echo("id\treference\tkind\tattempts\tlast error")
    for row in rows:
        click.echo(f"{row.id}\t{row.reference}\t{row.kind}\t{row.attempts}\t{row.last_error}")


@outbox_cli.command("retry")
@click.argument("row_id", required=False, type=int)
@click.option("--all-failed", is_flag=True, help="Put every failed email back in the queue.")
def outbox_retry(row_id: int | None, all_failed: bool) -> None:
    """Retry one email by id, or every failed one."""
    from app import db
    from app.delivery import outbox

    if row_id is None and not all_failed:
        raise click.UsageError("give an outbox id or --all-failed")
    with db.transaction() as s:
        count = outbox.retry(s, clock.now(), row_id)
    click.echo(f"Queued {count} emails again.")


@click.command("purge")
@with_appcontext
def purge() -> None:
    """Delete expired drafts, and the personal data of requests kept as long as VRR_RETENTION_DAYS and
    VRR_UNDELIVERED_RETENTION_DAYS allow (run it daily)."""
    from app.operations import retention

    settings = current_app.config["VRR_SETTINGS"]
    report = retention.purge(clock.now())
    click.echo(f"Deleted {report.drafts} expired drafts.")
    days = settings.retention_days
    click.echo(f"Removed personal data from {report.delivered} requests delivered more than {days} days ago.")
    click.echo(
        f"Removed personal data from {len(report.undelivered_ids)} requests still undelivered "
        f"{settings.undelivered_retention_days} days after they were made; their emails will not be sent "
        "(request ids in the log)."
    )
    click.echo(f"Deleted {report.saved} saved answers kept {settings.saved_days} days.")  # issue 16
    click.echo(f"Queued {report.reminders} reminders about saved answers.")


@click.command("rotate-keys")
@with_appcontext
def rotate_keys() -> None:
    """Re-encrypt every stored draft and request with the newest key in VRR_DATA_KEYS, so older keys can go."""
    from app import crypto, db

    report = crypto.rotate_stored(db.transaction, db.cipher())
    for column, counts in report.items():
        click.echo(
            f"{column}: {counts.rotated} re-encrypted, {counts.changed} saved again meanwhile (already new), "
            f"{counts.unreadable} unreadable"
        )
    unreadable = sum(counts.unreadable for counts in report.values())
    if unreadable:
        raise click.ClickException(
            f"{unreadable} stored values open with none of VRR_DATA_KEYS and were left as they are. "
            "If a key was removed too early, put it back and run rotate-keys again."
        )


@click.command("stats")
@with_appcontext
@click.option(
    "--timeliness",
    is_flag=True,
    help="Per year and month received: received, acknowledged within 10 working days, finished within 30, "
    "overdue now, and each outcome.",
)
def stats(timeliness: bool) -> None:
    """Anonymous figures as CSV: eligibility outcomes per year (year, outcome, count), or with --timeliness how
    quickly requests were acknowledged and reviewed."""
    from app.operations import statistics

    click.echo(statistics.timeliness_csv() if timeliness else statistics.outcomes_csv(), nl=False)
