"""Demo records management (seed_demo): two conduct matters closed seven years ago, so the review
list has something to keep or dispose of, one of them under a legal hold."""

from datetime import timedelta

from django.utils import timezone

from casework.models import Case, PersonType
from casework.models.cases import CaseStatus, HowReceived, Origin, Sensitivity
from conduct.cases import services as case_services
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import MatterType
from conduct.records import services

SUMMARY = "Demo: a matter closed seven years ago, now due for review under the retention schedule."


def _old_case(ctx, person, description):
    investigator = ctx["users"]["investigator"]
    allegation = case_services.AllegationInput(description=description, standards=[], categories=[])
    closed_at = timezone.now() - timedelta(days=7 * 366)
    case = case_services.record_case(
        user=investigator,
        contact=None,
        route=RouteInput(MatterType.RECORDABLE_CONDUCT),
        route_reason="Demo: an old closed matter.",
        subjects=[case_services.SubjectInput(person=person, allegations=[allegation])],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": (closed_at - timedelta(days=200)).date(),
            "how_received": HowReceived.INTERNAL,
            "summary": SUMMARY,
            "complainant_name": "",
            "sensitivity": Sensitivity.NORMAL,
            "team": ctx["teams"]["a"],
            "investigator": investigator,
        },
    )
    # Closed in the past directly: the demo needs its age, not the closing workflow's checks.
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_at=closed_at, closed_by=investigator, closure_reason="Demo: concluded."
    )
    return case


def seed(ctx, home_people) -> None:
    if Case.objects.filter(summary=SUMMARY).exists():
        return
    officers = [p for p in home_people if p.person_type == PersonType.OFFICER]
    _old_case(ctx, officers[min(180, len(officers) - 1)], "Late for duty on several occasions without a reason.")
    held = _old_case(ctx, officers[min(181, len(officers) - 1)], "Used a force vehicle for a private errand.")
    services.place_hold(
        user=ctx["users"]["head"], case=held, reason="Demo: an employment tribunal claim refers to this matter."
    )
