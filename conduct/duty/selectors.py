"""Reads for the manager, risk and consistency views of duty decisions (docs/rules.md,
"Suspension and duty decisions"). Each list is one queryset scoped to the cases the user may
see (a subquery, never a Python list); the current duty status and the last decision are
annotated in SQL, and the decisions a page shows are fetched in one more query, so the number
of queries never grows with the data."""

from datetime import timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from casework.models import CaseLink, CaseSubject, DutyStatusEntry
from casework.permissions import visible_cases
from conduct.duty import other_forces
from conduct.duty.models import IMPOSING_KINDS
from conduct.models import Allegation, Approval, CriminalInvestigation, DecisionState, DutyDecision, DutyKind

# The consistency view's filter: a criminal investigation still running.
LIVE_CRIMINAL = (CriminalInvestigation.OPEN, CriminalInvestigation.CHARGED)


def end_of_week(today=None):
    """The last day of "this week": the seven days from today, so that on a Friday or a Sunday
    the manager still sees what falls due in the coming days."""
    today = today or timezone.localdate()
    return today + timedelta(days=6)


# Decisions --------------------------------------------------------------------------------
def decisions_for(user):
    return DutyDecision.objects.visible_to(user).select_related(
        "subject__person__force", "subject__case", "proposed_by", "decided_by"
    )


def awaiting_approval(user):
    return decisions_for(user).proposed().order_by("proposed_at", "id")


def reviews_due(user, *, until=None):
    """Decisions in force whose review (scheduled, asked for, or prompted by an answer to the
    notice) falls due by `until` (the end of this week), overdue ones included."""
    until = until or end_of_week()
    return (
        decisions_for(user).active().with_review_due().filter(review_due_on__lte=until).order_by("review_due_on", "id")
    )


def overdue_reviews(user, today=None):
    today = today or timezone.localdate()
    return reviews_due(user, until=today - timedelta(days=1))


def in_force(user, kind="", *, effective_from=None, effective_to=None):
    """Suspensions and restrictions in force, with their number of reviews; optionally only those
    in force since a day between the two given (the dashboard's durations link here)."""
    rows = decisions_for(user).active().imposing().with_review_due().annotate(review_count=Count("reviews"))
    if kind in IMPOSING_KINDS:
        rows = rows.filter(kind=kind)
    if effective_from is not None:
        rows = rows.filter(effective_on__gte=effective_from)
    if effective_to is not None:
        rows = rows.filter(effective_on__lte=effective_to)
    return rows.order_by("effective_on", "id")


def awaiting_written_confirmation(user):
    return decisions_for(user).active().filter(approval=Approval.URGENT_ORAL, notice__isnull=True)


def person_history(user, person):
    return (
        decisions_for(user)
        .filter(subject__person=person)
        .with_review_due()
        .prefetch_related("reviews__reviewed_by", "representations", "allegations__categories")
        .order_by("-proposed_at", "-id")
    )


def counts(user) -> dict:
    """The manager's numbers in one query (the home panel and the tabs)."""
    today = timezone.localdate()
    week = end_of_week(today)
    rows = DutyDecision.objects.visible_to(user).with_review_due()
    active = Q(state=DecisionState.ACTIVE)
    return rows.aggregate(
        awaiting=Count("pk", filter=Q(state=DecisionState.PROPOSED)),
        due_this_week=Count("pk", filter=active & Q(review_due_on__lte=week)),
        overdue=Count("pk", filter=active & Q(review_due_on__lt=today)),
        in_force=Count("pk", filter=active & Q(kind__in=IMPOSING_KINDS)),
        unconfirmed=Count("pk", filter=active & Q(approval=Approval.URGENT_ORAL, notice__isnull=True)),
    )


# Subjects: risk and consistency -----------------------------------------------------------
def _current_period(day):
    return (
        DutyStatusEntry.objects.filter(person=OuterRef("person_id"), starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .order_by("-starts_on", "-id")
    )


def _status_on(day):
    """The current duty status of a subject's person, as the register derives it: the person row's
    latest period when it has started (the latest period is always open-ended, so it is today's;
    casework.services.change_duty_status keeps the row), else the timeline's answer for today."""
    return Case(
        When(person__duty_since__lte=day, then=F("person__duty_status")),
        default=Subquery(_current_period(day).values("status")[:1]),
    )


def _public_facing_on(day):
    """The current period's public-facing answer, read the same way as `_status_on`."""
    return Case(
        When(person__duty_since__lte=day, then=F("person__public_facing")),
        default=Subquery(_current_period(day).values("public_facing")[:1]),
    )


def _last_decision():
    return Subquery(
        DutyDecision.objects.filter(subject=OuterRef("pk")).order_by("-proposed_at", "-id").values("pk")[:1]
    )


def _subjects(user):
    today = timezone.localdate()
    return (
        CaseSubject.objects.filter(case__in=visible_cases(user).values("pk"))
        .select_related("person__force", "person__rank", "case")
        .annotate(
            current_status=_status_on(today),
            status_or_none=Coalesce("current_status", Value(NOT_RECORDED)),
            last_decision_id=_last_decision(),
            criminal_live=Exists(
                Allegation.objects.filter(subject=OuterRef("pk"), criminal_investigation__in=LIVE_CRIMINAL)
            ),
            current_public_facing=_public_facing_on(today),
            # Cross-force subjects: their force's latest reported decision (conduct.duty.other_forces).
            other_decision_id=other_forces.latest(),
            other_public_facing=other_forces.latest("public_facing"),
        )
    )


NOT_RECORDED = ""


def _public_facing():
    """On public-facing duty today: the current period's `public_facing` (a property of the role,
    recorded on each period; DOMAIN.md, "Suspension"), not its status word. No period recorded is
    not evidence of being off public duty: it counts as public-facing.

    Read from the person row (docs/performance.md): it carries the latest period, kept by
    casework.services.change_duty_status in the same transaction; when that period has started
    it is today's, so the row answers. Only someone whose latest period starts in the future
    (a decision taking effect later) needs the timeline's exact answer for today."""
    today = timezone.localdate()
    current = Subquery(_current_period(today).values("public_facing")[:1])
    here = (
        Q(person__duty_since__isnull=True)
        | Q(person__duty_since__lte=today, person__public_facing=True)
        | (Q(person__duty_since__gt=today) & Q(Exact(Coalesce(current, Value(True)), True)))
    )
    # Someone of another force: their force's latest reported decision answers when one is
    # known (conduct.duty.other_forces); else the register's answer, as for everyone else.
    known = Q(person__force__is_home=False, other_public_facing__isnull=False)
    return (known & Q(other_public_facing=True)) | (~known & here)


def _risk_list(user, at_risk: Q):
    return (
        _subjects(user)
        .filter(at_risk)
        .filter(_public_facing())
        # Those with no decision first: they are the ones needing action.
        .order_by(F("last_decision_id").asc(nulls_first=True), "case__reference", "person__last_name")
    )


def criminal_on_public_duty(user):
    """People on public-facing duty under criminal investigation, charged or convicted."""
    return _risk_list(user, Q(criminal_risk=True))  # the flag, through its partial index


def sexual_on_public_facing(user):
    """People on public-facing duty with a sexual-misconduct, domestic-abuse or VAWG allegation."""
    # The subject's flag (conduct.cases.sexual), through its partial index: an allegation, open or
    # closed, in a category flagged sexual misconduct, domestic abuse or VAWG.
    return _risk_list(user, Q(sexual_risk=True))


def without_decision(rows):
    """Those of a risk list with no duty decision in force on that case: the ones needing action."""
    return rows.exclude(pk__in=DutyDecision.objects.active().values("subject_id")).exclude(
        person__force__is_home=False,
        other_decision_id__isnull=False,  # decided by their own force
    )


def full_duty_without_reason(user):
    """Decisions to leave on full duty with no recorded reason: the database refuses them, so
    this list must always be empty; it is shown so that anyone can see it is."""
    return decisions_for(user).filter(kind=DutyKind.FULL_DUTIES, rationale="").order_by("-proposed_at")


def risk_counts(user) -> dict:
    return {
        "criminal": criminal_on_public_duty(user).count(),
        "sexual": sexual_on_public_facing(user).count(),
        "overdue": overdue_reviews(user).count(),
        "no_reason": full_duty_without_reason(user).count(),
    }


def consistency(user, *, category: str, criminal: str = "", case=None):
    """Everyone with an allegation in the category (and, if asked, a live criminal
    investigation or none), across forces, optionally only on one case and the cases linked to
    it, with their duty status and last decision side by side."""
    rows = _subjects(user).filter(Exists(Allegation.objects.filter(subject=OuterRef("pk"), categories__code=category)))
    if criminal == "live":
        rows = rows.filter(criminal_live=True)
    elif criminal == "none":
        rows = rows.filter(criminal_live=False)
    if case is not None:
        rows = rows.filter(case_id__in=linked_case_ids(case))
    return rows.order_by("person__force__name", "case__reference", "person__last_name", "pk")


def linked_case_ids(case) -> list[int]:
    """The case and the cases linked to it here, either way round (one query)."""
    pairs = CaseLink.objects.filter(Q(case=case) | Q(linked_case=case), linked_case__isnull=False).values_list(
        "case_id", "linked_case_id"
    )
    return list({case.pk} | {pk for pair in pairs for pk in pair})


def external_links(case):
    """Links to other forces' cases: the decisions there are not held here, but they are named."""
    return CaseLink.objects.filter(case=case, linked_case__isnull=True).select_related("other_force")


def decisions_by_id(ids) -> dict:
    """The decisions a page of subjects shows, in one query."""
    ids = [pk for pk in ids if pk]
    if not ids:
        return {}
    return DutyDecision.objects.select_related("subject__case", "decided_by", "proposed_by").in_bulk(ids)


def attach_last_decisions(rows) -> list:
    """Put each row's last decision on it (`row.last_decision`), for one page of rows."""
    rows = list(rows)
    found = decisions_by_id([row.last_decision_id for row in rows])
    elsewhere = other_forces.decisions_by_id(
        [row.other_decision_id for row in rows if not row.person.force.is_home]
    )  # no query when no one on the page is of another force
    for row in rows:
        row.last_decision = found.get(row.last_decision_id)
        row.other_force = not row.person.force.is_home
        row.other_decision = elsewhere.get(row.other_decision_id) if row.other_force else None
    return rows
