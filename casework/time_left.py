"""How long is left before a deadline, or how long it is overdue, said as people say it and
computed from the due moment itself: one function for the reminder notifications and their
emails, the deadline pages and the referral banners, so they never disagree.

Close to the due moment (under two days either side) the time is in days, hours and minutes,
because an end-of-day clock such as an IOPC referral is measured in hours; further away it is
in working days, the unit the clocks are set in (weekends, bank holidays and the days
administrators add do not count).
"""

from datetime import datetime, timedelta

from django.utils import timezone

from .calendar import Calendar, local_date

CLOSE = timedelta(days=2)


def time_left(due_at: datetime, *, now: datetime | None = None, calendar: Calendar | None = None) -> str:
    """e.g. "due in 4 working days", "due in 1 day 14 hours", "due in 35 minutes",
    "overdue by 9 hours", "overdue by 253 working days". Lower case: capitalise where it starts
    a sentence (the `|capfirst` filter)."""
    now = now or timezone.now()
    remaining = due_at - now
    if abs(remaining) < CLOSE:
        text = _duration(abs(remaining))
        return f"due in {text}" if remaining >= timedelta(0) else f"overdue by {text}"
    days = (calendar or Calendar()).working_days_between(local_date(now), local_date(due_at))
    if remaining > timedelta(0):
        return f"due in {_working_days(max(days, 1))}"
    return f"overdue by {_working_days(max(-days, 1))}"


def _working_days(n: int) -> str:
    return f"{n} working day{'s' if n != 1 else ''}"


def _duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not parts):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


def with_time_left(items, *, now: datetime | None = None, attr: str = "due_at") -> list:
    """Set `time_left` on each item (deadlines, referrals) from its `attr`, reading the
    administrators' non-working days once for the whole list: a page's query count does not
    grow with its rows."""
    items = list(items)
    now = now or timezone.now()
    moments = [getattr(item, attr) for item in items if getattr(item, attr)]
    calendar = Calendar()
    if any(abs(m - now) >= CLOSE for m in moments):  # only working days need the calendar
        calendar.load(local_date(min([now, *moments])), local_date(max([now, *moments])))
    for item in items:
        moment = getattr(item, attr)
        item.time_left = time_left(moment, now=now, calendar=calendar) if moment else ""
    return items
