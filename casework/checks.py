"""Deploy checks (`manage.py check --deploy`) for what keeps the logs unshortenable: a chain key,
an anchor directory and a separate owner role. Without them the app still runs, so these are
warnings a deployment must clear (Makefile's deploy-check fails on warnings)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_log_settings(app_configs, **kwargs):
    problems = []
    if not settings.AUDIT_CHAIN_KEY:
        problems.append(
            Warning(
                "AUDIT_CHAIN_KEY_FILE is not set: nothing can be written to the audit logs.",
                hint="Mount a random secret of 32 bytes or more and point AUDIT_CHAIN_KEY_FILE at it.",
                id="casework.W001",
            )
        )
    if not settings.AUDIT_ANCHOR_DIR:
        problems.append(
            Warning(
                "AUDIT_ANCHOR_DIR is not set: a deleted tail or a recomputed chain would go unnoticed.",
                hint="Point it at storage the database's administrators cannot rewrite (docs/operations.md).",
                id="casework.W002",
            )
        )
    if settings.MIGRATE_DATABASE is None:
        problems.append(
            Warning(
                "MIGRATE_DATABASE_URL is not set: the app connects as the tables' owner, which can TRUNCATE "
                "the logs and disable their triggers.",
                hint="Give DATABASE_URL a role of its own and MIGRATE_DATABASE_URL the owner (docs/operations.md).",
                id="casework.W003",
            )
        )
    return problems
