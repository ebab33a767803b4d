"""Request middleware of the casework app."""

from django.conf import settings
from django.contrib.sessions import middleware as sessions
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from .door import PurposeNeeded
from .views.common import page_not_found, permission_denied


class PurposeMiddleware:
    """Turns the door's PurposeNeeded into the redirect to the purpose page (casework/door.py),
    as Django turns Http404 into the 404 page, so no view hand-writes that redirect."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PurposeNeeded):
            return redirect(exception.url)
        return None


class SessionMiddleware(sessions.SessionMiddleware):
    """Django's, except that it leaves the session alone on the "database unavailable" page
    (casework/views/common.py): saving or re-reading it there would wait on the pool again."""

    def process_response(self, request, response):
        if getattr(response, "database_unavailable", False):
            return response
        return super().process_response(request, response)


class FriendlyErrorPagesMiddleware:
    """The styled 404 page with DEBUG on too (`make run`), where Django would show its technical
    page: a user trying the service locally should see what production shows. A developer who
    wants the technical page sets TECHNICAL_ERROR_PAGES. 403 already uses handler403 in DEBUG."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No URL matched: Django built the technical 404 before any view (or process_exception) ran.
        if self._active() and response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return self._page(request, 404)
        return response

    def process_exception(self, request, exception):
        if not self._active():
            return None
        if isinstance(exception, Http404):
            return self._page(request, 404)
        if isinstance(exception, PermissionDenied):
            return self._page(request, 403)
        return None

    @staticmethod
    def _active() -> bool:
        return settings.DEBUG and not settings.TECHNICAL_ERROR_PAGES

    @staticmethod
    def _page(request, status):
        return (page_not_found if status == 404 else permission_denied)(request)
