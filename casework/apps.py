from django.apps import AppConfig
from django.db.models.signals import post_migrate


def guard_logs_against_truncate(sender, using, **kwargs):
    """After every migrate, the TRUNCATE guard is on every append-only table, those added since
    migration 0018 included (casework/db_roles.py)."""
    from django.db import connections

    from .db_roles import install_truncate_guards

    install_truncate_guards(connections[using])


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        # The system check that OIDC_GROUP_ROLES names real roles.
        from . import checks  # noqa: F401  (registers the deploy checks)
        from .sso import roles  # noqa: F401

        post_migrate.connect(guard_logs_against_truncate, sender=self, dispatch_uid="casework-truncate-guards")
        # Sign-ins, sign-outs and failures go to the account log, whatever signs the user in.
        from .signin import connect_signals

        connect_signals()
        # The auditor's and the administrator's start panels on "My work".
        from .start_pages import register

        register()
