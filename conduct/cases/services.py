"""Conduct workflows: recording allegations and severity, taking a case in with its subjects,
and closing it. Each takes the acting user and runs in one transaction."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from casework import services as casework_services
from casework.errors import Refused
from casework.models import Case, CaseSubject
from casework.models.cases import CaseStatus, EventKind
from conduct.cases import clocks, criminal, hooks, route_decisions, sexual
from conduct.cases.route_models import MatterType
from conduct.models import Allegation, Proceedings, Severity, SeverityAssessment, Stage


class ClosureRefused(Refused):
    """The case cannot be closed yet; the message says why."""


@dataclass
class AllegationInput:
    description: str
    standards: list
    categories: list
    occurred_on: object = None
    location: str = ""
    criminal_investigation: str = "none"


@dataclass
class SubjectInput:
    person: object
    allegations: list = field(default_factory=list)


def add_subject(*, user, case, person):
    subject = casework_services.add_subject(user=user, case=case, person=person)
    Proceedings.objects.get_or_create(subject=subject)
    return subject


def record_allegation(*, user, subject, data: AllegationInput) -> Allegation:
    allegation = Allegation.objects.create(
        subject=subject,
        description=data.description,
        occurred_on=data.occurred_on,
        location=data.location,
        criminal_investigation=data.criminal_investigation,
        recorded_by=user,
    )
    allegation.standards.set(data.standards)
    allegation.categories.set(data.categories)
    if allegation.criminal_risk:
        criminal.sync_criminal_flag(subject)
    if any(category.sexual_or_vawg for category in data.categories):
        sexual.sync_sexual_flag(subject)
    categories = ", ".join(sorted(c.name for c in data.categories))
    casework_services.record_event(
        subject.case,
        kind=EventKind.ALLEGATION_RECORDED,
        actor=user,
        person=subject.person,
        summary=f"Allegation against {subject.person.full_name}: {categories}",
        detail=data.description,
    )
    hooks.allegation_recorded(subject=subject, allegation=allegation, user=user)  # referral criteria, flags
    return allegation


@transaction.atomic
def record_case(
    *, user, details: dict, contact: dict | None, subjects: list[SubjectInput], route=None, route_reason: str = ""
) -> Case:
    """Intake: the case, its route, its subjects, and their allegations, in one transaction. A
    caller that gives no route (an access-review finding, an import) records an internal
    conduct matter, which a person can change with reasons."""
    route = route or route_decisions.RouteInput()
    case = casework_services.create_case(user=user, details=details, contact=contact)
    route = route_decisions.record_route(user=user, case=case, data=route, reason=route_reason)
    for item in subjects:
        subject = add_subject(user=user, case=case, person=item.person)
        for allegation in item.allegations:
            record_allegation(user=user, subject=subject, data=allegation)
    if route.handling != "otherwise":
        clocks.on_case_recorded(case=case, user=user, schedule_3=route.matter_type != MatterType.INTERNAL)
    hooks.case_recorded(case=case, user=user)  # IOPC referral criteria met (an origin, a chief officer)?
    return case


@transaction.atomic
def assess_severity(*, user, allegation: Allegation, severity: str, rationale: str) -> SeverityAssessment:
    """A reg 14 assessment or revision; earlier ones stay as history."""
    rationale = (rationale or "").strip()
    if severity not in Severity.values:
        raise Refused("Choose a severity.", field="severity")
    if not rationale:
        raise Refused("Give the rationale for this assessment.", field="rationale")
    previous = allegation.assessments.first()
    assessment = SeverityAssessment.objects.create(
        allegation=allegation, severity=severity, rationale=rationale, assessed_by=user
    )
    verb = "revised" if previous else "assessed"
    subject = allegation.subject
    casework_services.record_event(
        subject.case,
        kind=EventKind.SEVERITY_ASSESSED,
        actor=user,
        person=subject.person,
        summary=f"Severity {verb} for {subject.person.full_name}: {assessment.get_severity_display()}",
        detail=rationale,
    )
    return assessment


@transaction.atomic
def close_case(*, user, case: Case, reason: str) -> Case:
    """Close only when every subject has concluded with an outcome or a reasoned decision."""
    case = casework_services.lock_case(case)
    reason = (reason or "").strip()
    if case.status == CaseStatus.CLOSED:
        raise ClosureRefused("This case is already closed.")
    if not reason:
        raise ClosureRefused("Give the reasons for closing the case.")
    # A subject without proceedings has not concluded either.
    open_subjects = [
        subject.person.full_name
        for subject in CaseSubject.objects.filter(case=case)
        .exclude(proceedings__stage=Stage.CONCLUDED)
        .select_related("person")
    ]
    if open_subjects:
        raise ClosureRefused(
            "Every subject needs an outcome or a recorded no-further-action decision first. Still open: "
            + ", ".join(open_subjects)
            + "."
        )
    # Other features' legal duties the closure would bury (a mandatory IOPC referral not made).
    for message in hooks.closing_refusals.collect(case=case).values():
        if message:
            raise ClosureRefused(message)
    case.status, case.closed_at, case.closed_by, case.closure_reason = (
        CaseStatus.CLOSED,
        timezone.now(),
        user,
        reason,
    )
    case.save(update_fields=["status", "closed_at", "closed_by", "closure_reason"])
    clocks.on_case_closed(case=case, user=user, reason=reason)
    hooks.case_closed(case=case, user=user, reason=reason)
    casework_services.record_event(case, kind=EventKind.CLOSED, summary="Case closed", actor=user, detail=reason)
    return case
