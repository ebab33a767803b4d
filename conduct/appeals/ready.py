"""Appeals in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.history import register
from conduct.cases import hooks
from notifications.kinds import register_kind


def _outcome_notified(*, proceedings, notified_on, user, **_):
    from conduct.appeals import services

    services.on_outcome_notified(proceedings=proceedings, notified_on=notified_on, user=user)


def _finalise_refusal(*, proceedings, action, **_):
    from conduct.appeals import finality

    return finality.finalise_refusal(proceedings=proceedings, action=action)


def _transition_applied(*, proceedings, action, user, **_):
    from conduct.appeals import finality

    finality.on_transition(proceedings=proceedings, action=action, user=user)


def _case_panel(*, case, user, can_change, can_decide, **_):
    from conduct.appeals import selectors

    return selectors.panel(case, can_change=can_change, can_decide=can_decide)


def ready():
    from conduct.appeals import history, letters

    for spec in letters.LETTER_KINDS:
        register_kind(spec)
    for tracked in history.TRACKED_RECORDS:
        register(tracked)
    hooks.outcome_notified.connect(_outcome_notified, name="appeal-period-opens")
    hooks.transition_refusals.connect(_finalise_refusal, name="appeal-period-open")
    hooks.transition_applied.connect(_transition_applied, order=300, name="proceedings-finalised")
    hooks.case_page.connect(_case_panel, name="appeal_panel")
