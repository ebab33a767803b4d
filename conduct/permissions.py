"""Who may take which conduct decision. Builds on casework.permissions (the one place for case
visibility); views never hand-roll these checks."""

from casework import permissions as casework_permissions


def can_apply(user, case, transition) -> bool:
    """Case-to-answer decisions are the appropriate authority's; the rest the case team's.
    No decision is taken on a closed case."""
    if case.status != "open":
        return False
    if transition.by_authority:
        return casework_permissions.can_decide(user) and casework_permissions.can_view_case(user, case)
    return casework_permissions.can_change_case(user, case)
