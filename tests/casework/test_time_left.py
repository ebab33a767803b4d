"""The time left before a deadline, said from the due moment (DOMAIN.md, "Clocks": reminder text
states the real time left, never a fixed phrase): hours near an end-of-day clock, working days
further off, across bank holidays, and a year overdue."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest

from casework.calendar import Calendar
from casework.time_left import time_left, with_time_left

LONDON = ZoneInfo("Europe/London")


def moment(day: date, hour=9, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def end_of(day: date):
    return moment(day, 23, 59) + timedelta(seconds=59)


def no_admin_days():
    return Calendar(extra_days=lambda first, last: ())


def weekdays_not_bank_holidays(first: date, last: date) -> int:
    """Working days d with first < d <= last, counted here independently of casework.calendar."""
    bank = holidays.UK(subdiv="England", years=range(first.year, last.year + 1))
    return sum(
        1 for n in range(1, (last - first).days + 1) if (day := first + timedelta(n)).weekday() < 5 and day not in bank
    )


def test_an_iopc_referral_due_tomorrow_at_midnight_is_counted_in_hours_not_working_days():
    now = moment(date(2026, 12, 7), 9)  # a Monday
    text = time_left(end_of(date(2026, 12, 8)), now=now, calendar=no_admin_days())
    assert text == "due in 1 day 14 hours"
    assert "working" not in text


def test_hours_and_minutes_on_the_day():
    now = moment(date(2026, 12, 8), 18, 40)
    assert time_left(end_of(date(2026, 12, 8)), now=now, calendar=no_admin_days()) == "due in 5 hours 19 minutes"
    assert time_left(moment(date(2026, 12, 8), 18, 40), now=now, calendar=no_admin_days()) == "due in 0 minutes"


def test_just_overdue_says_by_how_many_hours():
    now = moment(date(2026, 12, 9), 9)
    assert time_left(end_of(date(2026, 12, 8)), now=now, calendar=no_admin_days()) == "overdue by 9 hours"


def test_further_off_in_working_days_skipping_christmas_and_boxing_day():
    now = moment(date(2026, 12, 23), 9)  # Wednesday; 25 Dec is a Friday, 28 Dec the Boxing Day holiday
    due = end_of(date(2026, 12, 30))
    expected = weekdays_not_bank_holidays(date(2026, 12, 23), date(2026, 12, 30))
    assert expected == 3  # 24, 29 and 30 December
    assert time_left(due, now=now, calendar=no_admin_days()) == "due in 3 working days"


def test_a_day_an_administrator_closes_is_not_a_working_day():
    now = moment(date(2026, 12, 7), 9)
    due = end_of(date(2026, 12, 11))  # Friday: 8, 9, 10, 11 December
    assert time_left(due, now=now, calendar=no_admin_days()) == "due in 4 working days"
    closed = Calendar(extra_days=lambda first, last: {date(2026, 12, 9)})
    assert time_left(due, now=now, calendar=closed) == "due in 3 working days"


def test_a_year_overdue_says_so_in_working_days():
    due = end_of(date(2025, 12, 10))
    now = moment(date(2026, 12, 10), 9)
    expected = weekdays_not_bank_holidays(date(2025, 12, 10), date(2026, 12, 10))
    assert expected > 240
    assert time_left(due, now=now, calendar=no_admin_days()) == f"overdue by {expected} working days"


@pytest.mark.parametrize("days_overdue", [3, 10, 40])
def test_overdue_grows_with_the_days(days_overdue):
    due = end_of(date(2026, 11, 2))
    now = moment(date(2026, 11, 2) + timedelta(days_overdue), 9)
    expected = weekdays_not_bank_holidays(date(2026, 11, 2), now.date())
    assert time_left(due, now=now, calendar=no_admin_days()) == f"overdue by {expected} working day" + (
        "s" if expected != 1 else ""
    )


@pytest.mark.django_db
def test_a_list_reads_the_non_working_days_once(django_assert_num_queries):
    class Row:
        def __init__(self, due_at):
            self.due_at = due_at

    now = moment(date(2026, 12, 7), 9)
    rows = [Row(end_of(date(2026, 12, 7) + timedelta(days=n * 17))) for n in range(12)] + [Row(None)]
    with django_assert_num_queries(1):
        with_time_left(rows, now=now)
    assert rows[0].time_left == "due in 14 hours 59 minutes"
    assert rows[-1].time_left == ""
    assert all("working days" in row.time_left for row in rows[1:-1])
