"""IOPC referrals: which mandatory criteria a case meets, and the workflows of a referral
(DOMAIN.md, "IOPC referrals"; docs/rules.md, "IOPC referrals").

The criteria themselves are evaluated in conduct.referrals.criteria (pure functions over plain
facts). `evaluate_case` runs whenever a case or allegation is recorded or changed (a line each
in conduct.cases.services and conduct.cases.changes): when criteria are newly met it records a required
referral with the moment it became clear, starts the `iopc_referral` clock (end of the next
calendar day) and puts it on the timeline.

The other workflows take the acting user, run in one transaction, lock the case row and then the
referral, and raise `ReferralRefused` (nothing written) with a message for the user.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import calendar, figures
from casework import deadlines as casework_deadlines
from casework import permissions as casework_permissions
from casework import services as casework_services
from casework.errors import Refused
from casework.models import Case, CaseLink, DeadlineState
from casework.models.cases import CaseStatus, EventKind, LinkKind
from conduct.cases import clocks, route_decisions
from conduct.models import (
    IopcDecision,
    NotRequiredProposal,
    ProposalOutcome,
    Referral,
    ReferralCriterion,
    ReferralKind,
    ReferralMethod,
    ReferralState,
)
from conduct.referrals.criteria import Match, Reason, active_rules, case_facts, criteria_met, grounds_text, uncovered

IOPC_REFERRAL = "iopc_referral"  # the clock rule (conduct/migrations/0006_seed_clock_rules.py)


class ReferralRefused(Refused):
    """The referral workflow is not allowed; the message says why. `field` names the form field."""


def when(moment) -> str:
    """A moment as people read a deadline: "11:59pm on Saturday 19 December 2026" (London time)."""
    local = moment.astimezone(calendar.LONDON)
    hour = local.hour % 12 or 12
    return f"{hour}:{local:%M}{'am' if local.hour < 12 else 'pm'} on {local:%A} {local.day} {local:%B %Y}"


# Evaluating a case ------------------------------------------------------------------------
@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def evaluate_case(case, actor) -> Referral | None:
    """Record what the case's facts now require: a new required referral (its clock started and
    on the timeline), or further criteria on the one already required. Returns the referral
    required, or None when nothing new is met. Same-incident cases are evaluated in turn."""
    return _evaluate(case, actor, seen=set())


def on_cases_linked(case, other, actor) -> None:
    """A link between two cases here: either may now be the same incident as a referred matter."""
    seen: set = set()
    for each in (case, other):
        if each.pk not in seen:
            _evaluate(each, actor, seen=seen)


def _evaluate(case, actor, *, seen: set) -> Referral | None:
    seen.add(case.pk)
    if case.status != CaseStatus.OPEN:
        return None
    matches = criteria_met(case_facts(case), active_rules())
    if not matches:
        return None
    referrals = list(Referral.objects.filter(case=case).prefetch_related("criteria", "allegations"))
    settled = [r for r in referrals if r.state != ReferralState.REQUIRED]
    new = uncovered(matches, *_coverage(settled))
    if not new:
        return None
    required = next((r for r in referrals if r.state == ReferralState.REQUIRED), None)
    if required is not None:
        return _add_criteria(required, uncovered(new, *_coverage([required])), actor)
    made_before = any(r.state in (ReferralState.REFERRED, ReferralState.DECIDED) for r in settled)
    referral = _require(case, ReferralKind.RE_REFERRAL if made_before else ReferralKind.MANDATORY, new, actor)
    for linked in _same_incident_cases(case):
        if linked.pk not in seen:
            _evaluate(linked, actor, seen=seen)
    return referral


def _coverage(referrals) -> tuple[set, set]:
    codes = {c.code for r in referrals for c in r.criteria.all()}
    allegation_ids = {a.pk for r in referrals for a in r.allegations.all()}
    return codes, allegation_ids


def _same_incident_cases(case):
    linked = CaseLink.objects.filter(case=case, kind=LinkKind.SAME_INCIDENT).values("linked_case_id")
    return Case.objects.filter(pk__in=linked, status=CaseStatus.OPEN).exclude(pk=case.pk).order_by("pk")


def _criteria_rows(matches):
    return list(ReferralCriterion.objects.filter(code__in=[m.code for m in matches]))


def _require(case, kind, matches, actor) -> Referral:
    """A referral newly required: its moment, its clock, and the timeline event."""
    now = timezone.now()
    deadline = clocks.start_clock(
        IOPC_REFERRAL,
        case=case,
        owner=clocks.owner_for(case, actor),
        starts_on=calendar.local_date(now),
        actor=actor,
    )
    # An administrator may have made the clock inactive; the law's deadline still stands.
    due_on = deadline.due_on if deadline else clocks.due_for(IOPC_REFERRAL, calendar.local_date(now))
    try:
        with transaction.atomic():  # a savepoint: a concurrent evaluation of the same case wins
            referral = Referral.objects.create(
                case=case,
                kind=kind,
                state=ReferralState.REQUIRED,
                grounds=grounds_text(matches),
                became_clear_at=now,
                due_on=due_on,
                due_at=calendar.end_of_day(due_on),
                deadline=deadline,
                recorded_by=actor,
                created_at=now,
            )
    except IntegrityError:
        required = Referral.objects.select_for_update().get(case=case, state=ReferralState.REQUIRED)
        return _add_criteria(required, matches, actor)
    referral.criteria.set(_criteria_rows(matches))
    referral.allegations.set(set().union(*(m.allegation_ids for m in matches)))
    fresh = " (new concerns after an earlier referral)" if kind == ReferralKind.RE_REFERRAL else ""
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        actor=actor,
        at=now,
        summary=f"Referral to the IOPC required by {when(referral.due_at)}{fresh}",
        detail=f"Became clear at {when(now)}.\n\n{referral.grounds}",
    )
    return referral


def _add_criteria(referral, matches, actor) -> Referral:
    """More on a referral already required: further criteria (on the timeline), or further
    allegations under its criteria (kept with it, so a later referral knows what it covered). A
    pending "not required" proposal was made without them, so it is withdrawn."""
    if not matches:
        return referral
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    known = set(referral.criteria.values_list("code", flat=True))
    referral.criteria.add(*_criteria_rows(matches))
    referral.allegations.add(*set().union(*(m.allegation_ids for m in matches)))
    added = grounds_text(matches)
    referral.grounds = f"{referral.grounds}\n{added}".strip()
    referral.save(update_fields=["grounds"])
    withdrawn = _withdraw_pending(referral, actor, "Further allegations or criteria were met after it was proposed.")
    if withdrawn or {m.code for m in matches} - known:
        casework_services.record_event(
            referral.case,
            kind=EventKind.NOTE,
            actor=actor,
            summary=f"Further IOPC referral criteria met; the referral is still due by {when(referral.due_at)}",
            detail=added + ("\n\nThe proposal that it is not required is withdrawn." if withdrawn else ""),
        )
    return referral


def _withdraw_pending(referral, actor, reason: str) -> int:
    return NotRequiredProposal.objects.filter(referral=referral, outcome=ProposalOutcome.PENDING).update(
        outcome=ProposalOutcome.WITHDRAWN, decided_by=actor, decided_at=timezone.now(), decision_reason=reason
    )


# Workflows --------------------------------------------------------------------------------
def _lock(referral) -> Referral:
    """The case row (refused when closed), then the referral row, locked for this transaction."""
    case = casework_services.lock_case(referral.case_id, refused=ReferralRefused)
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    locked.case = case
    return locked


def _must_be(referral, *states) -> None:
    if referral.state not in states:
        raise ReferralRefused(f"This referral is “{referral.get_state_display()}”: that cannot be done now.")


def _check_made(*, referred_at, method, what_referred, case) -> None:
    if referred_at is None:
        raise ReferralRefused("Enter the date and time the referral was made.", "referred_on")
    if referred_at > timezone.now():
        raise ReferralRefused("The referral must have been made now or in the past.", "referred_on")
    if calendar.local_date(referred_at) < case.received_on:
        raise ReferralRefused("The referral cannot have been made before the case was received.", "referred_on")
    if method not in ReferralMethod.values:
        raise ReferralRefused("Choose how the referral was made.", "method")
    if not what_referred:
        raise ReferralRefused("Say what was referred to the IOPC.", "what_referred")


@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def record_referral(*, user, referral, referred_at, method, what_referred, iopc_reference="") -> Referral:
    """The required referral was made: when, how, what, the IOPC's reference. Meets the clock on
    the day it was made; made after the deadline it is recorded as late."""
    what_referred, iopc_reference = (what_referred or "").strip(), (iopc_reference or "").strip()
    referral = _lock(referral)
    _must_be(referral, ReferralState.REQUIRED)
    _check_made(referred_at=referred_at, method=method, what_referred=what_referred, case=referral.case)
    referral.state, referral.referred_at, referral.referred_by = ReferralState.REFERRED, referred_at, user
    referral.method, referral.what_referred, referral.iopc_reference = method, what_referred, iopc_reference
    referral.on_time = referred_at <= referral.due_at
    referral.save()
    if referral.deadline_id:
        casework_deadlines.meet_deadline(
            deadline=referral.deadline, actor=user, on=calendar.local_date(referred_at)
        )  # already closed (the case's clocks stopped): changes nothing
    _withdraw_pending(referral, user, "The referral was made.")
    late = "" if referral.on_time else f" (late: it was due by {when(referral.due_at)})"
    casework_services.record_event(
        referral.case,
        kind=EventKind.NOTE,
        actor=user,
        summary=f"Referred to the IOPC at {when(referred_at)} by {ReferralMethod(method).label.lower()}{late}",
        detail=_made_detail(referral),
    )
    return referral


def _made_detail(referral) -> str:
    reference = f"\n\nIOPC reference: {referral.iopc_reference}" if referral.iopc_reference else ""
    return f"What was referred: {referral.what_referred}{reference}"


OTHER_KINDS = (ReferralKind.VOLUNTARY, ReferralKind.CALL_IN)


@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def record_other_referral(
    *, user, case, kind, reasons, referred_at, method, what_referred, iopc_reference=""
) -> Referral:
    """A voluntary referral, or a matter the IOPC called in, recorded as made (no legal clock)."""
    reasons, what_referred = (reasons or "").strip(), (what_referred or "").strip()
    iopc_reference = (iopc_reference or "").strip()
    if kind not in OTHER_KINDS:
        raise ReferralRefused("Choose a voluntary referral or a call-in by the IOPC.", "kind")
    if not reasons:
        raise ReferralRefused("Give the reasons for the referral.", "reasons")
    case = casework_services.lock_case(case, refused=ReferralRefused)
    _check_made(referred_at=referred_at, method=method, what_referred=what_referred, case=case)
    referral = Referral.objects.create(
        case=case,
        kind=kind,
        state=ReferralState.REFERRED,
        grounds=reasons,
        recorded_by=user,
        referred_at=referred_at,
        referred_by=user,
        method=method,
        what_referred=what_referred,
        iopc_reference=iopc_reference,
    )
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        actor=user,
        summary=f"{ReferralKind(kind).label} to the IOPC recorded, made at {when(referred_at)}",
        detail=f"{reasons}\n\n{_made_detail(referral)}",
    )
    return referral


@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def require_re_referral(*, user, case, concerns) -> Referral:
    """New concerns after a referral was made require a fresh one (DOMAIN.md): it is due by the
    end of the next day, like a mandatory referral, and recorded as made in the same way."""
    concerns = (concerns or "").strip()
    if not concerns:
        raise ReferralRefused("Describe the new concerns.", "concerns")
    case = casework_services.lock_case(case, refused=ReferralRefused)
    states = set(Referral.objects.filter(case=case).values_list("state", flat=True))
    if ReferralState.REQUIRED in states:
        raise ReferralRefused("A referral of this case is already required: record it as made first.")
    if not states & {ReferralState.REFERRED, ReferralState.DECIDED}:
        raise ReferralRefused("No referral of this case has been made yet: there is nothing to re-refer.")
    return _require(case, ReferralKind.RE_REFERRAL, [Match("new_concerns", "New concerns", (Reason(concerns),))], user)


@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def propose_not_required(*, user, referral, reasons) -> NotRequiredProposal:
    """The investigator's reasons why the criteria are not met after all. The referral stays
    required, and its clock running, until an appropriate authority approves."""
    reasons = (reasons or "").strip()
    if not reasons:
        raise ReferralRefused("Give the reasons why the referral is not required.", "reasons")
    referral = _lock(referral)
    _must_be(referral, ReferralState.REQUIRED)
    if referral.not_required_proposals.filter(outcome=ProposalOutcome.PENDING).exists():
        raise ReferralRefused("A proposal that this referral is not required is already awaiting a decision.")
    proposal = NotRequiredProposal.objects.create(referral=referral, reasons=reasons, proposed_by=user)
    casework_services.record_event(
        referral.case,
        kind=EventKind.NOTE,
        actor=user,
        summary="Proposed: referral to the IOPC not required after all (awaiting an appropriate authority)",
        detail=reasons,
    )
    return proposal


@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def decide_not_required(*, user, proposal, approve: bool, reason="") -> NotRequiredProposal:
    """An appropriate authority, never the proposal's author, approves it (the referral is not
    required; its clock stops with the reasons) or rejects it (the referral is still required)."""
    reason = (reason or "").strip()
    if not casework_permissions.can_decide(user):
        raise ReferralRefused("Only an appropriate authority can decide whether a referral is not required.")
    if not approve and not reason:
        raise ReferralRefused("Give the reasons for rejecting the proposal.", "reason")
    referral = _lock(proposal.referral)
    proposal = NotRequiredProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.outcome != ProposalOutcome.PENDING:
        raise ReferralRefused(f"This proposal has already been decided: {proposal.get_outcome_display().lower()}.")
    if proposal.proposed_by_id == user.pk:
        raise ReferralRefused("You made this proposal: another appropriate authority must decide it.")
    _must_be(referral, ReferralState.REQUIRED)
    proposal.outcome = ProposalOutcome.APPROVED if approve else ProposalOutcome.REJECTED
    proposal.decided_by, proposal.decided_at, proposal.decision_reason = user, timezone.now(), reason
    proposal.save(update_fields=["outcome", "decided_by", "decided_at", "decision_reason"])
    who = user.get_full_name() or user.username
    if approve:
        referral.state = ReferralState.NOT_REQUIRED
        referral.save(update_fields=["state"])
        if referral.deadline_id and referral.deadline.state == DeadlineState.OPEN:
            casework_deadlines.stop_deadline(
                deadline=referral.deadline,
                reason=f"Referral not required after all (approved by {who}): {proposal.reasons}",
                actor=user,
                on_timeline=False,
            )
    verdict = "approved" if approve else "rejected; the referral is still required"
    casework_services.record_event(
        referral.case,
        kind=EventKind.NOTE,
        actor=user,
        summary=f"Proposal that the IOPC referral is not required {verdict} by {who}",
        detail="\n\n".join(part for part in (f"Proposal: {proposal.reasons}", reason) if part),
    )
    return proposal


@figures.changes  # the section figures after commit (casework.figures)
@transaction.atomic
def record_iopc_decision(*, user, referral, decision, decided_on, notes="", iopc_reference="") -> Referral:
    """The IOPC's decision on the mode of investigation, with its date. An independent
    investigation makes the IOPC the investigating body of the case."""
    notes, iopc_reference = (notes or "").strip(), (iopc_reference or "").strip()
    if decision not in IopcDecision.values:
        raise ReferralRefused("Choose the IOPC's decision.", "decision")
    if decided_on is None:
        raise ReferralRefused("Enter the date of the IOPC's decision.", "decided_on")
    if decided_on > timezone.localdate():
        raise ReferralRefused("The date of the decision must be today or in the past.", "decided_on")
    referral = _lock(referral)
    _must_be(referral, ReferralState.REFERRED)
    if decided_on < calendar.local_date(referral.referred_at):
        raise ReferralRefused("The IOPC cannot have decided before the referral was made.", "decided_on")
    referral.state, referral.decision, referral.decided_on = ReferralState.DECIDED, decision, decided_on
    referral.decision_notes, referral.decision_recorded_by = notes, user
    referral.decision_recorded_at = timezone.now()
    referral.iopc_reference = iopc_reference or referral.iopc_reference
    referral.save()
    casework_services.record_event(
        referral.case,
        kind=EventKind.NOTE,
        actor=user,
        summary=f"IOPC decision ({decided_on.day} {decided_on:%B %Y}): {IopcDecision(decision).label}",
        detail="\n\n".join(part for part in (f"Investigating body: {referral.investigating_body}.", notes) if part),
    )
    # The IOPC decides the form of the investigation: the case's route follows (docs/rules.md, "Routes").
    route_decisions.iopc_decided_mode(
        user=user,
        case=referral.case,
        mode=decision,
        reason=f"The IOPC decided on {decided_on:%-d %B %Y}: {IopcDecision(decision).label}.",
    )
    return referral
