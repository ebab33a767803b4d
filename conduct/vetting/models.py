"""A review of a police officer's vetting clearance (Police (Vetting) Regulations 2025, SI 2025/502,
in force 14 May 2025; statutory guidance "Withdrawal of police vetting clearance", July 2025).

One row per review, from the trigger to its close: who opened it and why (a finding of misconduct
or gross misconduct in proceedings, or other information), the notice to the officer, their
representations (or the time for them passing), the reasoned decision (clearance kept, modified
with the restrictions stated, or withdrawn), the appeal and its outcome, and, after a withdrawal
that stands, the dismissal. Changed only by conduct.vetting.services, one step a transaction; the
change history (pghistory) keeps every version. `Person.vetting_status` follows the review and is
written by those services alone (docs/vetting.md).
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import Person


class Trigger(models.TextChoices):
    FINDING = "misconduct_finding", "A finding of misconduct or gross misconduct"
    INFORMATION = "other_information", "Other information about suitability"


class ReviewState(models.TextChoices):
    OPENED = "opened", "Opened: severity assessment due"
    ASSESSMENT = "withdrawal_assessment", "Withdrawal assessment: notice to be given"
    NOTICE_GIVEN = "notice_given", "Notice given: representations awaited"
    AWAITING_DECISION = "awaiting_decision", "Awaiting the decision"
    DECIDED = "decided", "Decided: appeal period running"
    APPEALED = "appealed", "Appeal awaiting its outcome"
    DISMISSAL_DUE = "dismissal_due", "Clearance withdrawn: dismissal to be recorded"
    CLOSED = "closed", "Closed"


# Open reviews: every state but closed.
OPEN_STATES = [s for s in ReviewState.values if s != ReviewState.CLOSED]


class Decision(models.TextChoices):
    KEPT = "kept", "Clearance kept"
    MODIFIED = "modified", "Clearance kept with restrictions (modified)"
    WITHDRAWN = "withdrawn", "Clearance withdrawn"


class AppealOutcome(models.TextChoices):
    ALLOWED = "allowed", "Appeal allowed: clearance restored"
    DISMISSED = "dismissed", "Appeal dismissed: the decision stands"


class VettingReviewQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state=ReviewState.CLOSED)


@pghistory.track()
class VettingReview(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="vetting_reviews")
    case = models.ForeignKey(
        "casework.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="vetting_reviews"
    )
    proceedings = models.ForeignKey(
        "conduct.Proceedings", on_delete=models.PROTECT, null=True, blank=True, related_name="vetting_reviews"
    )
    trigger = models.CharField(max_length=30, choices=Trigger.choices)
    reason = models.TextField("why the review was opened")
    state = models.CharField(max_length=30, choices=ReviewState.choices, default=ReviewState.OPENED)
    # The person's vetting status when the review opened (restored by nothing: kept for the record).
    status_before = models.CharField(max_length=20, blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    # The severity assessment (reg 15): must the matter be the subject of a withdrawal assessment?
    severity_assessed_on = models.DateField(null=True, blank=True)
    withdrawal_assessment = models.BooleanField(null=True, blank=True)
    severity_reasons = models.TextField(blank=True)
    severity_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The notice to the officer (with the date their representations are due).
    notice_given_on = models.DateField(null=True, blank=True)
    notice_given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    representations_due_on = models.DateField(null=True, blank=True)
    # Representations received (on a date, summarised) or the time for them passed without any.
    representations_on = models.DateField(null=True, blank=True)
    representations = models.TextField("summary of the representations", blank=True)
    no_representations = models.BooleanField(default=False)
    # The decision, by someone who neither opened the review nor gave the notice.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    restrictions = models.TextField("restrictions on the clearance", blank=True)
    decision_reasons = models.TextField("reasons for the decision", blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    appeal_due_on = models.DateField(null=True, blank=True)
    # The appeal, heard by someone other than the decision-maker.
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_grounds = models.TextField(blank=True)
    appeal_outcome = models.CharField(max_length=20, choices=AppealOutcome.choices, blank=True)
    appeal_reasons = models.TextField(blank=True)
    appeal_decided_on = models.DateField(null=True, blank=True)
    appeal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Withdrawal that stands -> dismissal.
    dismissed_on = models.DateField(null=True, blank=True)
    dismissal_reasons = models.TextField(blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    objects = VettingReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=~Q(state="closed"), name="vetting_review_one_open_per_person"
            ),
            models.CheckConstraint(
                condition=Q(decision="") | (~Q(decision_reasons="") & Q(decided_by__isnull=False)),
                name="vetting_decision_reasoned_and_attributed",
                violation_error_message="A vetting decision states its reasons and who made it.",
            ),
            models.CheckConstraint(
                condition=~Q(decision="modified") | ~Q(restrictions=""),
                name="vetting_modified_states_restrictions",
                violation_error_message="A modified clearance states its restrictions.",
            ),
        ]
        indexes = [models.Index(fields=["state", "-opened_at"], name="vetting_review_state_idx")]

    def __str__(self):
        return f"Vetting review of {self.person}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("vetting-review", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != ReviewState.CLOSED

    @property
    def scope(self) -> str:
        """The deadlines' scope: a review's clocks belong to it, with or without a case."""
        return f"vetting-review:{self.pk}"
