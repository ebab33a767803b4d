from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Registers the disclosure log's hash chain with casework.audit, so `verify_audit`
        # checks it (casework may not import notifications; notifications tells casework).
        from casework.panels import Panel, register_home_panel
        from notifications.views.inbox import home_panel

        from . import outbox  # noqa: F401

        # "My work" shows the user's unread notifications (casework may not import us).
        register_home_panel(Panel("messages", "notifications/_home_messages.html", home_panel, order=10))
