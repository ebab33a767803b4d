"""Request middleware of the casework app."""

from django.contrib.sessions import middleware as sessions
from django.shortcuts import redirect

from .door import PurposeNeeded


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
