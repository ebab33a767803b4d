"""The history of every account's second factor: enrolments, recovery codes used or renewed,
and resets by an administrator, with who, when and why. Append-only, like the other logs."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class SecondFactorAction(models.TextChoices):
    ENROLLED = "enrolled", "Set up an authenticator app"
    RECOVERY_CODE_USED = "recovery_code_used", "Signed in with a recovery code"
    RECOVERY_CODES_RENEWED = "recovery_codes_renewed", "Made new recovery codes"
    RESET = "reset", "Second factor reset"
    DEMO_ENROLLED = "demo_enrolled", "Enrolled with the demo secret"


class SecondFactorEvent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30, choices=SecondFactorAction.choices)
    # Who did it: the user themself, or the administrator who reset it (None: a command).
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["user", "-at"], name="second_factor_event_user_idx")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_action_display()} for {self.user_id} at {self.at:%Y-%m-%d %H:%M}"
