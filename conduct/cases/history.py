"""Which of the case's own tracked records belong to it, for the case's change history
(casework/history.py reads them; casework may not import conduct, so they are registered from
ConductConfig.ready). Duty decisions and referrals register theirs in their own features."""

from casework.history import Tracked
from conduct.models import Allegation, Proceedings, ReflectivePractice, SeverityAssessment

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
]
