"""The report on an investigation past 12 months (then every 6 months), each copy of it and the
decision to withhold one. Append-only: a report made is evidence of what the force told whom;
a correction is a new report. docs/rules.md, "Reports on investigations past 12 months"."""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class ReportRegime(models.TextChoices):
    CONDUCT = "conduct", "Police (Conduct) Regulations 2020, regulation 19"
    SCHEDULE_3 = "schedule_3", "Police (Complaints and Misconduct) Regulations 2020, regulation 13"


class ReportBody(models.TextChoices):
    """The bodies a report goes to, whose addresses an administrator keeps."""

    LOCAL_POLICING_BODY = "lpb", "The local policing body"
    IOPC = "iopc", "The Independent Office for Police Conduct"


class Recipient(models.TextChoices):
    LOCAL_POLICING_BODY = "local_policing_body", "Local policing body"
    IOPC = "iopc", "IOPC (Director General)"
    OFFICER = "officer", "Officer concerned (copy)"
    COMPLAINANT = "complainant", "Complainant (information)"


@pghistory.track()
class ProgressReportBody(models.Model):
    """Where the reports go: one row per body, seeded by migration, edited by an administrator
    (the local policing body is the force's own Police and Crime Commissioner or equivalent)."""

    body = models.CharField(max_length=10, choices=ReportBody.choices, unique=True)
    name = models.CharField(max_length=160)
    email = models.EmailField(blank=True, help_text="Where the report is emailed. Blank: it is printed and posted.")
    address = models.TextField(blank=True, help_text="Postal address, for a report that is posted.")

    class Meta:
        ordering = ["body"]

    def __str__(self):
        return self.name


APPEND_ONLY = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]


class ProgressReport(models.Model):
    """One report: the relevant period it covers and each item the regulation lists
    (Conduct Regs reg 19(1)(a)-(f); C&M Regs reg 13(4))."""

    case = models.ForeignKey("casework.Case", on_delete=models.PROTECT, related_name="progress_reports")
    regime = models.CharField(max_length=12, choices=ReportRegime.choices)
    clock = models.CharField(max_length=60, help_text="The clock rule the report meets.")
    period_start = models.DateField()
    period_end = models.DateField(help_text="The day the report fell due (the end of the relevant period).")
    made_on = models.DateField()
    # (a) the date the allegation (complaint, matter) came to the appropriate authority's attention.
    came_to_attention_on = models.DateField()
    # (b) the date notice of the investigation was given (Conduct Regs reg 17(1)), if it was.
    notice_given_on = models.DateField(null=True, blank=True)
    progress = models.TextField()  # (c)
    estimated_conclusion = models.DateField()  # (d)(i)
    estimated_report = models.DateField()  # (d)(ii) the final report (reg 21; Sch 3 para 22)
    reasons_for_time = models.TextField()  # (e)
    planned_steps = models.TextField()  # (f)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-made_on", "-pk"]
        triggers = APPEND_ONLY

    def __str__(self):
        return f"Progress report on {self.case.reference} ({self.period_end:%d %b %Y})"


class ReportCopy(models.Model):
    """Who the report went to, or the recorded decision not to send it to them (with the ground
    the regulation gives, the reasons, by whom: the report's recorder)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="copies")
    recipient = models.CharField(max_length=20, choices=Recipient.choices)
    person = models.ForeignKey("casework.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=200)
    withheld = models.BooleanField(default=False)
    ground = models.TextField(blank=True, help_text="The provision allowing it to be withheld.")
    withheld_reasons = models.TextField(blank=True)
    letter = models.ForeignKey(
        "notifications.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["report", "pk"]
        triggers = APPEND_ONLY
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(withheld=True) & ~models.Q(withheld_reasons="") & models.Q(letter__isnull=True))
                | (models.Q(withheld=False) & models.Q(withheld_reasons="")),
                name="report_copy_withheld_has_reasons_and_no_letter",
                violation_error_message="A withheld copy has its reasons and no letter.",
            )
        ]

    def __str__(self):
        return f"{self.get_recipient_display()}: {self.name}"
