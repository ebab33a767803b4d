"""Criminal proceedings pauses' place in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.history import register
from casework.roles import Role, register_role_permissions
from conduct.cases import hooks


def ready():
    from conduct.pauses import history, services, views

    # While paused, the steps into and through misconduct proceedings are refused (reg 10(3)).
    hooks.transition_refusals.connect(services.transition_refusal, name="criminal_proceedings_pause")
    # A pause ends with the proceedings (a case closes only when every subject's have concluded).
    hooks.transition_applied.connect(services.on_transition, order=110)
    # The person page warns of a pause on any of their cases the user sees.
    hooks.person_page.connect(views.person_pauses, name="pauses_panel")
    for tracked in history.TRACKED_RECORDS:
        register(tracked)
    # The rule (which steps it refuses, which clocks stop, how they resume) is force policy.
    register_role_permissions(Role.ADMINISTRATOR, ["conduct.view_pauserule", "conduct.change_pauserule"])
