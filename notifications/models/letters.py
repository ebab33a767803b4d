"""Letter templates: named by kind, versioned, never edited in place.

Saving a change writes a new version; each letter keeps the version it was rendered from, so
the file can always show exactly what text produced what was sent."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone


class LetterKind(models.TextChoices):
    """What a letter is for. Each kind has a fixed, documented context (notifications/kinds.py)."""

    REG17_NOTICE = "reg17_notice", "Notice of investigation (reg 17)"
    SUSPENSION_NOTICE = "suspension_notice", "Suspension notice (reg 11)"
    SUSPENSION_REVIEW = "suspension_review", "Suspension review outcome (reg 11)"
    RESTRICTION_NOTICE = "restriction_notice", "Restriction or redeployment notice"
    REFERRAL_NOTICE = "referral_notice", "Notice of referral to proceedings (reg 30)"
    OUTCOME_LETTER = "outcome_letter", "Outcome letter with appeal rights"
    PROCEEDINGS_NOTICE = "proceedings_notice", "Notice of misconduct proceedings and panel (reg 35)"
    INFORMATION_REQUEST = "information_request", "Request for information"
    ACCESS_JUSTIFICATION = "access_justification", "Request to justify record access"
    RESPONSE_CHASER = "response_chaser", "Reminder to answer a request (chaser)"
    LINE_MANAGER_ESCALATION = "line_manager_escalation", "Unanswered request: to the line manager"
    DEADLINE_REMINDER = "deadline_reminder", "Deadline reminder (to staff)"
    RESPONSE_RECEIVED = "response_received", "Officer's response received (to staff)"
    # To the complainant (conduct/complaints/letters.py): never logs in, confirms a link with the
    # case reference and their postcode or surname (notifications/response_access.py).
    COMPLAINT_ACKNOWLEDGEMENT = "complaint_acknowledgement", "Acknowledgement of a complaint"
    COMPLAINT_UPDATE = "complaint_update", "Update to the complainant"
    COMPLAINT_OUTCOME = "complaint_outcome", "Outcome of a complaint with the right of review"
    # Reports on investigations past 12 months (conduct/progress_reports/letters.py).
    PROGRESS_REPORT = "progress_report", "Report on an investigation past 12 months"
    PROGRESS_REPORT_OFFICER = "progress_report_officer", "Copy of the 12-month report to the officer"
    PROGRESS_REPORT_COMPLAINANT = "progress_report_complainant", "12-month report: information to the complainant"
    # To the officer who appealed (conduct/appeals/letters.py).
    APPEAL_ACKNOWLEDGEMENT = "appeal_acknowledgement", "Acknowledgement of an appeal"
    APPEAL_RESULT = "appeal_result", "Result of an appeal"
    # To the College of Policing, for its Barred or Advisory List (conduct/lists/letters.py).
    LIST_REPORT = "list_report", "Report to the College of Policing (Barred or Advisory List)"
    # To the officer whose vetting clearance is reviewed (conduct/vetting/letters.py).
    VETTING_NOTICE = "vetting_notice", "Notice of a vetting review"
    VETTING_DECISION = "vetting_decision", "Vetting decision with the right of appeal"
    VETTING_APPEAL_RESULT = "vetting_appeal_result", "Result of a vetting appeal"


class LetterTemplateQuerySet(models.QuerySet):
    def current(self):
        """The newest version of each kind."""
        return self.order_by("kind", "-version").distinct("kind")


class LetterTemplate(models.Model):
    kind = models.CharField(max_length=40, choices=LetterKind.choices)
    version = models.PositiveIntegerField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    change_note = models.CharField("what changed and why", max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="letter_template_version_unique")]
        # A version that may have been used for a letter is evidence: it is never changed.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"
