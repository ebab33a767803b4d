"""Which of conduct's tracked records belong to a case, for the case's change history
(casework/history.py reads them; casework may not import conduct, so they are registered here,
from ConductConfig.ready)."""

from casework.history import Tracked, register
from conduct.models import (
    Allegation,
    DutyDecision,
    NotRequiredProposal,
    Proceedings,
    Referral,
    ReflectivePractice,
    SeverityAssessment,
)


def register_tracked_records():
    for tracked in TRACKED_RECORDS:
        register(tracked)


TRACKED_RECORDS = [
    Tracked(
        code="allegation",
        label="Allegation",
        model=Allegation,
        case_path="subject__case_id",
        person_path="subject__person_id",
        fields={
            "description": "What is alleged",
            "occurred_on": "Date of the conduct",
            "location": "Where",
            "criminal_investigation": "Criminal investigation",
            "recorded_by_id": "Recorded by",
        },
        narrative=frozenset({"description", "location"}),
    ),
    Tracked(
        code="severity",
        label="Severity assessment",
        model=SeverityAssessment,
        case_path="allegation__subject__case_id",
        person_path="allegation__subject__person_id",
        fields={"severity": "Severity", "rationale": "Rationale", "assessed_by_id": "Assessed by"},
        narrative=frozenset({"rationale"}),
    ),
    Tracked(
        code="proceedings",
        label="Proceedings",
        model=Proceedings,
        case_path="subject__case_id",
        person_path="subject__person_id",
        fields={
            "stage": "Stage",
            "forum": "Forum",
            "finding": "Finding",
            "outcome": "Outcome",
            "conclusion": "Conclusion",
            "conclusion_reason": "Reason for the conclusion",
            "barred_list": "Barred list",
            "advisory_list": "Advisory list",
        },
        narrative=frozenset({"conclusion_reason"}),
    ),
    Tracked(
        code="reflective",
        label="Reflective practice",
        model=ReflectivePractice,
        case_path="proceedings__subject__case_id",
        person_path="proceedings__subject__person_id",
        fields={
            "account": "Account",
            "account_received_on": "Account received",
            "actions": "Actions",
            "lessons": "Lessons",
            "review_by": "Review by",
            "recorded_by_id": "Recorded by",
        },
        narrative=frozenset({"account", "actions", "lessons"}),
    ),
    Tracked(
        code="duty",
        label="Duty decision",
        model=DutyDecision,
        case_path="subject__case_id",
        person_path="subject__person_id",
        fields={
            "kind": "Decision",
            "state": "State",
            "approval": "Approval",
            "ground": "Ground",
            "ground_reasoning": "Reasoning on the ground",
            "rationale": "Rationale",
            "conditions": "Conditions",
            "proposed_by_id": "Proposed by",
            "decided_by_id": "Decided by",
            "decision_reasons": "Decision reasons",
            "effective_on": "Effective from",
            "next_review_on": "Next review",
            "ends_on": "Ended on",
            "end_reason": "Reason for ending",
            "ended_by_id": "Ended by",
        },
        narrative=frozenset({"ground_reasoning", "rationale", "conditions", "decision_reasons", "end_reason"}),
    ),
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
]
