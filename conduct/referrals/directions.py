"""The IOPC's directions and recommendations on a referred matter, and the force's responses
(docs/rules.md, "IOPC directions and recommendations"), and the IOPC's place in duty decisions
while it investigates (the `iopc_consultation_needed` hook's receiver).

Each workflow takes the acting user, runs in one transaction, locks the case row first and raises
`ReferralRefused` (nothing written) with a message for the user. A recommendation's response is
timed by the clock rule `iopc_recommendation_response` (PRA 2002 Sch 3 para 28B(2)); a direction
by the date the IOPC set, if it set one; a note on the mode decision asks for no response.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from casework import calendar
from casework import deadlines as casework_deadlines
from casework import services as casework_services
from casework.models.cases import CaseStatus, EventKind
from conduct import permissions as conduct_permissions
from conduct.cases import clocks
from conduct.models import (
    DirectionKind,
    DirectionResponse,
    IopcDecision,
    IopcDirection,
    Referral,
    ReferralState,
)
from conduct.referrals.services import ReferralRefused

RECOMMENDATION_RESPONSE = "iopc_recommendation_response"  # clock rule (migration 0012)
DIRECTION_RESPONSE = "iopc_direction_response"  # no rule: the date the IOPC set
# What the force may answer to each kind.
RESPONSES = {
    DirectionKind.RECOMMENDATION: (DirectionResponse.ACCEPTED, DirectionResponse.NOT_ACCEPTED),
    DirectionKind.DIRECTION: (DirectionResponse.COMPLIED, DirectionResponse.NOT_ACCEPTED),
}
# The IOPC investigates (DOMAIN.md, "Suspension": it is consulted on suspension and its review).
IOPC_INVESTIGATES = (IopcDecision.INDEPENDENT, IopcDecision.DIRECTED)
MODE_WORDS = {
    IopcDecision.INDEPENDENT: "an independent investigation",
    IopcDecision.DIRECTED: "a directed investigation",
}


def _day(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _text(value, message, field) -> str:
    value = (value or "").strip()
    if not value:
        raise ReferralRefused(message, field)
    return value


def _check_day(day, field, *, not_before, what) -> None:
    if day is None:
        raise ReferralRefused("Enter the date.", field)
    if day > timezone.localdate():
        raise ReferralRefused("The date cannot be in the future.", field)
    if day < not_before:
        raise ReferralRefused(f"The date cannot be before {what} ({_day(not_before)}).", field)


def _timeline(case, user, summary, detail) -> None:
    casework_services.record_event(case, kind=EventKind.IOPC_DIRECTION, actor=user, summary=summary, detail=detail)


def _start_response_clock(direction, user, *, due_on):
    """The response clock, one per direction (its scope), on the shared reminder ladder."""
    case = direction.referral.case
    common = {
        "case": case,
        "owner": clocks.owner_for(case, user),
        "actor": user,
        "scope": f"iopc-direction:{direction.pk}",
        "about": f"IOPC {direction.get_kind_display().lower()} of {_day(direction.given_on)}",
    }
    if direction.kind == DirectionKind.RECOMMENDATION:
        rule = clocks.rule_for(RECOMMENDATION_RESPONSE)
        if not rule.active:
            return None, ""
        # "56 days beginning with the day on which the recommendation was made": the day it was
        # made is day 1, so the clock counts from the day before.
        starts_on = direction.given_on - timedelta(days=1)
        return casework_deadlines.start_deadline(
            kind=rule.code,
            label=rule.name,
            starts_on=starts_on,
            due_on=clocks.compute_due(rule.amount, rule.unit, starts_on),
            source_rule=rule.snapshot(),
            **common,
        ), rule.source
    if due_on is None:
        return None, ""
    source = "The date the IOPC set in its direction (PRA 2002 Sch 3: the force must comply with a direction)."
    return casework_deadlines.start_deadline(
        kind=DIRECTION_RESPONSE,
        label="Response to an IOPC direction",
        starts_on=min(direction.given_on, due_on),
        due_on=due_on,
        source_rule={"code": DIRECTION_RESPONSE, "source": source, "status": "confirmed"},
        **common,
    ), source


@transaction.atomic
def record_direction(*, user, referral, kind, given_on, text, respondent="", due_on=None) -> IopcDirection:
    """Record what the IOPC gave on a referred matter; start its response clock."""
    case = casework_services.lock_case(referral.case_id, refused=ReferralRefused)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not conduct_permissions.can_record_referral(user, case):
        raise ReferralRefused("Only the case team records what the IOPC gave.")
    if referral.state not in (ReferralState.REFERRED, ReferralState.DECIDED):
        raise ReferralRefused("Directions and recommendations are recorded on a referral that has been made.")
    if kind not in DirectionKind.values:
        raise ReferralRefused("Choose what the IOPC gave.", "kind")
    text = _text(text, "Enter what the IOPC said.", "text")
    _check_day(given_on, "given_on", not_before=calendar.local_date(referral.referred_at), what="the referral")
    if kind == DirectionKind.DIRECTION and due_on is not None and due_on < given_on:
        raise ReferralRefused("The response date cannot be before the direction.", "due_on")
    respondent = (respondent or "").strip()
    if kind in RESPONSES and not respondent:
        raise ReferralRefused("Say who must respond.", "respondent")
    direction = IopcDirection.objects.create(
        referral=referral, kind=kind, given_on=given_on, text=text, respondent=respondent, recorded_by=user
    )
    if kind in RESPONSES:
        deadline, source = _start_response_clock(direction, user, due_on=due_on)
        direction.deadline, direction.source = deadline, source
        direction.response_due_on = deadline.due_on if deadline else None
        direction.save(update_fields=["deadline", "source", "response_due_on"])
    due = f"; response due {_day(direction.response_due_on)}" if direction.response_due_on else ""
    _timeline(case, user, f"IOPC {direction.get_kind_display().lower()} recorded (given {_day(given_on)}{due})", text)
    return direction


@transaction.atomic
def record_response(*, user, direction, response, reasons, action_taken="", responded_on=None) -> IopcDirection:
    """The force's answer: accepted or not (a direction complied with or not), with reasons and the
    action taken. Meets the response clock."""
    responded_on = responded_on or timezone.localdate()
    case = casework_services.lock_case(direction.referral.case_id, refused=ReferralRefused)
    direction = IopcDirection.objects.select_for_update().get(pk=direction.pk)
    if not conduct_permissions.can_respond_to_iopc(user, case):
        raise ReferralRefused("Only the case team or an appropriate authority records the response.")
    if not direction.is_open:
        raise ReferralRefused("This has no response outstanding.")
    if response not in RESPONSES[direction.kind]:
        raise ReferralRefused("Choose the response.", "response")
    reasons = _text(reasons, "Give the reasons for the response.", "response_reasons")
    _check_day(responded_on, "responded_on", not_before=direction.given_on, what="the IOPC gave it")
    direction.response, direction.response_reasons = response, reasons
    direction.action_taken, direction.responded_on = (action_taken or "").strip(), responded_on
    direction.response_recorded_by, direction.response_recorded_at = user, timezone.now()
    direction.save()
    if direction.deadline_id:
        casework_deadlines.meet_deadline(deadline=direction.deadline, actor=user, on=responded_on)
    late = " (late)" if direction.response_due_on and responded_on > direction.response_due_on else ""
    _timeline(
        case,
        user,
        f"Response to the IOPC {direction.get_kind_display().lower()} of {_day(direction.given_on)}: "
        f"{direction.get_response_display().lower()}{late}",
        f"{reasons}\n\n{direction.action_taken}".strip(),
    )
    return direction


# The hook's receiver (conduct/referrals/ready.py) -----------------------------------------
def consultation_needed(*, case) -> str | None:
    """While the IOPC investigates the case (independent or directed), the appropriate authority
    consults it on suspension and its review: the duty forms ask for the consultation."""
    decided = (
        Referral.objects.filter(case=case, state=ReferralState.DECIDED, decision__in=IOPC_INVESTIGATES)
        .order_by("-decided_on", "-id")
        .first()
    )
    if decided is None:
        return None
    return (
        f"The IOPC is investigating this case ({MODE_WORDS[decided.decision]}): record when you "
        "consulted the IOPC, whom, and its view."
    )


def visible_open(user):
    """Directions and recommendations awaiting the force's response on cases the user sees, the
    soonest due first (the list and its count: one query each)."""
    return (
        IopcDirection.objects.open()
        .visible_to(user)
        .filter(referral__case__status=CaseStatus.OPEN)
        .select_related("referral__case", "deadline")
        .order_by("response_due_on", "given_on", "id")
    )
