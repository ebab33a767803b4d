"""Monthly statistics for a chosen period: cases received by origin, allegations by
category, outcomes and conclusions, cases closed, the timeliness of IOPC referrals and of the
legal clocks (notices and the rest), and suspensions with their days. Scoped to the cases the
reader may open. Each figure is one grouped query on an indexed column (the case's
received_on and closed_at, the transition's to_stage and made_at, the referral's referred_at,
the deadline's closed_at, the decision's effective_on), so the report stays fast however many
cases there are; bench/dashboard.py times it."""

import functools
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from casework import permissions as casework_permissions
from casework.calendar import LONDON
from casework.models import Deadline
from casework.models.cases import Origin
from casework.models.deadlines import DeadlineState
from conduct.models import (
    Allegation,
    AllegationCategory,
    Conclusion,
    DecisionState,
    DutyDecision,
    DutyKind,
    Outcome,
    Referral,
    Stage,
    StageTransition,
)


@dataclass
class Report:
    start: date
    end: date
    tables: list = field(default_factory=list)  # (title, [headings], [rows])


def _moment(day: date, end=False) -> datetime:
    """The start of a local day, or the start of the next one (a half-open range)."""
    if end:
        day = day + timedelta(days=1)
    return datetime.combine(day, time.min, tzinfo=LONDON)


def monthly(user, start: date, end: date) -> Report:
    cases = casework_permissions.visible_cases(user)
    # The rows below each reach their case through a relation: visibility is tested on that case
    # row, so each query starts from its own few rows of the period (an IN over every visible
    # case hashed 100,000 cases per table; docs/performance.md).
    visible = functools.partial(casework_permissions.visible_case_condition, user)
    since, until = _moment(start), _moment(end, end=True)
    report = Report(start, end)

    received = dict(
        cases.filter(received_on__range=(start, end))
        .values_list("origin")
        .annotate(n=Count("pk"))
        .values_list("origin", "n")
    )
    report.tables.append(
        (
            "Cases received, by origin",
            ["Origin", "Cases"],
            [(label, received.get(value, 0)) for value, label in Origin.choices] + [("Total", sum(received.values()))],
        )
    )

    # From the allegation-category rows: each reaches its case through single-valued relations only.
    categories = dict(
        Allegation.categories.through.objects.filter(
            visible("allegation__subject__case__"), allegation__subject__case__received_on__range=(start, end)
        )
        .values_list("allegationcategory__name")
        .annotate(n=Count("pk"))
        .values_list("allegationcategory__name", "n")
    )
    report.tables.append(
        (
            "Allegations on the cases received, by category",
            ["Category", "Allegations"],
            [(c.name, categories.get(c.name, 0)) for c in AllegationCategory.objects.all()],
        )
    )

    concluded = StageTransition.objects.filter(
        visible("proceedings__subject__case__"), to_stage=Stage.CONCLUDED, made_at__gte=since, made_at__lt=until
    )
    conclusions = dict(
        concluded.values_list("proceedings__conclusion")
        .annotate(n=Count("pk"))
        .values_list("proceedings__conclusion", "n")
    )
    outcomes = dict(
        concluded.exclude(proceedings__outcome="")
        .values_list("proceedings__outcome")
        .annotate(n=Count("pk"))
        .values_list("proceedings__outcome", "n")
    )
    closed = cases.filter(closed_at__gte=since, closed_at__lt=until).count()
    report.tables.append(
        (
            "Subjects concluded, by conclusion and outcome",
            ["Conclusion or outcome", "Subjects"],
            [(label, conclusions.get(value, 0)) for value, label in Conclusion.choices]
            + [(f"Outcome: {label}", outcomes.get(value, 0)) for value, label in Outcome.choices]
            + [("Cases closed", closed)],
        )
    )

    referrals = Referral.objects.filter(visible("case__"), referred_at__gte=since, referred_at__lt=until).aggregate(
        made_on_time=Count("pk", filter=Q(on_time=True)),
        made_late=Count("pk", filter=Q(on_time=False)),
        made_untimed=Count("pk", filter=Q(on_time__isnull=True)),
    )
    report.tables.append(
        (
            "IOPC referrals made",
            ["Timeliness", "Referrals"],
            [
                ("On time", referrals["made_on_time"]),
                ("Late", referrals["made_late"]),
                ("No deadline", referrals["made_untimed"]),
            ],
        )
    )

    clocks = (
        Deadline.objects.filter(visible("case__"), closed_at__gte=since, closed_at__lt=until)
        .exclude(state=DeadlineState.STOPPED)
        .values("kind")
        .annotate(
            name=Max("label"),
            on_time=Count("pk", filter=Q(state=DeadlineState.MET, met_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(state=DeadlineState.MET, met_on__gt=F("due_on"))),
            missed=Count("pk", filter=Q(state=DeadlineState.MISSED)),
        )
        .order_by("name")
    )
    report.tables.append(
        (
            "Legal clocks (notices and others) closed, by timeliness",
            ["Clock", "Met on time", "Met late", "Missed"],
            [(row["name"], row["on_time"], row["late"], row["missed"]) for row in clocks],
        )
    )

    report.tables.append(("Suspensions", ["Measure", "Number"], _suspensions(visible("subject__case__"), start, end)))
    return report


def _suspensions(visible, start, end):
    """Suspensions that took effect in the period, those in force at any time in it, and the days
    of suspension inside the period (an open-ended one counts up to today or the period's end)."""
    today = timezone.localdate()
    suspended = DutyDecision.objects.filter(
        visible,
        kind=DutyKind.SUSPEND,
        effective_on__isnull=False,
        state__in=[DecisionState.ACTIVE, DecisionState.ENDED, DecisionState.REPLACED],
    )
    period_end = min(end, today)
    in_period = suspended.filter(effective_on__lte=period_end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
    last_day = Least(Coalesce("ends_on", Value(period_end)), Value(period_end))
    first_day = Greatest("effective_on", Value(start))
    # date - date is days; one more for the first day itself.
    days = ExpressionWrapper(last_day - first_day, output_field=DurationField())
    figures = in_period.aggregate(
        in_force=Count("pk"),
        started=Count("pk", filter=Q(effective_on__gte=start)),
        days=Sum(days),
    )
    total_days = (figures["days"].days if figures["days"] else 0) + figures["in_force"]
    return [
        ("Suspensions that took effect", figures["started"]),
        ("Suspensions in force at any time", figures["in_force"]),
        ("Days of suspension in the period", total_days if figures["in_force"] else 0),
    ]


def previous_month(today: date | None = None) -> tuple[date, date]:
    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end
