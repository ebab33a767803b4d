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


def users_with_role(role: Role):
    """Active users holding a role (escalations go to them)."""
    from .models import User

    return User.objects.filter(is_active=True, groups__name=role.label).distinct()


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset
    order: int = 100  # place in the bar; casework's items are 10, 30, 40 and 70

    @property
    def url(self) -> str:
        return reverse(self.url_name)


# The primary navigation. casework may not name conduct's or notifications' pages (DESIGN.md), so
# they add theirs with register_nav_item from their AppConfig.ready, as "My work" panels do.
NAVIGATION: dict[str, NavItem] = {}


def register_nav_item(item: NavItem) -> NavItem:
    NAVIGATION[item.url_name] = item
    return item


_ALL = frozenset(Role)
CASEWORK_AND_AUDIT = CASE_ROLES | {Role.AUDITOR}

register_nav_item(NavItem("My work", "home", _ALL, order=10))
register_nav_item(NavItem("People", "person-list", CASEWORK_AND_AUDIT | {Role.ADMINISTRATOR}, order=40))
register_nav_item(NavItem("Deadlines", "deadline-list", CASE_ROLES, order=70))


def navigation_for(user) -> list[NavItem]:
    """Primary navigation items the user's roles give them, in the service's order."""
    roles = roles_of(user)
    if user.is_superuser:
        roles = _ALL
    return [item for item in sorted(NAVIGATION.values(), key=lambda i: i.order) if item.roles & roles]


def can_open_section(user, url_name: str) -> bool:
    return any(item.url_name == url_name for item in navigation_for(user))


# Cases ------------------------------------------------------------------------------------
# A case is visible to its team, its investigator and those it is shared with (per-case grants);
# the head of PSD, appropriate authorities and auditors also see every unrestricted case; a
# restricted case only by grant, or to the head of PSD for a while after breaking glass.


def visible_cases(user):
    """Cases the user may open, as one queryset (grants stay in SQL).

    Each source (team, investigator, grant, broken glass) is a subquery on its own table, and for
    those who oversee the whole is "none of the restricted cases hidden from me" (an anti-join):
    no join multiplies the case rows, so no DISTINCT is needed and PostgreSQL can walk the
    cases in the list's order and stop at the first page (docs/performance.md)."""
    from .models import Case

    return Case.objects.filter(visible_case_condition(user))


def visible_case_condition(user, prefix: str = "", *, few: bool = False):
    """`visible_cases` as a condition on a case reached through `prefix` (e.g. "case__"): for rows
    that reach their case by foreign keys (deadlines, subjects, duty decisions, referrals). One
    definition of who sees what, in two shapes that give the same rows (tests/conduct/cases/
    test_visibility_sets.py), chosen for speed (docs/performance.md, 2026-12-07):

    - by default, for the head of PSD, authorities and auditors, "none of the restricted cases
      hidden from me": an anti-join over about 2% of the cases, read off a partial index. Asked the
      other way ("one of every case I may see") PostgreSQL read and hashed the whole case table in
      every statement that counted or listed for them;
    - `few=True`, where a few hundred or thousand rows are listed (referrals, duty decisions
      awaiting approval), each row's own case tested by a join: cheaper there than building even
      the small hidden set (measured beside the pages' floors).

    `prefix` must follow single-valued relations only (foreign keys towards the case): across a
    many-valued one, Django reads a negated condition as "none of them"."""
    from django.db.models import Exists, OuterRef, Q

    from .models.cases import Sensitivity

    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    # Through a relation that may be empty (a deadline with no case), "not restricted" must not
    # match the missing case: the case must exist.
    exists = Q(**{f"{prefix}isnull": False}) if prefix else Q()
    roles = roles_of(user)
    case_pk = f"{prefix}pk" if prefix else "pk"
    if user.is_superuser or roles & {Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY, Role.AUDITOR}:
        if few:
            return exists & (
                _mine(user, roles, prefix)
                | ~Q(**{f"{prefix}sensitivity": Sensitivity.RESTRICTED})
                | _broken_glass(user, case_pk)
            )
        from .models import Case

        hidden = Case.objects.filter(sensitivity=Sensitivity.RESTRICTED).exclude(
            _mine(user, roles, "") | _broken_glass(user, "pk")
        )
        return exists & ~Exists(hidden.filter(pk=OuterRef(case_pk)))
    # Administrators run the system and see no case (DESIGN.md), even one of a team they are in
    # or one shared with them: only a case role or the auditor's opens a case.
    if roles & CASEWORK_AND_AUDIT:
        return exists & _mine(user, roles, prefix)
    return Q(pk__in=[])


def _broken_glass(user, case_pk: str):
    """The restricted cases the user opened by breaking glass, while that lasts."""
    from django.db.models import Q
    from django.utils import timezone

    from .models import BreakGlass

    opened = BreakGlass.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).values("case_id")
    return Q(**{f"{case_pk}__in": opened})


def _mine(user, roles, prefix: str):
    """The cases that are the user's own: their team's, theirs to investigate, or shared with them."""
    from django.db.models import Q

    case_pk = f"{prefix}pk" if prefix else "pk"
    mine = Q(**{f"{prefix}team_id__in": _team_ids(user)}) | Q(**{f"{prefix}investigator_id": user.pk})
    # Explicit per-case grants, as a subquery: never loaded into Python, however many there are.
    if roles & SHARE_ROLES:  # a share given before shares were limited to case roles opens nothing
        mine |= Q(**{f"{case_pk}__in": _granted_case_ids(user, "view_case")})
    return mine


def _team_ids(user):
    """The user's teams, as a subquery (a join on membership would repeat the case rows)."""
    from .models import Team

    return Team.members.through.objects.filter(user_id=user.pk).values("team_id")


def _granted_case_ids(user, codename):
    from .models import CaseUserObjectPermission

    return CaseUserObjectPermission.objects.filter(
        user=user, permission__codename=codename, permission__content_type__app_label="casework"
    ).values("content_object_id")


def my_open_cases(user):
    """Open cases the user investigates or their team owns, newest first."""
    from django.db.models import Q

    return (
        visible_cases(user)
        .open()
        .filter(Q(investigator_id=user.pk) | Q(team_id__in=_team_ids(user)))
        .select_related("team")
        .order_by("-received_on", "-id")
    )


def can_view_case(user, case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


def can_change_case(user, case) -> bool:
    """Investigators on the case's team (or assigned) and the head of PSD change cases."""
    if not can_view_case(user, case):
        return False
    roles = roles_of(user)
    if Role.HEAD_OF_PSD in roles or user.is_superuser:
        return True
    if Role.INVESTIGATOR in roles and (
        case.investigator_id == user.pk or case.team.members.filter(pk=user.pk).exists()
    ):
        return True
    if not roles & SHARE_CHANGE_ROLES:
        return False
    return _granted_case_ids(user, "change_case").filter(content_object_id=case.pk).exists()


def can_record_cases(user) -> bool:
    return user.is_superuser or has_role(user, Role.INVESTIGATOR, Role.HEAD_OF_PSD)


def can_decide(user) -> bool:
    """Case-to-answer and other appropriate-authority decisions."""
    return user.is_superuser or has_role(user, Role.APPROPRIATE_AUTHORITY, Role.HEAD_OF_PSD)


def get_case_or_404(user, reference, *, for_change=False):
    """The case if the user may see it (and change it, when asked); otherwise 404, never 403."""
    from django.http import Http404

    from .models.cases import CaseStatus

    if "\x00" in reference:  # PostgreSQL refuses NUL in text: such a reference names no case
        raise Http404("No such case")
    case = visible_cases(user).filter(reference=reference).select_related("team", "investigator").first()
    if case is None or (for_change and (case.status != CaseStatus.OPEN or not can_change_case(user, case))):
        raise Http404("No such case")
    return case


def can_read_narrative(user, case) -> bool:
    """Auditors see logs and case metadata, not what is alleged or said (DOMAIN.md)."""
    return reads_narratives(user)


def reads_narratives(user) -> bool:
    """Whether the user's roles let them read what cases say at all. Those who may not search
    cases by reference and name only: a match on the summary's words would tell them its content."""
    return user.is_superuser or bool(roles_of(user) & CASE_ROLES)


def hidden_case_count(user, cases) -> int:
    """How many of `cases` the user may not open, counting unrestricted ones only: even the
    number of restricted cases about a colleague is not for those outside them.

    A correlated EXISTS per case of the (few) given ones, not NOT IN over every case the user
    may see, which would read them all."""
    from django.db.models import Exists, OuterRef

    from .models.cases import Sensitivity

    openable = visible_cases(user).filter(pk=OuterRef("pk"))
    return cases.exclude(sensitivity=Sensitivity.RESTRICTED).exclude(Exists(openable)).count()


# Per-case shares go only to those whose work is cases; change rights only to those who change
# cases. Auditors and administrators read what their roles give them, never more by a share.
SHARE_ROLES = CASE_ROLES
SHARE_CHANGE_ROLES = frozenset({Role.INVESTIGATOR, Role.HEAD_OF_PSD})


def may_receive_share(user) -> bool:
    return bool(roles_of(user) & SHARE_ROLES)


def may_receive_change_share(user) -> bool:
    return bool(roles_of(user) & SHARE_CHANGE_ROLES)


def teams_for_new_cases(user):
    """Teams a user may record a case for: their own; the head of PSD any."""
    from .models import Team

    if user.is_superuser or Role.HEAD_OF_PSD in roles_of(user):
        return Team.objects.all()
    return Team.objects.filter(members=user)


def can_view_register(user) -> bool:
    return can_open_section(user, "person-list")


def can_view_special_category(user) -> bool:
    """Protected characteristics (special category data): a separate permission, never implied by
    seeing the register (casework/characteristics.py)."""
    return user.is_authenticated and user.has_perm("casework.view_special_category")


def can_record_characteristics(user) -> bool:
    return can_view_special_category(user) and user.has_perm("casework.change_protectedcharacteristics")


def can_import_people(user) -> bool:
    """Uploading, previewing and applying HR files of people: administrators only."""
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMINISTRATOR)


def assignment_purpose(user, case) -> str | None:
    """Why the user may look at the case without saying why: it is their work (s.62 purpose)."""
    if case.investigator_id == user.pk:
        return f"Assigned investigator of {case.reference}"
    if case.team.members.filter(pk=user.pk).exists():
        return f"Case of my team ({case.team.name})"
    return None


def assignment_purpose_for_person(user, person) -> str | None:
    """A person is the user's work when they are a subject of one of the user's open cases."""
    from .models import CaseSubject

    # Any one of those cases will do, so no order: ordered newest first, PostgreSQL walks every
    # case in that order looking for the person, which reads them all when there is none
    # (docs/performance.md). Unordered, it starts from the person's few subject rows.
    subjects = CaseSubject.objects.filter(person=person, case__in=my_open_cases(user).values("pk"))
    subject = next(iter(subjects.select_related("case").order_by()[:1]), None)
    return f"Subject of {subject.case.reference}" if subject else None


def can_view_access_log(user) -> bool:
    """'Who has looked at this': the head of PSD and auditors (DOMAIN.md)."""
    return user.is_superuser or has_role(user, Role.HEAD_OF_PSD, Role.AUDITOR)


def can_break_glass(user, case) -> bool:
    """Only the head of PSD, only for a restricted case they cannot otherwise see."""
    return (
        Role.HEAD_OF_PSD in roles_of(user)
        and case.is_restricted
        and not visible_cases(user).filter(pk=case.pk).exists()
    )


def may_break_glass_on(user, reference) -> bool:
    from django.http import Http404

    try:
        restricted_case_for_break_glass(user, reference)
    except Http404:
        return False
    return True


def restricted_case_for_break_glass(user, reference):
    """The restricted case the head of PSD may break glass on; 404 for anyone else."""
    from django.http import Http404

    from .models import Case

    case = (
        Case.objects.filter(reference=reference).select_related("team", "investigator").first()
        if ("\x00" not in reference)
        else None
    )
    if case is None or not can_break_glass(user, case):
        raise Http404("No such case")
    return case


def can_manage_access(user, case) -> bool:
    """Who may share a case or stop sharing it: those who change it (its team, the head of PSD)."""
    return can_change_case(user, case)


# Deadlines --------------------------------------------------------------------------------
# A deadline is seen by those who see its case and may open the deadlines section; it is
# extended or stopped by those who may change the case, while the case and the clock are open.
DEPARTMENT_ROLES = frozenset({Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY})


def can_view_deadlines(user) -> bool:
    return can_open_section(user, "deadline-list")


def can_view_department_deadlines(user) -> bool:
    """Every deadline of the department: the head of PSD and appropriate authorities."""
    return user.is_superuser or bool(roles_of(user) & DEPARTMENT_ROLES)


def visible_deadlines(user):
    """Deadlines the user may see, as one queryset (their cases' visibility, in SQL)."""
    from .models import Deadline

    if not can_view_deadlines(user):
        return Deadline.objects.none()
    return Deadline.objects.visible_to(user)


def get_deadline_or_404(user, pk):
    """The deadline if the user may see it; otherwise 404, never 403."""
    from django.http import Http404

    deadline = visible_deadlines(user).filter(pk=pk).select_related("case__team", "person", "owner").first()
    if deadline is None:
        raise Http404("No such deadline")
    return deadline


def can_change_deadline(user, deadline) -> bool:
    """Extend or stop: an open clock on an open case the user may change."""
    from .models.cases import CaseStatus

    return deadline.is_open and deadline.case.status == CaseStatus.OPEN and can_change_case(user, deadline.case)


# Accounts ---------------------------------------------------------------------------------
# Administrators manage accounts, roles and teams through casework/accounts.py; nobody manages
# their own (a second person must), and only a superuser touches a superuser's account.


def can_manage_accounts(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMINISTRATOR)


def can_manage_account(actor, account) -> bool:
    return can_manage_accounts(actor) and actor.pk != account.pk and (actor.is_superuser or not account.is_superuser)


def can_decide_role_request(actor, role_request) -> bool:
    """A second administrator: never the one who asked, nor the account that would gain the role."""
    return can_manage_accounts(actor) and actor.pk not in (role_request.requested_by_id, role_request.user_id)


def can_read_account_log(user) -> bool:
    """Sign-ins, failures and account changes: the head of PSD, auditors and administrators."""
    return bool(getattr(user, "is_superuser", False)) or has_role(
        user, Role.HEAD_OF_PSD, Role.AUDITOR, Role.ADMINISTRATOR
    )


# The second factor (casework/second_factor) ---------------------------------------------------
def can_manage_second_factors(user) -> bool:
    """Administrators see who has set up a second factor, and reset other people's."""
    return has_role(user, Role.ADMINISTRATOR)


def can_reset_second_factor(actor, user) -> bool:
    """Never one's own: a reset by oneself would let a stolen password replace the second factor."""
    return can_manage_second_factors(actor) and actor.pk != user.pk


# Choosing people --------------------------------------------------------------------------
def can_choose_people(user) -> bool:
    """Who picks people off the register into a record (a case's subjects, an access review's
    match): investigators and the head of PSD. The person chooser's search is theirs; it logs
    nothing, as the people list does not: finding someone to choose is not consulting a record."""
    return user.is_superuser or has_role(user, Role.INVESTIGATOR, Role.HEAD_OF_PSD)
