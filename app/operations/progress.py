"""``flask remind``, daily: the reminders due to the force's mailbox, and the weekly digest."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app import clock


def init_app(app: Flask) -> None:
    app.cli.add_command(remind)


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
