"""Per-case grants with django-guardian's direct foreign-key tables (fast joins, no generic
object_pk text column), and the append-only log of every grant and revocation."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey("casework.Case", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        indexes = [models.Index(fields=["user", "permission", "content_object"], name="case_grant_user_idx")]


class CaseGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("casework.Case", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        pass


class GrantAction(models.TextChoices):
    GRANTED = "granted", "Granted"
    REVOKED = "revoked", "Revoked"


class GrantEvent(models.Model):
    """Who shared a case with whom (or stopped sharing it), when and why. Append-only."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="grant_events")
    grantee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=GrantAction.choices)
    can_change = models.BooleanField(default=False)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_action_display()} {self.grantee_id} on {self.case_id}"
