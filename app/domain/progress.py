"""Where a request stands against its service-standard dates, which reminder is due, and timeliness figures.

Pure: no Flask, no database. The dates are counted in the force's nation's working days (working_days.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from app.domain.working_days import UK, Nation, ServiceDates, add_working_days, is_working_day, service_dates

Outcome = Literal["upheld", "overturned", "other"]
OUTCOMES: tuple[Outcome, ...] = ("upheld", "overturned", "other")
ACK_DUE = "ack_due"  # 2 working days before the acknowledge-by date
ACK_OVERDUE = "ack_overdue"  # the working day after it
REVIEW_DUE = "review_due"  # 5 working days before the review-by date
REVIEW_OVERDUE = "review_overdue"  # the working day after it
REMINDERS = (ACK_DUE, ACK_OVERDUE, REVIEW_DUE, REVIEW_OVERDUE)
ACK_WARNING_DAYS = 2
REVIEW_WARNING_DAYS = 5


def working_days_before(end: date, n: int, nation: Nation) -> date:
    """The n-th working day before ``end`` (``end`` itself never counts)."""
    day, counted = end, 0
    while counted < n:
        day -= timedelta(days=1)
        if is_working_day(day, nation):
            counted += 1
    return day


def reminder_days(dates: ServiceDates, nation: Nation) -> dict[str, date]:
    """The working day on which each reminder becomes due."""
    return {
        ACK_DUE: working_days_before(dates.acknowledge_by, ACK_WARNING_DAYS, nation),
        ACK_OVERDUE: add_working_days(dates.acknowledge_by, 1, nation),
        REVIEW_DUE: working_days_before(dates.review_by, REVIEW_WARNING_DAYS, nation),
        REVIEW_OVERDUE: add_working_days(dates.review_by, 1, nation),
    }


def due_reminders(dates: ServiceDates, nation: Nation, today: date, acknowledged: bool, finished: bool) -> list[str]:
    """The reminders that apply today, at most one about acknowledging and one about finishing.

    A reminder whose day has passed still applies (a missed daily run catches up), but a warning is dropped
    once its overdue reminder applies: the later, sharper one says it all. A finished review needs none.
    """
    if finished:
        return []
    days = reminder_days(dates, nation)
    due: list[str] = []
    if not acknowledged:
        if today >= days[ACK_OVERDUE]:
            due.append(ACK_OVERDUE)
        elif today >= days[ACK_DUE]:
            due.append(ACK_DUE)
    if today >= days[REVIEW_OVERDUE]:
        due.append(REVIEW_OVERDUE)
    elif today >= days[REVIEW_DUE]:
        due.append(REVIEW_DUE)
    return due


def digest_key(today: date, nation: Nation) -> str | None:
    """The weekly digest's key ("2026-W48"), on a working day only: the first working day of the week it runs."""
    if not is_working_day(today, nation):
        return None
    year, week, _weekday = today.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Record:
    """One request's anonymous timeline, for the statistics."""

    submitted_at: datetime  # aware
    acknowledged_at: datetime | None = None
    finished_at: datetime | None = None
    outcome: str | None = None


def _uk_day(moment: datetime) -> date:
    return moment.astimezone(UK).date()


def is_overdue(dates: ServiceDates, today: date, acknowledged: bool, finished: bool) -> bool:
    """Past a date with its step not recorded: not acknowledged after the acknowledge-by date, or not finished
    after the review-by date."""
    if finished:
        return False
    return (not acknowledged and today > dates.acknowledge_by) or today > dates.review_by


@dataclass
class MonthFigures:
    received: int = 0
    acknowledged_in_time: int = 0
    finished_in_time: int = 0
    overdue_now: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OUTCOMES, 0))


def timeliness(records: Iterable[Record], nation: Nation, today: date) -> dict[tuple[int, int], MonthFigures]:
    """Figures per (year, month) received: how many were received, acknowledged within 10 working days,
    finished within 30, are overdue today, and each outcome."""
    months: dict[tuple[int, int], MonthFigures] = {}
    for record in records:
        dates = service_dates(record.submitted_at, nation)
        figures = months.setdefault((dates.received_on.year, dates.received_on.month), MonthFigures())
        figures.received += 1
        acknowledged = record.acknowledged_at is not None
        finished = record.finished_at is not None
        if record.acknowledged_at is not None and _uk_day(record.acknowledged_at) <= dates.acknowledge_by:
            figures.acknowledged_in_time += 1
        if record.finished_at is not None and _uk_day(record.finished_at) <= dates.review_by:
            figures.finished_in_time += 1
        if is_overdue(dates, today, acknowledged, finished):
            figures.overdue_now += 1
        if finished and record.outcome in figures.outcomes:
            figures.outcomes[record.outcome] += 1
    return dict(sorted(months.items()))
