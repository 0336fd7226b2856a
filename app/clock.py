"""The current time, swappable in tests through ``app.config["VRR_CLOCK"]`` (a callable returning UTC now)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import current_app, has_app_context

from app.domain.working_days import UK

__all__ = ["UK", "as_utc", "now", "today"]


def now() -> datetime:
    clock: Callable[[], datetime] | None = current_app.config.get("VRR_CLOCK") if has_app_context() else None
    return clock() if clock else datetime.now(UTC)


def today() -> date:
    """Today's date in the UK, which is what people mean by "today"."""
    return now().astimezone(UK).date()


def as_utc(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; every time is stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
