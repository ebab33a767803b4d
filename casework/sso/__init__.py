"""Single sign-on through the force's OpenID Connect identity provider (mozilla-django-oidc).

- `provider`: the provider's endpoints, from the settings or its discovery document.
- `backend`: the authentication backend: the code flow's ID token checked (signature, issuer,
  audience, expiry, nonce), the account found by the `sub` claim, roles from the groups claim.
- `roles`: which groups give which role, and the one function that applies them.
- `passwords`: local passwords, which a force can switch off (`LOCAL_PASSWORDS=false`).
- `views`: the sign-in page, the redirect to the provider and the provider's callback.

A session signed in through the provider carries `request.session[AUTH_METHOD] == OIDC`: the
provider has already asked for the person's second factor (Entra ID's conditional access), so the
one-time-code requirement reads this marker and does not ask again (docs/security.md).
"""

from django.conf import settings

from casework.errors import Refused

# The session key and value that say how this session signed in. Read by the second-factor
# requirement; a password session has no marker (or any other value) and is asked for a code.
AUTH_METHOD = "auth_method"
OIDC = "oidc"


class SignInFailed(Refused):
    """Signing in through the provider did not succeed; `message` says why, for the person."""


def enabled() -> bool:
    """Single sign-on is configured (an issuer is set)."""
    return bool(settings.SSO_ENABLED)


def signed_in_through_provider(request) -> bool:
    """This session signed in through the identity provider (which asked for its own MFA)."""
    return request.session.get(AUTH_METHOD) == OIDC
