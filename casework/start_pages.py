"""Start pages for the roles that do no casework: what an auditor and an administrator come to
"My work" for, as panels in the home-page registry (casework.panels), first on the page.

- The auditor: find a record's access log by case reference or person, straight from the home
  page, and the logs (account log, access reviews added by conduct through its own panel).
- The administrator: the admin site's pages they may use, grouped as they think of them
  (accounts, reference data, rules, the calendar), read from the admin site itself so a model an
  app registers appears without casework naming it.
"""

from django.contrib import admin

from casework import permissions
from casework.panels import Panel, register_home_panel
from casework.roles import Role

# Where the admin site's pages go on the administrator's start page, by "app_label.model_name".
# Anything not named here is listed under "Other records".
ADMIN_SECTIONS = {
    "Accounts and teams": ["casework.user", "casework.team", "casework.rolerequest", "auth.group"],
    "Reference data": [
        "casework.force",
        "casework.unit",
        "casework.rank",
        "conduct.standard",
        "conduct.allegationcategory",
    ],
    "Rules": ["conduct.clockrule", "conduct.referralcriterion", "conduct.flagrule", "notifications.reminderstage"],
    "Working-day calendar": ["casework.nonworkingday"],
}
HIDDEN = {"casework.teammembershipevent", "casework.rolemembershipevent", "casework.accountevent"}


def only_oversees(user) -> bool:
    """An auditor or administrator with no casework role: their home page is a start page."""
    return not permissions.has_role(user, *permissions.CASE_ROLES)


def auditor_panel(request):
    user = request.user
    if not permissions.has_role(user, Role.AUDITOR) and not user.is_superuser:
        return None
    return {
        "query": "",
        "can_read_account_log": permissions.can_read_account_log(user),
        "can_view_access_log": permissions.can_view_access_log(user),
    }


def administrator_panel(request):
    user = request.user
    if not permissions.has_role(user, Role.ADMINISTRATOR):
        return None
    return {"sections": admin_sections(request), "can_read_account_log": permissions.can_read_account_log(user)}


def admin_sections(request) -> list[tuple[str, list[dict]]]:
    """The admin pages this user may open, in the start page's sections."""
    models = {}
    for app in admin.site.get_app_list(request):
        for model in app["models"]:
            key = f"{app['app_label']}.{model['object_name'].lower()}"
            if key not in HIDDEN and model.get("admin_url"):
                models[key] = {"name": model["name"], "url": model["admin_url"]}
    sections = []
    for title, keys in ADMIN_SECTIONS.items():
        links = [models.pop(key) for key in keys if key in models]
        if links:
            sections.append((title, links))
    if models:
        sections.append(("Other records", sorted(models.values(), key=lambda m: str(m["name"]))))
    return sections


def register():
    register_home_panel(Panel("auditor-start", "casework/start/auditor.html", auditor_panel, order=1))
    register_home_panel(Panel("administrator-start", "casework/start/administrator.html", administrator_panel, order=1))
