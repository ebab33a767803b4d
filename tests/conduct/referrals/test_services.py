"""IOPC referrals through the services: required when criteria are met (with its moment, its clock
and its timeline event), the deadline across a Friday, a weekend and bank holidays, recording
the referral, "not required after all" with maker-checker, the IOPC's decision, re-referral on
new concerns, the same-incident rule across linked cases, and what the database refuses."""

from datetime import date, datetime, timedelta

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from casework.calendar import LONDON, end_of_day
from casework.models import Deadline, DeadlineState, Rank, TimelineEvent
from casework.models.cases import LinkKind, Origin
from conduct.cases import changes, services
from conduct.models import (
    AllegationCategory,
    ClockRule,
    IopcDecision,
    NotRequiredProposal,
    Proceedings,
    ProposalOutcome,
    Referral,
    ReferralKind,
    ReferralMethod,
    ReferralState,
    Stage,
)
from conduct.referrals import services as referrals
from tests.factories import PersonFactory, TeamFactory, make_case

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)
WHAT = "The allegation of a serious sexual offence against PC Whitlock, with the complainant's account."


@pytest.fixture(autouse=True)
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)


def allege(user, subject, *codes, criminal="none"):
    """Add an allegation after intake (the evaluator runs, as it does from the web)."""
    return changes.add_allegation(
        user=user,
        subject=subject,
        allegation=services.AllegationInput(
            description="Alleged for the test",
            standards=[],
            categories=list(AllegationCategory.objects.filter(code__in=codes)),
            criminal_investigation=criminal,
        ),
    )


def required_referral(case) -> Referral:
    return Referral.objects.get(case=case, state=ReferralState.REQUIRED)


def events(case, contains):
    return list(TimelineEvent.objects.filter(case=case, summary__contains=contains).values_list("summary", flat=True))


def made(referral, user, *, at=None, method=ReferralMethod.PORTAL):
    return referrals.record_referral(
        user=user, referral=referral, referred_at=at or WEDNESDAY, method=method, what_referred=WHAT
    )


@pytest.fixture
def sso_case(personas, team, officer):
    """A case recorded with a serious sexual offence allegation: a referral is required."""
    return make_case(personas.investigator, team, [officer], categories=("serious-sexual-offence",))


# Required ---------------------------------------------------------------------------------
def test_a_qualifying_allegation_makes_a_referral_required_with_its_moment_clock_and_event(sso_case, personas):
    referral = required_referral(sso_case)
    assert referral.kind == ReferralKind.MANDATORY
    assert [c.code for c in referral.criteria.all()] == ["serious_sexual_offence"]
    assert referral.became_clear_at == WEDNESDAY
    assert referral.due_on == date(2026, 12, 10)
    assert referral.due_at == end_of_day(date(2026, 12, 10))
    assert referral.allegations.get().subject.case == sso_case
    assert "Serious sexual offence" in referral.grounds and "Dana Whitlock" in referral.grounds
    deadline = referral.deadline
    assert (deadline.kind, deadline.state, deadline.due_at) == ("iopc_referral", DeadlineState.OPEN, referral.due_at)
    assert deadline.owner == personas.investigator  # no investigator appointed: whoever recorded it
    assert deadline.next_action_at is not None  # the reminder sweep plans its ladder
    assert events(sso_case, "Referral to the IOPC required by") == [
        "Referral to the IOPC required by 11:59pm on Thursday 10 December 2026"
    ]


def test_the_clock_belongs_to_the_investigator_when_one_is_appointed(personas, team, officer):
    case = make_case(
        personas.head, team, [officer], categories=("serious-assault",), investigator=personas.investigator
    )
    assert required_referral(case).deadline.owner == personas.investigator


def test_a_case_that_meets_no_criterion_needs_no_referral(case):
    assert not Referral.objects.filter(case=case).exists()
    assert not Deadline.objects.filter(case=case, kind="iopc_referral").exists()


def test_several_criteria_at_intake_are_one_referral_with_one_clock(personas, team, home_force):
    people = [PersonFactory(force=home_force), PersonFactory(force=home_force)]
    case = make_case(personas.investigator, team, people, categories=("serious-assault", "discrimination"))
    referral = required_referral(case)
    assert {c.code for c in referral.criteria.all()} == {"serious_assault", "discrimination_aggravated"}
    assert referral.allegations.count() == 2
    assert Deadline.objects.filter(case=case, kind="iopc_referral").count() == 1


def test_further_criteria_join_the_referral_already_required_without_moving_its_deadline(
    sso_case, personas, time_machine
):
    time_machine.move_to(WEDNESDAY + timedelta(hours=20), tick=False)  # Thursday morning
    allege(personas.investigator, sso_case.subjects.get(), "abuse-of-position-sexual")
    referral = required_referral(sso_case)
    assert {c.code for c in referral.criteria.all()} == {"serious_sexual_offence", "serious_corruption"}
    assert referral.became_clear_at == WEDNESDAY and referral.due_on == date(2026, 12, 10)
    assert events(sso_case, "Further IOPC referral criteria met")


def test_an_allegation_that_meets_nothing_changes_nothing(sso_case, personas):
    allege(personas.investigator, sso_case.subjects.get(), "other")
    assert len(events(sso_case, "IOPC")) == 1


def test_a_chief_officer_subject_makes_a_referral_required(personas, team, home_force):
    chief = PersonFactory(force=home_force, rank=Rank.objects.get(name="Deputy chief constable"))
    case = make_case(personas.head, team, [chief], categories=("other",))
    assert [c.code for c in required_referral(case).criteria.all()] == ["chief_officer"]


def test_changing_the_origin_to_a_dsi_matter_makes_a_referral_required(case, personas):
    changes.edit_case(user=personas.investigator, case=case, details={"origin": Origin.DSI_MATTER}, contact={})
    assert [c.code for c in required_referral(case).criteria.all()] == ["death_or_serious_injury"]


def test_an_inactive_clock_rule_starts_no_clock_but_the_deadline_still_stands(personas, team, officer):
    ClockRule.objects.filter(code="iopc_referral").update(active=False)
    case = make_case(personas.investigator, team, [officer], categories=("serious-assault",))
    referral = required_referral(case)
    assert referral.deadline is None and referral.due_on == date(2026, 12, 10)


# The deadline: the end of the next calendar day (London) ----------------------------------
@pytest.mark.parametrize(
    ("clear_at", "due_on"),
    [
        pytest.param(datetime(2026, 12, 18, 15, 0), date(2026, 12, 19), id="Friday: due by the end of Saturday"),
        pytest.param(datetime(2026, 12, 18, 23, 30), date(2026, 12, 19), id="late on Friday: still Saturday"),
        pytest.param(datetime(2026, 12, 19, 10, 0), date(2026, 12, 20), id="Saturday: due Sunday"),
        pytest.param(datetime(2026, 12, 20, 10, 0), date(2026, 12, 21), id="Sunday: due Monday"),
        pytest.param(datetime(2026, 12, 24, 16, 0), date(2026, 12, 25), id="Christmas Eve: due Christmas Day"),
        pytest.param(datetime(2026, 12, 25, 9, 0), date(2026, 12, 26), id="Christmas Day: due Boxing Day"),
        pytest.param(datetime(2026, 5, 3, 12, 0), date(2026, 5, 4), id="due on the early May bank holiday"),
        pytest.param(datetime(2026, 4, 2, 12, 0), date(2026, 4, 3), id="Maundy Thursday: due Good Friday"),
        pytest.param(datetime(2026, 10, 24, 12, 0), date(2026, 10, 25), id="the night the clocks go back"),
    ],
)
def test_the_deadline_is_the_end_of_the_next_calendar_day(clear_at, due_on, time_machine, personas, team, officer):
    time_machine.move_to(clear_at.replace(tzinfo=LONDON), tick=False)
    case = make_case(personas.investigator, team, [officer], categories=("serious-sexual-offence",))
    referral = required_referral(case)
    assert referral.due_on == due_on
    assert referral.due_at == datetime.combine(due_on, datetime.max.time(), tzinfo=LONDON)
    assert referral.deadline.due_at == referral.due_at


def test_the_day_it_became_clear_is_the_london_day(time_machine, personas, team, officer):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    time_machine.move_to(datetime.fromisoformat("2026-06-30T23:30:00+00:00"), tick=False)
    case = make_case(personas.investigator, team, [officer], categories=("serious-assault",))
    assert required_referral(case).due_on == date(2026, 7, 2)


def test_the_rule_data_decides_the_unit(time_machine, personas, team, officer):
    """An administrator who reads the law as working days changes the rule, not the code."""
    ClockRule.objects.filter(code="iopc_referral").update(unit="working_days")
    time_machine.move_to(datetime(2026, 12, 18, 15, 0, tzinfo=LONDON), tick=False)
    case = make_case(personas.investigator, team, [officer], categories=("serious-assault",))
    assert required_referral(case).due_on == date(2026, 12, 21)  # Monday


# Recording the referral -------------------------------------------------------------------
def test_recording_the_referral_meets_the_clock_on_time(sso_case, personas, time_machine):
    time_machine.move_to(WEDNESDAY + timedelta(hours=3), tick=False)
    referral = made(required_referral(sso_case), personas.investigator, at=WEDNESDAY + timedelta(hours=2))
    referral.refresh_from_db()
    assert referral.state == ReferralState.REFERRED and referral.on_time is True
    assert (referral.referred_by, referral.method, referral.what_referred) == (personas.investigator, "portal", WHAT)
    assert referral.deadline.state == DeadlineState.MET and referral.deadline.met_on == date(2026, 12, 9)
    assert events(sso_case, "Referred to the IOPC at 12:00pm on Wednesday 9 December 2026")


def test_a_referral_made_after_the_deadline_is_recorded_as_late(sso_case, personas, time_machine):
    late = datetime(2026, 12, 11, 9, 0, tzinfo=LONDON)
    time_machine.move_to(late, tick=False)
    referral = made(required_referral(sso_case), personas.investigator, at=late)
    assert referral.on_time is False
    assert Deadline.objects.get(pk=referral.deadline_id).met_late
    assert events(sso_case, "(late: it was due by 11:59pm on Thursday 10 December 2026)")


@pytest.mark.parametrize(
    ("changes_", "field", "message"),
    [
        ({"referred_at": None}, "referred_on", "Enter the date and time"),
        ({"referred_at": WEDNESDAY + timedelta(minutes=1)}, "referred_on", "now or in the past"),
        ({"referred_at": WEDNESDAY - timedelta(days=3)}, "referred_on", "before the case was received"),
        ({"method": "pigeon"}, "method", "Choose how"),
        ({"what_referred": "   "}, "what_referred", "Say what was referred"),
    ],
)
def test_recording_a_referral_refuses_bad_answers_and_changes_nothing(sso_case, personas, changes_, field, message):
    answers = {"referred_at": WEDNESDAY, "method": "portal", "what_referred": WHAT, **changes_}
    with pytest.raises(referrals.ReferralRefused, match=message) as refusal:
        referrals.record_referral(user=personas.investigator, referral=required_referral(sso_case), **answers)
    assert refusal.value.field == field
    assert required_referral(sso_case).deadline.state == DeadlineState.OPEN


def test_a_referral_is_recorded_as_made_once(sso_case, personas):
    referral = made(required_referral(sso_case), personas.investigator)
    with pytest.raises(referrals.ReferralRefused, match="Referred, awaiting"):
        made(referral, personas.investigator)


def test_nothing_is_recorded_on_a_closed_case(sso_case, personas):
    sso_case.status, sso_case.closed_at = "closed", WEDNESDAY
    sso_case.save()
    with pytest.raises(referrals.ReferralRefused, match="is closed"):
        made(required_referral(sso_case), personas.investigator)


def test_a_case_with_a_referral_still_required_cannot_be_closed(sso_case, personas, put_at):
    proceedings = Proceedings.objects.get(subject__case=sso_case)
    put_at(proceedings, Stage.CONCLUDED)
    with pytest.raises(services.ClosureRefused, match="IOPC referral is required"):
        services.close_case(user=personas.investigator, case=sso_case, reason="All done")
    sso_case.refresh_from_db()
    assert sso_case.status == "open"
    made(required_referral(sso_case), personas.investigator)
    services.close_case(user=personas.investigator, case=sso_case, reason="All done")
    sso_case.refresh_from_db()
    assert sso_case.status == "closed"


# Not required after all: maker-checker ----------------------------------------------------
@pytest.fixture
def proposal(sso_case, personas):
    return referrals.propose_not_required(
        user=personas.investigator,
        referral=required_referral(sso_case),
        reasons="The complainant has confirmed the contact was consensual and between adults.",
    )


def test_a_proposal_leaves_the_referral_required_and_its_clock_running(proposal, sso_case):
    referral = required_referral(sso_case)
    assert proposal.outcome == ProposalOutcome.PENDING
    assert referral.deadline.state == DeadlineState.OPEN
    assert events(sso_case, "Proposed: referral to the IOPC not required")


def test_only_one_proposal_waits_at_a_time(proposal, sso_case, personas):
    with pytest.raises(referrals.ReferralRefused, match="already awaiting"):
        referrals.propose_not_required(user=personas.investigator, referral=required_referral(sso_case), reasons="r")


def test_an_appropriate_authority_approves_and_the_clock_stops_with_the_reasons(proposal, sso_case, personas):
    referrals.decide_not_required(user=personas.authority, proposal=proposal, approve=True)
    referral = Referral.objects.get(case=sso_case)
    assert referral.state == ReferralState.NOT_REQUIRED
    assert referral.deadline.state == DeadlineState.STOPPED
    assert "consensual" in referral.deadline.changes.last().reason
    proposal.refresh_from_db()
    assert (proposal.outcome, proposal.decided_by) == (ProposalOutcome.APPROVED, personas.authority)


def test_approval_after_the_deadline_records_the_clock_as_missed(proposal, sso_case, personas, time_machine):
    time_machine.move_to(datetime(2026, 12, 11, 9, 0, tzinfo=LONDON), tick=False)
    referrals.decide_not_required(user=personas.authority, proposal=proposal, approve=True)
    assert Referral.objects.get(case=sso_case).deadline.state == DeadlineState.MISSED


def test_an_approved_not_required_is_not_raised_again_by_later_edits(proposal, sso_case, personas):
    referrals.decide_not_required(user=personas.authority, proposal=proposal, approve=True)
    changes.edit_case(user=personas.investigator, case=sso_case, details={"summary": "Edited"}, contact={})
    allege(personas.investigator, sso_case.subjects.get(), "other")
    assert not Referral.objects.filter(case=sso_case, state=ReferralState.REQUIRED).exists()
    allege(personas.investigator, sso_case.subjects.get(), "serious-assault")  # a new concern
    assert required_referral(sso_case).kind == ReferralKind.MANDATORY  # none was ever made


@pytest.mark.parametrize("who", ["investigator", "auditor"])
def test_only_an_appropriate_authority_decides(proposal, personas, who):
    with pytest.raises(referrals.ReferralRefused, match="Only an appropriate authority"):
        referrals.decide_not_required(user=getattr(personas, who), proposal=proposal, approve=True)


def test_the_author_of_a_proposal_cannot_decide_it(sso_case, personas):
    own = referrals.propose_not_required(user=personas.head, referral=required_referral(sso_case), reasons="r")
    with pytest.raises(referrals.ReferralRefused, match="You made this proposal"):
        referrals.decide_not_required(user=personas.head, proposal=own, approve=True)
    assert required_referral(sso_case)


def test_the_database_refuses_a_proposal_decided_by_its_author(proposal, personas):
    with pytest.raises(IntegrityError, match="not_required_maker_checker"), transaction.atomic():
        NotRequiredProposal.objects.filter(pk=proposal.pk).update(
            outcome=ProposalOutcome.APPROVED, decided_by=personas.investigator, decided_at=WEDNESDAY
        )


def test_a_decided_proposal_never_changes_and_is_never_deleted(proposal, personas):
    referrals.decide_not_required(user=personas.authority, proposal=proposal, approve=False, reason="Refer it.")
    for attempt in (
        lambda: NotRequiredProposal.objects.filter(pk=proposal.pk).update(decision_reason="changed"),
        lambda: NotRequiredProposal.objects.filter(pk=proposal.pk).delete(),
        lambda: Referral.objects.filter(pk=proposal.referral_id).delete(),
    ):
        with pytest.raises(DatabaseError, match="pgtrigger"), transaction.atomic():
            attempt()


def test_rejecting_needs_reasons_and_keeps_the_referral_required(proposal, sso_case, personas):
    with pytest.raises(referrals.ReferralRefused, match="reasons for rejecting") as refusal:
        referrals.decide_not_required(user=personas.authority, proposal=proposal, approve=False)
    assert refusal.value.field == "reason"
    referrals.decide_not_required(user=personas.authority, proposal=proposal, approve=False, reason="It must go.")
    assert required_referral(sso_case).deadline.state == DeadlineState.OPEN
    again = referrals.propose_not_required(
        user=personas.investigator, referral=required_referral(sso_case), reasons="r"
    )
    assert again.outcome == ProposalOutcome.PENDING


def test_a_proposal_is_withdrawn_when_further_criteria_are_met_or_the_referral_is_made(proposal, sso_case, personas):
    allege(personas.investigator, sso_case.subjects.get(), "serious-assault")
    proposal.refresh_from_db()
    assert proposal.outcome == ProposalOutcome.WITHDRAWN
    second = referrals.propose_not_required(
        user=personas.investigator, referral=required_referral(sso_case), reasons="r"
    )
    made(required_referral(sso_case), personas.investigator)
    second.refresh_from_db()
    assert second.outcome == ProposalOutcome.WITHDRAWN
    with pytest.raises(referrals.ReferralRefused, match="already been decided"):
        referrals.decide_not_required(user=personas.authority, proposal=second, approve=True)


# The IOPC's decision ----------------------------------------------------------------------
@pytest.fixture
def referred(sso_case, personas):
    return made(required_referral(sso_case), personas.investigator, at=WEDNESDAY - timedelta(hours=1))


@pytest.mark.parametrize(
    ("mode", "body"),
    [
        (IopcDecision.INDEPENDENT, "Independent Office for Police Conduct (IOPC)"),
        (IopcDecision.DIRECTED, "This force, under the IOPC's direction"),
        (IopcDecision.LOCAL, "This force (local investigation)"),
        (IopcDecision.NO_INVESTIGATION, "This force (referred back by the IOPC)"),
    ],
)
def test_the_iopc_decision_is_recorded_with_its_date_and_the_investigating_body(referred, personas, mode, body):
    referral = referrals.record_iopc_decision(
        user=personas.investigator,
        referral=referred,
        decision=mode,
        decided_on=date(2026, 12, 9),
        iopc_reference="2026/123",
    )
    referral.refresh_from_db()
    assert (referral.state, referral.decision, referral.iopc_reference) == (ReferralState.DECIDED, mode, "2026/123")
    assert referral.investigating_body == body
    assert events(referred.case, f"IOPC decision (9 December 2026): {IopcDecision(mode).label}")


@pytest.mark.parametrize(
    ("decision", "decided_on", "message"),
    [
        ("", date(2026, 12, 9), "Choose the IOPC's decision"),
        (IopcDecision.LOCAL, None, "Enter the date"),
        (IopcDecision.LOCAL, date(2026, 12, 10), "today or in the past"),
        (IopcDecision.LOCAL, date(2026, 12, 8), "before the referral was made"),
    ],
)
def test_the_iopc_decision_refuses_bad_answers(referred, personas, decision, decided_on, message):
    with pytest.raises(referrals.ReferralRefused, match=message):
        referrals.record_iopc_decision(
            user=personas.investigator, referral=referred, decision=decision, decided_on=decided_on
        )


def test_the_iopc_decides_only_a_referral_made(sso_case, personas):
    with pytest.raises(referrals.ReferralRefused, match="Required, not yet made"):
        referrals.record_iopc_decision(
            user=personas.investigator,
            referral=required_referral(sso_case),
            decision="local",
            decided_on=date(2026, 12, 9),
        )


# New concerns after a referral ------------------------------------------------------------
def test_a_new_qualifying_allegation_after_the_referral_requires_a_fresh_one(referred, personas):
    subject = referred.case.subjects.get()
    allege(personas.investigator, subject, "other")
    assert not Referral.objects.filter(case=referred.case, state=ReferralState.REQUIRED).exists()
    allege(personas.investigator, subject, "serious-sexual-offence")  # same criterion, new allegation
    fresh = required_referral(referred.case)
    assert fresh.kind == ReferralKind.RE_REFERRAL and fresh.allegations.count() == 1
    assert fresh.deadline.state == DeadlineState.OPEN and fresh.deadline_id != referred.deadline_id
    assert events(referred.case, "(new concerns after an earlier referral)")


def test_new_concerns_recorded_by_hand_require_a_fresh_referral(referred, personas):
    fresh = referrals.require_re_referral(
        user=personas.investigator, case=referred.case, concerns="A second complainant."
    )
    assert (fresh.kind, fresh.state, fresh.due_on) == (
        ReferralKind.RE_REFERRAL,
        ReferralState.REQUIRED,
        date(2026, 12, 10),
    )
    with pytest.raises(referrals.ReferralRefused, match="already required"):
        referrals.require_re_referral(user=personas.investigator, case=referred.case, concerns="More.")


def test_there_is_nothing_to_re_refer_before_a_referral_is_made(case, personas):
    with pytest.raises(referrals.ReferralRefused, match="nothing to re-refer"):
        referrals.require_re_referral(user=personas.investigator, case=case, concerns="Concerns.")


# Voluntary referrals and call-ins ---------------------------------------------------------
def test_a_voluntary_referral_is_recorded_as_made_without_a_clock(case, personas):
    referral = referrals.record_other_referral(
        user=personas.investigator,
        case=case,
        kind=ReferralKind.VOLUNTARY,
        reasons="Public confidence: the officer is well known locally.",
        referred_at=WEDNESDAY,
        method=ReferralMethod.EMAIL,
        what_referred=WHAT,
    )
    assert (referral.state, referral.deadline, referral.on_time) == (ReferralState.REFERRED, None, None)
    with pytest.raises(referrals.ReferralRefused, match="voluntary referral or a call-in"):
        referrals.record_other_referral(
            user=personas.investigator,
            case=case,
            kind=ReferralKind.MANDATORY,
            reasons="r",
            referred_at=WEDNESDAY,
            method="email",
            what_referred=WHAT,
        )


# The same incident ------------------------------------------------------------------------
def test_linking_a_case_to_a_referred_matter_of_the_same_incident_requires_its_referral(sso_case, case, personas):
    changes.link_case(
        user=personas.investigator,
        case=case,
        kind=LinkKind.SAME_INCIDENT,
        reason="Same night",
        reference=sso_case.reference,
    )
    referral = required_referral(case)
    assert [c.code for c in referral.criteria.all()] == ["same_incident"]
    assert sso_case.reference in referral.grounds


def test_a_related_link_is_not_the_same_incident(sso_case, case, personas):
    changes.link_case(
        user=personas.investigator, case=case, kind=LinkKind.RELATED, reason="r", reference=sso_case.reference
    )
    assert not Referral.objects.filter(case=case).exists()


def test_a_referral_required_later_reaches_the_cases_of_the_same_incident(case, personas, team, home_force):
    other = make_case(personas.investigator, team, [PersonFactory(force=home_force)])
    changes.link_case(
        user=personas.investigator, case=case, kind=LinkKind.SAME_INCIDENT, reason="r", reference=other.reference
    )
    assert not Referral.objects.exists()
    allege(personas.investigator, other.subjects.get(), "serious-assault")
    assert required_referral(other) and [c.code for c in required_referral(case).criteria.all()] == ["same_incident"]


def test_a_case_of_another_team_is_reached_too(sso_case, personas, home_force):
    tom_team = TeamFactory(name="Team Tom", members=[personas.investigator_other_team])
    toms = make_case(personas.investigator_other_team, tom_team, [PersonFactory(force=home_force)])
    changes.link_case(
        user=personas.head, case=toms, kind=LinkKind.SAME_INCIDENT, reason="r", reference=sso_case.reference
    )
    assert required_referral(toms).deadline.owner == personas.head


# History ----------------------------------------------------------------------------------
def test_every_change_of_a_referral_is_kept(referred, personas):
    referrals.record_iopc_decision(
        user=personas.investigator, referral=referred, decision="local", decided_on=date(2026, 12, 9)
    )
    assert [e.state for e in referred.events.order_by("pgh_id")] == ["required", "referred", "decided"]


# The demo ---------------------------------------------------------------------------------
def test_the_demo_shows_a_referral_in_each_state_and_seeding_again_changes_nothing(monkeypatch):
    from django.core.management import call_command

    from casework.models import Case, User
    from conduct.referrals import demo as demo_referrals

    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    group_chat = Case.objects.get(summary__startswith="Group chat")
    assert Referral.objects.get(case=group_chat).state == ReferralState.REFERRED
    probationer = Referral.objects.get(case__summary__startswith="Probationer shared")
    assert (probationer.state, probationer.decision) == (ReferralState.DECIDED, IopcDecision.INDEPENDENT)
    dsi = Referral.objects.get(case__summary__startswith="A man detained in custody")
    assert (dsi.state, dsi.decision, dsi.case.route.mode) == (ReferralState.DECIDED, IopcDecision.LOCAL, "local")
    required = Referral.objects.filter(state=ReferralState.REQUIRED)
    assert required.count() == 2 and all(r.deadline.state == DeadlineState.OPEN for r in required)
    assert NotRequiredProposal.objects.filter(outcome=ProposalOutcome.PENDING).count() == 1
    before = list(Referral.objects.order_by("pk").values_list("pk", "state"))
    users = {u.username: u for u in User.objects.all()}
    assert demo_referrals.seed(group_chat, users) == dict.fromkeys(
        ["awaiting", "decided", "required", "proposal", "dsi"]
    )
    assert list(Referral.objects.order_by("pk").values_list("pk", "state")) == before
