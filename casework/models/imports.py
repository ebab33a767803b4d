from django.conf import settings
from django.db import models
from django.utils import timezone


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", "Previewed, not applied"
    INVALID = "invalid", "Rejected: the file has errors"
    APPLIED = "applied", "Applied"


class PeopleImport(models.Model):
    """One uploaded HR file: validated and previewed first, applied only on confirmation.

    The exact bytes previewed are kept so that what is applied is what was shown.
    """

    filename = models.CharField(max_length=255)
    content = models.TextField()
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=20, choices=ImportStatus.choices)
    summary = models.JSONField(default=dict, help_text="counts of creates, updates, unchanged")
    errors = models.JSONField(default=list, help_text="[{line, message}] for every bad row")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} ({self.get_status_display()})"
