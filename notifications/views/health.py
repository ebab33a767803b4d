from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from notifications.health import health

HEALTHZ_PATH = "/healthz"


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """No login, no secrets: only which part is up and, if not, the kind of error."""
    healthy, report = health()
    return JsonResponse(report, status=200 if healthy else 503)


class HealthzMiddleware:
    """Answers /healthz before the session middleware: reading a session cookie reads the
    database, so with PostgreSQL down a prober sending a cookie would get a 500 after the pool's
    wait instead of the health report (issue 23). The URL stays in config/urls.py too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTHZ_PATH:
            return healthz(request)
        return self.get_response(request)
