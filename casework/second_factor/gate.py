"""Whether this session has passed the second factor, and the middleware that holds every page
until it has.

The mark lives in the session, bound to the user it was given to, so checking it costs no
query on each request. Django's `login()` keeps or clears it correctly: signing in as someone
else flushes the session, signing out flushes it, a changed password ends the session. A reset
by an administrator ends the user's sessions (services.reset).

Sign-in methods whose identity provider already asked for a second factor (single sign-on
through OpenID Connect, say) call `passed_at_identity_provider(request, provider)` once the user
is signed in: that is the one hook that lets a sign-in skip the code here.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

SESSION_KEY = "second_factor"


class Method:
    """How a session passed the second factor (kept in the session, shown in the history)."""

    AUTHENTICATOR = "authenticator"
    RECOVERY_CODE = "recovery_code"
    IDENTITY_PROVIDER = "identity_provider"


def mark_passed(request, method: str, detail: str = "") -> None:
    """Record in the session that its user has passed the second factor."""
    request.session[SESSION_KEY] = {"user": request.user.pk, "method": method, "detail": detail}


def passed_at_identity_provider(request, provider: str) -> None:
    """THE HOOK for sign-in methods whose identity provider enforces its own MFA (e.g. Entra ID
    through OpenID Connect): call it after `login()` for such a sign-in, never for a password."""
    mark_passed(request, Method.IDENTITY_PROVIDER, provider)


def has_passed(request) -> bool:
    mark = request.session.get(SESSION_KEY)
    return bool(mark) and mark.get("user") == request.user.pk


def needs_second_factor(request) -> bool:
    """True while a signed-in user still owes the code (always False when it is not required)."""
    user = request.user
    return settings.SECOND_FACTOR_REQUIRED and user.is_authenticated and not has_passed(request)


def second_factor_exempt(view):
    """Let a signed-in user reach this view before the second factor (the code pages, sign-out)."""
    view.second_factor_exempt = True
    return view


class SecondFactorMiddleware:
    """Sends a signed-in user who has not yet passed the second factor to the code page (or to
    enrolment, the first time), keeping where they were going. Public pages (those marked
    `login_not_required`) stay public; /admin/ is held like every other page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True) or getattr(view_func, "second_factor_exempt", False):
            return None
        if not needs_second_factor(request):
            return None
        return redirect_to_login(request.get_full_path(), reverse("second-factor"))
