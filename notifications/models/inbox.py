"""In-app notifications: what a user is told on "My work" (a response arrived, a deadline is
near or missed). The matching email, when there is one, goes through the outbox."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    urgent = models.BooleanField(default=False)
    # What it is about, so that "My work" groups alike messages (one line per kind with a count):
    # "deadline:<clock code>" for a deadline reminder; blank for one-off messages.
    kind = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_unread_idx", condition=Q(read_at=None))
        ]

    def __str__(self):
        return self.message
