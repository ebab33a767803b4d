"""The working-day calendar: exact dates across the bank holidays of England and Wales, the rule
for a start on a non-working day, administrators' non-working days, and properties (adding n
working days then counting back gives n)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casework import calendar
from casework.calendar import (
    LONDON,
    Calendar,
    add_calendar_days,
    add_months,
    add_weeks,
    add_working_days,
    end_of_day,
    end_of_next_day,
    is_working_day,
    working_days_before,
    working_days_between,
)
from casework.models import NonWorkingDay


def no_extra_days():
    """A calendar of weekends and bank holidays only: no database."""
    return Calendar(extra_days=lambda first, last: ())


# Bank holidays ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 4, 3), "Good Friday 2026"),
        (date(2026, 4, 6), "Easter Monday 2026"),
        (date(2026, 5, 4), "Early May bank holiday 2026"),
        (date(2026, 12, 25), "Christmas Day 2026"),
        (date(2026, 12, 28), "Boxing Day 2026 (substitute: the 26th is a Saturday)"),
        (date(2027, 1, 1), "New Year's Day 2027"),
        (date(2027, 3, 26), "Good Friday 2027"),
        (date(2027, 3, 29), "Easter Monday 2027"),
        (date(2027, 5, 3), "Early May bank holiday 2027"),
        (date(2027, 12, 27), "Christmas Day 2027 (substitute)"),
        (date(2027, 12, 28), "Boxing Day 2027 (substitute)"),
        (date(2028, 1, 3), "New Year's Day 2028 (substitute)"),
        (date(2028, 4, 14), "Good Friday 2028"),
    ],
)
def test_bank_holidays_of_england_and_wales_are_not_working_days(day, name):
    assert day in calendar.bank_holidays(day.year), name
    assert not no_extra_days().is_working_day(day), name


def test_ordinary_weekdays_are_working_days_and_weekends_are_not():
    cal = no_extra_days()
    assert cal.is_working_day(date(2026, 12, 24))  # Christmas Eve is not a bank holiday
    assert cal.is_working_day(date(2026, 12, 29))
    assert not cal.is_working_day(date(2026, 12, 26))  # Saturday (Boxing Day)
    assert not cal.is_working_day(date(2026, 12, 27))  # Sunday


# Adding working days: the day of the event is day 0 --------------------------------------
@pytest.mark.parametrize(
    ("start", "n", "due", "why"),
    [
        (date(2026, 12, 4), 1, date(2026, 12, 7), "Friday + 1 = Monday"),
        (date(2026, 12, 5), 1, date(2026, 12, 7), "from a Saturday, 1 working day is the Monday"),
        (date(2026, 12, 6), 1, date(2026, 12, 7), "from a Sunday, 1 working day is the Monday"),
        (date(2026, 12, 5), 0, date(2026, 12, 5), "0 working days is the day itself"),
        (date(2026, 12, 23), 3, date(2026, 12, 30), "across Christmas 2026: 24, 29, 30"),
        (date(2026, 12, 24), 1, date(2026, 12, 29), "Christmas Eve + 1: 25th and substitute 28th skipped"),
        (date(2026, 12, 18), 10, date(2027, 1, 6), "reg 17 statement served the Friday before Christmas"),
        (date(2027, 12, 24), 1, date(2027, 12, 29), "Christmas 2027: 27th and 28th are substitutes"),
        (date(2027, 12, 31), 1, date(2028, 1, 4), "New Year 2028: Saturday, substitute Monday 3rd"),
        (date(2026, 4, 2), 1, date(2026, 4, 7), "Easter 2026: Good Friday and Easter Monday skipped"),
        (date(2026, 4, 2), 3, date(2026, 4, 9), "Easter 2026, three working days"),
        (date(2027, 3, 25), 1, date(2027, 3, 30), "Easter 2027"),
        (date(2027, 3, 26), 5, date(2027, 4, 5), "from Good Friday 2027"),
        (date(2026, 5, 1), 1, date(2026, 5, 5), "early May bank holiday 2026"),
        (date(2027, 4, 30), 1, date(2027, 5, 4), "early May bank holiday 2027"),
        (date(2026, 5, 2), 3, date(2026, 5, 7), "from a Saturday before the early May bank holiday"),
    ],
)
def test_add_working_days(start, n, due, why):
    cal = no_extra_days()
    assert cal.add_working_days(start, n) == due, why
    assert cal.working_days_between(start, due) == n, why


@pytest.mark.django_db
def test_the_module_functions_read_the_database_calendar(personas):
    assert add_working_days(date(2026, 12, 23), 3) == date(2026, 12, 30)
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 30)) == 3
    assert is_working_day(date(2026, 12, 24))
    assert not is_working_day(date(2026, 12, 28))
    assert working_days_before(date(2026, 12, 30), 3) == date(2026, 12, 23)


@pytest.mark.django_db
def test_an_administrators_non_working_day_is_skipped(personas):
    christmas_eve = date(2026, 12, 24)
    assert add_working_days(date(2026, 12, 23), 1) == christmas_eve
    NonWorkingDay.objects.create(date=christmas_eve, reason="Force closure", added_by=personas.admin)
    assert not is_working_day(christmas_eve)
    assert add_working_days(date(2026, 12, 23), 1) == date(2026, 12, 29)
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 29)) == 1


@pytest.mark.django_db
def test_the_non_working_days_are_read_in_one_query_however_long_the_span(personas, django_assert_num_queries):
    for offset in range(0, 300, 30):
        NonWorkingDay.objects.create(
            date=date(2027, 1, 4) + timedelta(offset), reason="Closure", added_by=personas.admin
        )
    with django_assert_num_queries(1):
        add_working_days(date(2027, 1, 1), 150)
    with django_assert_num_queries(1):
        working_days_between(date(2027, 1, 1), date(2027, 12, 31))
    expected = add_working_days(date(2027, 1, 1), 30)
    cal = Calendar()
    with django_assert_num_queries(1):
        cal.load(date(2027, 1, 1), date(2027, 12, 31))
    with django_assert_num_queries(0):  # the range is kept: one calendar, shared, asks once
        assert cal.add_working_days(date(2027, 1, 1), 30) == expected
        assert cal.working_days_between(date(2027, 1, 1), expected) == 30


def test_working_days_before_goes_back_over_holidays():
    cal = no_extra_days()
    assert cal.working_days_before(date(2026, 12, 29), 1) == date(2026, 12, 24)
    assert cal.working_days_before(date(2026, 4, 7), 2) == date(2026, 4, 1)
    assert cal.working_days_before(date(2026, 4, 7), 0) == date(2026, 4, 7)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="forwards"):
        no_extra_days().add_working_days(date(2026, 1, 1), -1)


def test_counting_backwards_is_negative():
    cal = no_extra_days()
    assert cal.working_days_between(date(2026, 12, 30), date(2026, 12, 23)) == -3


# Calendar days, weeks, months -------------------------------------------------------------
def test_calendar_units_are_not_moved_off_weekends_or_holidays():
    assert add_calendar_days(date(2026, 11, 27), 28) == date(2026, 12, 25)  # Christmas Day: stays
    assert add_weeks(date(2026, 12, 1), 4) == date(2026, 12, 29)
    assert add_months(date(2026, 1, 15), 12) == date(2027, 1, 15)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 5, 10), 0, date(2026, 5, 10)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected


# End of day / end of the next day ---------------------------------------------------------
def test_end_of_day_is_the_last_instant_of_the_day_in_london():
    winter, summer = end_of_day(date(2026, 12, 29)), end_of_day(date(2026, 7, 1))
    assert winter.utcoffset() == timedelta(0) and summer.utcoffset() == timedelta(hours=1)
    assert (winter.hour, winter.minute, winter.second, winter.microsecond) == (23, 59, 59, 999999)
    assert summer.astimezone(UTC) == datetime(2026, 7, 1, 22, 59, 59, 999999, tzinfo=UTC)


def test_end_of_next_day_counts_calendar_days_in_london_time():
    # A Friday afternoon: due by the end of Saturday (calendar, not working, days).
    friday = datetime(2026, 12, 4, 15, 0, tzinfo=LONDON)
    assert end_of_next_day(friday) == end_of_day(date(2026, 12, 5))
    # 23:30 UTC on 30 June is 00:30 on 1 July in London: the day after is 2 July.
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert end_of_next_day(late) == end_of_day(date(2026, 7, 2))
    # Christmas Eve: the next day is Christmas Day, a bank holiday, and still counts.
    assert end_of_next_day(datetime(2026, 12, 24, 9, 0, tzinfo=LONDON)).date() == date(2026, 12, 25)


# Properties -------------------------------------------------------------------------------
DATES = st.dates(min_value=date(2025, 1, 1), max_value=date(2029, 12, 31))
EXTRA = st.frozensets(st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 12, 31)), max_size=40)


def calendar_with(extra):
    return Calendar(extra_days=lambda first, last: {d for d in extra if first <= d <= last})


@settings(max_examples=300, deadline=None)
@given(start=DATES, n=st.integers(min_value=0, max_value=400), extra=EXTRA)
def test_adding_n_working_days_then_counting_back_gives_n(start, n, extra):
    cal = calendar_with(extra)
    due = cal.add_working_days(start, n)
    assert cal.working_days_between(start, due) == n
    assert n == 0 or cal.is_working_day(due)  # a clock never falls due on a non-working day
    assert cal.working_days_before(due, n) <= start or n == 0


@settings(max_examples=200, deadline=None)
@given(first=DATES, second=DATES, n=st.integers(min_value=0, max_value=200), extra=EXTRA)
def test_adding_working_days_is_monotonic(first, second, n, extra):
    cal = calendar_with(extra)
    early, late = sorted((first, second))
    assert cal.add_working_days(early, n) <= cal.add_working_days(late, n)
    assert cal.add_working_days(early, n) < cal.add_working_days(early, n + 1)


@settings(max_examples=200, deadline=None)
@given(first=DATES, days=st.integers(min_value=-1200, max_value=1200), extra=EXTRA)
def test_counting_working_days_agrees_with_walking_them(first, days, extra):
    """working_days_between counts weeks and subtracts closed days (a clock years overdue is on
    list pages); walked day by day, the answer is the same, across years and added closed days."""
    cal = calendar_with(extra)
    last = first + timedelta(days=days)
    low, high = sorted((first, last))
    walked = sum(1 for offset in range(1, (high - low).days + 1) if cal.is_working_day(low + timedelta(days=offset)))
    assert cal.working_days_between(first, last) == (walked if last >= first else -walked)
