from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        _register_navigation()
        _register_role_permissions()
        # Registers the disclosure log's hash chain with casework.audit, so `verify_audit`
        # checks it (casework may not import notifications; notifications tells casework).
        from casework.panels import Panel, register_home_panel
        from notifications.views.inbox import home_panel

        from . import (
            beat,  # noqa: F401  (the beat's tasks: the worker's autodiscovery reads only tasks.py)
            outbox,  # noqa: F401
            response_access,  # noqa: F401  (registers the response link log's chain)
        )
        from .log_redaction import install as redact_response_tokens_in_logs

        redact_response_tokens_in_logs()

        # "My work" shows the user's unread notifications (casework may not import us).
        register_home_panel(Panel("messages", "notifications/_home_messages.html", home_panel, order=10))
        # The deadline page lists the reminders and escalations sent for it.
        from casework.panels import register_deadline_panel
        from notifications.reminders import deadline_panel

        register_deadline_panel(Panel("reminders-sent", "notifications/_deadline_reminders.html", deadline_panel))


def _register_navigation():
    """The letter pages in the primary navigation (casework may not name them), after
    casework's and conduct's items."""
    from casework.permissions import NavItem, register_nav_item
    from casework.roles import Role

    register_nav_item(NavItem("Letter templates", "letter-template-list", frozenset({Role.ADMINISTRATOR}), 90))
    register_nav_item(
        NavItem("Undelivered letters", "letter-failed-list", frozenset({Role.ADMINISTRATOR, Role.HEAD_OF_PSD}), 100)
    )


def _register_role_permissions():
    from casework.roles import Role, register_role_permissions

    # Reminder ladders: when, and whom, a deadline's reminders and escalations tell.
    register_role_permissions(
        Role.ADMINISTRATOR, [f"notifications.{verb}_reminderstage" for verb in ("view", "add", "change", "delete")]
    )
