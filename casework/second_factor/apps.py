from django.contrib.admin.apps import AdminConfig


class VerifiedAdminConfig(AdminConfig):
    """Django's admin, on a site that requires the second factor (admin_site.py). Installed in
    place of "django.contrib.admin"; kept out of casework/apps.py so casework's own config stays
    the only one Django finds there."""

    default_site = "casework.second_factor.admin_site.VerifiedAdminSite"
