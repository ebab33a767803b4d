"""The working-day calendar that every legal clock is computed with (DOMAIN.md, "Other clocks").

A working day is Monday to Friday, except the bank holidays of England and Wales (from the
`holidays` package: offline, every future year) and the days an administrator adds
(`NonWorkingDay`). The rules, with worked examples, are in docs/rules.md ("Working days and
clocks"); in short:

* The day of the event is day 0. Counting starts on the next day, so a clock of n working days
  falls due on the n-th working day *after* the event: `add_working_days(Friday, 1)` is the
  following Monday. An event on a non-working day changes nothing: from a Saturday, 1 working
  day is the Monday (the first working day after), exactly as from the Friday before.
* `working_days_between(a, b)` counts the working days d with a < d <= b, so it is the inverse:
  `working_days_between(start, add_working_days(start, n)) == n`.
* Calendar days, weeks and months are counted on the calendar and are not moved off a weekend
  or bank holiday: the law counts them that way. Months clamp to the end of a shorter month.
* A clock runs out at the end of its due day, local time (Europe/London): 23:59:59.999999, an
  aware datetime (`end_of_day`). "End of the next day" (IOPC referrals) is a calendar day.

Administrators' days are read for a whole range of dates in one query and kept on a
`Calendar` object for as long as it lives (one per call unless the caller passes one), so no
computation ever makes a query per day.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")
# England and Wales share their bank holidays; the package files them under England.
BANK_HOLIDAY_COUNTRY, BANK_HOLIDAY_SUBDIVISION = "GB", "ENG"
SATURDAY = 5
END_OF_DAY = time(23, 59, 59, 999999)


@lru_cache(maxsize=128)
def bank_holidays(year: int) -> frozenset[date]:
    """England and Wales bank holidays of one year (substitute days included), from the package."""
    return frozenset(holidays.country_holidays(BANK_HOLIDAY_COUNTRY, subdiv=BANK_HOLIDAY_SUBDIVISION, years=year))


def administrators_days(first: date, last: date) -> set[date]:
    """The non-working days administrators added between first and last inclusive: one query."""
    from .models import NonWorkingDay

    return set(NonWorkingDay.objects.filter(date__range=(first, last)).values_list("date", flat=True))


class Calendar:
    """Working days, with the administrators' days loaded range by range and kept.

    `extra_days` reads the added non-working days for a range of dates; the default reads the
    database. Tests of the arithmetic pass their own (a set, no database).
    """

    def __init__(self, extra_days: Callable[[date, date], Iterable[date]] = administrators_days):
        self._extra_days = extra_days
        self._loaded: tuple[date, date] | None = None  # the inclusive range read so far
        self._closed: set[date] = set()

    def load(self, first: date, last: date) -> None:
        """Read the added days of [first, last]; only the part not read before is asked for."""
        if first > last:
            first, last = last, first
        if self._loaded is None:
            self._closed |= set(self._extra_days(first, last))
            self._loaded = (first, last)
            return
        low, high = self._loaded
        if first < low:
            self._closed |= set(self._extra_days(first, low - timedelta(days=1)))
        if last > high:
            self._closed |= set(self._extra_days(high + timedelta(days=1), last))
        self._loaded = (min(first, low), max(last, high))

    def _covers(self, day: date) -> bool:
        return self._loaded is not None and self._loaded[0] <= day <= self._loaded[1]

    def is_working_day(self, day: date) -> bool:
        if not self._covers(day):
            # Someone walked off the range they loaded: read a generous block around the day.
            self.load(day - timedelta(days=31), day + timedelta(days=62))
        return day.weekday() < SATURDAY and day not in bank_holidays(day.year) and day not in self._closed

    def add_working_days(self, start: date, n: int) -> date:
        if n < 0:
            raise ValueError("Count working days forwards (n >= 0); use working_days_before to go back.")
        # Roughly 5 working days in 7, less bank holidays: twice n plus three weeks covers it.
        self.load(start, start + timedelta(days=2 * n + 21))
        day, counted = start, 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_before(self, end: date, n: int) -> date:
        """The n-th working day before `end` (n >= 0; 0 gives `end` itself)."""
        if n < 0:
            raise ValueError("n must be 0 or more.")
        self.load(end - timedelta(days=2 * n + 21), end)
        day, counted = end, 0
        while counted < n:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, first: date, last: date) -> int:
        """Working days d with first < d <= last; negative when last is before first."""
        if last < first:
            return -self.working_days_between(last, first)
        self.load(first, last)
        # Counted, not walked: a clock a year overdue is shown on every list row that holds one.
        days = (last - first).days
        weeks, rest = divmod(days, 7)
        weekdays = 5 * weeks + sum(
            1 for offset in range(1, rest + 1) if (first + timedelta(offset)).weekday() < SATURDAY
        )
        closed = set(self._closed).union(*(bank_holidays(year) for year in range(first.year, last.year + 1)))
        return weekdays - sum(1 for day in closed if first < day <= last and day.weekday() < SATURDAY)


# The module's functions: each builds its own Calendar (one query) unless given one to share.
def is_working_day(day: date, *, calendar: Calendar | None = None) -> bool:
    """Monday to Friday, not an England and Wales bank holiday, not a day an administrator added."""
    calendar = calendar or Calendar()
    calendar.load(day, day)
    return calendar.is_working_day(day)


def add_working_days(start: date, n: int, *, calendar: Calendar | None = None) -> date:
    """The n-th working day after `start` (the day of the event is day 0; n = 0 gives `start`).

    add_working_days(Fri 4 Dec 2026, 1) is Mon 7 Dec; from Sat 5 Dec, 1 working day is also Mon 7 Dec.
    """
    return (calendar or Calendar()).add_working_days(start, n)


def working_days_before(end: date, n: int, *, calendar: Calendar | None = None) -> date:
    """The n-th working day before `end`: for reminders "n working days before the due date"."""
    return (calendar or Calendar()).working_days_before(end, n)


def working_days_between(first: date, last: date, *, calendar: Calendar | None = None) -> int:
    """How many working days after `first`, up to and including `last` (the inverse of add)."""
    return (calendar or Calendar()).working_days_between(first, last)


def add_calendar_days(start: date, n: int) -> date:
    return start + timedelta(days=n)


def add_weeks(start: date, n: int) -> date:
    return start + timedelta(weeks=n)


def add_months(start: date, n: int) -> date:
    """The same day n months later, or the last day of that month when it is shorter
    (31 January + 1 month is 28 or 29 February)."""
    month_index = start.month - 1 + n
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, _days_in_month(year, month)))


def _days_in_month(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def local_date(moment: datetime) -> date:
    """The day a moment falls on in England and Wales."""
    return moment.astimezone(LONDON).date()


def start_of_day(day: date) -> datetime:
    """Midnight at the start of the day, Europe/London, as an aware datetime."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def end_of_day(day: date) -> datetime:
    """The last instant of the day, Europe/London (23:59:59.999999), as an aware datetime. A clock
    due on `day` runs out then: it is overdue when now > end_of_day(due)."""
    return datetime.combine(day, END_OF_DAY, tzinfo=LONDON)


def end_of_next_day(moment: datetime) -> datetime:
    """The end of the calendar day after the day of `moment` (DOMAIN.md, IOPC referrals: "by the
    end of the day after the day it first becomes clear"). Calendar, not working, days: a matter
    that becomes clear on a Friday is due by the end of Saturday."""
    return end_of_day(local_date(moment) + timedelta(days=1))
