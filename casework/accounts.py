"""Accounts, roles and teams: the one way they change (issue 17).

Roles and team membership decide who sees which cases, so every change goes through these
functions. Each takes the acting user and a reason, runs in one transaction, and records who,
when and why twice: in the account log (`casework.account_log`, hash-chained) and in the
membership history pghistory writes (`casework/models/membership.py`), whose context carries
the reason. Privileged roles are granted only when a second administrator approves a
`RoleRequest`; removing a role, or giving a role without privilege, applies at once.

Nothing here sets `is_superuser` or another user's password: `createsuperuser` makes
superusers, and a password is reset by sending its owner a link (`send_password_reset`).
"""

import smtplib
from urllib.parse import urlsplit

import pghistory
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from . import account_log, permissions
from .errors import Refused
from .models import AccountEventKind, RoleRequest, RoleRequestState, Team, User
from .roles import Role

PRIVILEGED_ROLES = frozenset({Role.HEAD_OF_PSD, Role.APPROPRIATE_AUTHORITY, Role.ADMINISTRATOR})


# Roles ------------------------------------------------------------------------------------
def roles_held(user) -> set[Role]:
    labels = set(user.groups.values_list("name", flat=True))
    return {role for role in Role if role.label in labels}


@transaction.atomic
def change_roles(actor, user, roles, reason: str, *, client_address=None) -> RoleRequest | None:
    """Give `user` exactly `roles`. Removals and roles without privilege apply now; privileged
    roles added wait for a second administrator: the request is returned (None when none)."""
    _check_may_manage(actor, user)
    wanted = {Role(r) for r in roles}
    held = roles_held(user)
    added, removed = wanted - held, held - wanted
    if not (added or removed):
        return None
    reason = _required_reason(reason)
    now_added = added - PRIVILEGED_ROLES
    if now_added or removed:
        _apply_roles(user, add=now_added, remove=removed, actor=actor, reason=reason, client_address=client_address)
    if added & PRIVILEGED_ROLES:
        return _request_roles(actor, user, added & PRIVILEGED_ROLES, reason, client_address)
    return None


def _request_roles(actor, user, roles, reason, client_address) -> RoleRequest:
    if RoleRequest.objects.filter(user=user, state=RoleRequestState.PENDING).exists():
        raise Refused(
            f"{user} already has a request for a role awaiting approval: it must be decided first.", field="roles"
        )
    request = RoleRequest.objects.create(
        user=user, roles=sorted(r.value for r in roles), reason=reason, requested_by=actor
    )
    account_log.record(
        AccountEventKind.ROLE_REQUESTED,
        user=user,
        actor=actor,
        reason=reason,
        detail={"request": request.pk, "roles": request.roles},
        client_address=client_address,
    )
    return request


@transaction.atomic
def approve_role_request(actor, role_request: RoleRequest, reason: str, *, client_address=None) -> RoleRequest:
    """The second administrator grants the requested roles."""
    role_request = _lock_pending(actor, role_request)
    reason = _required_reason(reason, field="decision_reason")
    if role_request.user.is_superuser or not role_request.user.is_active:
        raise Refused("This account is no longer one whose roles can be changed here.")
    _decide(role_request, actor, RoleRequestState.APPROVED, reason, client_address)
    roles = {Role(r) for r in role_request.roles} - roles_held(role_request.user)
    _apply_roles(
        role_request.user,
        add=roles,
        remove=set(),
        actor=actor,
        reason=f"{role_request.reason} (approved: {reason})",
        client_address=client_address,
    )
    return role_request


@transaction.atomic
def refuse_role_request(actor, role_request: RoleRequest, reason: str, *, client_address=None) -> RoleRequest:
    role_request = _lock_pending(actor, role_request)
    reason = _required_reason(reason, field="decision_reason")
    _decide(role_request, actor, RoleRequestState.REFUSED, reason, client_address)
    return role_request


def _lock_pending(actor, role_request) -> RoleRequest:
    locked = RoleRequest.objects.select_for_update().select_related("user").get(pk=role_request.pk)
    if locked.state != RoleRequestState.PENDING:
        raise Refused("This request has already been decided.")
    if not permissions.can_decide_role_request(actor, locked):
        raise Refused("A second administrator must decide this request: not the one who made it, nor its subject.")
    return locked


def _decide(role_request, actor, state, reason, client_address):
    """Store the decision on the request and in the account log."""
    role_request.state = state
    role_request.decided_by = actor
    role_request.decided_at = timezone.now()
    role_request.decision_reason = reason
    role_request.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    approved = state == RoleRequestState.APPROVED
    account_log.record(
        AccountEventKind.ROLE_APPROVED if approved else AccountEventKind.ROLE_REFUSED,
        user=role_request.user,
        actor=actor,
        reason=reason,
        detail={"request": role_request.pk, "roles": role_request.roles, "requested_by": role_request.requested_by_id},
        client_address=client_address,
    )


@transaction.atomic
def apply_roles_from_identity_provider(user, roles, *, provider: str, reason: str = "", client_address=None) -> bool:
    """Single sign-on: the identity provider's groups, mapped to `roles`, become the user's roles.

    The force's identity provider is where membership of those groups is granted and approved,
    so no second approval here; the change is recorded with the provider as the actor. Never
    touches a superuser (whose account is not managed by sign-on) nor `is_superuser`."""
    if user.is_superuser:
        return False
    wanted = {Role(r) for r in roles}
    held = roles_held(user)
    if wanted == held:
        return False
    _apply_roles(
        user,
        add=wanted - held,
        remove=held - wanted,
        actor=None,
        actor_label=f"identity provider {provider}",
        reason=reason or f"Groups from the identity provider {provider} at sign-in",
        client_address=client_address,
    )
    return True


def _apply_roles(user, *, add, remove, actor, reason, client_address, actor_label=""):
    from django.contrib.auth.models import Group

    before = sorted(r.value for r in roles_held(user))
    with pghistory.context(reason=reason, actor=actor_label or (actor.get_username() if actor else "")):
        user.groups.remove(*Group.objects.filter(name__in=[r.label for r in remove]))
        user.groups.add(*Group.objects.filter(name__in=[r.label for r in add]))
    user._psd_roles = None  # the permissions cache of this object is stale
    _sync_staff(user)
    account_log.record(
        AccountEventKind.ROLES_CHANGED,
        user=user,
        actor=actor,
        actor_label=actor_label,
        reason=reason,
        detail={"before": before, "after": sorted(r.value for r in roles_held(user))},
        client_address=client_address,
    )


def _sync_staff(user):
    """The admin site is for administrators (and superusers): staff status follows the role."""
    is_staff = user.is_superuser or Role.ADMINISTRATOR in roles_held(user)
    if user.is_staff != is_staff:
        user.is_staff = is_staff
        user.save(update_fields=["is_staff"])


# Teams ------------------------------------------------------------------------------------
@transaction.atomic
def change_teams(actor, user, teams, reason: str, *, client_address=None) -> None:
    """Make `user` a member of exactly `teams` (their cases are seen by their members)."""
    _check_may_manage(actor, user)
    wanted = {team.pk for team in teams}
    held = set(Team.members.through.objects.filter(user=user).values_list("team_id", flat=True))
    _change_memberships(
        actor,
        add=[(t, user.pk) for t in wanted - held],
        remove=[(t, user.pk) for t in held - wanted],
        reason=reason,
        client_address=client_address,
    )


@transaction.atomic
def set_team_members(actor, team, members, reason: str, *, client_address=None) -> None:
    """The same change seen from the team: its members become exactly `members`."""
    wanted = {user.pk: user for user in members}
    held = {m.pk: m for m in team.members.all()}
    for user in [wanted[pk] for pk in wanted.keys() - held.keys()] + [held[pk] for pk in held.keys() - wanted.keys()]:
        _check_may_manage(actor, user)
    _change_memberships(
        actor,
        add=[(team.pk, pk) for pk in wanted.keys() - held.keys()],
        remove=[(team.pk, pk) for pk in held.keys() - wanted.keys()],
        reason=reason,
        client_address=client_address,
    )


def _change_memberships(actor, *, add, remove, reason, client_address):
    """Add and remove (team id, user id) pairs, one log entry per account changed."""
    if not (add or remove):
        return
    reason = _required_reason(reason)
    through = Team.members.through
    with pghistory.context(reason=reason, actor=actor.get_username()):
        through.objects.bulk_create([through(team_id=t, user_id=u) for t, u in add])
        for team_id, user_id in remove:
            through.objects.filter(team_id=team_id, user_id=user_id).delete()
    names = dict(Team.objects.filter(pk__in={t for t, _ in add + remove}).values_list("pk", "name"))
    for user in User.objects.filter(pk__in={u for _, u in add + remove}).order_by("pk"):
        account_log.record(
            AccountEventKind.TEAMS_CHANGED,
            user=user,
            actor=actor,
            reason=reason,
            detail={
                "added": sorted(names[t] for t, u in add if u == user.pk),
                "removed": sorted(names[t] for t, u in remove if u == user.pk),
            },
            client_address=client_address,
        )


# Accounts ---------------------------------------------------------------------------------
@transaction.atomic
def create_account(actor, user: User, *, client_address=None) -> User:
    """Save a new account (an unsaved User) with no password and no role: its owner sets a
    password from a reset link, and roles are given with `change_roles`."""
    if not permissions.can_manage_accounts(actor):
        raise Refused("Only an administrator can create accounts.")
    if User.objects.filter(username__iexact=user.username).exists():
        raise Refused("An account with this username already exists.", field="username")
    user.is_superuser = user.is_staff = False
    user.set_unusable_password()
    user.save()
    account_log.record(AccountEventKind.ACCOUNT_CREATED, user=user, actor=actor, client_address=client_address)
    return user


PROFILE_FIELDS = ("username", "first_name", "last_name", "email")


@transaction.atomic
def update_profile(actor, user, *, client_address=None, **values) -> None:
    """Change an account's username, names or email. An email already set is changed only by a
    superuser: reset links go to it, so an administrator who could change it could take over
    the account (by sending a link to an address of their own)."""
    _check_may_manage(actor, user)
    stored = User.objects.select_for_update().get(pk=user.pk)
    changes = {
        field: (getattr(stored, field), values[field])
        for field in PROFILE_FIELDS
        if field in values and getattr(stored, field) != values[field]
    }
    if not changes:
        return
    if "email" in changes and stored.email and not actor.is_superuser:
        raise Refused(
            "Only a superuser can change an email address once it is set: reset links go to it.", field="email"
        )
    for field, (_, new) in changes.items():
        setattr(stored, field, new)
    stored.save(update_fields=list(changes))
    account_log.record(
        AccountEventKind.ACCOUNT_CHANGED,
        user=stored,
        actor=actor,
        detail={field: {"from": old, "to": new} for field, (old, new) in changes.items()},
        client_address=client_address,
    )


@transaction.atomic
def set_active(actor, user, active: bool, reason: str, *, client_address=None) -> None:
    """Let an account sign in again, or stop it signing in (its history stays)."""
    _check_may_manage(actor, user)
    if user.is_active == active:
        return
    reason = _required_reason(reason)
    user.is_active = active
    user.save(update_fields=["is_active"])
    kind = AccountEventKind.ACCOUNT_ACTIVATED if active else AccountEventKind.ACCOUNT_DEACTIVATED
    account_log.record(kind, user=user, actor=actor, reason=reason, client_address=client_address)


@transaction.atomic
def send_password_reset(actor, user, *, client_address=None) -> None:
    """Email the account's owner a one-use link to choose a new password (Django's reset tokens,
    valid for PASSWORD_RESET_TIMEOUT). Sent at once through the email settings, not the outbox:
    see docs/decisions.md. If the email cannot be sent nothing is recorded and the actor is told."""
    _check_may_manage(actor, user)
    if not user.is_active:
        raise Refused(f"{user} cannot sign in: activate the account before sending a reset link.")
    if not user.email:
        raise Refused(f"{user} has no email address: add one before sending a reset link.")
    account_log.record(AccountEventKind.PASSWORD_RESET_SENT, user=user, actor=actor, client_address=client_address)
    try:
        _send_reset_email(user)
    except (smtplib.SMTPException, OSError) as error:
        raise Refused(f"The reset link could not be sent ({error.__class__.__name__}); try again later.") from error


def _send_reset_email(user):
    base = urlsplit(settings.PUBLIC_BASE_URL)
    context = {
        "email": user.email,
        "domain": base.netloc,
        "site_name": settings.SERVICE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": base.scheme or "https",
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.txt",
        context,
        settings.DEFAULT_FROM_EMAIL,
        user.email,
    )


# Checks -----------------------------------------------------------------------------------
def _check_may_manage(actor, user):
    if permissions.can_manage_account(actor, user):
        return
    if actor.pk == user.pk:
        raise Refused("You cannot change your own account's roles, teams or status: ask another administrator.")
    raise Refused("Only an administrator can change this account.")


def _required_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused("Say why this change is made: it is kept in the account's history.", field=field)
    return reason
