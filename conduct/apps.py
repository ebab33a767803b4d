from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "conduct"
    verbose_name = "Conduct regulations"

    def ready(self):
        _register_navigation()
        _register_role_permissions()
        from conduct.letters import register_letter_kinds

        register_letter_kinds()  # the regulations' letters (notifications may not import conduct)
        # IOPC referrals: "My work" shows decision-makers the referrals required and the "not
        # required" proposals awaiting them (casework may not import us); the criteria's admin.
        from casework.panels import Panel, register_home_panel
        from conduct.cases.history import register_tracked_records

        register_tracked_records()  # the case's change history shows conduct's records too

        from conduct.referrals.views import home_panel as referrals_panel

        register_home_panel(Panel("iopc-referrals", "conduct/referrals/_home_panel.html", referrals_panel, order=30))
        # Duty decisions: decision-makers see what waits for them and the risk counts.
        from conduct.duty.list_views import home_panel as duty_panel

        register_home_panel(Panel("duty-decisions", "conduct/duty/_home_panel.html", duty_panel, order=20))
        # Oversight: counts for every role at the top of "My work"; the nightly
        # early-warning task; the dashboard's sections.
        from conduct.oversight import (
            dashboard,  # noqa: F401
            tasks,  # noqa: F401
        )
        from conduct.oversight.my_work import home_panel as counts_panel

        register_home_panel(Panel("my-work-counts", "conduct/_my_work_counts.html", counts_panel, order=5))


def _register_navigation():
    """conduct's pages in the primary navigation (casework may not name them); the order
    numbers place them between casework's (casework.permissions)."""
    from casework.permissions import CASE_ROLES, CASEWORK_AND_AUDIT, NavItem, register_nav_item
    from casework.roles import Role

    # The department dashboard: flags and reports are reached from it.
    register_nav_item(NavItem("Dashboard", "dashboard", frozenset({Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY}), 20))
    register_nav_item(NavItem("Suspensions", "suspension-list", CASE_ROLES, order=50))
    register_nav_item(NavItem("Referrals", "referral-list", CASE_ROLES, order=60))
    register_nav_item(NavItem("Access reviews", "access-review-list", CASEWORK_AND_AUDIT, order=80))


def _register_role_permissions():
    """The reference data of the regulations that administrators edit (casework.roles)."""
    from casework.roles import Role, register_role_permissions

    register_role_permissions(
        Role.ADMINISTRATOR,
        [
            *[
                f"conduct.{verb}_{model}"
                for model in ("standard", "allegationcategory")
                for verb in ("view", "add", "change")
            ],
            # The legal clock rules: edited, never added or deleted here; each clock is started
            # by the code that knows its event.
            "conduct.view_clockrule",
            "conduct.change_clockrule",
            # The mandatory IOPC referral criteria: worded and linked to categories, never deleted.
            "conduct.view_referralcriterion",
            "conduct.change_referralcriterion",
            # Early-warning rules: thresholds and windows are policy, edited here.
            "conduct.view_flagrule",
            "conduct.change_flagrule",
        ],
    )
