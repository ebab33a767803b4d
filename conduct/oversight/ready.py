"""Oversight's place in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.panels import Panel, register_home_panel
from casework.permissions import NavItem, register_nav_item
from casework.roles import Role, register_role_permissions
from conduct.cases import hooks


def _evaluate_flags(*, subject, **_):
    from conduct.oversight import early_warning

    early_warning.on_allegation_recorded(subject)  # an early-warning rule newly met?


def ready():
    from conduct.oversight import dashboard, tasks  # noqa: F401  (the dashboard's sections; the nightly task)
    from conduct.oversight.flag_views import person_flags
    from conduct.oversight.my_work import home_panel
    from conduct.oversight.needs_action import home_panel as needs_action_panel

    # After the referral criteria (order 10): a flag never decides a referral, but the order is fixed.
    hooks.allegation_recorded.connect(_evaluate_flags, order=20)
    # The person page shows managers the person's flags and monitoring.
    hooks.person_page.connect(person_flags, name="flags_panel")
    # The department dashboard: flags and reports are reached from it.
    managers = frozenset({Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY})
    register_nav_item(NavItem("Dashboard", "dashboard", managers, order=20))
    # Early-warning rules: thresholds and windows are policy, edited by administrators.
    register_role_permissions(Role.ADMINISTRATOR, ["conduct.view_flagrule", "conduct.change_flagrule"])
    # Decision-makers' "Needs action" cards open "My work", above everything else (issue 20).
    register_home_panel(Panel("needs-action", "conduct/oversight/_home_needs_action.html", needs_action_panel, order=1))
    # Counts for every role at the top of "My work".
    register_home_panel(Panel("my-work-counts", "conduct/_my_work_counts.html", home_panel, order=5))
    # The appropriate authority's start: the decisions waiting for them, first.
    from conduct.oversight.start_pages import authority_panel

    register_home_panel(Panel("authority-start", "conduct/_authority_start.html", authority_panel, order=2))
