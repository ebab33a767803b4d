"""Duty decisions (DOMAIN.md, "Suspension"): for one subject on a case, whether to
suspend (reg 11), restrict duties, move to a non-public-facing role, redeploy, or leave on full
duties after consideration. Every such decision is explicit, reasoned, made by someone other
than its proposer, notified, reviewed on time and comparable across cases.

Written only by the services in conduct.duty.services. The rules that protect the record are also
database constraints, so no code path (an admin action, a script, a bulk update) can store a
suspension without its reg 11 conditions, or a decision approved by its own proposer.

State machine (conduct.duty.services enforces the transitions):

    proposed --approve / amend--> active --review: lift / proceedings concluded / case closed--> ended
             --reject---------> rejected      --review: replace / a later decision approved---> replaced
             --proceedings concluded, case closed--> lapsed
    (urgent oral suspension by an appropriate authority, or a replacement decided on review:
     straight to active, with no proposer)
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from casework.models import CaseSubject, DutyStatus
from conduct.cases.models import Allegation


class DutyKind(models.TextChoices):
    SUSPEND = "suspend", "Suspension"
    RESTRICT = "restrict", "Restricted duties"
    NON_PUBLIC_FACING = "non_public_facing", "Non-public-facing role"
    REDEPLOY = "redeploy", "Redeployment (other duties or location)"
    FULL_DUTIES = "full_duties_considered", "Full duties, after consideration"


# The duty status each kind of decision puts the person on (casework's timeline).
STATUS_FOR_KIND = {
    DutyKind.SUSPEND: DutyStatus.SUSPENDED,
    DutyKind.RESTRICT: DutyStatus.RESTRICTED,
    DutyKind.NON_PUBLIC_FACING: DutyStatus.NON_PUBLIC_FACING,
    DutyKind.REDEPLOY: DutyStatus.REDEPLOYED,
    DutyKind.FULL_DUTIES: DutyStatus.FULL,
}
# Kinds whose answer to "does the role face the public?" is fixed; restriction and redeployment
# are asked (DOMAIN.md: public-facing is a property of the role, recorded on the decision).
PUBLIC_FACING_FIXED = {
    DutyKind.SUSPEND: False,
    DutyKind.NON_PUBLIC_FACING: False,
    DutyKind.FULL_DUTIES: True,
}
# Decisions that impose something on the officer: a notice, representations and reviews.
IMPOSING_KINDS = (DutyKind.SUSPEND, DutyKind.RESTRICT, DutyKind.NON_PUBLIC_FACING, DutyKind.REDEPLOY)
# What a review may put in a suspension's (or a restriction's) place.
REPLACEMENT_KINDS = (DutyKind.RESTRICT, DutyKind.NON_PUBLIC_FACING, DutyKind.REDEPLOY)


class DecisionState(models.TextChoices):
    PROPOSED = "proposed", "Awaiting approval"
    REJECTED = "rejected", "Rejected"
    ACTIVE = "active", "In force"
    ENDED = "ended", "Ended"
    REPLACED = "replaced", "Replaced"
    LAPSED = "lapsed", "Lapsed"  # a proposal nobody decided before the proceedings ended


class Approval(models.TextChoices):
    """How the decision was made."""

    APPROVED = "approved", "Approved as proposed"
    AMENDED = "amended", "Approved with amendments"
    REJECTED = "rejected", "Rejected"
    URGENT_ORAL = "urgent_oral", "Urgent oral suspension"
    ON_REVIEW = "on_review", "Decided on review"


# Routes with no proposal: the appropriate authority decided directly.
DIRECT = (Approval.URGENT_ORAL, Approval.ON_REVIEW)


class SuspensionGround(models.TextChoices):
    """Reg 11 condition (b): one of these, with the reasoning."""

    INVESTIGATION = "investigation_prejudiced", "The investigation may be prejudiced"
    PUBLIC_INTEREST = "public_interest", "The public interest requires it, given the nature of the allegation"
    BOTH = "both", "Both: the investigation may be prejudiced and the public interest requires it"


class DutyDecisionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(state=DecisionState.ACTIVE)

    def proposed(self):
        return self.filter(state=DecisionState.PROPOSED)

    def imposing(self):
        return self.filter(kind__in=IMPOSING_KINDS)

    def visible_to(self, user, *, few: bool = False):
        """Decisions on the cases the user may open. `few` (the join form, casework.permissions) only
        where the rows are a few hundred before visibility (those awaiting approval): for the reviews
        overdue, the decisions in force and the counts PostgreSQL read every case under the join form
        (docs/performance.md, 2026-12-07)."""
        from casework.permissions import visible_case_condition

        return self.filter(visible_case_condition(user, "subject__case__", few=few))

    def with_review_due(self):
        """Annotate `review_due_on`: the scheduled review, or earlier when a review was asked for
        (a significant change, representations recorded) or the officer answered the notice
        through the secure link since the last review. PostgreSQL's LEAST ignores NULLs."""
        from django.db.models import OuterRef, Subquery
        from django.db.models.functions import Coalesce, Least, TruncDate

        from notifications.models import OfficerResponse

        answered = (
            OfficerResponse.objects.filter(
                correspondence_id=OuterRef("notice_id"),
                received_at__gt=Coalesce(OuterRef("last_reviewed_at"), OuterRef("decided_at")),
            )
            .annotate(day=TruncDate("received_at"))
            .values("day")[:1]
        )
        return self.annotate(
            answered_on=Subquery(answered, output_field=models.DateField()),
            review_due_on=Least("next_review_on", "review_requested_on", "answered_on"),
        )


@pghistory.track()
class DutyDecision(models.Model):
    subject = models.ForeignKey(CaseSubject, on_delete=models.PROTECT, related_name="duty_decisions")
    kind = models.CharField(max_length=30, choices=DutyKind.choices)
    state = models.CharField(max_length=20, choices=DecisionState.choices, default=DecisionState.PROPOSED)
    approval = models.CharField(max_length=20, choices=Approval.choices, blank=True)
    allegations = models.ManyToManyField(Allegation, related_name="duty_decisions")
    # Reg 11 (a): temporary redeployment was considered, and why it is not appropriate.
    redeployment_considered_reason = models.TextField(blank=True)
    # Reg 11 (b): the ground, and the reasoning on the facts.
    ground = models.CharField(max_length=30, choices=SuspensionGround.choices, blank=True)
    ground_reasoning = models.TextField(blank=True)
    # The alternatives and "full duties": why this is enough.
    rationale = models.TextField(blank=True)
    conditions = models.TextField("conditions while it lasts", blank=True)
    public_facing = models.BooleanField(
        "the role faces the public", default=True, help_text="Asked for restricted duties and redeployment."
    )

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reasons = models.TextField(blank=True)
    amendments = models.TextField("what the decision-maker changed", blank=True)

    effective_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    # A review asked for before its date: representations received, a significant change.
    review_requested_on = models.DateField(null=True, blank=True)
    review_requested_reason = models.TextField(blank=True)
    last_reviewed_at = models.DateTimeField(null=True, blank=True)
    # The written notice (or the written confirmation of an oral suspension).
    notice = models.ForeignKey(
        "notifications.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    ends_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    replaced_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # While the IOPC investigates, the authority consults it before deciding (DOMAIN.md,
    # "Suspension"): when, whom at the IOPC, and what the IOPC said.
    iopc_consulted_on = models.DateField("IOPC consulted on", null=True, blank=True)
    iopc_consultee = models.CharField("who at the IOPC", max_length=200, blank=True)
    iopc_view = models.TextField("the IOPC's view", blank=True)

    objects = DutyDecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "kind"], name="duty_state_kind_idx"),
            models.Index(fields=["next_review_on"], condition=Q(state="active"), name="duty_active_review_idx"),
            # Monthly statistics and the dashboard's durations: suspensions by when they took effect.
            models.Index(fields=["kind", "effective_on"], name="duty_kind_effective_idx"),
            # The risk lists' "last decision" of each subject: one index probe, no sort.
            models.Index(fields=["subject", "-proposed_at", "-id"], name="duty_subject_latest_idx"),
        ]
        constraints = [
            # Maker-checker: nobody decides their own proposal.
            models.CheckConstraint(
                condition=Q(proposed_by__isnull=True) | Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="duty_decider_is_not_proposer",
                violation_error_message="The person who proposed a decision cannot decide it.",
            ),
            # A decision has a proposer unless an appropriate authority took it directly.
            models.CheckConstraint(
                condition=(Q(approval__in=DIRECT) & Q(proposed_by__isnull=True))
                | (~Q(approval__in=DIRECT) & Q(proposed_by__isnull=False)),
                name="duty_proposer_unless_direct",
            ),
            models.CheckConstraint(
                condition=~Q(approval=Approval.URGENT_ORAL) | Q(kind=DutyKind.SUSPEND),
                name="duty_urgent_oral_is_suspension",
            ),
            # Reg 11: no suspension without both conditions.
            models.CheckConstraint(
                condition=~Q(kind=DutyKind.SUSPEND)
                | (
                    ~Q(redeployment_considered_reason="")
                    & Q(ground__in=SuspensionGround.values)
                    & ~Q(ground_reasoning="")
                ),
                name="duty_suspension_has_reg11_conditions",
                violation_error_message="A suspension needs the reason redeployment is not appropriate and a ground.",
            ),
            # Every other decision, "full duties" included, says why it is enough.
            models.CheckConstraint(
                condition=Q(kind=DutyKind.SUSPEND) | ~Q(rationale=""),
                name="duty_alternative_has_rationale",
                violation_error_message="Say why this decision is enough.",
            ),
            models.CheckConstraint(
                condition=Q(state__in=[DecisionState.PROPOSED, DecisionState.LAPSED])
                | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False) & ~Q(decision_reasons="")),
                name="duty_decided_is_attributed",
            ),
            models.CheckConstraint(
                condition=~Q(state__in=[DecisionState.ACTIVE, DecisionState.ENDED, DecisionState.REPLACED])
                | Q(effective_on__isnull=False),
                name="duty_in_force_has_start",
            ),
            models.CheckConstraint(
                condition=(Q(state=DecisionState.ACTIVE) & Q(ends_on__isnull=True))
                | (
                    Q(state__in=[DecisionState.ENDED, DecisionState.REPLACED])
                    & Q(ends_on__isnull=False)
                    & ~Q(end_reason="")
                )
                | Q(state__in=[DecisionState.PROPOSED, DecisionState.REJECTED, DecisionState.LAPSED]),
                name="duty_end_matches_state",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("effective_on")),
                name="duty_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=[DutyKind.SUSPEND, DutyKind.NON_PUBLIC_FACING]) & Q(public_facing=False))
                | (Q(kind=DutyKind.FULL_DUTIES) & Q(public_facing=True))
                | Q(kind__in=[DutyKind.RESTRICT, DutyKind.REDEPLOY]),
                name="duty_public_facing_fits_kind",
                violation_error_message=(
                    "Suspension or a non-public-facing role never faces the public; full duties does."
                ),
            ),
            # One decision in force, and one proposal waiting, per subject at a time.
            models.UniqueConstraint(
                fields=["subject"], condition=Q(state="active"), name="duty_one_active_per_subject"
            ),
            models.UniqueConstraint(
                fields=["subject"], condition=Q(state="proposed"), name="duty_one_proposal_per_subject"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.subject.person.full_name} ({self.get_state_display().lower()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("duty-decision", args=[self.subject.case.reference, self.pk])

    @property
    def is_suspension(self) -> bool:
        return self.kind == DutyKind.SUSPEND

    @property
    def is_imposing(self) -> bool:
        return self.kind in IMPOSING_KINDS

    @property
    def duty_status(self) -> str:
        return STATUS_FOR_KIND[DutyKind(self.kind)]

    @property
    def days_in_force(self) -> int:
        """Days since it took effect (0 before then); to the end date once it has ended."""
        if self.effective_on is None:
            return 0
        until = self.ends_on or timezone.localdate()
        return max(0, (until - self.effective_on).days)

    @property
    def reasons_summary(self) -> str:
        """The reasons as the officer's notice and the risk views state them."""
        if self.is_suspension:
            return (
                "Temporary redeployment to alternative duties or another location was considered and is not "
                f"appropriate: {self.redeployment_considered_reason}\n"
                f"{SuspensionGround(self.ground).label}: {self.ground_reasoning}"
            )
        return self.rationale


class ReviewTrigger(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled review"
    REPRESENTATIONS = "representations", "The officer's representations"
    SIGNIFICANT_CHANGE = "significant_change", "A significant change"


class ReviewOutcome(models.TextChoices):
    CONTINUE = "continue", "Continue"
    LIFT = "lift", "Lift: return to duty"
    REPLACE = "replace", "Replace with a restriction or redeployment"


class DutyReview(models.Model):
    """One review of a decision in force: the conditions recorded afresh, the outcome and the
    next review. Append-only: the review is evidence of what was considered when."""

    decision = models.ForeignKey(DutyDecision, on_delete=models.PROTECT, related_name="reviews")
    trigger = models.CharField(max_length=30, choices=ReviewTrigger.choices)
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices)
    replacement_kind = models.CharField(max_length=30, choices=DutyKind.choices, blank=True)
    replacement = models.ForeignKey(DutyDecision, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    redeployment_considered_reason = models.TextField(blank=True)
    ground = models.CharField(max_length=30, choices=SuspensionGround.choices, blank=True)
    ground_reasoning = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    conditions = models.TextField(blank=True)
    reasons = models.TextField()
    reviewed_on = models.DateField()
    next_review_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(default=timezone.now)
    letter = models.ForeignKey(
        "notifications.Correspondence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    iopc_consulted_on = models.DateField("IOPC consulted on", null=True, blank=True)
    iopc_consultee = models.CharField("who at the IOPC", max_length=200, blank=True)
    iopc_view = models.TextField("the IOPC's view", blank=True)

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
        constraints = [
            models.CheckConstraint(condition=~Q(reasons=""), name="duty_review_has_reasons"),
            models.CheckConstraint(
                condition=(Q(outcome=ReviewOutcome.REPLACE) & Q(replacement_kind__in=REPLACEMENT_KINDS))
                | (~Q(outcome=ReviewOutcome.REPLACE) & Q(replacement_kind="")),
                name="duty_review_replacement_named",
            ),
            models.CheckConstraint(
                condition=(Q(outcome=ReviewOutcome.CONTINUE) & Q(next_review_on__isnull=False))
                | ~Q(outcome=ReviewOutcome.CONTINUE),
                name="duty_review_continue_sets_next",
            ),
        ]

    def __str__(self):
        return f"Review of {self.decision_id} on {self.reviewed_on}: {self.get_outcome_display()}"


class RepresentationChannel(models.TextChoices):
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    MEETING = "meeting", "In person or at a meeting"
    REPRESENTATIVE = "representative", "Through the officer's representative (Federation, union or friend)"
    OTHER = "other", "Another way"


class DutyRepresentation(models.Model):
    """Representations about a decision received by a channel other than the notice's secure link
    (answers through the link are notifications.OfficerResponse rows). Append-only."""

    decision = models.ForeignKey(DutyDecision, on_delete=models.PROTECT, related_name="representations")
    received_on = models.DateField()
    channel = models.CharField(max_length=20, choices=RepresentationChannel.choices)
    summary = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]
        constraints = [models.CheckConstraint(condition=~Q(summary=""), name="duty_representation_has_summary")]

    def __str__(self):
        return f"Representations on {self.decision_id} received {self.received_on}"
