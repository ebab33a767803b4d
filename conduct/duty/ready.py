"""Duty decisions' place in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.history import register
from casework.panels import Panel, register_home_panel
from casework.permissions import CASE_ROLES, NavItem, register_nav_item
from conduct.cases import hooks
from notifications.kinds import register_kind


def ready():
    from conduct.duty import history, letters, risk, risk_panels, services
    from conduct.duty.list_views import home_panel

    # A decision ends when the proceedings conclude or it is decided there will be none, and
    # nothing stays in force on a closed case.
    hooks.transition_applied.connect(services.on_transition)
    hooks.case_closed.connect(services.on_case_closed)
    # Someone on public-facing duty newly at risk: a duty decision falls due (conduct.duty.risk).
    hooks.allegation_recorded.connect(risk.on_allegation_recorded, order=30)
    # ... and the case and person pages warn those who act on it, with the action to take.
    hooks.case_page.connect(risk_panels.case_panel, name="risk_panel")
    hooks.person_page.connect(risk_panels.person_panel, name="risk_panel")
    for tracked in history.TRACKED_RECORDS:
        register(tracked)
    for spec in letters.LETTER_KINDS:  # suspension and restriction notices, review letters
        register_kind(spec)
    register_nav_item(NavItem("Suspensions", "suspension-list", CASE_ROLES, order=50))
    # Decision-makers see what waits for them and the risk counts on "My work".
    register_home_panel(Panel("duty-decisions", "conduct/duty/_home_panel.html", home_panel, order=20))
