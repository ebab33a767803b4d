"""Demo complaint outcome for seed_demo: the complaint handled otherwise than by investigation
(conduct.cases.demo_routes) has its outcome recorded by the investigator and approved by the
appropriate authority, so its letter with the right of review (to the local policing body,
within 28 days) is in the outbox and the review clock runs. Idempotent."""

from casework.models import Case
from conduct.complaints import services
from conduct.complaints.models import ComplaintOutcome

OTHERWISE_SUMMARY = "Complaint that an officer did not call back"


def seed(users) -> int | None:
    case = Case.objects.filter(summary__startswith=OTHERWISE_SUMMARY).first()
    if case is None or ComplaintOutcome.objects.filter(case=case).exists():
        return None
    services.record_outcome(
        user=users["investigator"],
        case=case,
        findings="The officer had been sent to an emergency and did not return the call as promised.",
        outcome="The service fell short of what the complainant could expect; the sergeant apologised and the "
        "officer has been reminded to record call-backs in the crime system.",
        action="Apology given; the team's call-back practice was reviewed at the next briefing.",
    )
    return services.approve_outcome(user=users["authority"], case=case).pk
