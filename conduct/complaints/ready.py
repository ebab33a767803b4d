"""The complainant's place in the case workflows and pages (conduct/cases/hooks.py)."""

from casework.history import register
from casework.permissions import CASE_ROLES, NavItem, register_nav_item
from casework.roles import Role, register_role_permissions
from conduct.cases import hooks
from notifications.kinds import register_kind


def _acknowledge(*, case, user, **_):
    from conduct.complaints import services

    services.on_case_recorded(case=case, user=user)


def _became_a_complaint(*, case, before, after, user, **_):
    """A matter recorded as something else and now decided to be a complaint: the complainant is
    acknowledged and kept informed from now on, as if it had been recorded so."""
    from conduct.complaints import services

    if after.get("matter_type") == "complaint" and before.get("matter_type") != "complaint":
        services.on_case_recorded(case=case, user=user)


def _closed(*, case, user, **_):
    from conduct.complaints import services

    services.on_case_closed(case=case, user=user)


def _case_panel(*, case, user, **_):
    """The complainant panel's context on the case page (None for a case that is not a complaint)."""
    from conduct.cases import routes
    from conduct.complaints import selectors

    if not routes.is_complaint(case):
        return None
    return selectors.panel(case, user)


def ready():
    from conduct.complaints import admin, history, letters  # noqa: F401  (admin: the review bodies' wording)

    for spec in letters.LETTER_KINDS:
        register_kind(spec)
    for tracked in history.TRACKED_RECORDS:
        register(tracked)
    # After the IOPC referral's evaluation (order 100, registered earlier): the acknowledgement
    # reads nothing of it, but a refusal there rolls back before a letter is written.
    hooks.case_recorded.connect(_acknowledge, order=200, name="complainant-acknowledgement")
    hooks.route_changed.connect(_became_a_complaint, name="complainant-on-route-change")
    hooks.case_closed.connect(_closed, name="complainant-updates-stop")
    hooks.case_page.connect(_case_panel, name="complainant_panel")
    register_nav_item(NavItem("Complaint reviews", "complaint-reviews-pending", CASE_ROLES, order=65))
    register_role_permissions(
        Role.ADMINISTRATOR, ["conduct.view_reviewbodycontact", "conduct.change_reviewbodycontact"]
    )
