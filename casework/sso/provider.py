"""Where the identity provider's endpoints are: given one by one in the settings, or read from
its discovery document (OpenID Connect Discovery 1.0) at first use and cached.

The document's `issuer` must be exactly the configured issuer (Discovery s.4.3): a document
served by anything else is refused, so a wrong URL cannot point sign-in at another provider.
"""

import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from . import SignInFailed

logger = logging.getLogger(__name__)

DISCOVERY_CACHE_SECONDS = 3600
UNREACHABLE = "The force's sign-in service could not be reached. Try again in a few minutes."
MISCONFIGURED = "Signing in with your force account is not working. The system's administrators have been told."


@dataclass(frozen=True)
class Endpoints:
    authorization: str
    token: str
    userinfo: str  # may be empty: the ID token's claims are then all there is
    jwks: str


def endpoints() -> Endpoints:
    """The provider's endpoints; the settings win over the discovery document."""
    given = Endpoints(
        authorization=settings.OIDC_OP_AUTHORIZATION_ENDPOINT,
        token=settings.OIDC_OP_TOKEN_ENDPOINT,
        userinfo=settings.OIDC_OP_USER_ENDPOINT,
        jwks=settings.OIDC_OP_JWKS_ENDPOINT,
    )
    if given.authorization and given.token and given.jwks:
        return given
    found = discovery_document()
    return Endpoints(
        authorization=given.authorization or found["authorization_endpoint"],
        token=given.token or found["token_endpoint"],
        userinfo=given.userinfo or found.get("userinfo_endpoint", ""),
        jwks=given.jwks or found["jwks_uri"],
    )


def discovery_document() -> dict:
    """The provider's configuration, fetched once an hour (per issuer); fetched every time while
    the cache is down (only a cache, so sign-in goes on without it)."""
    key = f"sso-discovery:{settings.OIDC_OP_DISCOVERY_URL}"
    try:
        document = cache.get(key)
    except RedisError:
        return _fetch_discovery_document()
    if document is None:
        document = _fetch_discovery_document()
        try:
            cache.set(key, document, DISCOVERY_CACHE_SECONDS)
        except RedisError:
            pass  # fetched again next time
    return document


def _fetch_discovery_document() -> dict:
    try:
        response = requests.get(
            settings.OIDC_OP_DISCOVERY_URL, timeout=settings.OIDC_TIMEOUT, verify=settings.OIDC_VERIFY_SSL
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        logger.warning("SSO discovery document %s unavailable: %s", settings.OIDC_OP_DISCOVERY_URL, exc)
        raise SignInFailed(UNREACHABLE) from exc
    if not isinstance(document, dict) or document.get("issuer") != settings.OIDC_OP_ISSUER:
        issuer = document.get("issuer") if isinstance(document, dict) else None
        logger.error(
            "SSO discovery document %s names the issuer %r, not OIDC_ISSUER %r",
            settings.OIDC_OP_DISCOVERY_URL,
            issuer,
            settings.OIDC_OP_ISSUER,
        )
        raise SignInFailed(MISCONFIGURED)
    missing = [k for k in ("authorization_endpoint", "token_endpoint", "jwks_uri") if not document.get(k)]
    if missing:
        logger.error("SSO discovery document lacks %s", ", ".join(missing))
        raise SignInFailed(MISCONFIGURED)
    return document
