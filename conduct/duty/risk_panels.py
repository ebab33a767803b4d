"""The warning panel on the case page and the person page (issue 20, point 3): someone on
public-facing duty under criminal investigation, charged or convicted, or with a sexual-misconduct,
domestic-abuse or VAWG allegation, with no duty decision in force on that case, and the action to
take: propose a duty decision (the case team), or decide (an appropriate authority). Shown to
those who act on it: the case team and decision-makers. Connected to conduct.cases.hooks.case_page
and person_page; a fixed number of queries, whatever the data."""

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from casework import permissions as casework_permissions
from casework.models import CaseLink, CaseSubject, Deadline, DutyStatus, DutyStatusEntry, Team
from casework.models.cases import CaseStatus
from conduct import permissions as conduct_permissions
from conduct.duty.risk import DUTY_DECISION_DUE, risk_reasons
from conduct.models import Allegation, DecisionState, DutyDecision, OtherForceDecision


def _at_risk(subjects):
    """The subjects (a queryset) at risk with no decision in force, each with `reasons`,
    `status` and `due` (the decision clock, if running): four queries."""
    today = timezone.localdate()
    period = DutyStatusEntry.objects.filter(person=OuterRef("person_id"), starts_on__lte=today).order_by(
        "-starts_on", "-id"
    )
    at_risk = Q(criminal_risk=True) | Q(sexual_risk=True)  # the subject's two flags (conduct.cases.criminal, .sexual)
    rows = list(
        subjects.filter(at_risk, case__status=CaseStatus.OPEN)
        .exclude(Exists(DutyDecision.objects.filter(subject=OuterRef("pk"), state=DecisionState.ACTIVE)))
        # Someone of another force whose force's decision is known: decided there (conduct.duty.other_forces).
        .exclude(Q(person__force__is_home=False) & Exists(OtherForceDecision.objects.filter(subject=OuterRef("pk"))))
        .annotate(
            status=Subquery(period.values("status")[:1]),
            # No period recorded counts as public-facing (a gap must not hide a risk).
            public_facing=Coalesce(Subquery(period.values("public_facing")[:1]), Value(True)),
        )
        .filter(public_facing=True)
        .select_related("person", "case")
    )
    if not rows:
        return []
    allegations = Allegation.objects.filter(subject__in=[r.pk for r in rows]).prefetch_related("categories")
    reasons = {}
    for allegation in allegations:
        reasons.setdefault(allegation.subject_id, []).extend(risk_reasons(allegation))
    clocks = {
        (d.case_id, d.person_id): d
        for d in Deadline.objects.open().filter(
            kind=DUTY_DECISION_DUE, case__in={r.case_id for r in rows}, person__in={r.person_id for r in rows}
        )
    }
    shown = []
    for row in rows:
        if not reasons.get(row.pk):
            continue
        row.reasons = sorted(set(reasons[row.pk]))
        row.status_label = DutyStatus(row.status).label if row.status else "No duty status recorded"
        row.due = clocks.get((row.case_id, row.person_id))
        shown.append(row)
    return shown


def _actions(subject, *, can_change: bool, can_decide: bool):
    """What this user can do about it, from the rights the case page has already worked out."""
    case = subject.case
    actions = []
    if can_change:
        actions.append(("Propose a duty decision", reverse("duty-propose", args=[case.reference, subject.pk])))
    if can_decide:
        actions.append(("Urgent oral suspension", reverse("duty-urgent", args=[case.reference, subject.pk])))
    return actions


def case_panel(*, case, user, can_change=False, can_decide=False, **_):
    """conduct.cases.hooks.case_page: the panel's context under `risk_panel`, or None. One query
    when nobody on the case is at risk."""
    if case.status != CaseStatus.OPEN or not (can_change or can_decide):
        return None
    rows = _at_risk(CaseSubject.objects.filter(case=case))
    for row in rows:
        row.actions = _actions(row, can_change=can_change, can_decide=can_decide)
    elsewhere = _cross_force(case)
    return {"rows": rows, "on_case": True, "other_forces": elsewhere} if rows or elsewhere else None


def _cross_force(case) -> list:
    """Subjects of the case who belong to a force the case is linked to, each with `link_id` (the
    first link to their force's case) and their force's latest reported decision, if any: one
    query. The panel links to the page where that decision is recorded (conduct.duty.other_forces)."""
    links = CaseLink.objects.filter(case=case, linked_case__isnull=True, other_force=OuterRef("person__force"))
    latest = OtherForceDecision.objects.filter(subject=OuterRef("pk")).order_by("-decided_on", "-id")
    return list(
        CaseSubject.objects.filter(case=case, person__force__is_home=False)
        .annotate(
            link_id=Subquery(links.order_by("pk").values("pk")[:1]),
            other_status=Subquery(latest.values("duty_status")[:1]),
            other_decided_on=Subquery(latest.values("decided_on")[:1]),
        )
        .filter(link_id__isnull=False)
        .select_related("person__force")
        .order_by("person__last_name", "pk")
    )


def person_panel(*, person, user, **_):
    """conduct.cases.hooks.person_page: the person's cases where they are at risk undecided, for
    decision-makers and for the team of each case (the action is on the case page)."""
    visible = casework_permissions.visible_cases(user).values("pk")
    rows = _at_risk(CaseSubject.objects.filter(person=person, case__in=visible))
    if not rows:
        return None
    if not conduct_permissions.can_view_duty_risk(user):
        teams = set(Team.objects.filter(members=user).values_list("pk", flat=True))
        rows = [r for r in rows if r.case.investigator_id == user.pk or r.case.team_id in teams]
    for row in rows:
        row.actions = []
    return {"rows": rows, "on_case": False} if rows else None
