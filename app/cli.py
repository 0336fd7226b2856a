"""``flask`` commands for operators: database, retention, statistics, delivery."""

from __future__ import annotations

import click
from flask import Flask, current_app


def init_app(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(purge)


@click.command("db-upgrade")
def db_upgrade() -> None:
    """Create or update the database schema."""
    from app import db

    db.upgrade(current_app)
    click.echo("Database schema is up to date.")


@click.command("purge")
def purge() -> None:
    """Delete expired drafts and the personal data of requests delivered long enough ago."""
    from app.journey import drafts

    click.echo(f"Deleted {drafts.purge_expired()} expired drafts.")
