"""Meetings and hearings in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.history import register
from conduct.cases import hooks
from notifications.kinds import register_kind


def _outcome_recorded(**kwargs):
    from conduct.proceedings import services

    services.on_outcome_recorded(**kwargs)


def _case_panel(**kwargs):
    from conduct.proceedings import selectors

    return selectors.case_panel(**kwargs)


def ready():
    from conduct.proceedings import history, letters

    for spec in letters.LETTER_KINDS:
        register_kind(spec)
    for tracked in history.TRACKED_RECORDS:
        register(tracked)
    # The reg 43 report clock starts when the finding and outcome are recorded.
    hooks.transition_applied.connect(_outcome_recorded, name="proceedings-findings-report")
    hooks.case_page.connect(_case_panel, name="hearing_panel")
