"""The consultation log (Data Protection Act 2018, s.62): every view of a case or person record
with the user, time, purpose and client address. Append-only at the database level (triggers
reject UPDATE and DELETE) and hash-chained, so `manage.py verify_audit` can find an edited row
even if someone with database rights disabled the triggers first."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class ObjectKind(models.TextChoices):
    CASE = "case", "Case"
    PERSON = "person", "Person"
    DOCUMENT = "document", "Document"
    EXPORT = "export", "Export"
    # Protected characteristics (special category data, DPA 2018 s.35(8)): every view logged.
    SPECIAL_CATEGORY = "special_category", "Special category data"


class Consultation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=ObjectKind.choices)
    # The object, by id and by its human reference (kept even if the object is later renamed).
    object_id = models.BigIntegerField()
    object_label = models.CharField(max_length=200)
    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    purpose = models.CharField(max_length=300)
    client_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case", "-at"], name="consultation_case_idx"),
            models.Index(fields=["person", "-at"], name="consultation_person_idx"),
            models.Index(fields=["user", "-at"], name="consultation_user_idx"),
        ]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.user_id} viewed {self.object_label} at {self.at:%Y-%m-%d %H:%M}"


class BreakGlass(models.Model):
    """The head of PSD opening a restricted case without a grant: typed justification, time
    limited, shown to the case's owners. Append-only."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    justification = models.TextField()
    at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "break-glass accesses"
        indexes = [models.Index(fields=["user", "case", "-expires_at"], name="breakglass_user_case_idx")]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.user_id} broke glass on {self.case_id} at {self.at:%Y-%m-%d %H:%M}"
