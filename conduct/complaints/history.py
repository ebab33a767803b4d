"""The complainant's records in the case's change history (see conduct/cases/history.py)."""

from casework.history import Tracked
from conduct.models import ComplaintOutcome, ComplaintReview

TRACKED_RECORDS = [
    Tracked(
        code="complaint-outcome",
        label="Complaint outcome",
        model=ComplaintOutcome,
        case_path="case_id",
        fields={
            "findings": "What was found",
            "outcome": "Outcome",
            "action": "Action",
            "proceedings_not_excluded": "Proceedings not excluded (reg 32(b))",
            "review_body": "Review body",
            "review_body_computed": "Review body by the rule",
            "override_reason": "Reason for another body",
            "state": "State",
            "recorded_by_id": "Recorded by",
            "approved_by_id": "Approved by",
            "review_due_on": "Review application due by",
        },
        narrative=frozenset({"findings", "outcome", "action", "override_reason"}),
    ),
    Tracked(
        code="complaint-review",
        label="Complaint review",
        model=ComplaintReview,
        case_path="case_id",
        fields={
            "applied_on": "Applied on",
            "how_applied": "How applied",
            "reviewed_by": "Reviewed by",
            "result": "Result",
            "recommendations": "Recommendations",
            "decided_on": "Decided on",
            "force_response": "Force's response",
            "response_reasons": "Reasons",
            "responded_on": "Responded on",
        },
        narrative=frozenset({"how_applied", "recommendations", "force_response", "response_reasons"}),
    ),
]
