"""Which of the identity provider's groups give which role, and the one function that applies
roles to an account with a recorded reason.

The provider is the source of truth for the roles of an account that signs in through it: at
each sign-in the account's role groups become exactly those its provider groups map to (other,
non-role groups are left alone). Nothing changes, and nothing is written, when they already match.
"""

from django.conf import settings
from django.core import checks
from django.db import transaction

from casework.roles import Role
from casework.services import system_user

from . import SignInFailed

FROM_PROVIDER = "from the identity provider at sign-in"
NO_ROLE = (
    "Your force account is not in any group that gives access to PSD casework. "
    "Ask your force's service desk to add you to the right group."
)
TOO_MANY_GROUPS = (
    "Your force account is in too many groups for the sign-in service to list them. "
    "Ask your force's service desk to send only the groups assigned to PSD casework."
)


def group_roles() -> dict[str, Role]:
    """The configured mapping, group name or id -> Role (validated by the system check below)."""
    return {group: Role(role) for group, role in settings.OIDC_GROUP_ROLES.items()}


def roles_from_claims(claims: dict) -> set[Role]:
    """The roles the person's provider groups give; refuses when they give none."""
    claim = settings.OIDC_GROUPS_CLAIM
    # Entra ID leaves the groups out ("overage") past 200 and points at Graph instead: refuse
    # rather than sign in with roles worked out from no groups.
    if claim not in claims and claim in (claims.get("_claim_names") or {}):
        raise SignInFailed(TOO_MANY_GROUPS)
    groups = claims.get(claim) or []
    if isinstance(groups, str):
        groups = [groups]
    mapping = group_roles()
    roles = {mapping[g] for g in groups if isinstance(g, str) and g in mapping}
    if not roles:
        raise SignInFailed(NO_ROLE)
    return roles


def apply_provider_roles(user, claims: dict) -> None:
    """Give the account exactly the roles its provider groups map to. An account whose groups
    map to none loses its roles (recorded) and is refused."""
    actor = system_user()
    try:
        roles = roles_from_claims(claims)
    except SignInFailed:
        set_user_roles(user, set(), reason=FROM_PROVIDER, actor=actor)
        raise
    set_user_roles(user, roles, reason=FROM_PROVIDER, actor=actor)


def set_user_roles(user, roles: set[Role], *, reason: str, actor=None) -> bool:
    """THE function that changes an account's roles for single sign-on: the accounts service
    (casework/accounts.py), which records the change in the role history and the account log
    with the provider as the actor. No second approval: membership of the force's groups is
    granted and approved in the identity provider. Returns whether anything changed."""
    from casework import accounts

    with transaction.atomic():
        return accounts.apply_roles_from_identity_provider(user, roles, provider=settings.OIDC_OP_ISSUER, reason=reason)


@checks.register(checks.Tags.security)
def check_group_roles(app_configs=None, **kwargs):
    """OIDC_GROUP_ROLES names only real roles: a typo would silently give nobody access."""
    unknown = {g: r for g, r in settings.OIDC_GROUP_ROLES.items() if r not in Role.values}
    if not unknown:
        return []
    return [
        checks.Error(
            f"OIDC_GROUP_ROLES maps groups to unknown roles: {unknown}.",
            hint=f"Use one of: {', '.join(Role.values)}.",
            id="casework.E101",
        )
    ]
