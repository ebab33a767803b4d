"""A report the force owes the College of Policing for its Barred List (issue 19: the report falls
due on a dismissal; issue 21 adds its content, approval and sending). One row per report owed: the
event that made it due (who, which proceedings, what, when), then, once, that it was made."""

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.models import Person


class ListKind(models.TextChoices):
    BARRED = "barred", "Police Barred List"


class ListTrigger(models.TextChoices):
    # Police Act 1996 s.88A(1): (a)/(c) a dismissal, (b)/(d) a finding that a former officer or
    # employee would have been dismissed. Regulation 3(1) of the 2017 Regulations dates the report
    # from the dismissal or the finding.
    DISMISSAL = "dismissal", "Dismissed"
    WOULD_HAVE_BEEN_DISMISSED = "would_have_been_dismissed", "Found that they would have been dismissed"


@pghistory.track()
class ListReport(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="list_reports")
    proceedings = models.ForeignKey("conduct.Proceedings", on_delete=models.PROTECT, related_name="list_reports")
    kind = models.CharField(max_length=20, choices=ListKind.choices, default=ListKind.BARRED)
    trigger = models.CharField(max_length=40, choices=ListTrigger.choices)
    trigger_on = models.DateField("date of the dismissal or finding")
    due_on = models.DateField("report due by")
    created_at = models.DateTimeField(default=timezone.now)
    made_on = models.DateField("date the report was made", null=True, blank=True)
    how = models.CharField("how it was sent", max_length=200, blank=True)
    college_reference = models.CharField("the College's reference", max_length=100, blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    made_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proceedings", "kind"], name="list_report_once_per_proceedings"),
            models.CheckConstraint(
                condition=models.Q(made_on__isnull=True) | (~models.Q(how="") & models.Q(made_by__isnull=False)),
                name="list_report_made_says_how_and_who",
                violation_error_message="A report made says how it was sent and who recorded it.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} report on {self.person}"

    @property
    def made(self) -> bool:
        return self.made_on is not None
