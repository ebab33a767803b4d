"""State-changing workflows of the casework app. Each takes the acting user, runs in one
transaction, and is the only way the web, commands and tasks change these records."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from . import figures, permissions
from .errors import Refused
from .models import Case, CaseSubject, ComplainantContact, DutyStatusEntry, Person, TimelineEvent, User
from .models.cases import CaseStatus, EventKind
from .models.people import OFF_PUBLIC_DUTY, DutyStatus, public_facing_by_default
from .roles import Role


@transaction.atomic
def upsert_user(*, username: str, role: Role, password: str | None = None, **fields) -> User:
    """Create or update a user and give them exactly one role (group)."""
    user, _created = User.objects.update_or_create(username=username, defaults=fields)
    if password:
        user.set_password(password)
        user.save(update_fields=["password"])
    user.groups.set([Group.objects.get(name=role.label)])
    return user


SYSTEM_USERNAME = "system"


def system_user() -> User:
    """The actor for what no signed-in user did (an officer answering through a secure link, a
    scheduled reminder). It cannot sign in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"first_name": "PSD system", "is_active": False}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# Locking cases --------------------------------------------------------------------------------
CLOSED_CASE = "Case {reference} is closed and can no longer be changed."


def lock_cases(*cases) -> list[Case]:
    """The case rows (cases or their ids), locked for this transaction and returned in the order
    given. They are locked lowest id first, so two people locking the same pair in opposite
    orders (linking A to B and B to A) cannot deadlock. Call inside a transaction."""
    ids = [getattr(case, "pk", case) for case in cases]
    locked = {c.pk: c for c in Case.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    return [locked[pk] for pk in ids]


def lock_case(case, *, refused: type[Exception] | None = None, closed_message: str = CLOSED_CASE) -> Case:
    """The case row (a case or its id), locked for this transaction: every change to a case
    takes this lock first, so two changes to one case happen one after the other. With
    `refused` (the service's refusal), a closed case is refused with `closed_message`."""
    (locked,) = lock_cases(case)
    if refused is not None and locked.status != CaseStatus.OPEN:
        raise refused(closed_message.format(reference=locked.reference))
    return locked


# What an event of these kinds may change, for the section figures (casework.figures): each kind
# is written only by services that change nothing else the figures count (or say so themselves).
# Every other kind (a case recorded, changed, moved on or closed, an allegation, a note, access)
# may change anything: every figure is recomputed.
EVENT_TOPICS = {
    EventKind.DEADLINE: (figures.DEADLINES,),
    EventKind.DUTY_STATUS: (figures.DUTY,),
    EventKind.CORRESPONDENCE: (figures.CORRESPONDENCE,),
    EventKind.RESPONSE: (figures.CORRESPONDENCE,),
}


def record_event(case, *, kind, summary, actor, person=None, detail="", at=None) -> TimelineEvent:
    """Append one event to the case timeline (call inside the transaction of the change). What
    goes on a timeline may change the section figures: they are recomputed after it commits."""
    figures.changed(*EVENT_TOPICS.get(kind, ()))
    return TimelineEvent.objects.create(
        case=case,
        kind=kind,
        summary=summary[:300],
        detail=detail,
        actor=actor,
        person=person,
        occurred_at=at or timezone.now(),
    )


@transaction.atomic
def create_case(*, user, details: dict, contact: dict | None = None, people=()) -> Case:
    """Record a new case with its subjects. `details` are Case fields; reference from the sequence."""
    case = Case(**details, created_by=user)
    case.reference = Case.next_reference(timezone.localdate().year)  # the year it was recorded
    case.save()
    if contact and any(contact.values()):
        ComplainantContact.objects.create(case=case, **contact)
    record_event(
        case,
        kind=EventKind.CASE_RECORDED,
        summary=f"Case recorded: {case.get_origin_display()}",
        actor=user,
        detail=case.summary,
    )
    for person in people:
        add_subject(user=user, case=case, person=person)
    return case


def add_subject(*, user, case, person) -> CaseSubject:
    subject, created = CaseSubject.objects.get_or_create(case=case, person=person)
    if created:
        record_event(
            case,
            kind=EventKind.SUBJECT_ADDED,
            summary=f"{person.full_name} added as a subject",
            actor=user,
            person=person,
        )
    return subject


@transaction.atomic
def change_duty_status(
    *, user, person: Person, status, starts_on, reason: str, case=None, public_facing: bool | None = None
) -> DutyStatusEntry:
    """Start a new duty-status period; the open period before it ends where this one starts.
    `public_facing` is the role's (asked for restricted or redeployed; otherwise fixed by the
    status: casework.models.people.public_facing_by_default)."""
    if public_facing is None or status in OFF_PUBLIC_DUTY or status == DutyStatus.FULL:
        public_facing = public_facing_by_default(status)
    Person.objects.select_for_update().get(pk=person.pk)  # one change at a time per person
    DutyStatusEntry.objects.filter(person=person, ends_on__isnull=True, starts_on__lt=starts_on).update(
        ends_on=starts_on
    )
    entry = DutyStatusEntry.objects.create(
        person=person, status=status, public_facing=public_facing, starts_on=starts_on, reason=reason, decided_by=user
    )
    _keep_latest_status_on_the_row(person)
    figures.changed(figures.DUTY)
    if status == DutyStatus.LEFT:
        person_left_service(person=person, on=starts_on, user=user)

    if case is not None:
        record_event(
            case,
            kind=EventKind.DUTY_STATUS,
            actor=user,
            person=person,
            summary=f"{person.full_name}: {entry.get_status_display()} from {starts_on:%d %B %Y}",
            detail=reason,
        )
    return entry


# Someone left the service: the HR import set the day they left (casework/people_import), or a duty
# status "left" was recorded (change_duty_status). The features above casework act on it (conduct/lists:
# the Advisory List report of a resignation or retirement under investigation, Police Act 1996
# s.88I), but casework never imports them (DESIGN.md): each connects a receiver here from its
# ready(), by name (connecting a name again replaces it). Receivers run in the caller's transaction,
# with keyword arguments person, on (the day they left) and user; one that raises rolls it back.
LEFT_SERVICE_RECEIVERS: dict = {}


def connect_left_service(name: str, receiver) -> None:
    LEFT_SERVICE_RECEIVERS[name] = receiver


def person_left_service(*, person, on, user) -> None:
    """The one place leaving the service is announced (docs/architecture.md)."""
    for receiver in LEFT_SERVICE_RECEIVERS.values():
        receiver(person=person, on=on, user=user)


def _keep_latest_status_on_the_row(person) -> None:
    """The person row carries their latest period (status, public-facing, since), written here and
    only here, in the same transaction as the period (the row is locked above)."""
    latest = (
        DutyStatusEntry.objects.filter(person=person)
        .order_by("-starts_on", "-id")
        .values("status", "public_facing", "starts_on")
        .first()
    )
    Person.objects.filter(pk=person.pk).update(
        duty_status=latest["status"], public_facing=latest["public_facing"], duty_since=latest["starts_on"]
    )


@transaction.atomic
def break_glass(*, user, case, justification: str):
    """Open a restricted case without a grant: recorded, time-limited, on the case timeline, and
    shown to the case's owners on their My work page."""
    from datetime import timedelta

    from django.conf import settings

    from .models import BreakGlass

    justification = (justification or "").strip()
    entry = BreakGlass.objects.create(
        case=case,
        user=user,
        justification=justification,
        expires_at=timezone.now() + timedelta(hours=settings.BREAK_GLASS_HOURS),
    )
    record_event(
        case,
        kind=EventKind.BREAK_GLASS,
        actor=user,
        detail=justification,
        summary=f"Break-glass access by {user.get_full_name() or user.username}",
    )
    return entry


def break_glass_on_my_cases(user, *, days: int = 30):
    """Recent break-glass accesses to cases the user owns (investigator or team), for My work."""
    from datetime import timedelta

    from django.db.models import Q

    from .models import BreakGlass

    since = timezone.now() - timedelta(days=days)
    return (
        BreakGlass.objects.filter(Q(case__investigator=user) | Q(case__team__members=user), at__gte=since)
        .select_related("case", "user")
        .distinct()
        .order_by("-at")[:20]
    )


class AccessRefused(Refused):
    """The grant or revocation is not possible; the message says why."""


@transaction.atomic
def grant_case_access(*, user, case, grantee, reason: str, can_change: bool = False):
    """Share one case with one user (guardian object permissions), logged and on the timeline."""
    from guardian.shortcuts import assign_perm

    from .models import GrantAction, GrantEvent

    reason = (reason or "").strip()
    if not reason:
        raise AccessRefused("Give the reason for sharing this case.")
    if not grantee.is_active:
        raise AccessRefused("That account is not active.")
    _check_share_recipient(grantee, can_change)
    assign_perm("casework.view_case", grantee, case)
    if can_change:
        assign_perm("casework.change_case", grantee, case)
    event = GrantEvent.objects.create(
        case=case, grantee=grantee, action=GrantAction.GRANTED, can_change=can_change, reason=reason, by=user
    )
    access = "view and change" if can_change else "view"
    record_event(
        case,
        kind=EventKind.ACCESS,
        actor=user,
        detail=reason,
        summary=f"Shared with {grantee.get_full_name() or grantee.username} ({access})",
    )
    return event


def _check_share_recipient(grantee, can_change: bool):
    name = grantee.get_full_name() or grantee.username
    if not permissions.may_receive_share(grantee):
        raise AccessRefused(
            f"{name} does not work on cases: a case can be shared only with an investigator, an appropriate "
            "authority or the head of PSD.",
            field="grantee",
        )
    if can_change and not permissions.may_receive_change_share(grantee):
        raise AccessRefused(
            f"{name} may view a shared case but not change it: only investigators and the head of PSD may "
            "be given change rights.",
            field="can_change",
        )


@transaction.atomic
def revoke_case_access(*, user, case, grantee, reason: str):
    from guardian.shortcuts import remove_perm

    from .models import GrantAction, GrantEvent

    reason = (reason or "").strip()
    if not reason:
        raise AccessRefused("Give the reason for stopping sharing this case.")
    remove_perm("casework.view_case", grantee, case)
    remove_perm("casework.change_case", grantee, case)
    event = GrantEvent.objects.create(case=case, grantee=grantee, action=GrantAction.REVOKED, reason=reason, by=user)
    record_event(
        case,
        kind=EventKind.ACCESS,
        actor=user,
        detail=reason,
        summary=f"No longer shared with {grantee.get_full_name() or grantee.username}",
    )
    return event


def current_grants(case):
    """Users the case is explicitly shared with, and whether they may change it."""
    from .models import CaseUserObjectPermission

    rows = CaseUserObjectPermission.objects.filter(content_object=case).select_related("user", "permission")
    grants = {}
    for row in rows:
        entry = grants.setdefault(row.user_id, {"user": row.user, "can_change": False})
        entry["can_change"] |= row.permission.codename == "change_case"
    return sorted(grants.values(), key=lambda g: g["user"].username)
