from django.apps import AppConfig


class ConductConfig(AppConfig):
    name = "conduct"
    verbose_name = "Conduct regulations"

    def ready(self):
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
