from django.conf import settings

from .permissions import can_read_account_log, navigation_for, roles_of


def service(request):
    """Service name, primary navigation and the signed-in user's roles for the layout."""
    user = getattr(request, "user", None)
    context = {"service_name": settings.SERVICE_NAME, "navigation": [], "user_roles": []}
    if user is not None and user.is_authenticated:
        context["navigation"] = navigation_for(user)
        context["user_roles"] = sorted(r.label for r in roles_of(user))
        context["can_read_account_log"] = can_read_account_log(user)
        context["current_url_name"] = getattr(request.resolver_match, "url_name", "")
    return context
