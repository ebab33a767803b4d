"""The sign-in page, the redirect to the identity provider, and the provider's callback.

The flow itself is mozilla-django-oidc's (state, nonce and PKCE kept in the session, one use
each); these subclasses add the endpoints from `provider`, a message for every way it can fail
(never a bare 400 or 500), and the session marker that says the provider did the sign-in.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from ..second_factor.gate import passed_at_identity_provider
from . import AUTH_METHOD, OIDC, SignInFailed, enabled, provider
from .passwords import PASSWORDS_OFF, local_passwords_allowed

logger = logging.getLogger(__name__)

INCOMPLETE = "Signing in with your force account did not complete. Try again."
# The login page shows the password form with this query parameter even when local passwords
# are off: the break-glass superuser's way in (docs/security.md).
BREAK_GLASS_PARAMETER = "local"


class SignInForm(AuthenticationForm):
    """Django's, with GOV.UK messages (what is wrong and what to do) and width-sized inputs."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.update(spellcheck="false", autocapitalize="none")

    def get_invalid_login_error(self):
        if not local_passwords_allowed():
            return ValidationError(PASSWORDS_OFF, code="passwords_off")
        return super().get_invalid_login_error()


class SignInView(LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = enabled()
        context["password_form_shown"] = (
            local_passwords_allowed() or not enabled() or BREAK_GLASS_PARAMETER in self.request.GET
        )
        return context


def _failed(request, message):
    messages.error(request, message)
    return HttpResponseRedirect(reverse("login"))


class StartSignIn(OIDCAuthenticationRequestView):
    """Send the browser to the provider's authorisation endpoint."""

    def __init__(self, *args, **kwargs):
        # The library's __init__ reads endpoints from settings; ours may need discovery, which
        # is done per request in get() where a failure can be shown to the person.
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider.endpoints().authorization
        except SignInFailed as refused:
            return _failed(request, refused.message)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SignInCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back with a code (or an error)."""

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            return super().get(request)
        except SignInFailed as refused:
            return _failed(request, refused.message)
        except SuspiciousOperation as exc:
            # A state this session never sent: a replayed or forged callback.
            logger.warning("SSO callback refused: %s", exc)
            return _failed(request, INCOMPLETE)

    def login_failure(self):
        if self.request.GET.get("error"):
            logger.info("SSO provider answered error=%s", self.request.GET.get("error")[:100])
        return _failed(self.request, INCOMPLETE)

    def login_success(self):
        response = super().login_success()
        # The provider asked for the person's MFA: no TOTP code here on top of it.
        self.request.session[AUTH_METHOD] = OIDC
        passed_at_identity_provider(self.request, settings.OIDC_OP_ISSUER)
        logger.info("SSO sign-in: %s", self.user.username)
        return response
