from django.conf import settings

from .permissions import can_read_account_log, navigation_for, roles_of
from .second_factor.gate import needs_second_factor


def service(request):
    """Service name, primary navigation and the signed-in user's roles for the layout."""
    user = getattr(request, "user", None)
    context = {"service_name": settings.SERVICE_NAME, "navigation": [], "user_roles": []}
    if user is not None and user.is_authenticated:
        # No menu of pages the user cannot reach yet: before the second factor, only the code.
        context["navigation"] = [] if needs_second_factor(request) else navigation_for(user)
        context["user_roles"] = sorted(r.label for r in roles_of(user))
        context["can_read_account_log"] = can_read_account_log(user)
        context["current_url_name"] = getattr(request.resolver_match, "url_name", "")
    return context
