"""Reads for the complainant's pages: the case panel (a fixed number of queries) and the list of
complaints with a review pending."""

from django.db.models import Exists, OuterRef, Q

from casework import permissions
from casework.permissions import CASE_ROLES
from conduct.complaints.models import ComplaintOutcome, ComplaintReview, OutcomeState
from notifications.models import Correspondence, LetterKind, OfficerResponse

COMPLAINANT_KINDS = (LetterKind.COMPLAINT_ACKNOWLEDGEMENT, LetterKind.COMPLAINT_UPDATE, LetterKind.COMPLAINT_OUTCOME)
CLOCKS = ("complainant_update", "complainant_outcome_notice", "complainant_review", "review_recommendation_response")


def panel(case, user) -> dict:
    """Everything the complainant's panel and page show, in five queries."""
    outcome = ComplaintOutcome.objects.filter(case=case).select_related("recorded_by", "approved_by").first()
    review = ComplaintReview.objects.filter(case=case).first() if outcome and outcome.letter_id else None
    application = (
        OfficerResponse.objects.filter(correspondence_id=outcome.letter_id).first()
        if outcome and outcome.letter_id and review is None
        else None
    )
    letters = list(
        Correspondence.objects.filter(case=case, kind__in=COMPLAINANT_KINDS).only(
            "kind", "status", "recipient_name", "recipient_email", "created_at", "sent_at", "subject", "case_id"
        )
    )
    deadlines = list(case.deadlines.open().filter(kind__in=CLOCKS).order_by("due_on"))
    return {
        "case": case,
        "outcome": outcome,
        "review": review,
        "link_application": application,
        "letters": letters,
        "deadlines": deadlines,
        "show_narrative": permissions.can_read_narrative(user, case),
    }


def can_view_reviews(user) -> bool:
    return user.is_superuser or bool(permissions.roles_of(user) & CASE_ROLES)


def reviews_pending(user):
    """Complaints whose complainant has applied for a review (recorded, or through the link) and
    whose result is not recorded, among the cases the user may see: oldest letter first."""
    answered = OfficerResponse.objects.filter(correspondence_id=OuterRef("letter_id"))
    reviewed = ComplaintReview.objects.filter(outcome=OuterRef("pk")).exclude(result="")
    applied = ComplaintReview.objects.filter(outcome=OuterRef("pk"))
    return (
        ComplaintOutcome.objects.filter(state=OutcomeState.APPROVED, case__in=permissions.visible_cases(user))
        .annotate(answered=Exists(answered), reviewed=Exists(reviewed), applied=Exists(applied))
        .filter(Q(answered=True) | Q(applied=True), reviewed=False)
        .select_related("case", "case__investigator", "review")
        .order_by("approved_at", "pk")
    )
