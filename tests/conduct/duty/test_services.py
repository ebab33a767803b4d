"""Duty decisions (conduct.duty.services): the reg 11 conditions, maker-checker (in the service and in the
database), urgent oral suspension with its written confirmation, notices through the outbox,
representations, reviews and their dates across bank holidays, and the automatic end."""

from datetime import date, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.calendar import LONDON
from casework.models import Deadline, DeadlineState, DutyStatus, Person, TimelineEvent
from conduct.cases import lifecycle, services
from conduct.duty import reviews as duty_reviews
from conduct.duty import services as duty
from conduct.duty.reviews import ReviewInput
from conduct.duty.services import DecisionTerms, DutyRefused
from conduct.models import (
    Approval,
    CriminalInvestigation,
    DecisionState,
    DutyDecision,
    DutyKind,
    DutyReview,
    Finding,
    Outcome,
    ReviewOutcome,
    ReviewTrigger,
    Stage,
    SuspensionGround,
)
from notifications import responses
from notifications.models import Correspondence, LetterKind, Status
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db

REASONS = "Reasons recorded for the test."
# Monday 21 December 2026, 10:00 in London: Christmas Day and the Boxing Day substitute (Monday
# 28th) fall in the next working days.
MONDAY_BEFORE_CHRISTMAS = datetime(2026, 12, 21, 10, 0, tzinfo=LONDON)


def suspension(subject, **overrides):
    values = {
        "kind": DutyKind.SUSPEND,
        "allegations": list(subject.allegations.all()),
        "redeployment_considered_reason": "Every alternative post involves contact with the public or witnesses.",
        "ground": SuspensionGround.PUBLIC_INTEREST,
        "ground_reasoning": "Criminal investigation into racist and misogynistic messages.",
        "conditions": "Do not contact any witness.",
    }
    values.update(overrides)
    return DecisionTerms(**values)


def alternative(subject, kind=DutyKind.RESTRICT, **overrides):
    values = {
        "kind": kind,
        "allegations": list(subject.allegations.all()),
        "rationale": "Office duties away from the public manage the risk.",
        "public_facing": False,
    }
    values.update(overrides)
    return DecisionTerms(**values)


def status_of(person, on=None):
    return Person.objects.with_current_status(on).get(pk=person.pk).current_status


def clock(case, code, person, state=DeadlineState.OPEN):
    return Deadline.objects.get(case=case, kind=code, person=person, state=state)


@pytest.fixture
def subject(case):
    return case.subjects.select_related("person", "case").get()


@pytest.fixture
def on_full_duty(subject, personas):
    from casework.services import change_duty_status

    change_duty_status(
        user=personas.admin, person=subject.person, status=DutyStatus.FULL, starts_on=date(2020, 1, 1), reason="HR"
    )
    return subject


@pytest.fixture
def propose(personas):
    def make(subject, terms=None):
        return duty.propose(user=personas.investigator, subject=subject, terms=terms or suspension(subject))

    return make


@pytest.fixture
def approved(personas, propose, on_full_duty):
    """A suspension proposed by ivy and approved by alex today."""
    decision = propose(on_full_duty)
    return duty.approve(
        user=personas.authority,
        decision=decision,
        reasons="Agreed: the risk is real.",
        effective_on=timezone.localdate(),
    )


# Conditions -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("missing", "field", "words"),
    [
        ({"redeployment_considered_reason": "  "}, "redeployment_considered_reason", "redeployment"),
        ({"ground": ""}, "ground", "ground for suspension"),
        ({"ground": "because"}, "ground", "ground for suspension"),
        ({"ground_reasoning": ""}, "ground_reasoning", "reasoning for the ground"),
        ({"allegations": []}, "allegations", "allegation"),
    ],
)
def test_no_suspension_without_the_redeployment_reason_and_a_ground(subject, propose, missing, field, words):
    with pytest.raises(DutyRefused) as refusal:
        propose(subject, suspension(subject, **missing))
    assert refusal.value.field == field and words in str(refusal.value)
    assert not DutyDecision.objects.exists()


@pytest.mark.parametrize("kind", [DutyKind.RESTRICT, DutyKind.NON_PUBLIC_FACING, DutyKind.REDEPLOY])
def test_an_alternative_must_say_why_it_is_enough(subject, propose, kind):
    with pytest.raises(DutyRefused, match="why this is enough") as refusal:
        propose(subject, alternative(subject, kind, rationale=""))
    assert refusal.value.field == "rationale"


def test_leaving_on_full_duties_is_a_decision_with_its_reason(subject, propose):
    with pytest.raises(DutyRefused, match="stay on full duties"):
        propose(subject, alternative(subject, DutyKind.FULL_DUTIES, rationale=""))
    decision = propose(subject, alternative(subject, DutyKind.FULL_DUTIES, rationale="Minor, historic, no risk."))
    assert decision.state == DecisionState.PROPOSED


def test_the_database_refuses_a_suspension_without_its_conditions(approved):
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyDecision.objects.filter(pk=approved.pk).update(ground_reasoning="")
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyDecision.objects.filter(pk=approved.pk).update(redeployment_considered_reason="")


def test_the_database_refuses_full_duties_without_a_reason(subject, propose):
    decision = propose(subject, alternative(subject, DutyKind.FULL_DUTIES))
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyDecision.objects.filter(pk=decision.pk).update(rationale="")


def test_reasoning_for_another_kind_is_not_kept(subject, propose):
    decision = propose(subject, suspension(subject, rationale="Ignored for a suspension"))
    assert decision.rationale == ""
    other = make_case(decision.proposed_by, subject.case.team, [PersonFactory()]).subjects.get()
    restriction = propose(other, alternative(other, redeployment_considered_reason="Ignored", ground="both"))
    assert restriction.redeployment_considered_reason == "" and restriction.ground == ""


def test_allegations_must_be_the_subjects_own(personas, subject, propose, team):
    stranger = make_case(personas.investigator, team, [PersonFactory()]).subjects.get()
    with pytest.raises(DutyRefused, match="this subject only"):
        propose(subject, suspension(subject, allegations=list(stranger.allegations.all())))


# Maker-checker ----------------------------------------------------------------------------
def test_the_proposer_cannot_approve_their_own_proposal(personas, subject):
    decision = duty.propose(user=personas.head, subject=subject, terms=suspension(subject))
    with pytest.raises(DutyRefused, match="You proposed this decision"):
        duty.approve(user=personas.head, decision=decision, reasons=REASONS, effective_on=timezone.localdate())
    with pytest.raises(DutyRefused, match="You proposed this decision"):
        duty.reject(user=personas.head, decision=decision, reasons=REASONS)
    decision.refresh_from_db()
    assert decision.state == DecisionState.PROPOSED and decision.decided_by is None


def test_the_database_refuses_a_decision_by_its_proposer(approved, personas):
    with pytest.raises(IntegrityError), transaction.atomic():
        DutyDecision.objects.filter(pk=approved.pk).update(decided_by=personas.investigator)


def test_only_an_appropriate_authority_decides(personas, subject, propose):
    decision = propose(subject)
    for user in (personas.investigator_other_team, personas.auditor, personas.admin):
        with pytest.raises(DutyRefused, match="Only an appropriate authority"):
            duty.approve(user=user, decision=decision, reasons=REASONS, effective_on=timezone.localdate())


def test_only_the_case_team_proposes(personas, subject):
    for user in (personas.investigator_other_team, personas.authority, personas.auditor):
        with pytest.raises(DutyRefused, match="case's investigators"):
            duty.propose(user=user, subject=subject, terms=suspension(subject))


def test_one_proposal_at_a_time_per_subject(subject, propose):
    propose(subject)
    with pytest.raises(DutyRefused, match="already awaiting a decision"):
        propose(subject, alternative(subject))


def test_approval_puts_the_suspension_in_force(approved, personas, subject):
    assert approved.state == DecisionState.ACTIVE and approved.approval == Approval.APPROVED
    assert approved.decided_by == personas.authority and approved.amendments == ""
    assert status_of(subject.person) == DutyStatus.SUSPENDED
    entry = subject.person.duty_statuses.first()
    assert entry.status == DutyStatus.SUSPENDED and entry.decided_by == personas.authority
    summaries = list(TimelineEvent.objects.filter(case=subject.case).values_list("summary", flat=True))
    assert any("Suspension approved" in s for s in summaries)
    assert any("Suspended from" in s for s in summaries)


def test_the_notice_is_written_to_the_outbox_approved_by_the_authority(approved, personas, subject):
    letter = Correspondence.objects.get(kind=LetterKind.SUSPENSION_NOTICE)
    assert approved.notice == letter
    assert letter.status == Status.QUEUED and letter.approved_by == personas.authority
    assert letter.person == subject.person and letter.case == subject.case
    assert "Every alternative post involves contact" in letter.body
    # Addressed to "you", it quotes the authority's reasons as the authority's, not as its own words.
    quoted = "The appropriate authority recorded these reasons for its decision:\n\n“Temporary redeployment"
    assert quoted in letter.body
    window = clock(subject.case, duty.REPRESENTATIONS, subject.person)
    assert letter.context["response_due_on"] == window.due_on.isoformat()
    assert letter.context["review_by"] == approved.next_review_on.isoformat()
    assert letter.response_link is not None


def test_amending_records_what_changed(personas, subject, propose, on_full_duty):
    decision = propose(subject, alternative(subject, DutyKind.NON_PUBLIC_FACING))
    duty.approve(
        user=personas.authority,
        decision=decision,
        reasons="Suspension is needed: the public interest requires it.",
        effective_on=timezone.localdate(),
        terms=suspension(subject),
    )
    decision.refresh_from_db()
    assert decision.approval == Approval.AMENDED and decision.kind == DutyKind.SUSPEND
    assert "Non-public-facing role → Suspension" in decision.amendments
    assert status_of(subject.person) == DutyStatus.SUSPENDED


def test_a_restriction_writes_the_restriction_notice(personas, subject, propose, on_full_duty):
    decision = propose(subject, alternative(subject, DutyKind.NON_PUBLIC_FACING))
    duty.approve(user=personas.authority, decision=decision, reasons=REASONS, effective_on=timezone.localdate())
    letter = Correspondence.objects.get(kind=LetterKind.RESTRICTION_NOTICE)
    assert letter.context["restriction"] == "a non-public-facing role"
    assert letter.approved_by == personas.authority and letter.status == Status.QUEUED
    assert status_of(subject.person) == DutyStatus.NON_PUBLIC_FACING


def test_rejection_needs_reasons_and_changes_no_status(personas, subject, propose, on_full_duty):
    decision = propose(subject)
    with pytest.raises(DutyRefused, match="reasons for rejecting") as refusal:
        duty.reject(user=personas.authority, decision=decision, reasons=" ")
    assert refusal.value.field == "reasons"
    duty.reject(user=personas.authority, decision=decision, reasons="Restriction will do.")
    decision.refresh_from_db()
    assert decision.state == DecisionState.REJECTED and decision.decision_reasons == "Restriction will do."
    assert status_of(subject.person) == DutyStatus.FULL
    assert not Correspondence.objects.exists()
    # The proposer hears of it in the app.
    assert personas.investigator.notifications.filter(message__contains="rejected").exists()


def test_a_decided_proposal_cannot_be_decided_again(approved, personas):
    with pytest.raises(DutyRefused, match="It is in force"):
        duty.approve(user=personas.head, decision=approved, reasons=REASONS, effective_on=timezone.localdate())


def test_approving_replaces_the_decision_in_force(approved, personas, subject):
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=alternative(subject))
    duty.approve(user=personas.head, decision=proposal, reasons="Risk reduced.", effective_on=timezone.localdate())
    approved.refresh_from_db()
    assert approved.state == DecisionState.REPLACED and approved.replaced_by_id == proposal.pk
    assert status_of(subject.person) == DutyStatus.RESTRICTED
    # The old decision's clocks closed; the new one has its own.
    assert Deadline.objects.open().filter(kind=duty.REVIEW, person=subject.person).count() == 1


def test_the_effective_date_is_checked(personas, subject, propose):
    decision = propose(subject)
    with pytest.raises(DutyRefused, match="before the case was received") as refusal:
        duty.approve(user=personas.authority, decision=decision, reasons=REASONS, effective_on=date(2000, 1, 1))
    assert refusal.value.field == "effective_on"
    with pytest.raises(DutyRefused, match="date it takes effect"):
        duty.approve(user=personas.authority, decision=decision, reasons=REASONS, effective_on=None)


# Closed cases and concluded proceedings -----------------------------------------------------
def test_nothing_is_decided_on_a_closed_case(personas, subject, propose, proceedings, put_at):
    decision = propose(subject)
    put_at(proceedings, Stage.CONCLUDED, conclusion="nfa")
    services.close_case(user=personas.investigator, case=subject.case, reason="Done")
    decision.refresh_from_db()
    assert decision.state == DecisionState.LAPSED
    with pytest.raises(DutyRefused, match="is closed"):
        propose(subject)


def test_nothing_is_proposed_once_proceedings_concluded(subject, propose, proceedings, put_at):
    put_at(proceedings, Stage.CONCLUDED, conclusion="nfa")
    with pytest.raises(DutyRefused, match="proceedings have concluded"):
        propose(subject)


# Urgent oral suspension -------------------------------------------------------------------
def test_urgent_oral_suspension_must_be_confirmed_in_writing_within_3_working_days(
    personas, subject, on_full_duty, time_machine
):
    time_machine.move_to(datetime(2026, 12, 23, 9, 0, tzinfo=LONDON), tick=False)  # Wednesday 23 December
    subject.case.received_on = date(2026, 12, 1)
    subject.case.save()
    decision = duty.suspend_urgently(
        user=personas.authority,
        subject=subject,
        terms=suspension(subject),
        reasons="Arrested this morning; must not return to duty tonight.",
        told_on=date(2026, 12, 23),
    )
    assert decision.state == DecisionState.ACTIVE and decision.approval == Approval.URGENT_ORAL
    assert decision.proposed_by is None and decision.notice is None
    assert status_of(subject.person) == DutyStatus.SUSPENDED
    confirmation = clock(subject.case, duty.WRITTEN_CONFIRMATION, subject.person)
    # 24, (25 Christmas, 26-27 weekend, 28 Boxing Day substitute) 29, 30.
    assert confirmation.due_on == date(2026, 12, 30)
    assert not Correspondence.objects.exists()

    time_machine.move_to(datetime(2026, 12, 29, 9, 0, tzinfo=LONDON), tick=False)
    letter = duty.confirm_in_writing(user=personas.head, decision=decision)
    confirmation.refresh_from_db()
    assert confirmation.state == DeadlineState.MET and confirmation.met_on == date(2026, 12, 29)
    assert letter.kind == LetterKind.SUSPENSION_NOTICE and letter.approved_by == personas.authority
    assert letter.created_by == personas.head
    with pytest.raises(DutyRefused, match="already been notified"):
        duty.confirm_in_writing(user=personas.head, decision=decision)


def test_urgent_oral_suspension_is_for_appropriate_authorities(personas, subject):
    with pytest.raises(DutyRefused, match="Only an appropriate authority"):
        duty.suspend_urgently(
            user=personas.investigator,
            subject=subject,
            terms=suspension(subject),
            reasons="x",
            told_on=timezone.localdate(),
        )


def test_urgent_oral_suspension_still_needs_its_conditions(personas, subject):
    with pytest.raises(DutyRefused, match="redeployment"):
        duty.suspend_urgently(
            user=personas.authority,
            subject=subject,
            terms=suspension(subject, redeployment_considered_reason=""),
            reasons="Urgent",
            told_on=timezone.localdate(),
        )
    with pytest.raises(DutyRefused, match="could not wait"):
        duty.suspend_urgently(
            user=personas.authority,
            subject=subject,
            terms=suspension(subject),
            reasons="",
            told_on=timezone.localdate(),
        )


def test_urgent_oral_suspension_supersedes_a_waiting_proposal(personas, subject, propose):
    proposal = propose(subject, alternative(subject))
    duty.suspend_urgently(
        user=personas.authority,
        subject=subject,
        terms=suspension(subject),
        reasons="Urgent",
        told_on=timezone.localdate(),
    )
    proposal.refresh_from_db()
    assert proposal.state == DecisionState.LAPSED


# Review dates -----------------------------------------------------------------------------
def test_review_falls_due_4_weeks_after_it_takes_effect_across_christmas(personas, subject, propose, time_machine):
    time_machine.move_to(MONDAY_BEFORE_CHRISTMAS, tick=False)
    subject.case.received_on = date(2026, 12, 1)
    subject.case.save()
    decision = duty.approve(
        user=personas.authority, decision=propose(subject), reasons=REASONS, effective_on=date(2026, 12, 21)
    )
    # Weeks are calendar weeks: not moved off holidays (docs/rules.md).
    assert decision.next_review_on == date(2027, 1, 18)
    assert clock(subject.case, duty.REVIEW, subject.person).due_on == date(2027, 1, 18)
    # Representations: 7 working days from Monday 21st: 22, 23, 24, 29, 30, 31 Dec, (1 Jan) 4 Jan.
    assert clock(subject.case, duty.REPRESENTATIONS, subject.person).due_on == date(2027, 1, 4)


def test_a_review_restarts_the_review_clock_and_meets_the_old_one(approved, personas, subject, time_machine):
    old = clock(subject.case, duty.REVIEW, subject.person)
    time_machine.move_to(datetime(2027, 2, 15, 10, 0, tzinfo=LONDON), tick=False)  # a Monday
    record = duty_reviews.review(
        user=personas.authority,
        decision=approved,
        data=ReviewInput(
            trigger=ReviewTrigger.SCHEDULED,
            outcome=ReviewOutcome.CONTINUE,
            reasons="Witnesses not yet interviewed.",
            terms=suspension(subject, ground=SuspensionGround.BOTH, ground_reasoning="Witnesses could be contacted."),
        ),
    )
    old.refresh_from_db()
    assert old.state == DeadlineState.MET and old.met_on == date(2027, 2, 15)
    new = clock(subject.case, duty.REVIEW, subject.person)
    assert new.due_on == date(2027, 3, 15) == record.next_review_on
    approved.refresh_from_db()
    assert approved.next_review_on == date(2027, 3, 15) and approved.ground == SuspensionGround.BOTH
    assert record.ground_reasoning == "Witnesses could be contacted."
    letter = Correspondence.objects.get(kind=LetterKind.SUSPENSION_REVIEW)
    assert letter.context["outcome"] == "Suspension continues"
    assert letter.context["next_review_by"] == "2027-03-15" and letter.approved_by == personas.authority


def test_a_review_that_continues_a_suspension_records_the_conditions_afresh(approved, personas, subject):
    with pytest.raises(DutyRefused, match="redeployment"):
        duty_reviews.review(
            user=personas.authority,
            decision=approved,
            data=ReviewInput(
                trigger=ReviewTrigger.SCHEDULED,
                outcome=ReviewOutcome.CONTINUE,
                reasons="Continue",
                terms=suspension(subject, redeployment_considered_reason=""),
            ),
        )
    assert not DutyReview.objects.exists()


def test_reviews_are_for_appropriate_authorities(approved, personas, subject):
    with pytest.raises(DutyRefused, match="Only an appropriate authority"):
        duty_reviews.review(
            user=personas.investigator,
            decision=approved,
            data=ReviewInput(trigger="scheduled", outcome="lift", reasons="Lift"),
        )


def test_lifting_returns_the_officer_to_full_duties(approved, personas, subject):
    duty_reviews.review(
        user=personas.authority,
        decision=approved,
        data=ReviewInput(trigger=ReviewTrigger.SCHEDULED, outcome=ReviewOutcome.LIFT, reasons="Evidence secured."),
    )
    approved.refresh_from_db()
    assert approved.state == DecisionState.ENDED and "Evidence secured" in approved.end_reason
    assert status_of(subject.person) == DutyStatus.FULL
    assert not Deadline.objects.open().filter(person=subject.person, kind__startswith="suspension").exists()
    letter = Correspondence.objects.get(kind=LetterKind.SUSPENSION_REVIEW)
    assert "lifted" in letter.context["outcome"] and letter.context["next_review_by"] is None


def test_replacing_with_a_restriction(approved, personas, subject):
    record = duty_reviews.review(
        user=personas.authority,
        decision=approved,
        data=ReviewInput(
            trigger=ReviewTrigger.SIGNIFICANT_CHANGE,
            outcome=ReviewOutcome.REPLACE,
            replacement_kind=DutyKind.NON_PUBLIC_FACING,
            reasons="Charge dropped; the public-interest ground no longer holds.",
            terms=DecisionTerms(kind="", rationale="Back-office role manages the remaining risk."),
        ),
    )
    approved.refresh_from_db()
    replacement = record.replacement
    assert approved.state == DecisionState.REPLACED and approved.replaced_by == replacement
    assert replacement.state == DecisionState.ACTIVE and replacement.approval == Approval.ON_REVIEW
    assert replacement.proposed_by is None and replacement.decided_by == personas.authority
    assert set(replacement.allegations.all()) == set(subject.allegations.all())
    assert status_of(subject.person) == DutyStatus.NON_PUBLIC_FACING
    assert Correspondence.objects.filter(kind=LetterKind.RESTRICTION_NOTICE, approved_by=personas.authority).exists()
    assert Deadline.objects.open().filter(person=subject.person, kind=duty.REVIEW).count() == 1


def test_a_replacement_needs_a_kind_and_a_rationale(approved, personas):
    for data, words in [
        (ReviewInput(trigger="scheduled", outcome="replace", reasons="r"), "what replaces it"),
        (ReviewInput(trigger="scheduled", outcome="replace", reasons="r", replacement_kind="restrict"), "enough"),
    ]:
        with pytest.raises(DutyRefused, match=words):
            duty_reviews.review(user=personas.authority, decision=approved, data=data)


# Representations --------------------------------------------------------------------------
def test_representations_recorded_make_a_review_due_now(approved, personas, subject):
    today = timezone.localdate()
    assert DutyDecision.objects.with_review_due().get(pk=approved.pk).review_due_on == today + timedelta(weeks=4)
    duty_reviews.record_representations(
        user=personas.investigator,
        decision=approved,
        received_on=today,
        channel="representative",
        summary="The Federation says the officer has left the group and poses no risk.",
    )
    assert DutyDecision.objects.with_review_due().get(pk=approved.pk).review_due_on == today
    window = Deadline.objects.get(kind=duty.REPRESENTATIONS, person=subject.person)
    assert window.state == DeadlineState.MET and window.met_on == today
    assert personas.authority.notifications.filter(message__contains="Review due now").exists()
    record = duty_reviews.review(
        user=personas.authority,
        decision=approved,
        data=ReviewInput(
            trigger=ReviewTrigger.REPRESENTATIONS,
            outcome=ReviewOutcome.CONTINUE,
            reasons="Considered.",
            terms=suspension(subject),
        ),
    )
    due = DutyDecision.objects.with_review_due().get(pk=approved.pk)
    assert due.review_due_on == due.next_review_on == record.next_review_on == today + timedelta(weeks=4)
    assert record.trigger == ReviewTrigger.REPRESENTATIONS


def test_an_answer_through_the_notices_link_makes_a_review_due(approved, personas, subject, time_machine):
    from urllib.parse import urlsplit

    letter = approved.notice
    token = urlsplit(responses.url_for(letter.response_link)).path.rstrip("/").rsplit("/", 1)[-1]
    responses.submit(token=token, text="I wish to make representations.", files=[], client_address="127.0.0.1")
    due = DutyDecision.objects.with_review_due().get(pk=approved.pk)
    assert due.review_due_on == timezone.localdate() < due.next_review_on
    # The link's answer meets the representations clock (notifications.responses).
    assert Deadline.objects.get(kind=duty.REPRESENTATIONS, person=subject.person).state == DeadlineState.MET


def test_representations_are_checked(approved, personas):
    for kwargs, field in [
        ({"channel": "pigeon"}, "channel"),
        ({"summary": " "}, "summary"),
        ({"received_on": None}, "received_on"),
        ({"received_on": date(2099, 1, 1)}, "received_on"),
    ]:
        values = {"received_on": timezone.localdate(), "channel": "email", "summary": "Said things", **kwargs}
        with pytest.raises(DutyRefused) as refusal:
            duty_reviews.record_representations(user=personas.investigator, decision=approved, **values)
        assert refusal.value.field == field


def test_a_significant_change_asks_for_a_review(approved, personas):
    with pytest.raises(DutyRefused, match="Describe the significant change"):
        duty_reviews.request_review(user=personas.investigator, decision=approved, reason="")
    duty_reviews.request_review(user=personas.investigator, decision=approved, reason="Officer charged today.")
    approved.refresh_from_db()
    assert approved.review_requested_on == timezone.localdate()
    assert "Officer charged today." in approved.review_requested_reason


# Automatic end ----------------------------------------------------------------------------
def test_the_suspension_ends_when_proceedings_conclude(approved, personas, subject, proceedings, put_at):
    put_at(proceedings, Stage.INVESTIGATION)
    lifecycle.apply_transition(
        user=personas.investigator, proceedings=proceedings, action="no_further_action", reason="No misconduct."
    )
    approved.refresh_from_db()
    assert approved.state == DecisionState.ENDED and "proceedings concluded" in approved.end_reason
    assert status_of(subject.person) == DutyStatus.FULL
    assert TimelineEvent.objects.filter(case=subject.case, summary__contains="ended automatically").exists()
    assert not Deadline.objects.open().filter(person=subject.person, kind__startswith="suspension").exists()


def test_a_dismissed_officer_is_not_returned_to_duty(approved, personas, subject, proceedings, put_at):
    put_at(proceedings, Stage.OUTCOME, forum=Stage.HEARING, finding=Finding.GROSS, outcome=Outcome.DISMISSAL)
    lifecycle.apply_transition(
        user=personas.investigator, proceedings=proceedings, action="finalise_outcome", reason="No appeal."
    )
    approved.refresh_from_db()
    assert approved.state == DecisionState.ENDED
    assert status_of(subject.person) == DutyStatus.LEFT


def test_referral_to_reflective_practice_ends_the_suspension(approved, personas, subject, proceedings, assess):
    from conduct.models import Severity

    assess(subject.allegations.get(), Severity.PRI)
    lifecycle.apply_transition(
        user=personas.investigator, proceedings=proceedings, action="start_rprp", reason="Practice issue only."
    )
    approved.refresh_from_db()
    assert approved.state == DecisionState.ENDED and "no misconduct proceedings" in approved.end_reason


def test_the_decision_ends_automatically_at_closure(approved, personas, subject, proceedings, put_at):
    put_at(proceedings, Stage.CONCLUDED, conclusion="nfa")  # no transition: only closure ends it
    services.close_case(user=personas.investigator, case=subject.case, reason="All concluded.")
    approved.refresh_from_db()
    assert approved.state == DecisionState.ENDED and approved.end_reason == "Case closed: All concluded."
    assert approved.ended_by == personas.investigator
    assert status_of(subject.person) == DutyStatus.FULL
    assert TimelineEvent.objects.filter(case=subject.case, summary__contains="ended automatically").exists()


def test_ending_one_case_keeps_the_status_another_case_requires(approved, personas, subject, team, proceedings, put_at):
    other = make_case(personas.investigator, team, [subject.person]).subjects.get()
    restriction = duty.propose(user=personas.investigator, subject=other, terms=alternative(other))
    duty.approve(user=personas.authority, decision=restriction, reasons=REASONS, effective_on=timezone.localdate())
    # The suspension (this case) is still the latest status, so ending it falls back to the restriction.
    from casework.services import change_duty_status

    change_duty_status(
        user=personas.authority,
        person=subject.person,
        status=DutyStatus.SUSPENDED,
        starts_on=timezone.localdate(),
        reason="Still suspended on the first case",
    )
    put_at(proceedings, Stage.CONCLUDED, conclusion="nfa")
    services.close_case(user=personas.investigator, case=subject.case, reason="Done")
    assert status_of(subject.person) == DutyStatus.RESTRICTED


# The record -------------------------------------------------------------------------------
def test_reviews_and_representations_are_append_only(approved, personas, subject):
    duty_reviews.record_representations(
        user=personas.investigator, decision=approved, received_on=timezone.localdate(), channel="email", summary="Text"
    )
    record = duty_reviews.review(
        user=personas.authority,
        decision=approved,
        data=ReviewInput(trigger="representations", outcome="continue", reasons="r", terms=suspension(subject)),
    )
    from django.db import DatabaseError

    from conduct.models import DutyRepresentation

    for model, pk in ((DutyReview, record.pk), (DutyRepresentation, approved.representations.get().pk)):
        with pytest.raises(DatabaseError), transaction.atomic():
            model.objects.filter(pk=pk).delete()


def test_decisions_keep_their_history(approved):
    assert approved.events.count() >= 2  # proposed, then approved (pghistory)


def test_the_group_chat_officer_under_criminal_investigation(personas, subject, propose):
    subject.allegations.update(criminal_investigation=CriminalInvestigation.OPEN)
    decision = propose(subject)
    assert decision.allegations.get().criminal_investigation_live
