"""Duty decisions: suspension (reg 11) and its alternatives, from proposal to the end
(DOMAIN.md, "Suspension"; docs/rules.md, "Suspension and duty decisions").

Every workflow takes the acting user, runs in one transaction, locks the case row first (so it
cannot be closed under us) and then the decision, checks who may act (conduct.permissions),
and refuses with a `DutyRefused` whose message is for the user; nothing is written when one is
raised. A decision that takes effect updates the person's duty-status timeline
(casework.services.change_duty_status), goes on the case timeline, writes its notice to the
outbox in the same transaction (approved by the authority whose decision it carries out) and
starts its clocks (conduct.cases.clocks): representations, review, and for an urgent oral
suspension the written confirmation.

Representations, requests for review and reviews are in conduct.duty.reviews; the checks both
make in conduct.duty.checks, the terms in conduct.duty.terms, and what taking effect and ending
do in conduct.duty.effects. Called from elsewhere, a line each: `on_transition`
(conduct.cases.lifecycle.apply_transition) and `on_case_closed` (conduct.cases.services.close_case)
end what is in force when the proceedings conclude, when it is decided there will be no
misconduct proceedings (RPRP), or when the case closes.
"""

from dataclasses import replace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework import figures
from conduct import permissions as conduct_permissions
from conduct.cases import clocks
from conduct.duty.checks import (
    DutyRefused,
    IopcConsultation,
    check_decider,
    check_effective_on,
    check_iopc_consultation,
    check_proceedings_live,
    check_state,
    lock_case,
    lock_decision,
    required_text,
)
from conduct.duty.effects import (
    DECISION_CLOCKS,
    REPRESENTATIONS,
    REVIEW,
    WRITTEN_CONFIRMATION,
    end_decision,
    on_timeline,
    put_in_force,
    write_notice,
)
from conduct.duty.terms import DecisionTerms, as_fields, check_terms, describe_amendments
from conduct.models import Approval, DecisionState, DutyDecision, DutyKind, Outcome, Stage
from notifications import inbox

__all__ = [  # what callers use, re-exported names included (duty.REVIEW, duty.DutyRefused)
    "DECISION_CLOCKS",
    "REPRESENTATIONS",
    "REVIEW",
    "WRITTEN_CONFIRMATION",
    "DecisionTerms",
    "DutyRefused",
    "IopcConsultation",
    "approve",
    "confirm_in_writing",
    "on_case_closed",
    "on_transition",
    "propose",
    "reject",
    "suspend_urgently",
]


# Propose, approve, reject -----------------------------------------------------------------
@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def propose(*, user, subject, terms: DecisionTerms) -> DutyDecision:
    """An investigator of the case team proposes a decision for an appropriate authority."""
    case = lock_case(subject.case)
    if not conduct_permissions.can_propose_duty(user, case):
        raise DutyRefused("Only the case's investigators propose duty decisions.")
    check_proceedings_live(subject)
    terms = check_terms(terms, subject)
    if DutyDecision.objects.active().filter(subject=subject, kind=terms.kind).exists():
        raise DutyRefused(
            f"{subject.person.full_name} is already under this decision on this case: review it instead.",
            field="kind",
        )
    if DutyDecision.objects.proposed().filter(subject=subject).exists():
        raise DutyRefused(
            f"A proposal for {subject.person.full_name} is already awaiting a decision. "
            "It must be decided before another is made."
        )
    decision = DutyDecision.objects.create(subject=subject, proposed_by=user, **as_fields(terms))
    decision.allegations.set(terms.allegations)
    on_timeline(decision, user, f"{decision.get_kind_display()} proposed", decision.reasons_summary)
    return decision


@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def approve(
    *,
    user,
    decision,
    reasons: str,
    effective_on,
    terms: DecisionTerms | None = None,
    consultation: IopcConsultation | None = None,
) -> DutyDecision:
    """The appropriate authority approves a proposal, as proposed or amended (`terms` differing
    from the proposal); it takes effect on `effective_on`. While the IOPC investigates, its
    consultation is recorded on the decision (refused without it)."""
    decision = lock_decision(decision)
    check_decider(user, decision)
    check_state(decision, DecisionState.PROPOSED, message="Only a proposal awaiting a decision can be approved.")
    reasons = required_text(reasons, "Give the reasons for your decision.", "reasons")
    subject = decision.subject
    for name, value in check_iopc_consultation(subject.case, consultation).fields().items():
        setattr(decision, name, value)
    check_effective_on(effective_on, subject.case)
    check_proceedings_live(subject)
    amendments = ""
    if terms is not None:
        terms = check_terms(terms, subject)
        amendments = describe_amendments(DecisionTerms.of(decision), terms)
        for name, value in as_fields(terms).items():
            setattr(decision, name, value)
        decision.allegations.set(terms.allegations)
    decision.amendments = amendments
    approval = Approval.AMENDED if amendments else Approval.APPROVED
    put_in_force(decision, user, approval=approval, reasons=reasons, effective_on=effective_on)
    _tell_proposer(decision, f"{decision.get_kind_display()} of {subject.person.full_name}: {approval.label.lower()}")
    return decision


@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def reject(*, user, decision, reasons: str, consultation: IopcConsultation | None = None) -> DutyDecision:
    """The appropriate authority rejects a proposal, with reasons (a reasoned decision too)."""
    decision = lock_decision(decision)
    check_decider(user, decision)
    check_state(decision, DecisionState.PROPOSED, message="Only a proposal awaiting a decision can be rejected.")
    reasons = required_text(reasons, "Give the reasons for rejecting the proposal.", "reasons")
    for name, value in check_iopc_consultation(decision.subject.case, consultation).fields().items():
        setattr(decision, name, value)
    decision.state, decision.approval = DecisionState.REJECTED, Approval.REJECTED
    decision.decided_by, decision.decided_at, decision.decision_reasons = user, timezone.now(), reasons
    decision.save()
    on_timeline(decision, user, f"Proposed {decision.get_kind_display().lower()} rejected", reasons)
    _tell_proposer(
        decision, f"Proposed {decision.get_kind_display().lower()} of {decision.subject.person.full_name}: rejected"
    )
    return decision


# Urgent oral suspension -------------------------------------------------------------------
@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def suspend_urgently(
    *, user, subject, terms: DecisionTerms, reasons: str, told_on, consultation: IopcConsultation | None = None
) -> DutyDecision:
    """An appropriate authority suspends at once and tells the officer orally on `told_on`; the
    written confirmation falls due within the `suspension_written_confirmation` clock."""
    case = lock_case(subject.case)
    if not conduct_permissions.can_decide_duty(user, case):
        raise DutyRefused("Only an appropriate authority or the head of PSD may suspend urgently.")
    check_proceedings_live(subject)
    terms = check_terms(replace(terms, kind=DutyKind.SUSPEND), subject)
    reasons = required_text(reasons, "Say why the suspension could not wait for a written proposal.", "reasons")
    check_effective_on(told_on, case, field_name="told_on", latest=timezone.localdate())
    consulted = check_iopc_consultation(case, consultation)
    if DutyDecision.objects.active().filter(subject=subject, kind=DutyKind.SUSPEND).exists():
        raise DutyRefused(f"{subject.person.full_name} is already suspended on this case.")
    _lapse_proposal(subject, user, reason="Superseded by an urgent oral suspension.")
    decision = DutyDecision(subject=subject, proposed_by=None, **as_fields(terms), **consulted.fields())
    put_in_force(decision, user, approval=Approval.URGENT_ORAL, reasons=reasons, effective_on=told_on, new=terms)
    return decision


@figures.changes(figures.DUTY)  # the section figures after commit (casework.figures)
@transaction.atomic
def confirm_in_writing(*, user, decision):
    """Write the notice confirming an urgent oral suspension; it meets the written-confirmation
    clock and opens the representations window."""
    decision = lock_decision(decision)
    if not conduct_permissions.can_decide_duty(user, decision.subject.case):
        raise DutyRefused("Only an appropriate authority or the head of PSD confirms a suspension in writing.")
    check_state(decision, DecisionState.ACTIVE, message="Only a suspension in force can be confirmed.")
    if decision.approval != Approval.URGENT_ORAL or decision.notice_id:
        raise DutyRefused("This suspension has already been notified in writing.")
    letter = write_notice(decision, user)
    subject = decision.subject
    clocks.meet_clock(WRITTEN_CONFIRMATION, case=subject.case, person=subject.person, actor=user)
    on_timeline(decision, user, "Oral suspension confirmed in writing", decision.reasons_summary)
    return letter


# Automatic ending -------------------------------------------------------------------------
def on_transition(*, proceedings, action: str, user, label: str) -> None:
    """Called by conduct.cases.lifecycle.apply_transition, inside its transaction. A decision ends when
    the subject's proceedings conclude, or when it is decided there will be no misconduct
    proceedings (a referral to reflective practice); a proposal nobody decided lapses."""
    if proceedings.stage == Stage.CONCLUDED:
        why = f"{label}: proceedings concluded"
    elif action == "start_rprp":
        why = f"{label}: no misconduct proceedings"
    else:
        return
    _end_for_subjects([proceedings.subject], user, why, dismissed=proceedings.outcome == Outcome.DISMISSAL)


def on_case_closed(*, case, user, reason: str) -> None:
    """Called by conduct.cases.services.close_case, inside its transaction: nothing stays in force on a
    closed case."""
    subjects = list(case.subjects.select_related("person", "proceedings"))
    dismissed = {
        s.pk for s in subjects if getattr(s, "proceedings", None) and s.proceedings.outcome == Outcome.DISMISSAL
    }
    for subject in subjects:
        _end_for_subjects([subject], user, f"Case closed: {reason}", dismissed=subject.pk in dismissed)


def _end_for_subjects(subjects, user, why: str, *, dismissed: bool) -> None:
    today = timezone.localdate()
    for subject in subjects:
        _lapse_proposal(subject, user, reason=why)
        decision = (
            DutyDecision.objects.select_for_update(of=("self",))
            .select_related("subject__case", "subject__person", "decided_by")
            .filter(subject=subject, state=DecisionState.ACTIVE)
            .first()
        )
        if decision is None:
            continue
        end_decision(decision, user, on=max(today, decision.effective_on), reason=why, dismissed=dismissed)
        on_timeline(decision, user, f"{decision.get_kind_display()} ended automatically", why)


def _lapse_proposal(subject, user, *, reason: str) -> None:
    for proposal in DutyDecision.objects.select_for_update().filter(subject=subject, state=DecisionState.PROPOSED):
        proposal.state, proposal.end_reason = DecisionState.LAPSED, reason
        proposal.save(update_fields=["state", "end_reason"])
        on_timeline(proposal, user, f"Proposed {proposal.get_kind_display().lower()} lapsed", reason)


def _tell_proposer(decision, message: str) -> None:
    proposer = decision.proposed_by
    if proposer is None or not proposer.is_active:
        return
    inbox.notify(
        user=proposer,
        case=decision.subject.case,
        message=message,
        url=reverse("duty-decision", args=[decision.subject.case.reference, decision.pk]),
        idempotency_key=f"duty-decided:{decision.pk}",
    )
