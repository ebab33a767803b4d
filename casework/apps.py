from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self):
        # The system check that OIDC_GROUP_ROLES names real roles.
        from .sso import roles  # noqa: F401
