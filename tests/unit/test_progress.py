"""Which reminder is due on which working day, and the timeliness figures (app/domain/progress.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain import progress
from app.domain.working_days import service_dates

RECEIVED = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday; acknowledge by 7 December, review by 7 January
DATES = service_dates(RECEIVED, "england")


def test_reminder_days_count_working_days_around_christmas():
    assert progress.reminder_days(DATES, "england") == {
        progress.ACK_DUE: date(2026, 12, 3),  # Thursday: 2 working days before Monday 7 December
        progress.ACK_OVERDUE: date(2026, 12, 8),  # the working day after it
        # 5 working days before Thursday 7 January: 1 January (a bank holiday) and the weekend do not count
        progress.REVIEW_DUE: date(2026, 12, 30),
        progress.REVIEW_OVERDUE: date(2027, 1, 8),
    }


def test_easter_is_skipped_before_the_acknowledge_by_date():
    dates = service_dates(datetime(2026, 3, 20, 10, tzinfo=UTC), "england")
    assert dates.acknowledge_by == date(2026, 4, 7)
    # Good Friday (3 April) and Easter Monday (6 April) are not working days
    assert progress.reminder_days(dates, "england")[progress.ACK_DUE] == date(2026, 4, 1)


def _due_on(day: date, acknowledged: bool = False, finished: bool = False) -> list[str]:
    return progress.due_reminders(DATES, "england", day, acknowledged, finished)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 12, 2), []),
        (date(2026, 12, 3), [progress.ACK_DUE]),
        (date(2026, 12, 7), [progress.ACK_DUE]),
        (date(2026, 12, 8), [progress.ACK_OVERDUE]),
        (date(2026, 12, 29), [progress.ACK_OVERDUE]),
        (date(2026, 12, 30), [progress.ACK_OVERDUE, progress.REVIEW_DUE]),
        (date(2027, 1, 8), [progress.ACK_OVERDUE, progress.REVIEW_OVERDUE]),
    ],
)
def test_what_is_due_on_each_day(day, expected):
    assert _due_on(day) == expected


def test_an_acknowledged_request_gets_only_the_review_reminders_and_a_finished_one_none():
    assert _due_on(date(2026, 12, 8), acknowledged=True) == []
    assert _due_on(date(2026, 12, 30), acknowledged=True) == [progress.REVIEW_DUE]
    assert _due_on(date(2027, 1, 8), acknowledged=True, finished=True) == []


def test_the_digest_runs_on_working_days_once_a_week():
    assert progress.digest_key(date(2026, 11, 30), "england") == "2026-W49"
    assert progress.digest_key(date(2026, 12, 4), "england") == "2026-W49"
    assert progress.digest_key(date(2026, 12, 5), "england") is None  # Saturday
    assert progress.digest_key(date(2026, 12, 28), "england") is None  # the Boxing Day bank holiday


def test_timeliness_counts_per_month_received():
    late = RECEIVED + timedelta(days=1)
    records = [
        progress.Record(RECEIVED, RECEIVED + timedelta(days=3), RECEIVED + timedelta(days=20), "upheld"),
        # received 24 November (acknowledge by 8 December), acknowledged on the 9th: a day late; finished on time
        progress.Record(late, datetime(2026, 12, 9, 9, tzinfo=UTC), datetime(2027, 1, 6, 9, tzinfo=UTC), "other"),
        progress.Record(late),  # never acknowledged: overdue on 20 December
        progress.Record(datetime(2026, 12, 10, 9, tzinfo=UTC)),  # acknowledge by 24 December: not yet due
    ]
    figures = progress.timeliness(records, "england", date(2026, 12, 20))
    november, december = figures[(2026, 11)], figures[(2026, 12)]
    assert (november.received, november.acknowledged_in_time, november.finished_in_time) == (3, 1, 2)
    assert november.overdue_now == 1
    assert november.outcomes == {"upheld": 1, "overturned": 0, "other": 1}
    assert (december.received, december.overdue_now, december.acknowledged_in_time) == (1, 0, 0)
    assert list(figures) == [(2026, 11), (2026, 12)]
