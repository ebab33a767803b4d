"""Other forces' duty decisions on cross-force subjects (conduct.duty.other_force_models): the
one service that records them, and the reads the risk lists and the page use.

A cross-force subject is a subject of a case here who belongs to another force, on a case
linked to that force's case. The risk lists count them with the latest decision their force
reported, when one is known ("Decision by <force>"), else as public-facing with "Other force:
decision not known" (a gap must not hide a risk)."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casework import figures
from casework import services as casework_services
from casework.models import CaseLink, CaseSubject, DutyStatus
from casework.models.cases import EventKind
from casework.models.people import OFF_PUBLIC_DUTY, public_facing_by_default
from conduct import permissions as conduct_permissions
from conduct.duty.checks import DutyRefused, lock_case
from conduct.duty.other_force_models import OtherForceDecision

ASKED = (DutyStatus.RESTRICTED, DutyStatus.REDEPLOYED)  # the role may or may not face the public


def external_links(case):
    """The case's links to other forces' cases."""
    return CaseLink.objects.filter(case=case, linked_case__isnull=True).select_related("other_force")


def cross_force_subjects(link):
    """The subjects of the link's case who belong to the linked force."""
    return CaseSubject.objects.filter(case_id=link.case_id, person__force_id=link.other_force_id).select_related(
        "person__force", "person__rank"
    )


def can_record(user, case) -> bool:
    return conduct_permissions.can_propose_duty(user, case) or conduct_permissions.can_decide_duty(user, case)


def latest(field: str = "pk") -> Subquery:
    """The subject's latest reported decision's `field` (an annotation on CaseSubject rows)."""
    rows = OtherForceDecision.objects.filter(subject=OuterRef("pk")).order_by("-decided_on", "-id")
    return Subquery(rows.values(field)[:1])


@figures.changes(figures.DUTY)  # the risk lists and cards count it (casework.figures)
@transaction.atomic
def record_other_force_decision(
    *, user, link, subject, duty_status, public_facing, decided_by: str, decided_on, source: str
) -> OtherForceDecision:
    """Record what another force decided about one of its officers or staff who is a subject here.
    `public_facing` is asked for restricted or redeployed (the role's answer), else fixed by the
    status, as on the register."""
    case = lock_case(link.case)
    if not can_record(user, case):
        raise DutyRefused("Only the case's team and decision-makers record another force's duty decision.")
    if link.linked_case_id is not None or link.other_force_id is None:
        raise DutyRefused("Another force's decision is recorded on a link to that force's case.")
    if subject.case_id != case.pk or subject.person.force_id != link.other_force_id:
        raise DutyRefused(f"Choose a subject who belongs to {link.other_force}.", field="subject")
    if duty_status not in DutyStatus.values:
        raise DutyRefused("Choose the duty status they decided.", field="duty_status")
    if duty_status in ASKED:
        if public_facing is None:
            raise DutyRefused("Say whether the role they decided faces the public.", field="public_facing")
    elif duty_status in OFF_PUBLIC_DUTY or duty_status == DutyStatus.FULL:
        public_facing = public_facing_by_default(duty_status)
    decided_by, source = (decided_by or "").strip(), (source or "").strip()
    if not decided_by:
        raise DutyRefused("Enter who decided, with their role at that force.", field="decided_by")
    if decided_on is None or decided_on > timezone.localdate():
        raise DutyRefused("The date it was decided must be today or in the past.", field="decided_on")
    if not source:
        raise DutyRefused("Enter how you know: the message, letter or call, and from whom.", field="source")
    decision = OtherForceDecision.objects.create(
        link=link,
        subject=subject,
        force=link.other_force,
        duty_status=duty_status,
        public_facing=public_facing,
        decided_by=decided_by[:200],
        decided_on=decided_on,
        source=source,
        recorded_by=user,
    )
    casework_services.record_event(
        case,
        kind=EventKind.DUTY_STATUS,
        actor=user,
        person=subject.person,
        summary=f"{subject.person.full_name}: {decision.get_duty_status_display()} by {link.other_force} "
        f"from {decided_on:%d %B %Y} ({decision.role_label})",
        detail=f"Decided by {decided_by}. Source: {source}",
    )
    return decision


def decisions_by_id(ids) -> dict:
    """The other forces' decisions a page of risk rows shows, in one query (none when no ids)."""
    ids = [pk for pk in ids if pk]
    return OtherForceDecision.objects.select_related("force").in_bulk(ids) if ids else {}
