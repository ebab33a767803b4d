"""Records management (issue 21, point 6; DPA 2018 Part 3): the retention schedule as data, the
review decisions taken on records past their review date, legal holds, and the disposal log.

- `RetentionRule`: one row per record type (how long, counted from when, the source, and what
  disposal can and cannot remove), seeded by a migration and edited by administrators.
- `RetentionReview`: a reasoned "keep" decision with the next review date (APP Management of
  Police Information: a review that retains a record is recorded). Append-only.
- `LegalHold`: a case or a person held (DPA 2018 s.47(2): data that must be kept for evidence is
  restricted, not erased); lifted with a reason, never deleted.
- `DisposalEntry`: the log of erasures (s.62(1)(f)), append-only and on the same keyed hash-chain
  machinery as the consultation log (casework.audit), so `manage.py verify_audit` checks it.

Written only by conduct.records.services.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from conduct.cases.models import RuleStatus

APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class RecordType(models.TextChoices):
    CONDUCT_CASE = "conduct_case", "Closed conduct case"
    COMPLAINT_CASE = "complaint_case", "Closed complaint case"
    ACCESS_REVIEW = "access_review", "Access review exercise"
    CONSULTATION_LOG = "consultation_log", "Consultation log entry"
    LETTER = "letter", "Letter and its PDF"
    PEOPLE_IMPORT = "people_import", "People-import file"


class DisposalMethod(models.TextChoices):
    REDACT = "redact", "Narrative and contact details removed, a tombstone kept"
    REMOVE_CONTENT = "remove_content", "Contents removed, the record's row kept"
    NOT_IN_APPLICATION = "not_in_application", "Cannot be disposed of in the application"


@pghistory.track()
class RetentionRule(models.Model):
    record_type = models.CharField(max_length=30, choices=RecordType.choices, unique=True)
    retention_months = models.PositiveIntegerField(
        help_text="How long the record is kept before it is reviewed, in months (72 = 6 years)."
    )
    counted_from = models.CharField(max_length=200, help_text="The date the period runs from.")
    source = models.TextField(
        help_text="Where the period comes from; 'force policy, to confirm' where no text sets it."
    )
    status = models.CharField(max_length=20, choices=RuleStatus.choices, default=RuleStatus.TO_CONFIRM)
    disposal = models.CharField(max_length=30, choices=DisposalMethod.choices)
    disposal_note = models.TextField(help_text="What disposal removes, and what it cannot remove and why.")

    class Meta:
        ordering = ["record_type"]

    def __str__(self):
        return f"{self.get_record_type_display()}: {self.retention_months} months from {self.counted_from}"

    @property
    def disposable(self) -> bool:
        return self.disposal != DisposalMethod.NOT_IN_APPLICATION


class RetentionReview(models.Model):
    """A reviewer's decision to keep a record past its review date, with the next review date."""

    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    object_id = models.BigIntegerField()
    object_label = models.CharField(max_length=200)
    reason = models.TextField()
    next_review_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["record_type", "object_id", "-decided_at"], name="retention_review_record_idx")]
        triggers = [APPEND_ONLY]

    def __str__(self):
        return f"Kept {self.object_label} until {self.next_review_on}"


class LegalHoldQuerySet(models.QuerySet):
    def active(self):
        return self.filter(lifted_at__isnull=True)


@pghistory.track()
class LegalHold(models.Model):
    """A case, or a person (and so every case they are a subject of), that must not be disposed of."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reason = models.TextField()
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lift_reason = models.TextField(blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(case__isnull=False) & Q(person__isnull=True))
                | (Q(case__isnull=True) & Q(person__isnull=False)),
                name="legal_hold_on_a_case_or_a_person",
            ),
            models.CheckConstraint(
                condition=(Q(lifted_at__isnull=True) & Q(lifted_by__isnull=True) & Q(lift_reason=""))
                | (Q(lifted_at__isnull=False) & Q(lifted_by__isnull=False) & ~Q(lift_reason="")),
                name="legal_hold_lifted_with_a_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["case"], condition=Q(lifted_at__isnull=True), name="legal_hold_active_case_idx"),
            models.Index(fields=["person"], condition=Q(lifted_at__isnull=True), name="legal_hold_active_person_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="no_delete", operation=pgtrigger.Delete),
            # Lifting is the one change; a lifted hold stays as it was lifted.
            pgtrigger.Protect(
                name="lifted_is_final", operation=pgtrigger.Update, condition=pgtrigger.Q(old__lifted_at__isnull=False)
            ),
        ]

    def __str__(self):
        return f"Legal hold on {self.case or self.person}"

    @property
    def active(self) -> bool:
        return self.lifted_at is None


class DisposalEntry(models.Model):
    """One disposal: what was removed from which record, by whom, when and why. Hash-chained."""

    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=30, choices=RecordType.choices)
    object_id = models.BigIntegerField()
    object_label = models.CharField(max_length=200)
    reason = models.TextField()
    removed = models.JSONField(default=list, help_text="What was removed, one line each.")
    kept = models.TextField(help_text="What remains of the record, and why.")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "disposal entries"
        indexes = [models.Index(fields=["record_type", "object_id"], name="disposal_record_idx")]
        triggers = [APPEND_ONLY]

    def __str__(self):
        return f"{self.object_label} disposed of on {self.at:%Y-%m-%d}"
