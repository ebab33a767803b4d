"""Access reviews' place in the rest of the product."""

from casework.permissions import CASEWORK_AND_AUDIT, NavItem, register_nav_item
from notifications.kinds import register_kind


def ready():
    from conduct.access_reviews import letters

    for spec in letters.LETTER_KINDS:  # the request to justify access to a record
        register_kind(spec)
    register_nav_item(NavItem("Access reviews", "access-review-list", CASEWORK_AND_AUDIT, order=80))
