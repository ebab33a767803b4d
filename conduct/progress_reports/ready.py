"""The report on an investigation past 12 months in the case page (its list is linked from the dashboard)."""

from casework.roles import Role, register_role_permissions
from conduct.cases import hooks
from notifications.kinds import register_kind


def _case_panel(*, case, user, **_):
    from conduct.progress_reports import selectors

    return selectors.panel(case, user)


def ready():
    from conduct.progress_reports import admin, letters  # noqa: F401  (admin: the bodies' addresses)

    for spec in letters.LETTER_KINDS:
        register_kind(spec)
    hooks.case_page.connect(_case_panel, name="progress_report_panel")
    # Reached from the dashboard (the decision-makers' page), not the navigation, which must stay on
    # one row for the head of PSD (issue 22).
    register_role_permissions(
        Role.ADMINISTRATOR, ["conduct.view_progressreportbody", "conduct.change_progressreportbody"]
    )
