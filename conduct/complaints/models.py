"""The complainant's rights on a complaint (PRA 2002 Sch 3 paras 6A, 25 and 30; C&M Regs 2020
regs 29, 32 to 34): the outcome told to the complainant with the right of review, and the review.
Acknowledgements and updates are letters (notifications.Correspondence); their clocks are
casework deadlines. docs/rules.md, "The complainant"."""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.models import Case


class ReviewBody(models.TextChoices):
    LOCAL_POLICING_BODY = "lpb", "The local policing body (police and crime commissioner)"
    IOPC = "iopc", "The IOPC (Director General)"
    NONE = "none", "No right of review"


class OutcomeState(models.TextChoices):
    PROPOSED = "proposed", "Awaiting approval"
    APPROVED = "approved", "Approved: letter written"


class ReviewResult(models.TextChoices):
    UPHELD = "upheld", "Upheld: the outcome was not reasonable and proportionate"
    NOT_UPHELD = "not_upheld", "Not upheld"


class ComplaintOutcomeQuerySet(models.QuerySet):
    def review_pending(self):
        """Outcomes the complainant has applied to have reviewed, whose result is not recorded."""
        applied = Q(review__applied_on__isnull=False)
        return self.filter(state=OutcomeState.APPROVED).filter(applied).filter(review__result="")


@pghistory.track()
class ComplaintOutcome(models.Model):
    """The outcome of the handling of a complaint as told to the complainant (reg 34(2)(b), (4)):
    what was found, the outcome, the action taken, and who reviews it. Recorded by the
    investigator, approved by an appropriate authority, whose approval writes the letter."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="complaint_outcome")
    findings = models.TextField("what was found")
    outcome = models.TextField("the outcome of the handling")
    action = models.TextField("action taken or to be taken", blank=True)
    # The review body: computed by conduct.complaints.review_body, overridable with a reason.
    review_body = models.CharField(max_length=10, choices=ReviewBody.choices)
    review_body_computed = models.CharField(max_length=10, choices=ReviewBody.choices)
    review_body_grounds = models.TextField("why this body", blank=True)
    override_reason = models.TextField("reason for choosing another body", blank=True)
    # The appropriate authority's judgement reg 32(b) asks for, recorded with the outcome.
    proceedings_not_excluded = models.BooleanField(
        "could not be satisfied from the complaint alone that proceedings or Article 2/3 were not engaged",
        default=False,
    )
    state = models.CharField(max_length=10, choices=OutcomeState.choices, default=OutcomeState.PROPOSED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    letter = models.OneToOneField(
        "notifications.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_due_on = models.DateField("review application due by", null=True, blank=True)

    objects = ComplaintOutcomeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(state="proposed") | (Q(approved_by__isnull=False) & Q(letter__isnull=False)),
                name="complaint_outcome_approved_has_letter",
            ),
            models.CheckConstraint(
                condition=~Q(approved_by=models.F("recorded_by")),
                name="complaint_outcome_not_self_approved",
                violation_error_message="The outcome is approved by another person than the one who recorded it.",
            ),
            models.CheckConstraint(
                condition=Q(review_body=models.F("review_body_computed")) | ~Q(override_reason=""),
                name="complaint_outcome_override_reasoned",
            ),
        ]

    def __str__(self):
        return f"Outcome of the complaint {self.case}"

    @property
    def has_review_right(self) -> bool:
        return self.review_body != ReviewBody.NONE


@pghistory.track()
class ComplaintReview(models.Model):
    """The complainant's review (Sch 3 para 6A or 25): the application, the review body's result
    and recommendations, and what the force did about them."""

    outcome = models.OneToOneField(ComplaintOutcome, on_delete=models.CASCADE, related_name="review")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="complaint_reviews")
    applied_on = models.DateField("application received on")
    # The answer through the outcome letter's response link, when the application came that way.
    application = models.OneToOneField(
        "notifications.OfficerResponse", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    how_applied = models.TextField("how the application was made", blank=True)
    reviewed_by = models.CharField("review body", max_length=10, choices=ReviewBody.choices, blank=True)
    result = models.CharField(max_length=12, choices=ReviewResult.choices, blank=True)
    recommendations = models.TextField(blank=True)
    decided_on = models.DateField("review decided on", null=True, blank=True)
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    force_response = models.TextField("what the force did about the recommendations", blank=True)
    response_reasons = models.TextField("reasons", blank=True)
    responded_on = models.DateField("response given on", null=True, blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(result="") | (Q(decided_on__isnull=False) & ~Q(reviewed_by="")),
                name="complaint_review_result_complete",
            ),
            models.CheckConstraint(
                condition=Q(responded_on__isnull=True) | ~Q(result=""),
                name="complaint_review_response_after_result",
            ),
        ]

    def __str__(self):
        return f"Review of the complaint {self.case}"


@pghistory.track()
class ReviewBodyContact(models.Model):
    """How a complainant applies to each review body, as the outcome letter says it: worded by the
    force (the local policing body's address is the force's own), seeded by a migration."""

    body = models.CharField(max_length=10, choices=ReviewBody.choices, unique=True)
    name = models.CharField(max_length=160)
    how_to_apply = models.TextField()

    class Meta:
        ordering = ["body"]

    def __str__(self):
        return self.name
