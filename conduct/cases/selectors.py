"""Filters that the dashboard counts with and the lists behind it filter with. One
definition each, so a figure and the list its link opens always agree: the case list
(conduct.cases.views), the suspension list (conduct.duty.list_views) and the dashboard
(conduct.oversight.dashboard) all call these."""

from datetime import date, timedelta

from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from casework.calendar import start_of_day
from conduct.models import Proceedings, Stage


def _moments(field: str, day_from: date | None, day_to: date | None) -> Q:
    """A timestamp on a local day between the dates (inclusive), as a range on the column itself
    (from the start of the first day to before the start of the day after the last), so its
    index can serve it, where `field__date__gte` would compute every row's local day first."""
    query = Q()
    if day_from is not None:
        query &= Q(**{f"{field}__gte": start_of_day(day_from)})
    if day_to is not None:
        query &= Q(**{f"{field}__lt": start_of_day(day_to + timedelta(days=1))})
    return query


def in_stage_since(since_from: date | None, since_to: date | None) -> Q:
    """Cases with a subject, not concluded, who entered their current stage between the dates
    (inclusive, local days)."""
    proceedings = Proceedings.objects.exclude(stage=Stage.CONCLUDED).filter(stage_entered_between(since_from, since_to))
    return Q(pk__in=proceedings.values("subject__case_id"))


def stage_entered_between(since_from: date | None, since_to: date | None) -> Q:
    """Proceedings that entered their current stage between the dates: `in_stage_since`'s
    condition on the proceedings row (the dashboard counts its buckets in one pass with it)."""
    return _moments("stage_since", since_from, since_to)


def closed_between(closed_from: date | None, closed_to: date | None) -> Q:
    return Q(closed_at__isnull=False) & _moments("closed_at", closed_from, closed_to)


def days_to_close_between(least: int | None, most: int | None) -> Q:
    """Closed cases whose time from receipt to closure (in days) is between least and most: a
    condition on the case row itself (no subquery of cases, which would scan them all again for
    each bucket the dashboard counts)."""
    # date - date is a number of days in PostgreSQL; Django reads it as an interval.
    taken = ExpressionWrapper(TruncDate("closed_at") - F("received_on"), output_field=DurationField())
    query = Q(closed_at__isnull=False)
    if least is not None:
        query &= Q(GreaterThanOrEqual(taken, timedelta(days=least)))
    if most is not None:
        query &= Q(LessThanOrEqual(taken, timedelta(days=most)))
    return query


def parse_days(value: str) -> int | None:
    """A number of days from a query string, or None (not digits, or absurdly large)."""
    return int(value) if value.isdecimal() and len(value) <= 6 else None


def overdue_deadlines(user, cases) -> dict:
    """{case id: its most overdue deadline the user may see, with `time_left` set} for the cases
    of one page of the list filtered by "has an overdue deadline": which clock, and by how much
    (casework.time_left). One query for the page, whatever its length."""
    from casework.permissions import visible_deadlines
    from casework.time_left import with_time_left

    rows = visible_deadlines(user).overdue().filter(case_id__in=[case.pk for case in cases])
    most_overdue = {}
    for deadline in rows.order_by("due_at", "id"):  # a page's cases' overdue clocks: a few rows
        most_overdue.setdefault(deadline.case_id, deadline)
    with_time_left(most_overdue.values())
    return most_overdue
