"""The one place that decides who may see and do what (DESIGN.md: "Permission checks live in
one service per app; views never hand-roll them").

Role checks now; object-level rules for cases (django-guardian, direct foreign-key tables)
are added here as the features that need them arrive.
"""

from dataclasses import dataclass

from django.urls import reverse

from .roles import Role

CASE_ROLES = frozenset({Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY, Role.HEAD_OF_PSD})


def roles_of(user) -> frozenset[Role]:
    """The roles a signed-in user holds (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_psd_roles", None)
    if cached is None:
        labels = {g.name for g in user.groups.all()}
        cached = frozenset(r for r in Role if r.label in labels)
        user._psd_roles = cached
    return cached


def has_role(user, *roles: Role) -> bool:
    return bool(roles_of(user) & set(roles))


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ALL = frozenset(Role)
_CASEWORK_AND_AUDIT = CASE_ROLES | {Role.AUDITOR}

NAVIGATION = (
    NavItem("My work", "home", _ALL),
    NavItem("Cases", "case-list", _CASEWORK_AND_AUDIT),
    NavItem("People", "person-list", _CASEWORK_AND_AUDIT | {Role.ADMINISTRATOR}),
    NavItem("Suspensions", "suspension-list", CASE_ROLES),
    NavItem("Referrals", "referral-list", CASE_ROLES),
    NavItem("Deadlines", "deadline-list", CASE_ROLES),
    NavItem("Access reviews", "access-review-list", _CASEWORK_AND_AUDIT),
)


def navigation_for(user) -> list[NavItem]:
    """Primary navigation items the user's roles give them, in the service's order."""
    roles = roles_of(user)
    if user.is_superuser:
        roles = _ALL
    return [item for item in NAVIGATION if item.roles & roles]


def can_open_section(user, url_name: str) -> bool:
    return any(item.url_name == url_name for item in navigation_for(user))
