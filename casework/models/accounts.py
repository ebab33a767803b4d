"""The account log and the requests for privileged roles.

Who may sign in, and with which roles and teams, decides who sees which cases; so every
sign-in, sign-out and failure, every role or team change and every password-reset link is one
row of an append-only, hash-chained log (`casework.audit`), written by `casework.accounts` and
`casework.signin`. A privileged role (head of PSD, appropriate authority, administrator) is
granted only when a second administrator approves the request for it."""

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class AccountEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    SIGNED_OUT = "signed_out", "Signed out"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    SIGN_IN_THROTTLED = "sign_in_throttled", "Sign-in refused: too many attempts"
    SESSION_ENDED = "session_ended", "Session ended: older than the absolute limit"
    PASSWORD_CHANGED = "password_changed", "Password changed"
    PASSWORD_RESET_SENT = "password_reset_sent", "Password-reset link sent"
    ROLES_CHANGED = "roles_changed", "Roles changed"
    TEAMS_CHANGED = "teams_changed", "Teams changed"
    ACCOUNT_CREATED = "account_created", "Account created"
    ACCOUNT_CHANGED = "account_changed", "Account details changed"
    ACCOUNT_ACTIVATED = "account_activated", "Account activated"
    ACCOUNT_DEACTIVATED = "account_deactivated", "Account deactivated"
    ROLE_REQUESTED = "role_requested", "Privileged role requested"
    ROLE_APPROVED = "role_approved", "Privileged role approved"
    ROLE_REFUSED = "role_refused", "Privileged role refused"


class AccountEvent(models.Model):
    """One thing that happened to an account. `user` is the account (None when a failed sign-in
    named no account: `username` keeps what was typed); `actor` is who did it (None when it was
    the system or the identity provider, named in `actor_label`)."""

    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=30, choices=AccountEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    detail = models.JSONField(default=dict, blank=True)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["user", "-at"], name="account_event_user_idx"),
            models.Index(fields=["kind", "-at"], name="account_event_kind_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username} at {self.at:%Y-%m-%d %H:%M}"


class RoleRequestState(models.TextChoices):
    PENDING = "pending", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class RoleRequest(models.Model):
    """A request to give `user` privileged roles, decided once by another administrator.

    The constraints say in the database what the service checks: the decider is neither the
    requester nor the account itself, a decision has who, when and why, and one account has one
    request waiting at a time. A decided request can no longer change (trigger)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_requests")
    roles = ArrayField(models.CharField(max_length=30))
    reason = models.TextField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=RoleRequestState.choices, default=RoleRequestState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=RoleRequestState.PENDING, decided_by__isnull=True, decided_at__isnull=True)
                | (
                    ~Q(state=RoleRequestState.PENDING)
                    & Q(decided_by__isnull=False, decided_at__isnull=False)
                    & ~Q(decision_reason="")
                ),
                name="role_request_decision_is_complete",
            ),
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | (~Q(decided_by=F("requested_by")) & ~Q(decided_by=F("user"))),
                name="role_request_decided_by_a_second_person",
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(state=RoleRequestState.PENDING), name="one_pending_role_request"
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="decided_is_final",
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__state__in=[RoleRequestState.APPROVED, RoleRequestState.REFUSED]),
            ),
        ]

    def __str__(self):
        return f"{', '.join(self.role_labels)} for {self.user}"

    @property
    def role_labels(self) -> list[str]:
        from casework.roles import Role

        return [Role(r).label for r in self.roles]
