"""Duty decisions in the case's change history (see conduct/cases/history.py)."""

from casework.history import Tracked
from conduct.models import DutyDecision

TRACKED_RECORDS = [
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
            "iopc_consulted_on": "IOPC consulted on",
            "iopc_consultee": "Who at the IOPC",
            "iopc_view": "The IOPC's view",
        },
        narrative=frozenset(
            {"ground_reasoning", "rationale", "conditions", "decision_reasons", "end_reason", "iopc_view"}
        ),
    ),
]
