"""The current time, swappable in tests through ``app.config["VRR_CLOCK"]`` (a callable returning UTC now)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

UK = ZoneInfo("Europe/London")


def now() -> datetime:
    clock: Callable[[], datetime] | None = current_app.config.get("VRR_CLOCK") if has_app_context() else None
    return clock() if clock else datetime.now(UTC)


def today() -> date:
    """Today's date in the UK, which is what people mean by "today"."""
    return now().astimezone(UK).date()
