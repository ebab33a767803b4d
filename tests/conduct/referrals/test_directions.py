"""IOPC directions and recommendations (conduct.referrals.directions) and the IOPC's consultation
on duty decisions while it investigates (conduct.duty through the iopc_consultation_needed hook)."""

from datetime import date, datetime

import pytest

from casework.calendar import LONDON
from casework.models import Deadline, DeadlineState, TimelineEvent
from casework.models.cases import EventKind
from conduct.duty import reviews as duty_reviews
from conduct.duty import services as duty
from conduct.duty.checks import IopcConsultation
from conduct.duty.reviews import ReviewInput
from conduct.models import (
    DirectionKind,
    DirectionResponse,
    DutyDecision,
    DutyKind,
    IopcDecision,
    IopcDirection,
    ReferralKind,
    ReferralMethod,
    ReviewOutcome,
    ReviewTrigger,
    SuspensionGround,
)
from conduct.referrals import directions
from conduct.referrals import services as referrals
from conduct.referrals.services import ReferralRefused
from tests.factories import make_case

pytestmark = pytest.mark.django_db

THURSDAY_10_DEC = datetime(2026, 12, 10, 10, 0, tzinfo=LONDON)
CONSULTED = IopcConsultation(date(2026, 12, 10), "Lead investigator, IOPC", "The IOPC agrees with suspension.")


@pytest.fixture
def referral(personas, team, officer, time_machine):
    """A case received on Tuesday 8 December and referred voluntarily that morning; now the 10th."""
    time_machine.move_to(datetime(2026, 12, 8, 10, 0, tzinfo=LONDON), tick=False)
    case = make_case(personas.investigator, team, [officer])
    made = referrals.record_other_referral(
        user=personas.investigator,
        case=case,
        kind=ReferralKind.VOLUNTARY,
        reasons="Public confidence.",
        referred_at=datetime(2026, 12, 8, 9, 30, tzinfo=LONDON),
        method=ReferralMethod.PORTAL,
        what_referred="The allegation and the messages.",
    )
    time_machine.move_to(THURSDAY_10_DEC, tick=False)
    return made


def decide_mode(referral, user, mode):
    return referrals.record_iopc_decision(user=user, referral=referral, decision=mode, decided_on=date(2026, 12, 10))


# Directions and recommendations -------------------------------------------------------------
def test_a_recommendation_is_due_56_days_beginning_with_the_day_it_was_made(personas, referral):
    rec = directions.record_direction(
        user=personas.investigator,
        referral=referral,
        kind=DirectionKind.RECOMMENDATION,
        given_on=date(2026, 12, 10),
        text="Review the force's guidance on group chats.",
        respondent="The appropriate authority",
    )
    # 10 December is day 1, so day 56 is 3 February 2027 (PRA 2002 Sch 3 para 28B(2)).
    assert rec.response_due_on == date(2027, 2, 3) == rec.deadline.due_on
    assert "para 28B(2)" in rec.source and rec.deadline.scope == f"iopc-direction:{rec.pk}"
    assert rec.deadline.source_rule["amount"] == 56 and rec.is_open
    event = TimelineEvent.objects.get(case=referral.case, kind=EventKind.IOPC_DIRECTION)
    assert "response due 3 February 2027" in event.summary
    # A second recommendation has its own clock.
    second = directions.record_direction(
        user=personas.investigator,
        referral=referral,
        kind=DirectionKind.RECOMMENDATION,
        given_on=date(2026, 12, 9),
        text="Train the team.",
        respondent="The appropriate authority",
    )
    assert second.deadline != rec.deadline and second.response_due_on == date(2027, 2, 2)


def test_a_direction_takes_the_date_the_iopc_set_and_a_note_takes_no_response(personas, referral):
    direction = directions.record_direction(
        user=personas.investigator,
        referral=referral,
        kind=DirectionKind.DIRECTION,
        given_on=date(2026, 12, 10),
        text="Serve the reg 17 notice on the second officer.",
        respondent="The appropriate authority",
        due_on=date(2026, 12, 18),
    )
    assert direction.response_due_on == date(2026, 12, 18) and direction.deadline.kind == "iopc_direction_response"
    note = directions.record_direction(
        user=personas.investigator,
        referral=referral,
        kind=DirectionKind.MODE_NOTE,
        given_on=date(2026, 12, 10),
        text="Directed investigation: terms of reference attached.",
    )
    assert note.deadline is None and not note.is_open
    assert list(directions.visible_open(personas.investigator)) == [direction]
    assert list(directions.visible_open(personas.investigator_other_team)) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"text": " "}, "text", "what the IOPC said"),
        ({"respondent": ""}, "respondent", "who must respond"),
        ({"kind": "order"}, "kind", "Choose"),
        ({"given_on": date(2026, 12, 11)}, "given_on", "future"),
        ({"given_on": date(2026, 12, 7)}, "given_on", "before the referral"),
    ],
)
def test_recording_is_refused_and_nothing_is_written(personas, referral, changes, field, words):
    values = {
        "kind": DirectionKind.RECOMMENDATION,
        "given_on": date(2026, 12, 10),
        "text": "Review the guidance.",
        "respondent": "The appropriate authority",
    }
    values.update(changes)
    with pytest.raises(ReferralRefused, match=words) as refusal:
        directions.record_direction(user=personas.investigator, referral=referral, **values)
    assert refusal.value.field == field
    assert not IopcDirection.objects.exists() and not Deadline.objects.filter(scope__startswith="iopc").exists()


def test_only_the_case_team_records_what_the_iopc_gave(personas, referral):
    with pytest.raises(ReferralRefused, match="case team"):
        directions.record_direction(
            user=personas.investigator_other_team,
            referral=referral,
            kind=DirectionKind.MODE_NOTE,
            given_on=date(2026, 12, 10),
            text="x",
        )


def test_the_response_meets_the_clock_and_is_kept(personas, referral):
    rec = directions.record_direction(
        user=personas.investigator,
        referral=referral,
        kind=DirectionKind.RECOMMENDATION,
        given_on=date(2026, 12, 10),
        text="Review the guidance.",
        respondent="The appropriate authority",
    )
    with pytest.raises(ReferralRefused, match="Choose the response"):
        directions.record_response(user=personas.authority, direction=rec, response="complied", reasons="Done.")
    with pytest.raises(ReferralRefused) as refusal:
        directions.record_response(user=personas.authority, direction=rec, response="accepted", reasons=" ")
    assert refusal.value.field == "response_reasons"
    with pytest.raises(ReferralRefused, match="Only the case team or an appropriate authority"):
        directions.record_response(
            user=personas.investigator_other_team, direction=rec, response="accepted", reasons="Yes."
        )
    directions.record_response(
        user=personas.authority,
        direction=rec,
        response=DirectionResponse.ACCEPTED,
        reasons="The guidance is out of date.",
        action_taken="Guidance rewritten; briefed to all teams.",
    )
    rec.refresh_from_db()
    assert rec.response == "accepted" and rec.response_recorded_by == personas.authority and not rec.is_open
    assert rec.deadline.state == DeadlineState.MET
    with pytest.raises(ReferralRefused, match="no response outstanding"):
        directions.record_response(user=personas.authority, direction=rec, response="accepted", reasons="Again.")


# The IOPC's consultation on duty decisions ---------------------------------------------------
def suspension(subject):
    return duty.DecisionTerms(
        kind=DutyKind.SUSPEND,
        allegations=list(subject.allegations.all()),
        redeployment_considered_reason="Every alternative post faces the public.",
        ground=SuspensionGround.PUBLIC_INTEREST,
        ground_reasoning="Criminal investigation into the messages.",
    )


@pytest.mark.parametrize("mode", [IopcDecision.INDEPENDENT, IopcDecision.DIRECTED])
def test_while_the_iopc_investigates_a_duty_decision_needs_its_consultation(personas, referral, mode):
    decide_mode(referral, personas.investigator, mode)
    subject = referral.case.subjects.get()
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=suspension(subject))
    with pytest.raises(duty.DutyRefused, match="The IOPC is investigating this case") as refusal:
        duty.approve(user=personas.authority, decision=proposal, reasons="Agreed.", effective_on=date(2026, 12, 10))
    assert refusal.value.field == "iopc_consulted_on"
    with pytest.raises(duty.DutyRefused) as refusal:
        duty.approve(
            user=personas.authority,
            decision=proposal,
            reasons="Agreed.",
            effective_on=date(2026, 12, 10),
            consultation=IopcConsultation(date(2026, 12, 10), "Lead investigator", ""),
        )
    assert refusal.value.field == "iopc_view"
    proposal.refresh_from_db()
    assert proposal.state == "proposed"
    decision = duty.approve(
        user=personas.authority,
        decision=proposal,
        reasons="Agreed.",
        effective_on=date(2026, 12, 10),
        consultation=CONSULTED,
    )
    decision.refresh_from_db()
    assert (decision.iopc_consulted_on, decision.iopc_consultee) == (date(2026, 12, 10), "Lead investigator, IOPC")
    # Its review too.
    review_input = ReviewInput(trigger=ReviewTrigger.SCHEDULED, outcome=ReviewOutcome.LIFT, reasons="Charges dropped.")
    with pytest.raises(duty.DutyRefused, match="IOPC"):
        duty_reviews.review(user=personas.head, decision=decision, data=review_input)
    review = duty_reviews.review(
        user=personas.head, decision=decision, data=ReviewInput(**{**review_input.__dict__, "consultation": CONSULTED})
    )
    assert review.iopc_view == CONSULTED.view


@pytest.mark.parametrize("mode", [None, IopcDecision.LOCAL, IopcDecision.NO_INVESTIGATION])
def test_no_consultation_is_asked_when_the_iopc_does_not_investigate(personas, referral, mode):
    if mode:
        decide_mode(referral, personas.investigator, mode)
    subject = referral.case.subjects.get()
    decision = duty.suspend_urgently(
        user=personas.authority,
        subject=subject,
        terms=suspension(subject),
        reasons="Could not wait.",
        told_on=date(2026, 12, 10),
    )
    assert DutyDecision.objects.get(pk=decision.pk).iopc_consulted_on is None
