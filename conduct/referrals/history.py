"""IOPC referrals in the case's change history (see conduct/cases/history.py)."""

from casework.history import Tracked
from conduct.models import IopcDirection, NotRequiredProposal, Referral

TRACKED_RECORDS = [
    Tracked(
        code="referral",
        label="IOPC referral",
        model=Referral,
        case_path="case_id",
        fields={
            "kind": "Referral",
            "state": "State",
            "grounds": "Grounds",
            "due_on": "Due",
            "referred_at": "Referred",
            "referred_by_id": "Referred by",
            "method": "How referred",
            "iopc_reference": "IOPC reference",
            "on_time": "On time",
            "decision": "IOPC decision",
            "decided_on": "Decided on",
            "decision_notes": "Notes on the decision",
        },
        narrative=frozenset({"grounds", "decision_notes"}),
    ),
    Tracked(
        code="not-required",
        label="Referral not required: proposal",
        model=NotRequiredProposal,
        case_path="referral__case_id",
        fields={
            "reasons": "Reasons",
            "proposed_by_id": "Proposed by",
            "outcome": "Outcome",
            "decided_by_id": "Decided by",
            "decision_reason": "Reason for the decision",
        },
        narrative=frozenset({"reasons", "decision_reason"}),
    ),
    Tracked(
        code="iopc-direction",
        label="IOPC direction or recommendation",
        model=IopcDirection,
        case_path="referral__case_id",
        fields={
            "kind": "Kind",
            "given_on": "Given on",
            "text": "What the IOPC said",
            "respondent": "Who must respond",
            "response_due_on": "Response due",
            "response": "Response",
            "response_reasons": "Reasons for the response",
            "action_taken": "Action taken",
            "responded_on": "Responded on",
            "response_recorded_by_id": "Response recorded by",
        },
        narrative=frozenset({"text", "response_reasons", "action_taken"}),
    ),
]
