"""Appeals in the case's change history (see conduct/cases/history.py)."""

from casework.history import Tracked
from conduct.models import Appeal, AppealWindow

TRACKED_RECORDS = [
    Tracked(
        code="appeal-window",
        label="Appeal period",
        model=AppealWindow,
        case_path="proceedings__subject__case_id",
        person_path="proceedings__subject__person_id",
        fields={"kind": "Appeal", "notified_on": "Notice of the outcome given on", "due_on": "Notice of appeal due by"},
        narrative=frozenset(),
    ),
    Tracked(
        code="appeal",
        label="Appeal",
        model=Appeal,
        case_path="proceedings__subject__case_id",
        person_path="proceedings__subject__person_id",
        fields={
            "kind": "Appeal",
            "appellant": "Appellant",
            "lodged_on": "Notice of appeal given on",
            "grounds_detail": "Grounds",
            "extension_reasons": "Reasons for accepting it late",
            "copy_received_on": "Copy of the notice received on",
            "hearing_on": "Heard on",
            "result": "Result",
            "decided_on": "Decided on",
            "new_outcome": "Outcome after the appeal",
            "result_reasons": "Reasons",
        },
        narrative=frozenset({"grounds_detail", "extension_reasons", "result_reasons"}),
    ),
]
