"""Service-standard dates counted in working days: Monday to Friday, not the nation's bank holidays."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

import holidays

Nation = Literal["england", "wales"]
UK = ZoneInfo("Europe/London")
_SUBDIVISION: dict[str, str] = {"england": "ENG", "wales": "WLS"}


@lru_cache(maxsize=64)
def bank_holidays(nation: Nation, year: int) -> frozenset[date]:
    """Bank holidays of England or Wales for one year, from the ``holidays`` package (no network)."""
    return frozenset(holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year).keys())


def is_working_day(day: date, nation: Nation) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(nation, day.year)


def add_working_days(start: date, n: int, nation: Nation) -> date:
    """The n-th working day after ``start`` (``start`` itself never counts)."""
    if n < 0:
        raise ValueError("n must not be negative")
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if is_working_day(day, nation):
            counted += 1
    return day


@dataclass(frozen=True)
class ServiceDates:
    received_on: date
    acknowledge_by: date
    review_by: date


def service_dates(
    received_at: datetime, nation: Nation, acknowledge_days: int = 10, review_days: int = 30
) -> ServiceDates:
    """When the force must acknowledge (10 working days) and aim to finish (30) a request received then."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    received_on = received_at.astimezone(UK).date()
    return ServiceDates(
        received_on=received_on,
        acknowledge_by=add_working_days(received_on, acknowledge_days, nation),
        review_by=add_working_days(received_on, review_days, nation),
    )


def working_days_between(start: date, end: date, nation: Nation) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day, nation)
    return days
