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

Representations, requests for review and reviews are in conduct.duty.reviews. Called from
elsewhere, a line each: `on_transition` (conduct.cases.lifecycle.apply_transition) and
`on_case_closed` (conduct.cases.services.close_case) end what is in force when the proceedings
conclude, when it is decided there will be no misconduct proceedings (RPRP), or when the case
closes.
"""

from dataclasses import dataclass, field, replace
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework import services as casework_services
from casework.models import Case, DutyStatus, DutyStatusEntry
from casework.models.cases import EventKind
from conduct import permissions as conduct_permissions
from conduct.cases import clocks
from conduct.duty.models import STATUS_FOR_KIND
from conduct.models import (
    Approval,
    DecisionState,
    DutyDecision,
    DutyKind,
    Outcome,
    Proceedings,
    Stage,
    SuspensionGround,
)
from notifications import inbox, outbox
from notifications.models import LetterKind

WRITTEN_CONFIRMATION = "suspension_written_confirmation"
REPRESENTATIONS = "suspension_representations"
REVIEW = "suspension_review"
DECISION_CLOCKS = (REVIEW, REPRESENTATIONS, WRITTEN_CONFIRMATION)

# A typing guard, not a legal number: a decision takes effect now, or soon.
LATEST_START_DAYS = 90

# Most protective first: when one decision ends, the person's status follows the most
# protective of their other decisions still in force (on other cases).
PROTECTIVE_ORDER = [
    DutyStatus.SUSPENDED,
    DutyStatus.NON_PUBLIC_FACING,
    DutyStatus.REDEPLOYED,
    DutyStatus.RESTRICTED,
    DutyStatus.FULL,
]
# How the officer's notice names each alternative ("you are moved to ...").
RESTRICTION_WORDS = {
    DutyKind.RESTRICT: "restricted duties",
    DutyKind.NON_PUBLIC_FACING: "a non-public-facing role",
    DutyKind.REDEPLOY: "redeployment to other duties or another location",
}
TERM_LABELS = {
    "kind": "What is decided",
    "allegations": "Allegations it rests on",
    "redeployment_considered_reason": "Why redeployment is not appropriate",
    "ground": "Ground",
    "ground_reasoning": "Reasoning for the ground",
    "rationale": "Why it is enough",
    "conditions": "Conditions",
}


class DutyRefused(Exception):
    """The decision is not allowed; the message says why. `field` names the form field, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


@dataclass
class DecisionTerms:
    """What is decided and why: a proposal, an amendment, or the conditions a review records."""

    kind: str
    allegations: list = field(default_factory=list)
    redeployment_considered_reason: str = ""
    ground: str = ""
    ground_reasoning: str = ""
    rationale: str = ""
    conditions: str = ""

    def cleaned(self) -> "DecisionTerms":
        """Trimmed, and only the reasoning that belongs to the kind (reg 11 for a suspension, the
        rationale for the rest), so the record never carries reasons for something not decided."""
        # Browsers send line breaks as CRLF: normalised, so resubmitting unchanged text is no amendment.
        text = {
            name: (getattr(self, name) or "").replace("\r\n", "\n").strip()
            for name in ("redeployment_considered_reason", "ground", "ground_reasoning", "rationale", "conditions")
        }
        if self.kind == DutyKind.SUSPEND:
            text["rationale"] = ""
        else:
            text.update(redeployment_considered_reason="", ground="", ground_reasoning="")
        return replace(self, **text)

    @classmethod
    def of(cls, decision: DutyDecision) -> "DecisionTerms":
        return cls(
            kind=decision.kind,
            allegations=list(decision.allegations.all()),
            redeployment_considered_reason=decision.redeployment_considered_reason,
            ground=decision.ground,
            ground_reasoning=decision.ground_reasoning,
            rationale=decision.rationale,
            conditions=decision.conditions,
        )


# Checks -----------------------------------------------------------------------------------
def _check_reasoning(terms: DecisionTerms) -> None:
    if terms.kind not in DutyKind.values:
        raise DutyRefused("Choose what is decided.", field="kind")
    if terms.kind == DutyKind.SUSPEND:
        if not terms.redeployment_considered_reason:
            raise DutyRefused(
                "Say why temporary redeployment to alternative duties or another location is not appropriate "
                "(reg 11: a suspension is lawful only if it was considered and ruled out).",
                field="redeployment_considered_reason",
            )
        if terms.ground not in SuspensionGround.values:
            raise DutyRefused(
                "Choose the ground for suspension: the investigation may be prejudiced, or the public interest "
                "requires it (reg 11).",
                field="ground",
            )
        if not terms.ground_reasoning:
            raise DutyRefused("Give the reasoning for the ground on the facts of this case.", field="ground_reasoning")
    elif not terms.rationale:
        message = (
            "Say why the officer can stay on full duties."
            if terms.kind == DutyKind.FULL_DUTIES
            else "Say why this is enough, instead of suspension."
        )
        raise DutyRefused(message, field="rationale")


def _check_terms(terms: DecisionTerms, subject) -> DecisionTerms:
    terms = terms.cleaned()
    _check_reasoning(terms)
    if not terms.allegations:
        raise DutyRefused("Choose the allegation or allegations the decision rests on.", field="allegations")
    if any(a.subject_id != subject.pk for a in terms.allegations):
        raise DutyRefused("Choose allegations against this subject only.", field="allegations")
    return terms


def _required(text: str, message: str, field_name: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DutyRefused(message, field=field_name)
    return text


def _lock_case(case) -> Case:
    return casework_services.lock_case(
        case, refused=DutyRefused, closed_message="Case {reference} is closed: no duty decision can be taken on it."
    )


def _lock_decision(decision) -> DutyDecision:
    """The case (locked, open) first, then the decision: the order every workflow takes."""
    _lock_case(decision.subject.case)
    return (
        DutyDecision.objects.select_for_update(of=("self",))
        .select_related("subject__case__team", "subject__person", "proposed_by", "decided_by")
        .get(pk=decision.pk)
    )


def _check_proceedings_live(subject) -> None:
    stage = Proceedings.objects.filter(subject=subject).values_list("stage", flat=True).first()
    if stage == Stage.CONCLUDED:
        raise DutyRefused(f"{subject.person.full_name}'s proceedings have concluded: there is nothing left to decide.")


def _check_decider(user, decision) -> None:
    if not conduct_permissions.can_decide_duty(user, decision.subject.case):
        raise DutyRefused("Only an appropriate authority or the head of PSD decides suspensions and restrictions.")
    if decision.proposed_by_id == user.pk:
        raise DutyRefused("You proposed this decision. Another appropriate authority must decide it.")


def _check_effective_on(effective_on, case, *, field_name="effective_on", latest=None) -> None:
    if effective_on is None:
        raise DutyRefused("Enter the date it takes effect.", field=field_name)
    if effective_on < case.received_on:
        raise DutyRefused(
            f"The date cannot be before the case was received ({case.received_on:%d/%m/%Y}).", field=field_name
        )
    latest = latest or timezone.localdate() + timedelta(days=LATEST_START_DAYS)
    if effective_on > latest:
        raise DutyRefused(f"The date cannot be after {latest:%d/%m/%Y}.", field=field_name)


def _check_state(decision, *states, message) -> None:
    if decision.state not in states:
        raise DutyRefused(f"{message} It is {decision.get_state_display().lower()}.")


# Propose, approve, reject -----------------------------------------------------------------
@transaction.atomic
def propose(*, user, subject, terms: DecisionTerms) -> DutyDecision:
    """An investigator of the case team proposes a decision for an appropriate authority."""
    case = _lock_case(subject.case)
    if not conduct_permissions.can_propose_duty(user, case):
        raise DutyRefused("Only the case's investigators propose duty decisions.")
    _check_proceedings_live(subject)
    terms = _check_terms(terms, subject)
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
    decision = DutyDecision.objects.create(subject=subject, proposed_by=user, **_fields(terms))
    decision.allegations.set(terms.allegations)
    _on_timeline(decision, user, f"{decision.get_kind_display()} proposed", decision.reasons_summary)
    return decision


@transaction.atomic
def approve(*, user, decision, reasons: str, effective_on, terms: DecisionTerms | None = None) -> DutyDecision:
    """The appropriate authority approves a proposal, as proposed or amended (`terms` differing
    from the proposal); it takes effect on `effective_on`."""
    decision = _lock_decision(decision)
    _check_decider(user, decision)
    _check_state(decision, DecisionState.PROPOSED, message="Only a proposal awaiting a decision can be approved.")
    reasons = _required(reasons, "Give the reasons for your decision.", "reasons")
    subject = decision.subject
    _check_effective_on(effective_on, subject.case)
    _check_proceedings_live(subject)
    amendments = ""
    if terms is not None:
        terms = _check_terms(terms, subject)
        amendments = _differences(DecisionTerms.of(decision), terms)
        for name, value in _fields(terms).items():
            setattr(decision, name, value)
        decision.allegations.set(terms.allegations)
    decision.amendments = amendments
    approval = Approval.AMENDED if amendments else Approval.APPROVED
    _activate(decision, user, approval=approval, reasons=reasons, effective_on=effective_on)
    _tell_proposer(decision, f"{decision.get_kind_display()} of {subject.person.full_name}: {approval.label.lower()}")
    return decision


@transaction.atomic
def reject(*, user, decision, reasons: str) -> DutyDecision:
    """The appropriate authority rejects a proposal, with reasons (a reasoned decision too)."""
    decision = _lock_decision(decision)
    _check_decider(user, decision)
    _check_state(decision, DecisionState.PROPOSED, message="Only a proposal awaiting a decision can be rejected.")
    reasons = _required(reasons, "Give the reasons for rejecting the proposal.", "reasons")
    decision.state, decision.approval = DecisionState.REJECTED, Approval.REJECTED
    decision.decided_by, decision.decided_at, decision.decision_reasons = user, timezone.now(), reasons
    decision.save()
    _on_timeline(decision, user, f"Proposed {decision.get_kind_display().lower()} rejected", reasons)
    _tell_proposer(
        decision, f"Proposed {decision.get_kind_display().lower()} of {decision.subject.person.full_name}: rejected"
    )
    return decision


# Urgent oral suspension -------------------------------------------------------------------
@transaction.atomic
def suspend_urgently(*, user, subject, terms: DecisionTerms, reasons: str, told_on) -> DutyDecision:
    """An appropriate authority suspends at once and tells the officer orally on `told_on`; the
    written confirmation falls due within the `suspension_written_confirmation` clock."""
    case = _lock_case(subject.case)
    if not conduct_permissions.can_decide_duty(user, case):
        raise DutyRefused("Only an appropriate authority or the head of PSD may suspend urgently.")
    _check_proceedings_live(subject)
    terms = _check_terms(replace(terms, kind=DutyKind.SUSPEND), subject)
    reasons = _required(reasons, "Say why the suspension could not wait for a written proposal.", "reasons")
    _check_effective_on(told_on, case, field_name="told_on", latest=timezone.localdate())
    if DutyDecision.objects.active().filter(subject=subject, kind=DutyKind.SUSPEND).exists():
        raise DutyRefused(f"{subject.person.full_name} is already suspended on this case.")
    _lapse_proposal(subject, user, reason="Superseded by an urgent oral suspension.")
    decision = DutyDecision(subject=subject, proposed_by=None, **_fields(terms))
    _activate(decision, user, approval=Approval.URGENT_ORAL, reasons=reasons, effective_on=told_on, new=terms)
    return decision


@transaction.atomic
def confirm_in_writing(*, user, decision):
    """Write the notice confirming an urgent oral suspension; it meets the written-confirmation
    clock and opens the representations window."""
    decision = _lock_decision(decision)
    if not conduct_permissions.can_decide_duty(user, decision.subject.case):
        raise DutyRefused("Only an appropriate authority or the head of PSD confirms a suspension in writing.")
    _check_state(decision, DecisionState.ACTIVE, message="Only a suspension in force can be confirmed.")
    if decision.approval != Approval.URGENT_ORAL or decision.notice_id:
        raise DutyRefused("This suspension has already been notified in writing.")
    letter = _write_notice(decision, user)
    subject = decision.subject
    clocks.meet_clock(WRITTEN_CONFIRMATION, case=subject.case, person=subject.person, actor=user)
    _on_timeline(decision, user, "Oral suspension confirmed in writing", decision.reasons_summary)
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
        _end(decision, user, on=max(today, decision.effective_on), reason=why, dismissed=dismissed)
        _on_timeline(decision, user, f"{decision.get_kind_display()} ended automatically", why)


def _lapse_proposal(subject, user, *, reason: str) -> None:
    for proposal in DutyDecision.objects.select_for_update().filter(subject=subject, state=DecisionState.PROPOSED):
        proposal.state, proposal.end_reason = DecisionState.LAPSED, reason
        proposal.save(update_fields=["state", "end_reason"])
        _on_timeline(proposal, user, f"Proposed {proposal.get_kind_display().lower()} lapsed", reason)


# Taking effect and ending -----------------------------------------------------------------
def _activate(decision, user, *, approval, reasons, effective_on, new: DecisionTerms | None = None) -> None:
    """Put a decision in force: it replaces the subject's decision in force, updates the duty
    status, starts its clocks and writes its notice (except an oral suspension, whose notice is
    the written confirmation that follows)."""
    current = (
        DutyDecision.objects.select_for_update(of=("self",))
        .filter(subject=decision.subject, state=DecisionState.ACTIVE)
        .exclude(pk=decision.pk)
        .first()
    )
    if current is not None:
        _close_clocks(current, user, reason=f"Replaced by {decision.get_kind_display().lower()}")
        current.state, current.ended_by = DecisionState.REPLACED, user
        current.ends_on = max(effective_on, current.effective_on)
        current.end_reason = f"Replaced by {decision.get_kind_display().lower()}: {reasons}"
        current.save()
    decision.state, decision.approval = DecisionState.ACTIVE, approval
    decision.decided_by, decision.decided_at, decision.decision_reasons = user, timezone.now(), reasons
    decision.effective_on = effective_on
    decision.save()
    if new is not None:
        decision.allegations.set(new.allegations)
    if current is not None:
        current.replaced_by = decision
        current.save(update_fields=["replaced_by"])
    _set_status(decision, user)
    subject = decision.subject
    if decision.is_imposing:
        decision.next_review_on = _start_review_clock(decision, user, starts_on=effective_on)
        decision.save(update_fields=["next_review_on"])
        if approval == Approval.URGENT_ORAL:
            clocks.start_clock(
                WRITTEN_CONFIRMATION,
                case=subject.case,
                person=subject.person,
                owner=user,  # the authority who told the officer confirms it
                starts_on=effective_on,
                actor=user,
            )
        else:
            _write_notice(decision, user)
    summary = {
        Approval.APPROVED: "approved",
        Approval.AMENDED: "approved with amendments",
        Approval.URGENT_ORAL: "decided urgently and told orally",
        Approval.ON_REVIEW: "decided on review",
    }[approval]
    detail = reasons + (f"\n\nAmended: {decision.amendments}" if decision.amendments else "")
    _on_timeline(decision, user, f"{decision.get_kind_display()} {summary}, from {effective_on:%d %B %Y}", detail)


def _end(decision, user, *, on, reason: str, dismissed: bool = False) -> None:
    _close_clocks(decision, user, reason=reason)
    decision.state, decision.ends_on, decision.end_reason, decision.ended_by = (
        DecisionState.ENDED,
        max(on, decision.effective_on),
        reason,
        user,
    )
    decision.save()
    _restore_status(decision, user, on=decision.ends_on, reason=reason, dismissed=dismissed)


def _close_clocks(decision, user, *, reason: str) -> None:
    subject = decision.subject
    for code in DECISION_CLOCKS:
        clocks.stop_clock(code, case=subject.case, person=subject.person, actor=user, reason=reason[:500])


def _start_review_clock(decision, user, *, starts_on):
    """The next review: the rule's interval from `starts_on` (4 weeks by default, rule data)."""
    subject = decision.subject
    deadline = clocks.start_clock(
        REVIEW,
        case=subject.case,
        person=subject.person,
        owner=clocks.owner_for(subject.case, user),
        starts_on=starts_on,
        actor=user,
    )
    return deadline.due_on if deadline is not None else clocks.due_for(REVIEW, starts_on)


# Duty status ------------------------------------------------------------------------------
def _latest_status(person):
    return (
        DutyStatusEntry.objects.filter(person=person)
        .order_by("-starts_on", "-id")
        .values_list("status", flat=True)
        .first()
    )


def _set_status(decision, user) -> None:
    """The person's timeline follows the decision, unless they already have that status."""
    subject = decision.subject
    if _latest_status(subject.person) == decision.duty_status:
        return
    casework_services.change_duty_status(
        user=user,
        person=subject.person,
        status=decision.duty_status,
        starts_on=decision.effective_on,
        reason=f"{decision.get_kind_display()} ({subject.case.reference}): {decision.decision_reasons}"[:2000],
        case=subject.case,
    )


def _restore_status(decision, user, *, on, reason: str, dismissed: bool) -> None:
    """Return the person to duty as decided: the most protective of their other decisions still in
    force; else full duties; a dismissed officer has left the force. A status someone else has
    set since (left the force, another case's decision) is left alone."""
    person = decision.subject.person
    if decision.kind == DutyKind.FULL_DUTIES or _latest_status(person) != decision.duty_status:
        return
    others = (
        DutyDecision.objects.active()
        .filter(subject__person=person, effective_on__lte=on)
        .exclude(pk=decision.pk)
        .values_list("kind", flat=True)
    )
    statuses = {STATUS_FOR_KIND[DutyKind(k)] for k in others}
    if dismissed:
        target, why = DutyStatus.LEFT, "Dismissed without notice"
    else:
        target = next((s for s in PROTECTIVE_ORDER if s in statuses), DutyStatus.FULL)
        why = reason
    if target == decision.duty_status:
        return
    casework_services.change_duty_status(
        user=user, person=person, status=target, starts_on=on, reason=why[:2000], case=decision.subject.case
    )


# Letters ----------------------------------------------------------------------------------
def _write_notice(decision, user):
    """The written notice (reg 11) with its representations window; approved by the authority
    whose decision it carries out, so it is queued at once."""
    subject = decision.subject
    case, person = subject.case, subject.person
    today = timezone.localdate()
    window = clocks.start_clock(
        REPRESENTATIONS, case=case, person=person, owner=clocks.owner_for(case, user), starts_on=today, actor=user
    )
    extra = {
        "reasons": decision.reasons_summary,
        "conditions": decision.conditions,
        "effective_on": decision.effective_on,
        "review_by": decision.next_review_on,
        "response_due_on": window.due_on if window else clocks.due_for(REPRESENTATIONS, today),
    }
    if decision.is_suspension:
        kind = LetterKind.SUSPENSION_NOTICE
    else:
        kind = LetterKind.RESTRICTION_NOTICE
        extra["restriction"] = RESTRICTION_WORDS[DutyKind(decision.kind)]
    letter = outbox.compose_to_person(
        kind=kind,
        case=case,
        person=person,
        sender=user,
        idempotency_key=f"duty-notice:{decision.pk}",
        actor=user,
        extra=extra,
        approved_by=decision.decided_by,
    )
    decision.notice = letter
    decision.save(update_fields=["notice"])
    return letter


# Helpers ----------------------------------------------------------------------------------
def _fields(terms: DecisionTerms) -> dict:
    return {
        "kind": terms.kind,
        "redeployment_considered_reason": terms.redeployment_considered_reason,
        "ground": terms.ground,
        "ground_reasoning": terms.ground_reasoning,
        "rationale": terms.rationale,
        "conditions": terms.conditions,
    }


def _differences(before: DecisionTerms, after: DecisionTerms) -> str:
    """What the decision-maker changed, in words, for the record and the timeline."""
    changed = []
    for name, label in TERM_LABELS.items():
        old, new = getattr(before, name), getattr(after, name)
        if name == "allegations":
            old, new = sorted(a.pk for a in old), sorted(a.pk for a in new)
        if old == new:
            continue
        if name == "kind":
            changed.append(f"{label}: {DutyKind(old).label} → {DutyKind(new).label}")
        elif name == "ground" and new:
            changed.append(f"{label}: {SuspensionGround(new).label}")
        else:
            changed.append(f"{label} changed")
    return "; ".join(changed)


def _on_timeline(decision, user, summary: str, detail: str = "") -> None:
    subject = decision.subject
    casework_services.record_event(
        subject.case,
        kind=EventKind.DUTY_STATUS,
        actor=user,
        person=subject.person,
        summary=f"{subject.person.full_name}: {summary}",
        detail=detail,
    )


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
