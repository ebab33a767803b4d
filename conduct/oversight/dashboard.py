"""The department dashboard: a registry of sections, each a function returning its
figures and charts with the URL of the filtered list behind every number. A feature adds its
section with one `register_section` call (from its AppConfig.ready or its module).

Every count uses the same definition as the list its link opens (conduct.cases.selectors,
the querysets of the lists), and each section is a fixed number of queries: grouped counts in
SQL, never rows in Python."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from casework import figures as section_figures
from casework import permissions as casework_permissions
from casework.models import Person
from casework.models.cases import CaseStatus, Origin
from casework.models.deadlines import due_within
from casework.views.deadlines import SOON_WORKING_DAYS  # the deadline list's "due soon"
from conduct.cases import selectors as oversight_filters
from conduct.duty.models import IMPOSING_KINDS
from conduct.models import DutyDecision, DutyKind, ExerciseState, FlagRule, FlagState, Proceedings, Stage


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    url: str
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """Bars, each linking to its list. Rendered as SVG with a table alternative."""

    title: str
    description: str
    bars: list  # of Figure
    series: str = ""


@dataclass
class SectionData:
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)  # (caption, [column headings], [(label, [Figure, ...])])
    charts: list = field(default_factory=list)
    links: list = field(default_factory=list)  # (text, url): named records, e.g. flagged people


@dataclass(frozen=True)
class Section:
    key: str
    build: Callable  # (user, today) -> SectionData | None (None: not shown to this user)
    order: int = 100


SECTIONS: dict[str, Section] = {}


def register_section(key: str, build: Callable, *, order: int = 100, topics: tuple | None = None) -> Section:
    """Add a section. Its figures are cached per user like every section figure; `topics`: what
    it counts (casework.figures), so that it is recomputed only after changes of those topics or
    changes that name none; None (the default), after every change."""
    section = Section(key, build, order)
    SECTIONS[key] = section
    section_figures.figure(_figure_name(key), topics=topics)(functools.partial(_build_section, key))
    return section


def _figure_name(key: str) -> str:
    return f"dashboard:{key}"


def _build_section(key: str, user):
    section = SECTIONS.get(key)  # gone: a section a test registered and removed
    return section.build(user, timezone.localdate()) if section else None


def build(user) -> list[SectionData]:
    """The sections this user sees, in order: each read from the cache or computed (one round trip
    to the cache for all of them)."""
    ordered = sorted(SECTIONS.values(), key=lambda s: s.order)
    values = section_figures.cached_figures(user, [_figure_name(s.key) for s in ordered])
    return [values[_figure_name(s.key)] for s in ordered if values[_figure_name(s.key)] is not None]


def link(url_name: str, **params) -> str:
    query = urlencode({k: v.isoformat() if isinstance(v, date) else v for k, v in params.items() if v is not None})
    return f"{reverse(url_name)}?{query}" if query else reverse(url_name)


def _visible(user):
    return casework_permissions.visible_cases(user)  # subqueries on the case row, no join to undo


# Open matters: by stage, by origin, ageing -----------------------------------------------
def open_matters(user, today):
    cases = _visible(user).filter(status=CaseStatus.OPEN)
    by_origin = dict(cases.values_list("origin").annotate(n=Count("pk")).values_list("origin", "n"))
    by_stage = dict(
        Proceedings.objects.filter(subject__case__in=cases.values("pk"))
        .values("stage")
        .annotate(n=Count("subject__case_id", distinct=True))
        .values_list("stage", "n")
    )
    stages = [
        Figure(label, by_stage.get(value, 0), link("case-list", status=CaseStatus.OPEN, stage=value))
        for value, label in Stage.choices
        if value != Stage.CONCLUDED or by_stage.get(value)
    ]
    origins = [
        Figure(label, by_origin.get(value, 0), link("case-list", status=CaseStatus.OPEN, origin=value))
        for value, label in Origin.choices
    ]
    return SectionData(
        "Open matters",
        figures=[Figure("Open cases", sum(by_origin.values()), link("case-list", status=CaseStatus.OPEN))],
        tables=[
            ("By stage (a case with subjects at several stages counts at each)", ["Stage", "Cases"], stages),
            ("By origin", ["Origin", "Cases"], origins),
        ],
    )


AGE_BUCKETS = [  # (label, least days, most days)
    ("Up to 3 months", 0, 90),
    ("3 to 6 months", 91, 181),
    ("6 to 12 months", 182, 365),
    ("Over 12 months", 366, None),
]
STAGE_BUCKETS = [
    ("Up to 30 days", 0, 30),
    ("31 to 90 days", 31, 90),
    ("91 to 180 days", 91, 180),
    ("Over 180 days", 181, None),
]


def _day_range(today, least, most):
    """The days (oldest, newest) that are between least and most days before today."""
    return (today - timedelta(days=most) if most is not None else None), today - timedelta(days=least)


def ageing(user, today):
    cases = _visible(user).filter(status=CaseStatus.OPEN)
    received, in_stage = {}, {}
    for label, least, most in AGE_BUCKETS:
        oldest, newest = _day_range(today, least, most)
        query = Q(received_on__lte=newest) & (Q(received_on__gte=oldest) if oldest else Q())
        received[label] = (Count("pk", filter=query), oldest, newest)
    for label, least, most in STAGE_BUCKETS:
        oldest, newest = _day_range(today, least, most)
        in_stage[label] = (oversight_filters.stage_entered_between(oldest, newest), oldest, newest)
    counts = cases.aggregate(**{f"r{i}": agg for i, (agg, _, _) in enumerate(received.values())})
    # The stage buckets in one pass over the subjects not concluded (the list's filter,
    # in_stage_since, asks the same of each case: any such subject entered its stage in the range).
    live = Proceedings.objects.exclude(stage=Stage.CONCLUDED).filter(
        casework_permissions.visible_case_condition(user, "subject__case__"), subject__case__status=CaseStatus.OPEN
    )
    counts |= live.aggregate(
        **{
            f"s{i}": Count("subject__case_id", distinct=True, filter=query)
            for i, (query, _, _) in enumerate(in_stage.values())
        }
    )
    received_figures = [
        Figure(
            label, counts[f"r{i}"], link("case-list", status=CaseStatus.OPEN, received_from=oldest, received_to=newest)
        )
        for i, (label, (_, oldest, newest)) in enumerate(received.items())
    ]
    stage_figures = [
        Figure(
            label,
            counts[f"s{i}"],
            link("case-list", status=CaseStatus.OPEN, stage_since_from=oldest, stage_since_to=newest),
        )
        for i, (label, (_, oldest, newest)) in enumerate(in_stage.items())
    ]
    return SectionData(
        "Ageing of open matters",
        tables=[
            ("Time since received", ["Age", "Cases"], received_figures),
            ("Time in the current stage (any subject not concluded)", ["Time in stage", "Cases"], stage_figures),
        ],
    )


# Deadlines -------------------------------------------------------------------------------
def deadlines(user, today):
    if not casework_permissions.can_view_department_deadlines(user):
        return None
    now = timezone.now()
    seen = casework_permissions.visible_deadlines(user).open()
    rows = (
        seen.values("kind")
        .annotate(
            overdue=Count("pk", filter=Q(due_at__lt=now)),
            # On the row: `seen` is visible and open already (a subquery would test visibility again).
            soon=Count("pk", filter=due_within(SOON_WORKING_DAYS, now=now)),
            label=Max("label"),
        )
        .order_by("label")
    )
    by_kind = []
    for row in rows:
        if not (row["overdue"] or row["soon"]):
            continue
        common = {"scope": "department", "kind": row["kind"]}
        by_kind.append(
            (
                row["label"],
                [
                    Figure("Overdue", row["overdue"], link("deadline-list", bucket="overdue", **common)),
                    Figure("Due soon", row["soon"], link("deadline-list", bucket="soon", **common)),
                ],
            )
        )
    twelve = next((r for r in rows if r["kind"] == "investigation_12_months"), None)
    return SectionData(
        "Deadlines",
        figures=[
            Figure(
                "Investigations past 12 months",
                twelve["overdue"] if twelve else 0,
                link("deadline-list", scope="department", bucket="overdue", kind="investigation_12_months"),
                "The 12-month investigation clock has run out",
            ),
            Figure(
                "Overdue",
                sum(r["overdue"] for r in rows),
                link("deadline-list", scope="department", bucket="overdue"),
            ),
            Figure(
                f"Due in the next {SOON_WORKING_DAYS} working days",
                sum(r["soon"] for r in rows),
                link("deadline-list", scope="department", bucket="soon"),
            ),
        ],
        tables=[("Due and overdue by kind", ["Clock", "Overdue", "Due soon"], by_kind)] if by_kind else [],
    )


# Suspensions and restrictions ------------------------------------------------------------
DURATION_BUCKETS = [
    ("Up to 4 weeks", 0, 28),
    ("4 weeks to 3 months", 29, 91),
    ("3 to 6 months", 92, 182),
    ("Over 6 months", 183, None),
]


def suspensions(user, today):
    in_force = DutyDecision.objects.visible_to(user).active().imposing()
    by_kind = dict(in_force.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    durations = {}
    for label, least, most in DURATION_BUCKETS:
        oldest, newest = _day_range(today, least, most)
        query = Q(kind=DutyKind.SUSPEND, effective_on__lte=newest) & (Q(effective_on__gte=oldest) if oldest else Q())
        durations[label] = (query, oldest, newest)
    counts = in_force.aggregate(**{f"d{i}": Count("pk", filter=q) for i, (q, _, _) in enumerate(durations.values())})
    bars = [
        Figure(
            label,
            counts[f"d{i}"],
            link("suspension-list", tab="active", kind=DutyKind.SUSPEND, effective_from=oldest, effective_to=newest),
        )
        for i, (label, (_, oldest, newest)) in enumerate(durations.items())
    ]
    kinds = [
        Figure(label, by_kind.get(value, 0), link("suspension-list", tab="active", kind=value))
        for value, label in DutyKind.choices
        if value in IMPOSING_KINDS
    ]
    return SectionData(
        "Suspensions and restrictions in force",
        figures=[Figure("In force", sum(by_kind.values()), link("suspension-list", tab="active"))],
        tables=[("By decision", ["Decision", "In force"], kinds)],
        charts=[
            Chart(
                "Suspensions in force, by how long",
                "Suspensions in force, grouped by the time since they took effect.",
                bars,
                "Suspensions",
            )
        ],
    )


# IOPC referrals --------------------------------------------------------------------------
def referrals(user, today):
    from conduct.referrals.selectors import pending_counts

    counts = pending_counts(user)
    return SectionData(
        "IOPC referrals pending",
        figures=[
            Figure(
                "Required, not yet made",
                counts["required"],
                link("referral-list", tab="required"),
                f"{counts['overdue']} overdue" if counts["overdue"] else "",
            ),
            Figure("Awaiting the IOPC's decision", counts["awaiting"], link("referral-list", tab="awaiting")),
        ],
    )


# Early-warning flags ---------------------------------------------------------------------
def flags(user, today):
    from conduct.oversight.early_warning import visible_flags
    from conduct.permissions import can_view_flags

    if not can_view_flags(user):
        return None
    open_flags = visible_flags(user).filter(state=FlagState.OPEN)
    by_rule = dict(open_flags.values_list("rule_id").annotate(n=Count("pk")).values_list("rule_id", "n"))
    rules = [
        Figure(rule.name, by_rule.get(rule.pk, 0), link("flag-list", state=FlagState.OPEN, rule=rule.code))
        for rule in FlagRule.objects.all()
        if by_rule.get(rule.pk)
    ]
    # The people with the most open flags first: who shows a pattern (one query).
    people = (
        Person.objects.filter(pk__in=open_flags.values("person_id"))
        .annotate(
            open_flags=Count("flags", filter=Q(flags__in=open_flags.values("pk"))),
            latest=Max("flags__raised_at", filter=Q(flags__in=open_flags.values("pk"))),
        )
        .order_by("-open_flags", "-latest", "pk")[:15]
    )
    return SectionData(
        "Early-warning flags",
        figures=[Figure("Open flags", sum(by_rule.values()), link("flag-list", state=FlagState.OPEN))],
        tables=[("Open flags by rule", ["Rule", "Flags"], rules)] if rules else [],
        links=[
            (
                f"{p.full_name} ({p.number}): {p.open_flags} open flag{'s' if p.open_flags != 1 else ''}",
                link("flag-list", state=FlagState.OPEN, person=p.pk),
            )
            for p in people
        ],
    )


# Charts: cases opened and closed per month, time to outcome ------------------------------
def month_starts(today, months=12) -> list[date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        starts.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(starts))


def _month_end(start: date) -> date:
    return ((start + timedelta(days=32)).replace(day=1)) - timedelta(days=1)


def throughput(user, today):
    starts = month_starts(today)
    cases = _visible(user)
    opened = dict(
        cases.filter(received_on__gte=starts[0])
        .annotate(m=TruncMonth("received_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    closed = dict(
        cases.filter(oversight_filters.closed_between(starts[0], None))
        .annotate(m=TruncMonth("closed_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    closed = {(m.date() if hasattr(m, "date") else m): n for m, n in closed.items()}
    opened_bars = [
        Figure(f"{m:%b %Y}", opened.get(m, 0), link("case-list", received_from=m, received_to=_month_end(m)))
        for m in starts
    ]
    closed_bars = [
        Figure(
            f"{m:%b %Y}",
            closed.get(m, 0),
            link("case-list", status=CaseStatus.CLOSED, closed_from=m, closed_to=_month_end(m)),
        )
        for m in starts
    ]
    # Time to outcome: cases closed in the last 12 months, by days from receipt to closure.
    outcome_buckets = [
        ("Up to 90 days", 0, 90),
        ("91 to 180 days", 91, 180),
        ("181 to 365 days", 181, 365),
        ("Over a year", 366, None),
    ]
    recent = cases.filter(oversight_filters.closed_between(starts[0], today))
    counts = recent.aggregate(
        **{
            f"t{i}": Count("pk", filter=oversight_filters.days_to_close_between(least, most))
            for i, (_, least, most) in enumerate(outcome_buckets)
        }
    )
    outcome_bars = [
        Figure(
            label,
            counts[f"t{i}"],
            link(
                "case-list",
                status=CaseStatus.CLOSED,
                closed_from=starts[0],
                closed_to=today,
                days_to_close_min=least,
                days_to_close_max=most,
            ),
        )
        for i, (label, least, most) in enumerate(outcome_buckets)
    ]
    return SectionData(
        "Cases over the last 12 months",
        charts=[
            Chart("Cases opened per month", "Cases received in each of the last 12 months.", opened_bars, "Opened"),
            Chart("Cases closed per month", "Cases closed in each of the last 12 months.", closed_bars, "Closed"),
            Chart(
                "Time to outcome",
                "Cases closed in the last 12 months, by the time from receipt to closure.",
                outcome_bars,
                "Cases",
            ),
        ],
    )


# Access reviews -------------------------------------------------------------------------
def access_reviews(user, today):
    """Record-access justification exercises not yet decided, by state."""
    from conduct.access_reviews import services as reviews
    from conduct.permissions import can_view_access_reviews, visible_exercises

    if not can_view_access_reviews(user):
        return None
    # Sending letters moves an exercise straight to collecting; "letters sent" is never held.
    open_states = [s for s in ExerciseState if s not in (ExerciseState.DECIDED, ExerciseState.LETTERS_SENT)]
    counts = dict(
        reviews.in_state(visible_exercises(user), reviews.IN_PROGRESS)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
        .order_by()
    )
    return SectionData(
        "Access reviews in progress",
        figures=[
            Figure("In progress", sum(counts.values()), link("access-review-list", state=reviews.IN_PROGRESS)),
            *(
                Figure(state.label, counts.get(state.value, 0), link("access-review-list", state=state.value))
                for state in open_states
            ),
        ],
    )


# What each section counts (casework.figures topics). The tables of cases (open matters, ageing,
# the last 12 months) count cases, their stages and who may see them: changes that name no topic
# (a case recorded, changed, closed or moved on; access granted). Referrals and flags: written only
# by their services, which name none. Deadlines, duty decisions: their own topic. Access reviews:
# every change, as before (cheap to recompute).
register_section("open-matters", open_matters, order=10, topics=())
register_section("ageing", ageing, order=20, topics=())
register_section("deadlines", deadlines, order=30, topics=(section_figures.DEADLINES,))
register_section("suspensions", suspensions, order=40, topics=(section_figures.DUTY,))
register_section("referrals", referrals, order=50, topics=())
register_section("flags", flags, order=60, topics=())
register_section("throughput", throughput, order=70, topics=())
register_section("access-reviews", access_reviews, order=55)
