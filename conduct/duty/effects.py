"""What a duty decision does when it takes effect and when it ends: it replaces the decision in
force, moves the person's duty-status timeline, starts or closes its clocks (conduct.cases.clocks),
writes the officer's notice to the outbox and goes on the case timeline. Called inside the
transaction of a workflow (conduct.duty.services, conduct.duty.reviews) that has already
locked and checked everything."""

from django.utils import timezone

from casework import services as casework_services
from casework.models import DutyStatus, DutyStatusEntry
from casework.models.cases import EventKind
from conduct.cases import clocks
from conduct.duty.models import STATUS_FOR_KIND
from conduct.duty.terms import DecisionTerms
from conduct.models import Approval, DecisionState, DutyDecision, DutyKind
from notifications import outbox
from notifications.models import LetterKind

# The clock a decision meets (conduct.duty.risk): the decision due for someone at risk.
DUTY_DECISION_DUE = "duty_decision_due"
# The clocks a decision keeps (conduct.cases.clocks rule codes).
WRITTEN_CONFIRMATION = "suspension_written_confirmation"
REPRESENTATIONS = "suspension_representations"
REVIEW = "suspension_review"
DECISION_CLOCKS = (REVIEW, REPRESENTATIONS, WRITTEN_CONFIRMATION)

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


# Taking effect and ending -----------------------------------------------------------------
def put_in_force(decision, user, *, approval, reasons, effective_on, new: DecisionTerms | None = None) -> None:
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
        close_clocks(current, user, reason=f"Replaced by {decision.get_kind_display().lower()}")
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
    set_status(decision, user)
    subject = decision.subject
    # Any reasoned decision that takes effect, "full duties, because..." included, is the duty
    # decision the risk clock waited for (conduct.duty.risk).
    clocks.meet_clock(DUTY_DECISION_DUE, case=subject.case, person=subject.person, actor=user)
    if decision.is_imposing:
        decision.next_review_on = start_review_clock(decision, user, starts_on=effective_on)
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
            write_notice(decision, user)
    summary = {
        Approval.APPROVED: "approved",
        Approval.AMENDED: "approved with amendments",
        Approval.URGENT_ORAL: "decided urgently and told orally",
        Approval.ON_REVIEW: "decided on review",
    }[approval]
    detail = reasons + (f"\n\nAmended: {decision.amendments}" if decision.amendments else "")
    on_timeline(decision, user, f"{decision.get_kind_display()} {summary}, from {effective_on:%d %B %Y}", detail)


def end_decision(decision, user, *, on, reason: str, dismissed: bool = False) -> None:
    close_clocks(decision, user, reason=reason)
    decision.state, decision.ends_on, decision.end_reason, decision.ended_by = (
        DecisionState.ENDED,
        max(on, decision.effective_on),
        reason,
        user,
    )
    decision.save()
    restore_status(decision, user, on=decision.ends_on, reason=reason, dismissed=dismissed)


def close_clocks(decision, user, *, reason: str) -> None:
    subject = decision.subject
    for code in DECISION_CLOCKS:
        clocks.stop_clock(code, case=subject.case, person=subject.person, actor=user, reason=reason[:500])


def start_review_clock(decision, user, *, starts_on):
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
def latest_status(person):
    return (
        DutyStatusEntry.objects.filter(person=person)
        .order_by("-starts_on", "-id")
        .values_list("status", flat=True)
        .first()
    )


def latest_period(person):
    """(status, public_facing) of the person's latest period, or None."""
    return (
        DutyStatusEntry.objects.filter(person=person)
        .order_by("-starts_on", "-id")
        .values_list("status", "public_facing")
        .first()
    )


def set_status(decision, user, *, starts_on=None) -> None:
    """The person's timeline follows the decision (its status, and whether the role faces the
    public), unless they already have both."""
    subject = decision.subject
    if latest_period(subject.person) == (decision.duty_status, decision.public_facing):
        return
    casework_services.change_duty_status(
        user=user,
        person=subject.person,
        status=decision.duty_status,
        public_facing=decision.public_facing,
        starts_on=starts_on or decision.effective_on,
        reason=f"{decision.get_kind_display()} ({subject.case.reference}): {decision.decision_reasons}"[:2000],
        case=subject.case,
    )


def restore_status(decision, user, *, on, reason: str, dismissed: bool) -> None:
    """Return the person to duty as decided: the most protective of their other decisions still in
    force; else full duties; a dismissed officer has left the force. A status someone else has
    set since (left the force, another case's decision) is left alone."""
    person = decision.subject.person
    if decision.kind == DutyKind.FULL_DUTIES or latest_status(person) != decision.duty_status:
        return
    others = (
        DutyDecision.objects.active()
        .filter(subject__person=person, effective_on__lte=on)
        .exclude(pk=decision.pk)
        .values_list("kind", "public_facing")
    )
    # Each status with its role's answer (the less exposed one if two decisions share a status).
    statuses = {}
    for kind, public_facing in others:
        status = STATUS_FOR_KIND[DutyKind(kind)]
        statuses[status] = statuses.get(status, True) and public_facing
    if dismissed:
        target, why = DutyStatus.LEFT, "Dismissed without notice"
    else:
        target = next((s for s in PROTECTIVE_ORDER if s in statuses), DutyStatus.FULL)
        why = reason
    if target == decision.duty_status:
        return
    casework_services.change_duty_status(
        user=user,
        person=person,
        status=target,
        public_facing=statuses.get(target),
        starts_on=on,
        reason=why[:2000],
        case=decision.subject.case,
    )


# Letters ----------------------------------------------------------------------------------
def write_notice(decision, user):
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


# The case timeline ---------------------------------------------------------------------------
def on_timeline(decision, user, summary: str, detail: str = "") -> None:
    subject = decision.subject
    casework_services.record_event(
        subject.case,
        kind=EventKind.DUTY_STATUS,
        actor=user,
        person=subject.person,
        summary=f"{subject.person.full_name}: {summary}",
        detail=detail,
    )
