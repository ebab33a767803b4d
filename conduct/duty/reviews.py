"""Representations, requests for review and reviews of duty decisions in force (docs/rules.md,
"Suspension and duty decisions", "Reviews"). The same discipline as conduct.duty.services, whose
checks (conduct.duty.checks) and effects (conduct.duty.effects) these workflows share: each takes
the acting user, runs in one transaction, locks the case then the decision, and refuses with a
`DutyRefused`; nothing is written when one is raised.
"""

from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import timezone

from casework import figures
from conduct import permissions as conduct_permissions
from conduct.cases import clocks
from conduct.duty.checks import (
    DutyRefused,
    IopcConsultation,
    check_iopc_consultation,
    check_state,
    lock_decision,
    required_text,
)
from conduct.duty.effects import (
    REPRESENTATIONS,
    REVIEW,
    end_decision,
    on_timeline,
    put_in_force,
    set_status,
    start_review_clock,
)
from conduct.duty.models import REPLACEMENT_KINDS
from conduct.duty.terms import DecisionTerms, as_fields, check_reasoning
from conduct.models import (
    Approval,
    DecisionState,
    DutyDecision,
    DutyKind,
    DutyRepresentation,
    DutyReview,
    RepresentationChannel,
    ReviewOutcome,
    ReviewTrigger,
)
from notifications import inbox, outbox
from notifications.models import LetterKind


# Representations and requests for review --------------------------------------------------
@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def record_representations(*, user, decision, received_on, channel: str, summary: str) -> DutyRepresentation:
    """Representations received other than through the notice's secure link (those are the
    officer's response to the letter). They meet the representations clock and make a review
    due now."""
    decision = lock_decision(decision)
    case = decision.subject.case
    if not conduct_permissions.can_record_duty_representations(user, case):
        raise DutyRefused("Only the case team or an appropriate authority records representations.")
    check_state(decision, DecisionState.ACTIVE, message="Representations are recorded on a decision in force.")
    if not decision.is_imposing:
        raise DutyRefused("Representations are about a suspension or restriction; this decision imposes neither.")
    if channel not in RepresentationChannel.values:
        raise DutyRefused("Choose how the representations were received.", field="channel")
    summary = required_text(summary, "Summarise the representations.", "summary")
    if received_on is None:
        raise DutyRefused("Enter the date they were received.", field="received_on")
    earliest = min(decision.effective_on, timezone.localdate(decision.decided_at))
    if not earliest <= received_on <= timezone.localdate():
        raise DutyRefused(
            f"The date must be between {earliest:%d/%m/%Y} and today.",
            field="received_on",
        )
    entry = DutyRepresentation.objects.create(
        decision=decision, received_on=received_on, channel=channel, summary=summary, recorded_by=user
    )
    clocks.meet_clock(REPRESENTATIONS, case=case, person=decision.subject.person, actor=user, on=received_on)
    _ask_for_review(decision, user, on=received_on, why=f"Representations received ({entry.get_channel_display()})")
    on_timeline(decision, user, "Representations received: a review is due", summary)
    return entry


@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def request_review(*, user, decision, reason: str) -> DutyDecision:
    """A significant change (a charge, new evidence, the officer's circumstances): review now."""
    decision = lock_decision(decision)
    if not conduct_permissions.can_record_duty_representations(user, decision.subject.case):
        raise DutyRefused("Only the case team or an appropriate authority asks for a review.")
    check_state(decision, DecisionState.ACTIVE, message="Only a decision in force can be reviewed.")
    reason = required_text(reason, "Describe the significant change.", "reason")
    _ask_for_review(decision, user, on=timezone.localdate(), why=f"Significant change: {reason}")
    on_timeline(decision, user, "Review asked for: significant change", reason)
    return decision


def _ask_for_review(decision, user, *, on, why: str) -> None:
    if decision.review_requested_on is None or on < decision.review_requested_on:
        decision.review_requested_on = on
    decision.review_requested_reason = why[:2000]
    decision.save(update_fields=["review_requested_on", "review_requested_reason"])
    if decision.decided_by_id and decision.decided_by_id != user.pk and decision.decided_by.is_active:
        inbox.notify(
            user=decision.decided_by,
            case=decision.subject.case,
            message=f"Review due now: {decision} ({why})",
            url=decision.get_absolute_url(),
            idempotency_key=f"duty-review-asked:{decision.pk}:{timezone.now().timestamp()}",
            urgent=True,
        )


# Reviews ----------------------------------------------------------------------------------
@dataclass
class ReviewInput:
    trigger: str
    outcome: str
    reasons: str
    terms: DecisionTerms | None = None  # the conditions recorded afresh (continue, replace)
    replacement_kind: str = ""
    consultation: IopcConsultation | None = None  # while the IOPC investigates


@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def review(*, user, decision, data: ReviewInput) -> DutyReview:
    """Review a decision in force: continue it (conditions recorded afresh, next review set),
    lift it (the person returns to duty), or replace it with a restriction or redeployment."""
    decision = lock_decision(decision)
    subject = decision.subject
    if not conduct_permissions.can_decide_duty(user, subject.case):
        raise DutyRefused("Only an appropriate authority or the head of PSD reviews suspensions and restrictions.")
    check_state(decision, DecisionState.ACTIVE, message="Only a decision in force can be reviewed.")
    if data.trigger not in ReviewTrigger.values:
        raise DutyRefused("Choose what prompted the review.", field="trigger")
    if data.outcome not in ReviewOutcome.values:
        raise DutyRefused("Choose the outcome of the review.", field="outcome")
    reasons = required_text(data.reasons, "Give the reasons for the outcome.", "reasons")
    data = replace(data, consultation=check_iopc_consultation(subject.case, data.consultation))
    today = timezone.localdate()
    clocks.meet_clock(REVIEW, case=subject.case, person=subject.person, actor=user, on=today)
    if data.outcome == ReviewOutcome.CONTINUE:
        record = _continue(decision, user, data, reasons, today)
    elif data.outcome == ReviewOutcome.LIFT:
        record = _lift(decision, user, data, reasons, today)
    else:
        record = _replace(decision, user, data, reasons, today)
    decision.last_reviewed_at, decision.review_requested_on, decision.review_requested_reason = timezone.now(), None, ""
    decision.save(update_fields=["last_reviewed_at", "review_requested_on", "review_requested_reason"])
    return record


def _review_terms(decision, data: ReviewInput, kind) -> DecisionTerms:
    terms = replace(data.terms or DecisionTerms(kind=kind), kind=kind, allegations=list(decision.allegations.all()))
    if terms.public_facing is None and kind == decision.kind:
        terms = replace(terms, public_facing=decision.public_facing)  # continued as it stands unless answered
    terms = terms.cleaned()
    check_reasoning(terms)
    return terms


def _continue(decision, user, data, reasons, today) -> DutyReview:
    terms = _review_terms(decision, data, decision.kind)
    next_review = start_review_clock(decision, user, starts_on=today) if decision.is_imposing else None
    role_changed = terms.public_facing != decision.public_facing
    for name, value in as_fields(terms).items():
        setattr(decision, name, value)
    decision.next_review_on = next_review
    decision.save()
    if role_changed:  # the same restriction, in a role that now does (or no longer does) face the public
        set_status(decision, user, starts_on=today)
    record = _record_review(decision, user, data, reasons, today, terms=terms, next_review_on=next_review)
    on_timeline(decision, user, f"{decision.get_kind_display()} reviewed: continues", reasons)
    return record


def _lift(decision, user, data, reasons, today) -> DutyReview:
    if not decision.is_imposing:
        raise DutyRefused("A decision to leave on full duties has nothing to lift: continue or replace it.")
    end_decision(decision, user, on=today, reason=f"Lifted on review: {reasons}")
    record = _record_review(decision, user, data, reasons, today, terms=None, next_review_on=None)
    on_timeline(decision, user, f"{decision.get_kind_display()} lifted on review", reasons)
    return record


def _replace(decision, user, data, reasons, today) -> DutyReview:
    kind = data.replacement_kind
    if kind not in REPLACEMENT_KINDS:
        raise DutyRefused(
            "Choose what replaces it: restricted duties, a non-public-facing role or redeployment.",
            field="replacement_kind",
        )
    if kind == decision.kind:
        raise DutyRefused("Choose something other than what is in force now.", field="replacement_kind")
    terms = _review_terms(decision, data, kind)
    replacement = DutyDecision(
        subject=decision.subject, proposed_by=None, **as_fields(terms), **data.consultation.fields()
    )
    put_in_force(replacement, user, approval=Approval.ON_REVIEW, reasons=reasons, effective_on=today, new=terms)
    record = _record_review(
        decision, user, data, reasons, today, terms=terms, next_review_on=None, replacement=replacement
    )
    on_timeline(
        decision,
        user,
        f"{decision.get_kind_display()} replaced on review by {replacement.get_kind_display().lower()}",
        reasons,
    )
    return record


def _record_review(decision, user, data, reasons, today, *, terms, next_review_on, replacement=None) -> DutyReview:
    letter = _write_review_letter(decision, user, reasons, today, terms, next_review_on, replacement)
    reasoning = as_fields(terms) if terms is not None else {}
    return DutyReview.objects.create(
        decision=decision,
        trigger=data.trigger,
        outcome=data.outcome,
        replacement_kind=replacement.kind if replacement else "",
        replacement=replacement,
        redeployment_considered_reason=reasoning.get("redeployment_considered_reason", ""),
        ground=reasoning.get("ground", ""),
        ground_reasoning=reasoning.get("ground_reasoning", ""),
        rationale=reasoning.get("rationale", ""),
        conditions=reasoning.get("conditions", ""),
        reasons=reasons,
        reviewed_on=today,
        next_review_on=next_review_on,
        reviewed_by=user,
        letter=letter,
        **data.consultation.fields(),
    )


# Letters ----------------------------------------------------------------------------------
def _write_review_letter(decision, user, reasons, today, terms, next_review_on, replacement):
    if not decision.is_imposing:
        return None  # "full duties" imposes nothing: there is nothing to tell the officer
    what = decision.get_kind_display()
    if replacement is not None:
        outcome = f"{what} replaced by {replacement.get_kind_display().lower()}"
    elif next_review_on is None:
        outcome = f"{what} lifted: you return to duty"
    else:
        outcome = f"{what} {'continue' if decision.kind == DutyKind.RESTRICT else 'continues'}"
    subject = decision.subject
    return outbox.compose_to_person(
        kind=LetterKind.SUSPENSION_REVIEW,
        case=subject.case,
        person=subject.person,
        sender=user,
        idempotency_key=f"duty-review:{decision.pk}:{DutyReview.objects.filter(decision=decision).count() + 1}",
        actor=user,
        extra={
            "outcome": outcome,
            "reasons": reasons,
            "conditions": terms.conditions if terms is not None else "",
            "reviewed_on": today,
            "next_review_by": next_review_on,
        },
        approved_by=user,
    )
