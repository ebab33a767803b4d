"""The authentication backend for the provider's authorisation code flow.

mozilla-django-oidc does the flow (state, nonce, PKCE, the token request); this subclass adds
what it leaves out or does differently from what a force needs:
- the ID token is checked in full: signature against the provider's keys, issuer, audience
  (and `azp` when there are several), expiry and issue time, and the nonce of this sign-in;
- the account is found by the `sub` claim only, never by email (an address can be reassigned);
- the roles come from the groups claim (roles.apply_provider_roles) at every sign-in;
- a refusal is a `SignInFailed` with a message for the person, never a bare "failed".
"""

import hashlib
import logging

import jwt
import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from casework.models import User

from . import SignInFailed, enabled, provider
from .roles import apply_provider_roles

logger = logging.getLogger(__name__)

# Clock difference tolerated between us and the provider when checking exp and iat.
CLOCK_SKEW_SECONDS = 60
REJECTED = "Your force's sign-in service sent an answer that could not be trusted, so you were not signed in."
NO_ACCOUNT = "There is no PSD casework account for your force account. Ask an administrator to set one up."
SWITCHED_OFF = "Your PSD casework account has been switched off. Ask an administrator if you need it."
EMAIL_TAKEN = (
    "A PSD casework account with your email address exists but is not yet linked to your force account. "
    "Ask an administrator to link it."
)


class ForceAccountBackend(OIDCAuthenticationBackend):
    def __init__(self, *args, **kwargs):
        # Instantiated for every authenticate() and session lookup: no network, no settings
        # checks here (the library's __init__ insists on endpoints we may discover later).
        self.UserModel = User
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    # The library reads its endpoints from these attributes.
    @property
    def OIDC_OP_TOKEN_ENDPOINT(self):
        return provider.endpoints().token

    @property
    def OIDC_OP_USER_ENDPOINT(self):
        return provider.endpoints().userinfo

    @property
    def OIDC_OP_JWKS_ENDPOINT(self):
        return provider.endpoints().jwks

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            # The token endpoint refused the code (reused, expired, wrong client) or is down.
            logger.warning("SSO token request failed: %s", exc)
            raise SignInFailed(provider.UNREACHABLE if _unreachable(exc) else REJECTED) from exc
        # KeyError: a token whose header lacks the `kid` the provider's key set is searched by.
        except (SuspiciousOperation, jwt.PyJWTError, KeyError) as exc:
            logger.warning("SSO ID token rejected: %s", exc)
            raise SignInFailed(REJECTED) from exc

    # The ID token ---------------------------------------------------------------------------
    def verify_token(self, token, **kwargs):
        """The ID token's claims once its signature, issuer, audience, times and (when this is
        the code flow's token) nonce have all been checked."""
        if not token:
            raise SuspiciousOperation("The token response has no ID token.")
        claims = jwt.decode(
            token,
            self.retrieve_matching_jwk(token),
            algorithms=[self.OIDC_RP_SIGN_ALGO],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=settings.OIDC_OP_ISSUER,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["iss", "sub", "aud", "exp", "iat"]},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        # Core s.3.1.3.7: with several audiences the authorised party must be us.
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token issued to another party (azp).")
        if "nonce" in kwargs and (not kwargs["nonce"] or claims.get("nonce") != kwargs["nonce"]):
            raise SuspiciousOperation("ID token nonce does not match this sign-in.")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the userinfo endpoint's added when the provider has one
        (Entra ID puts groups in the ID token only; others in userinfo only). The ID token's
        claims win; a userinfo answer about someone else is refused (Core s.5.3.2)."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload["sub"]:
            logger.warning("SSO userinfo sub %r differs from the ID token's", userinfo.get("sub"))
            raise SignInFailed(REJECTED)
        return {**userinfo, **payload}

    # The account ----------------------------------------------------------------------------
    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(sso_subject=claims["sub"])

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        user = self.filter_users_by_claims(claims).first()
        if user is None:
            user = self.create_user(claims)
        elif not user.is_active:
            raise SignInFailed(SWITCHED_OFF)
        else:
            user = self.update_user(user, claims)
        apply_provider_roles(user, claims)
        return user

    def create_user(self, claims):
        email = _email(claims)
        if not settings.OIDC_CREATE_USER:
            logger.info("SSO sign-in refused: no account for sub=%s email=%s", claims["sub"], email)
            raise SignInFailed(NO_ACCOUNT)
        # Email is only a hint: an existing account with the same address is never taken over
        # (the address may have been reassigned); an administrator links it by hand.
        if email and self.UserModel.objects.filter(email__iexact=email, sso_subject=None).exists():
            logger.warning("SSO sign-in refused: unlinked account has email=%s; sub=%s", email, claims["sub"])
            raise SignInFailed(EMAIL_TAKEN)
        user = self.UserModel(
            username=_free_username(claims),
            sso_subject=claims["sub"],
            email=email,
            first_name=str(claims.get("given_name", ""))[:150],
            last_name=str(claims.get("family_name", ""))[:150],
        )
        # Nobody can sign in to it with a password: the provider is its only way in.
        user.set_unusable_password()
        user.save()
        logger.info("SSO created account %s for sub=%s", user.username, claims["sub"])
        return user

    def update_user(self, user, claims):
        """Keep the name and address the provider knows (they change: marriage, a new domain)."""
        fields = {
            "email": _email(claims) or user.email,
            "first_name": str(claims.get("given_name", user.first_name))[:150],
            "last_name": str(claims.get("family_name", user.last_name))[:150],
        }
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        for name in changed:
            setattr(user, name, fields[name])
        if changed:
            user.save(update_fields=changed)
        return user


def _email(claims) -> str:
    email = claims.get("email")
    return email[:254] if isinstance(email, str) else ""


def _free_username(claims) -> str:
    """A readable username (preferred_username, else email, else the subject) not yet taken."""
    base = str(claims.get("preferred_username") or claims.get("email") or claims["sub"])[:140]
    if not User.objects.filter(username=base).exists():
        return base
    return f"{base}-{hashlib.sha256(claims['sub'].encode()).hexdigest()[:8]}"


def _unreachable(exc) -> bool:
    return isinstance(exc, (requests.ConnectionError, requests.Timeout))
