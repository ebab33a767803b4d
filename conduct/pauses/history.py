"""Criminal proceedings pauses in the case's change history (see conduct/cases/history.py)."""

from casework.history import Tracked
from conduct.models import CriminalProceedingsPause

TRACKED_RECORDS = [
    Tracked(
        code="pause",
        label="Criminal proceedings pause",
        model=CriminalProceedingsPause,
        case_path="subject__case_id",
        person_path="subject__person_id",
        fields={
            "regulation": "Regulation",
            "criminal_proceedings": "Criminal proceedings outstanding",
            "reasons": "Reasons",
            "paused_on": "Paused on",
            "decided_by_id": "Decided by",
            "state": "State",
            "next_review_on": "Next review",
            "ended_on": "Ended on",
            "ended_by_id": "Ended by",
            "end_reasons": "Reasons for ending",
        },
        narrative=frozenset({"criminal_proceedings", "reasons", "end_reasons"}),
    ),
]
