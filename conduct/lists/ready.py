"""The Barred List report in the case workflows and page (conduct/cases/hooks.py)."""

from conduct.cases import hooks


def _outcome(*, proceedings, action, user, **_):
    from conduct.lists import services

    if action in ("record_outcome", "decide_appeal"):
        services.on_outcome(proceedings=proceedings, user=user)


def _case_panel(*, case, user, **_):
    from conduct.lists import selectors

    return selectors.panel(case, user)


def ready():
    hooks.transition_applied.connect(_outcome, name="barred-list-report-due")
    hooks.case_page.connect(_case_panel, name="list_report_panel")
