"""The roles of DOMAIN.md ("Who uses it") as Django groups.

The groups are created by a data migration; their model-level permissions are listed here so
that a later migration can re-sync them with :func:`sync_role_groups` as models are added.
Object-level rules (which case) live in :mod:`casework.permissions`, never here.
"""

from django.db import models


class Role(models.TextChoices):
    INVESTIGATOR = "investigator", "Investigator"
    APPROPRIATE_AUTHORITY = "appropriate_authority", "Appropriate authority"
    HEAD_OF_PSD = "head_of_psd", "Head of PSD"
    AUDITOR = "auditor", "Auditor"
    ADMINISTRATOR = "administrator", "Administrator"


# Model permissions per role, as "app_label.codename": casework's own here; conduct and
# notifications add theirs with register_role_permissions from their AppConfig.ready (casework
# may not name them). Data migrations read this after every ready() has run: migrate sets Django
# up first, so a fresh database gets every app's permissions.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.INVESTIGATOR: [],
    Role.APPROPRIATE_AUTHORITY: [],
    # Special category data (protected characteristics, issue 21): for fairness monitoring.
    Role.HEAD_OF_PSD: ["casework.view_special_category"],
    Role.AUDITOR: [],
    Role.ADMINISTRATOR: [
        "casework.view_user",
        "casework.add_user",
        "casework.change_user",
        "auth.view_group",
        *[
            f"casework.{verb}_{model}"
            for model in ("team", "force", "unit", "rank")
            for verb in ("view", "add", "change")
        ],
        # The working-day calendar.
        *[f"casework.{verb}_nonworkingday" for verb in ("view", "add", "change", "delete")],
        # Who was in which team and held which role, and who changed it (read-only history).
        "casework.view_teammembershipevent",
        "casework.view_rolemembershipevent",
        # Requests for privileged roles, decided by a second administrator (casework/accounts.py),
        # and the account log (sign-ins, role and team changes, reset links sent).
        "casework.view_rolerequest",
        "casework.change_rolerequest",
        "casework.view_accountevent",
        # Protected characteristics: recorded by hand, and seen for the Home Office return (issue 21).
        "casework.view_special_category",
        *[f"casework.{verb}_protectedcharacteristics" for verb in ("view", "add", "change")],
    ],
}


def register_role_permissions(role: Role, permissions: list[str]) -> None:
    """Give a role's group these model permissions at the next sync (idempotent)."""
    granted = ROLE_PERMISSIONS[role]
    granted.extend(p for p in permissions if p not in granted)


def sync_role_groups(apps, schema_editor=None):
    """Create the role groups and set their permissions. Usable from a migration."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role in Role:
        group, _ = group_model.objects.get_or_create(name=role.label)
        wanted = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            permission = permission_model.objects.filter(content_type__app_label=app_label, codename=codename).first()
            # A model a later migration creates has no permission yet: that migration syncs again.
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def ensure_role_groups():
    """Make sure the role groups and their permissions exist (after a flush, say); idempotent."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    if Group.objects.filter(name__in=Role.labels).count() < len(Role):
        sync_role_groups(apps)
