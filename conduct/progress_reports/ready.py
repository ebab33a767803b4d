"""The report on an investigation past 12 months in the case page and the navigation."""

from casework.permissions import NavItem, register_nav_item
from casework.roles import Role, register_role_permissions
from conduct.cases import hooks
from notifications.kinds import register_kind


def _case_panel(*, case, user, **_):
    from conduct.progress_reports import selectors

    return selectors.panel(case, user)


def ready():
    from conduct.progress_reports import admin, letters  # noqa: F401  (admin: the bodies' addresses)
    from conduct.progress_reports.selectors import MANAGER_ROLES

    for spec in letters.LETTER_KINDS:
        register_kind(spec)
    hooks.case_page.connect(_case_panel, name="progress_report_panel")
    register_nav_item(NavItem("12-month reports", "progress-reports-due", MANAGER_ROLES, order=66))
    register_role_permissions(
        Role.ADMINISTRATOR, ["conduct.view_progressreportbody", "conduct.change_progressreportbody"]
    )
