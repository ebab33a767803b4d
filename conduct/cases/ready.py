"""What the case feature adds to the rest of the product once the apps are loaded."""

from casework.history import register
from casework.permissions import CASEWORK_AND_AUDIT, NavItem, register_nav_item
from casework.roles import Role, register_role_permissions
from notifications.kinds import register_kind


def ready():
    from casework.views import characteristics
    from conduct.cases import history, hooks, letters

    for tracked in history.TRACKED_RECORDS:  # the case's change history shows conduct's records
        register(tracked)
    for spec in letters.LETTER_KINDS:  # the reg 17 notice, the notice of referral, the outcome
        register_kind(spec)
    # Protected characteristics on the person page: only with the special-category permission.
    hooks.person_page.connect(characteristics.person_panel, name="characteristics_panel")
    register_nav_item(NavItem("Cases", "case-list", CASEWORK_AND_AUDIT, order=30))
    # The reference data of the regulations that administrators edit. The legal clock rules are
    # edited, never added or deleted here: each clock is started by the code that knows its event.
    register_role_permissions(
        Role.ADMINISTRATOR,
        [
            *[
                f"conduct.{verb}_{model}"
                for model in ("standard", "allegationcategory")
                for verb in ("view", "add", "change")
            ],
            "conduct.view_clockrule",
            "conduct.change_clockrule",
        ],
    )
