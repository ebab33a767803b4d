"""IOPC referrals (DOMAIN.md, "IOPC referrals"; Police Reform Act 2002 Sch. 3; Police (Complaints
and Misconduct) Regulations 2020 regs 4 and 7).

The mandatory criteria are reference data (`ReferralCriterion`, seeded by a migration, edited by
administrators), so a change in the law is a data change. A `Referral` is one referral of a case:
required when the evaluator (conduct.referrals.services) finds criteria met, with the moment that became
clear and the deadline; made (when, by whom, how, what, the IOPC's reference); decided by the IOPC.
"Not required after all" is a `NotRequiredProposal` that an appropriate authority other than its
author approves or rejects (maker-checker, checked by the service and by the database).
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from casework.models import Case, Deadline
from casework.models.cases import Origin
from conduct.cases.models import Allegation, AllegationCategory


@pghistory.track()
class ReferralCriterion(models.Model):
    """One mandatory referral criterion. A case meets it when any of its allegations is in one of
    the linked categories, or its origin is one of the linked origins, or (with the flags) a
    subject holds a chief officer rank, or it is linked as the same incident to a case whose
    mandatory referral is required or made."""

    code = models.SlugField(max_length=60, unique=True, help_text="Used in the code and the tests; not shown.")
    name = models.CharField(max_length=160)
    description = models.TextField(help_text="What the criterion covers, as the law words it.")
    source = models.TextField(help_text="The statute, regulation or guidance it comes from.")
    categories = models.ManyToManyField(
        AllegationCategory,
        blank=True,
        related_name="referral_criteria",
        help_text="An allegation in any of these categories meets the criterion.",
    )
    origins = ArrayField(
        models.CharField(max_length=30, choices=Origin.choices),
        default=list,
        blank=True,
        help_text="A case of any of these origins meets the criterion (comma-separated codes, e.g. dsi_matter).",
    )
    chief_officer_subject = models.BooleanField(
        default=False, help_text="Met when a subject holds a chief officer rank (ranks: “chief officer”)."
    )
    same_incident_as_referred = models.BooleanField(
        default=False,
        help_text="Met when the case is linked as the same incident to a case whose mandatory referral is "
        "required or made.",
    )
    criminal_only = models.BooleanField(
        default=False,
        help_text="Only allegations that are criminal (a criminal investigation recorded, or the category "
        "“Criminal offence”) meet it through their categories.",
    )
    active = models.BooleanField(default=True, help_text="An inactive criterion is not evaluated.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "IOPC referral criterion"
        verbose_name_plural = "IOPC referral criteria"

    def __str__(self):
        return self.name


class ReferralKind(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory referral"
    VOLUNTARY = "voluntary", "Voluntary referral"
    CALL_IN = "call_in", "Called in by the IOPC"
    RE_REFERRAL = "re_referral", "Re-referral on new concerns"


# The kinds the law times: "by the end of the day after it first becomes clear".
TIMED_KINDS = (ReferralKind.MANDATORY, ReferralKind.RE_REFERRAL)


class ReferralState(models.TextChoices):
    REQUIRED = "required", "Required, not yet made"
    REFERRED = "referred", "Referred, awaiting the IOPC's decision"
    DECIDED = "decided", "IOPC decision recorded"
    NOT_REQUIRED = "not_required", "Not required after all"


class ReferralMethod(models.TextChoices):
    PORTAL = "portal", "IOPC online referral portal"
    EMAIL = "email", "Email"
    TELEPHONE = "telephone", "Telephone (confirmed in writing)"


class IopcDecision(models.TextChoices):
    INDEPENDENT = "independent", "Independent investigation by the IOPC"
    DIRECTED = "directed", "Directed investigation (the force investigates under the IOPC's direction)"
    LOCAL = "local", "Local investigation by the force"
    NO_INVESTIGATION = "no_investigation", "No investigation: referred back to the force"


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals of the cases the user may open, tested on the referral's own case row: far fewer
        referrals than cases, so a join beats any set of cases (`few`)."""
        from casework.permissions import visible_case_condition

        return self.filter(visible_case_condition(user, "case__", few=True))

    def required(self):
        return self.filter(state=ReferralState.REQUIRED)

    def awaiting_decision(self):
        return self.filter(state=ReferralState.REFERRED)

    def decided(self):
        return self.filter(state=ReferralState.DECIDED)

    def live_mandatory(self):
        """Mandatory referrals required or made: another case of the same incident must be referred too."""
        return self.filter(
            kind__in=TIMED_KINDS,
            state__in=[ReferralState.REQUIRED, ReferralState.REFERRED, ReferralState.DECIDED],
        )


@pghistory.track()
class Referral(models.Model):
    """One referral of a case to the IOPC. Written only by the services in conduct.referrals.services."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="iopc_referrals")
    kind = models.CharField(max_length=20, choices=ReferralKind.choices)
    state = models.CharField(max_length=20, choices=ReferralState.choices)
    criteria = models.ManyToManyField(ReferralCriterion, blank=True, related_name="referrals")
    allegations = models.ManyToManyField(Allegation, blank=True, related_name="iopc_referrals")
    # Why: each criterion met and what met it (written by the evaluator), or the reasons for a
    # voluntary referral, a call-in or a re-referral recorded by hand.
    grounds = models.TextField(blank=True)
    became_clear_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)
    # The end of the day after the day it became clear (Europe/London): the clock's due_at.
    due_at = models.DateTimeField(null=True, blank=True)
    deadline = models.ForeignKey(Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # The referral as made.
    referred_at = models.DateTimeField(null=True, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    method = models.CharField(max_length=20, choices=ReferralMethod.choices, blank=True)
    what_referred = models.TextField(blank=True)
    iopc_reference = models.CharField("IOPC reference", max_length=60, blank=True)
    on_time = models.BooleanField(null=True, help_text="Made by the deadline; empty when it had none.")
    # The IOPC's decision on the mode of investigation.
    decision = models.CharField(max_length=20, choices=IopcDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_notes = models.TextField(blank=True)
    decision_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="referral_state_due_idx"),
            models.Index(fields=["state", "referred_at"], name="referral_state_referred_idx"),
            models.Index(fields=["case", "state"], name="referral_case_state_idx"),
        ]
        constraints = [
            # One outstanding referral per case: new criteria are added to it, not a second clock.
            models.UniqueConstraint(
                fields=["case"], condition=Q(state=ReferralState.REQUIRED), name="one_required_referral_per_case"
            ),
            models.CheckConstraint(
                condition=~Q(state=ReferralState.REQUIRED) | Q(kind__in=TIMED_KINDS),
                name="referral_required_only_when_timed",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=TIMED_KINDS)
                | (Q(became_clear_at__isnull=False) & Q(due_on__isnull=False) & Q(due_at__isnull=False)),
                name="referral_timed_has_its_deadline",
                violation_error_message="A mandatory referral records when it became clear and its deadline.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state__in=[ReferralState.REFERRED, ReferralState.DECIDED])
                    & Q(referred_at__isnull=False)
                    & Q(referred_by__isnull=False)
                    & ~Q(method="")
                    & ~Q(what_referred="")
                )
                | (
                    Q(state__in=[ReferralState.REQUIRED, ReferralState.NOT_REQUIRED])
                    & Q(referred_at__isnull=True)
                    & Q(referred_by__isnull=True)
                ),
                name="referral_made_has_its_details",
                violation_error_message="A referral made records when, by whom, how and what was referred.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state=ReferralState.DECIDED)
                    & ~Q(decision="")
                    & Q(decided_on__isnull=False)
                    & Q(decision_recorded_by__isnull=False)
                )
                | (~Q(state=ReferralState.DECIDED) & Q(decision="") & Q(decided_on__isnull=True)),
                name="referral_decision_is_complete",
                violation_error_message="The IOPC's decision records its mode, its date and who recorded it.",
            ),
        ]
        # A referral is evidence of what the force did: never deleted (the change history keeps
        # every version of the row).
        triggers = [pgtrigger.Protect(name="referral_never_deleted", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"IOPC referral of {self.case.reference} ({self.get_kind_display().lower()})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("case-referrals", args=[self.case.reference])

    @property
    def is_overdue(self) -> bool:
        return self.state == ReferralState.REQUIRED and self.due_at is not None and self.due_at < timezone.now()

    @property
    def investigating_body(self) -> str:
        """Who investigates, as the IOPC decided."""
        return {
            IopcDecision.INDEPENDENT: "Independent Office for Police Conduct (IOPC)",
            IopcDecision.DIRECTED: "This force, under the IOPC's direction",
            IopcDecision.LOCAL: "This force (local investigation)",
            IopcDecision.NO_INVESTIGATION: "This force (referred back by the IOPC)",
        }.get(self.decision, "")


class ProposalOutcome(models.TextChoices):
    PENDING = "pending", "Awaiting an appropriate authority's decision"
    APPROVED = "approved", "Approved: not required"
    REJECTED = "rejected", "Rejected: the referral is still required"
    WITHDRAWN = "withdrawn", "Withdrawn: further criteria were met"


@pghistory.track()
class NotRequiredProposal(models.Model):
    """An investigator's reasons why a required referral is not required after all, and the
    appropriate authority's decision on them. Decided once: the row cannot change afterwards."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="not_required_proposals")
    reasons = models.TextField()
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=ProposalOutcome.choices, default=ProposalOutcome.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at", "id"]
        constraints = [
            # Maker-checker: whoever proposed it never approves or rejects it.
            models.CheckConstraint(
                condition=Q(outcome__in=[ProposalOutcome.PENDING, ProposalOutcome.WITHDRAWN])
                | ~Q(decided_by=F("proposed_by")),
                name="not_required_maker_checker",
                violation_error_message="Whoever proposed it cannot approve or reject it.",
            ),
            models.CheckConstraint(
                condition=(Q(outcome=ProposalOutcome.PENDING) & Q(decided_by__isnull=True) & Q(decided_at__isnull=True))
                | (~Q(outcome=ProposalOutcome.PENDING) & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="not_required_decision_is_complete",
            ),
            models.UniqueConstraint(
                fields=["referral"],
                condition=Q(outcome=ProposalOutcome.PENDING),
                name="one_pending_not_required_proposal",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="not_required_never_deleted", operation=pgtrigger.Delete),
            # Once decided (or withdrawn) the proposal is evidence: it never changes again.
            pgtrigger.Protect(
                name="not_required_decided_is_final",
                operation=pgtrigger.Update,
                condition=~pgtrigger.Q(old__outcome=ProposalOutcome.PENDING),
            ),
        ]

    def __str__(self):
        return f"Not required after all? ({self.get_outcome_display()})"


class DirectionKind(models.TextChoices):
    DIRECTION = "direction", "Direction"
    RECOMMENDATION = "recommendation", "Recommendation"
    MODE_NOTE = "mode_note", "Note on the mode decision"


class DirectionResponse(models.TextChoices):
    AWAITED = "", "Response awaited"
    ACCEPTED = "accepted", "Accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"
    COMPLIED = "complied", "Complied with"


# The kinds that ask the force for an answer (a note on the mode decision is for the record).
ANSWERED_KINDS = (DirectionKind.DIRECTION, DirectionKind.RECOMMENDATION)


class IopcDirectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from casework.permissions import visible_cases

        return self.filter(referral__case_id__in=visible_cases(user).values("pk"))

    def open(self):
        """Directions and recommendations still waiting for the force's response."""
        return self.filter(kind__in=ANSWERED_KINDS, response=DirectionResponse.AWAITED)


@pghistory.track()
class IopcDirection(models.Model):
    """A direction, recommendation or note the IOPC gave on a referred matter, who must answer it,
    by when (a clock where the law sets one: docs/rules.md, "IOPC directions and
    recommendations"), and the force's answer. Written only by conduct.referrals.directions."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="directions")
    kind = models.CharField(max_length=20, choices=DirectionKind.choices)
    given_on = models.DateField("date the IOPC gave it")
    text = models.TextField("what the IOPC said")
    respondent = models.CharField("who must respond", max_length=200, blank=True)
    source = models.TextField(blank=True, help_text="The provision the response period comes from, if any.")
    response_due_on = models.DateField(null=True, blank=True)
    deadline = models.ForeignKey(Deadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    response = models.CharField(max_length=20, choices=DirectionResponse.choices, blank=True, default="")
    response_reasons = models.TextField(blank=True)
    action_taken = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    response_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response_recorded_at = models.DateTimeField(null=True, blank=True)

    objects = IopcDirectionQuerySet.as_manager()

    class Meta:
        ordering = ["given_on", "id"]
        indexes = [models.Index(fields=["response_due_on"], condition=Q(response=""), name="iopc_direction_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(response="")
                    & Q(responded_on__isnull=True)
                    & Q(response_recorded_by__isnull=True)
                    & Q(response_reasons="")
                )
                | (
                    ~Q(response="")
                    & Q(responded_on__isnull=False)
                    & Q(response_recorded_by__isnull=False)
                    & ~Q(response_reasons="")
                ),
                name="iopc_direction_response_is_complete",
                violation_error_message="A response records its date, its reasons and who recorded it.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=DirectionKind.MODE_NOTE) | Q(response=""),
                name="iopc_mode_note_takes_no_response",
            ),
        ]
        triggers = [pgtrigger.Protect(name="iopc_direction_never_deleted", operation=pgtrigger.Delete)]

    def __str__(self):
        return f"IOPC {self.get_kind_display().lower()} of {self.given_on:%d %B %Y}"

    @property
    def needs_response(self) -> bool:
        return self.kind in ANSWERED_KINDS

    @property
    def is_open(self) -> bool:
        return self.needs_response and self.response == DirectionResponse.AWAITED


class CriterionAnswer(models.TextChoices):
    PENDING = "pending", "Not yet decided"
    MET = "met", "Met: aggravated by discriminatory behaviour"
    NOT_MET = "not_met", "Not met"


@pghistory.track()
class DiscriminationQuestion(models.Model):
    """The IOPC's discriminatory-behaviour criterion, asked rather than waited for (DOMAIN.md, "IOPC
    referrals"): an allegation in a category or under a standard flagged `possibly_discriminatory`
    (offensive messages in a group chat) asks the case team to decide, with reasons, whether the
    conduct is aggravated by discriminatory behaviour. "Met" puts the allegation in the
    discrimination category, so the referral criteria (and their clock) apply; "not met" is a
    reasoned decision on the record. Written only by conduct.referrals.discrimination."""

    allegation = models.OneToOneField(Allegation, on_delete=models.CASCADE, related_name="discrimination_question")
    asked_at = models.DateTimeField(default=timezone.now)
    answer = models.CharField(max_length=10, choices=CriterionAnswer.choices, default=CriterionAnswer.PENDING)
    reasons = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(answer="pending")
                | (~Q(reasons="") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="discrimination_question_decided_with_reasons",
                violation_error_message="A decision on the criterion needs its reasons and who made it.",
            )
        ]

    def __str__(self):
        return f"Discriminatory-behaviour criterion for allegation {self.allegation_id}: {self.get_answer_display()}"
