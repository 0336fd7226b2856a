"""Working-day dates with the bank holidays of England and Wales."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain.working_days import add_working_days, bank_holidays, service_dates


def test_christmas_and_new_year_2026_in_england():
    dates = service_dates(datetime(2026, 11, 23, 10, tzinfo=UTC), "england")
    assert dates.received_on == date(2026, 11, 23)
    assert dates.acknowledge_by == date(2026, 12, 7)
    # 25 Dec (Fri), 28 Dec (Boxing Day substitute) and 1 Jan are not working days.
    assert dates.review_by == date(2027, 1, 7)


def test_start_day_never_counts_and_weekends_are_skipped():
    assert add_working_days(date(2026, 11, 27), 1, "england") == date(2026, 11, 30)  # Friday -> Monday
    assert add_working_days(date(2026, 11, 28), 1, "england") == date(2026, 11, 30)  # Saturday -> Monday
    assert add_working_days(date(2026, 11, 28), 0, "england") == date(2026, 11, 28)


def test_easter_2027_is_a_holiday_in_both_nations():
    # Good Friday 26 March and Easter Monday 29 March 2027.
    for nation in ("england", "wales"):
        assert add_working_days(date(2027, 3, 25), 1, nation) == date(2027, 3, 30)


def test_scottish_holidays_do_not_apply():
    # 2 January and St Andrew's Day are Scottish bank holidays only.
    assert date(2027, 1, 2) not in bank_holidays("england", 2027)
    assert add_working_days(date(2026, 11, 27), 1, "wales") == date(2026, 11, 30)
    assert date(2026, 11, 30) not in bank_holidays("wales", 2026)


def test_evening_in_uk_summer_time_is_the_next_day():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London.
    dates = service_dates(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "england")
    assert dates.received_on == date(2026, 7, 1)


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError):
        service_dates(datetime(2026, 11, 23, 10), "england")


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 23), -1, "england")
