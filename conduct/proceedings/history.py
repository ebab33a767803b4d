"""The meetings' and hearings' records in the case's change history (see conduct/cases/history.py)."""

from casework.history import Tracked
from conduct.models import HearingEvent, PanelAppointment, PanelConflict, PublicNotice

_PATHS = {"case_path": "proceedings__subject__case_id", "person_path": "proceedings__subject__person_id"}

TRACKED_RECORDS = [
    Tracked(
        code="panel-appointment",
        label="Panel appointment",
        model=PanelAppointment,
        fields={
            "role": "Role",
            "person_id": "Person",
            "name": "Name",
            "delegated_by_id": "Delegated by",
            "delegated_on": "Delegated on",
            "delegation_reasons": "Reasons for the delegation",
            "reasons": "Reasons",
            "replaces_id": "Replaces",
            "appointed_by_id": "Appointed by",
        },
        narrative=frozenset({"reasons", "delegation_reasons"}),
        **_PATHS,
    ),
    Tracked(
        code="panel-conflict",
        label="Panel conflict",
        model=PanelConflict,
        fields={"person_id": "Person", "name": "Name", "reasons": "Reasons", "recorded_by_id": "Recorded by"},
        narrative=frozenset({"reasons"}),
        **_PATHS,
    ),
    Tracked(
        code="hearing-event",
        label="Meeting or hearing step",
        model=HearingEvent,
        fields={
            "kind": "Step",
            "on": "Date",
            "starts_at": "Date and time",
            "place": "Place",
            "agreed": "Agreed with the officer",
            "reasons": "Reasons",
            "recorded_by_id": "Recorded by",
        },
        narrative=frozenset({"reasons"}),
        **_PATHS,
    ),
    Tracked(
        code="public-notice",
        label="Public notice of a hearing",
        model=PublicNotice,
        fields={
            "published_on": "Published on",
            "officer_named": "Officer named",
            "text": "What was published",
            "withheld": "What was withheld",
            "withholding_reasons": "Reasons for withholding",
            "recorded_by_id": "Recorded by",
        },
        narrative=frozenset({"text", "withheld", "withholding_reasons"}),
        **_PATHS,
    ),
]
