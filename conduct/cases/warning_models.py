"""Warnings with a life (Police (Conduct) Regulations 2020 reg 42; DOMAIN.md, "Warnings have a
life"): each written and final written warning a person was given, from the day it took effect to
the day it expires, computed from the rule data when it starts (conduct.cases.outcomes), never
edited by hand. A live warning changes what a later hearing may impose."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.models import Person


class WarningKind(models.TextChoices):
    WRITTEN = "written_warning", "Written warning"
    FINAL = "final_written_warning", "Final written warning"


class WarningQuerySet(models.QuerySet):
    def live_on(self, day):
        """In force on a day: started, not yet expired (after any extension) and not ended early."""
        return (
            self.filter(starts_on__lte=day)
            .filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day))
            .filter(models.Q(extended_until__isnull=True, expires_on__gte=day) | models.Q(extended_until__gte=day))
        )


@pghistory.track()
class DisciplinaryWarning(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="disciplinary_warnings")
    proceedings = models.ForeignKey(
        "conduct.Proceedings", on_delete=models.PROTECT, null=True, blank=True, related_name="warnings"
    )
    kind = models.CharField(max_length=30, choices=WarningKind.choices)
    starts_on = models.DateField("in force from")
    expires_on = models.DateField("expires at the end of")
    extended_until = models.DateField("extended until", null=True, blank=True)
    extended_by = models.ForeignKey(
        "conduct.Proceedings", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField("ended early on", null=True, blank=True)
    end_reason = models.TextField(blank=True)
    source_rule = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = WarningQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["person", "kind", "starts_on"], name="warning_person_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("starts_on")),
                name="warning_expires_after_it_starts",
                violation_error_message="A warning expires after it starts.",
            ),
            models.CheckConstraint(
                condition=models.Q(extended_until__isnull=True) | models.Q(kind="final_written_warning"),
                name="warning_only_final_is_extended",
                violation_error_message="Only a final written warning can be extended.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.person} from {self.starts_on}"

    @property
    def runs_until(self):
        return self.ended_on or self.extended_until or self.expires_on
