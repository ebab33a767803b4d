from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from notifications.health import health


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """No login, no secrets: only which part is up and, if not, the kind of error."""
    healthy, report = health()
    return JsonResponse(report, status=200 if healthy else 503)
