"""The prosecution time limit staff must check at once: a summary-only offence must be charged within 6 months.

The service cannot tell whether an offence is summary-only (staff can); it flags every request whose crime
happened less than 6 months before it was received, so that a review is not left until it is too late.
Pure: no Flask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.eligibility import add_months
from app.domain.working_days import Nation, working_days_between

SUMMARY_ONLY_MONTHS = 6
FLAG = "time_limit"  # in a request's flags, beside the eligibility flags


@dataclass(frozen=True)
class TimeLimit:
    charge_by: date
    working_days_left: int


def time_limit(offence_date: date | None, received_on: date, nation: Nation) -> TimeLimit | None:
    """The last day to charge a summary-only offence, when that day is still ahead; None otherwise."""
    if offence_date is None:
        return None
    charge_by = add_months(offence_date, SUMMARY_ONLY_MONTHS)
    if charge_by <= received_on:
        return None
    return TimeLimit(charge_by, working_days_between(received_on, charge_by, nation))
