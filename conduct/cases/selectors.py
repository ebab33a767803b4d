"""Filters that the dashboard counts with and the lists behind it filter with. One
definition each, so a figure and the list its link opens always agree: the case list
(conduct.cases.views), the suspension list (conduct.duty.list_views) and the dashboard
(conduct.oversight.dashboard) all call these."""

from datetime import date

from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncDate

from casework.models import Case
from conduct.models import Proceedings, Stage


def in_stage_since(since_from: date | None, since_to: date | None) -> Q:
    """Cases with a subject, not concluded, who entered their current stage between the dates
    (inclusive, local days)."""
    proceedings = Proceedings.objects.exclude(stage=Stage.CONCLUDED)
    if since_from is not None:
        proceedings = proceedings.filter(stage_since__date__gte=since_from)
    if since_to is not None:
        proceedings = proceedings.filter(stage_since__date__lte=since_to)
    return Q(pk__in=proceedings.values("subject__case_id"))


def closed_between(closed_from: date | None, closed_to: date | None) -> Q:
    query = Q(closed_at__isnull=False)
    if closed_from is not None:
        query &= Q(closed_at__date__gte=closed_from)
    if closed_to is not None:
        query &= Q(closed_at__date__lte=closed_to)
    return query


def days_to_close_between(least: int | None, most: int | None) -> Q:
    """Closed cases whose time from receipt to closure (in days) is between least and most."""
    # date - date is a number of days in PostgreSQL; Django reads it as an interval.
    cases = Case.objects.filter(closed_at__isnull=False).annotate(
        taken=ExpressionWrapper(TruncDate("closed_at") - F("received_on"), output_field=DurationField())
    )
    from datetime import timedelta

    if least is not None:
        cases = cases.filter(taken__gte=timedelta(days=least))
    if most is not None:
        cases = cases.filter(taken__lte=timedelta(days=most))
    return Q(pk__in=cases.values("pk"))


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
