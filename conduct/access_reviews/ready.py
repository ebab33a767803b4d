"""Access reviews' place in the rest of the product."""

from casework.panels import Panel, register_home_panel
from casework.permissions import CASEWORK_AND_AUDIT, NavItem, has_role, register_nav_item
from casework.roles import Role
from notifications.kinds import register_kind


def ready():
    from conduct.access_reviews import letters

    for spec in letters.LETTER_KINDS:  # the request to justify access to a record
        register_kind(spec)
    register_nav_item(NavItem("Access reviews", "access-review-list", CASEWORK_AND_AUDIT, order=80))
    # The auditor's start page: the latest access reviews, beside the way into the access logs.
    register_home_panel(Panel("recent-access-reviews", "conduct/access/_home_panel.html", recent_reviews, order=2))


RECENT = 5


def recent_reviews(request):
    from conduct.permissions import visible_exercises

    if not has_role(request.user, Role.AUDITOR):
        return None
    exercises = visible_exercises(request.user).select_related("team", "case").order_by("-created_at", "-id")
    return {"exercises": list(exercises[:RECENT])}
