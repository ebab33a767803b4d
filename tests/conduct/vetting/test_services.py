"""The vetting route's workflows (conduct/vetting/services.py): the trigger, each step and its
clock, the decision-maker who did not prepare the review, the letters, and dismissal at the end."""

from datetime import date

import pytest
import time_machine

from casework.models import Deadline, Person, VettingStatus
from casework.models.cases import TimelineEvent
from conduct.cases import hooks
from conduct.cases.lifecycle import apply_transition
from conduct.models import Finding, Outcome, Severity, Stage
from conduct.vetting import appeals, services
from conduct.vetting.clock_rules import VETTING_APPEAL, VETTING_DECISION, VETTING_REPRESENTATIONS
from conduct.vetting.models import AppealOutcome, Decision, ReviewState, Trigger, VettingReview
from notifications.models import Correspondence
from tests.conduct.vetting.conftest import OPENED_ON

pytestmark = pytest.mark.django_db


def status_of(person):
    return Person.objects.get(pk=person.pk).vetting_status


def decide(user, review, decision=Decision.WITHDRAWN, reasons="Unsuitable: the association is proved.", **extra):
    return services.decide(
        user=user,
        review=review,
        data=services.DecisionInput(decision=decision, reasons=reasons, decided_on=OPENED_ON, **extra),
    )


# The trigger ---------------------------------------------------------------------------------
@pytest.fixture
def at_meeting(proceedings, put_at, assess):
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, Severity.MISCONDUCT)
    return put_at(proceedings, Stage.MEETING, forum=Stage.MEETING)


def record_outcome(personas, proceedings, finding, outcome):
    return apply_transition(
        user=personas.authority,
        proceedings=proceedings,
        action="record_outcome",
        reason="The meeting's reasons.",
        finding=finding,
        outcome=outcome,
    )


def test_a_misconduct_finding_opens_a_review_of_the_officers_clearance(personas, at_meeting, officer):
    Person.objects.filter(pk=officer.pk).update(vetting_status=VettingStatus.CLEARED)
    record_outcome(personas, at_meeting, Finding.MISCONDUCT, Outcome.WRITTEN_WARNING)

    review = VettingReview.objects.get()
    assert (review.person, review.case, review.proceedings) == (officer, at_meeting.subject.case, at_meeting)
    assert (review.trigger, review.state, review.status_before) == (Trigger.FINDING, ReviewState.OPENED, "cleared")
    assert "Misconduct found" in review.reason
    assert status_of(officer) == VettingStatus.UNDER_REVIEW
    assert TimelineEvent.objects.filter(case=review.case, summary__contains="Vetting review of").exists()


def test_no_finding_opens_no_review(personas, at_meeting, officer):
    record_outcome(personas, at_meeting, Finding.NOT_PROVEN, Outcome.NO_ACTION)
    assert not VettingReview.objects.exists()
    assert status_of(officer) == VettingStatus.NOT_KNOWN


def test_staff_hold_no_clearance_under_the_regulations(personas, officer):
    Person.objects.filter(pk=officer.pk).update(person_type="staff")
    officer.refresh_from_db()
    with pytest.raises(services.VettingRefused, match="police officers' clearance only"):
        services.open_review(user=personas.authority, person=officer, data=services.Opening(reason="Information."))


def test_one_open_review_per_person_and_a_reason_is_required(personas, review, officer):
    with pytest.raises(services.VettingRefused) as refused:
        services.open_review(user=personas.head, person=officer, data=services.Opening(reason="  "))
    messages = [message for message, _ in refused.value.problems]
    assert messages == [
        f"A vetting review of {officer.full_name} is already open.",
        "Say why the review is opened: the information about their suitability.",
    ]


# The steps and their clocks ---------------------------------------------------------------------
def test_no_withdrawal_assessment_closes_the_review_and_restores_the_status(personas, officer, on_opening_day):
    Person.objects.filter(pk=officer.pk).update(vetting_status=VettingStatus.CLEARED)
    review = services.open_review(user=personas.authority, person=officer, data=services.Opening(reason="Rumour."))
    assert status_of(officer) == VettingStatus.UNDER_REVIEW
    with pytest.raises(services.VettingRefused, match="cannot give notice now"):
        services.give_notice(user=personas.authority, review=review, given_on=OPENED_ON)
    review = services.assess_severity(
        user=personas.authority, review=review, assessed_on=OPENED_ON, needed=False, reasons="Unfounded rumour."
    )
    assert (review.state, status_of(officer)) == (ReviewState.CLOSED, VettingStatus.CLEARED)
    assert not Deadline.objects.filter(scope=review.scope).exists()


def test_notice_starts_the_representations_clock_with_its_source_and_writes_the_letter(personas, noticed, officer):
    clock = Deadline.objects.get(kind=VETTING_REPRESENTATIONS, scope=noticed.scope)
    # 10 working days after Monday 7 December 2026: Monday 21 December (the placeholder period).
    assert (clock.starts_on, clock.due_on, clock.person) == (OPENED_ON, date(2026, 12, 21), officer)
    assert noticed.representations_due_on == date(2026, 12, 21)
    assert clock.source_rule["status"] == "to_confirm"
    assert "SI 2025/502" in clock.source_rule["source"] and "TO CONFIRM" in clock.source_rule["source"]
    letter = Correspondence.objects.get(kind="vetting_notice", person=officer)
    assert "21 December 2026" in letter.body and "representations" in letter.body
    assert noticed.state == ReviewState.NOTICE_GIVEN


def test_representations_meet_their_clock_and_start_the_decision_clock(awaiting_decision):
    represent = Deadline.objects.get(kind=VETTING_REPRESENTATIONS, scope=awaiting_decision.scope)
    decision = Deadline.objects.get(kind=VETTING_DECISION, scope=awaiting_decision.scope)
    assert (represent.state, represent.met_on) == ("met", OPENED_ON)
    assert (decision.state, decision.starts_on) == ("open", OPENED_ON)
    # 15 working days (the placeholder): past Christmas Day (Fri 25) and the Boxing Day holiday (Mon 28).
    assert decision.due_on == date(2026, 12, 30)
    assert awaiting_decision.state == ReviewState.AWAITING_DECISION


def test_no_representations_only_once_the_time_has_passed(personas, noticed):
    with pytest.raises(services.VettingRefused, match="until 21 December 2026"):
        services.record_no_representations(user=personas.authority, review=noticed)
    with time_machine.travel(date(2026, 12, 22), tick=False):
        review = services.record_no_representations(user=personas.authority, review=noticed)
    assert (review.state, review.no_representations) == (ReviewState.AWAITING_DECISION, True)
    assert Deadline.objects.get(kind=VETTING_REPRESENTATIONS, scope=review.scope).state == "missed"
    assert Deadline.objects.get(kind=VETTING_DECISION, scope=review.scope).state == "open"


# The decision ---------------------------------------------------------------------------------
def test_whoever_opened_or_prepared_the_review_may_not_decide_it(personas, awaiting_decision, officer):
    with pytest.raises(services.VettingRefused, match="another appropriate authority must decide it"):
        decide(personas.authority, awaiting_decision)
    assert status_of(officer) == VettingStatus.UNDER_REVIEW
    assert VettingReview.objects.get().decision == ""


def test_every_problem_with_a_decision_at_once(personas, awaiting_decision):
    with pytest.raises(services.VettingRefused) as refused:
        decide(personas.head, awaiting_decision, decision=Decision.MODIFIED, reasons="")
    assert [(m, f) for m, f in refused.value.problems] == [
        ("Give the reasons for the decision.", "reasons"),
        ("State the restrictions on the modified clearance.", "restrictions"),
    ]


def test_clearance_kept_clears_the_officer_and_closes_the_review(personas, awaiting_decision, officer):
    review = decide(personas.head, awaiting_decision, decision=Decision.KEPT, reasons="The concern was unfounded.")
    assert (review.state, status_of(officer)) == (ReviewState.CLOSED, VettingStatus.CLEARED)
    assert Deadline.objects.get(kind=VETTING_DECISION, scope=review.scope).state == "met"
    assert not Deadline.objects.filter(kind=VETTING_APPEAL).exists()  # nothing to appeal against
    letter = Correspondence.objects.get(kind="vetting_decision", person=officer)
    assert "Clearance kept" in letter.body and "The concern was unfounded." in letter.body


def test_modified_clearance_states_its_restrictions_and_may_be_appealed(personas, awaiting_decision, officer):
    review = decide(
        personas.head, awaiting_decision, decision=Decision.MODIFIED, restrictions="No access to intelligence systems."
    )
    assert (review.state, status_of(officer)) == (ReviewState.DECIDED, VettingStatus.CLEARED)
    assert review.restrictions == "No access to intelligence systems."
    assert Deadline.objects.get(kind=VETTING_APPEAL, scope=review.scope).due_on == review.appeal_due_on
    assert "No access to intelligence systems." in Correspondence.objects.get(kind="vetting_decision").body


def test_withdrawal_withdraws_and_the_letter_gives_the_right_of_appeal(personas, awaiting_decision, officer):
    review = decide(personas.head, awaiting_decision)
    assert (review.state, status_of(officer)) == (ReviewState.DECIDED, VettingStatus.WITHDRAWN)
    letter = Correspondence.objects.get(kind="vetting_decision", person=officer)
    assert "RIGHT OF APPEAL" in letter.body and "dismissed" in letter.body
    assert f"{review.appeal_due_on:%-d %B %Y}" in letter.body


# The appeal, and dismissal -----------------------------------------------------------------------
@pytest.fixture
def withdrawn(personas, awaiting_decision):
    return decide(personas.head, awaiting_decision)


@pytest.fixture
def appealed(personas, withdrawn):
    return appeals.lodge_appeal(user=personas.authority, review=withdrawn, lodged_on=OPENED_ON, grounds="Unfair.")


def test_an_appeal_is_heard_by_someone_who_did_not_decide_or_prepare(personas, appealed):
    for user in (personas.head, personas.authority):
        with pytest.raises(services.VettingRefused, match="someone else must hear the appeal"):
            appeals.decide_appeal(user=user, review=appealed, outcome="allowed", reasons="R", decided_on=OPENED_ON)


def test_an_appeal_allowed_restores_the_clearance(personas, appealed, second_authority, officer):
    review = appeals.decide_appeal(
        user=second_authority,
        review=appealed,
        outcome=AppealOutcome.ALLOWED,
        reasons="New evidence.",
        decided_on=OPENED_ON,
    )
    assert (review.state, status_of(officer)) == (ReviewState.CLOSED, VettingStatus.CLEARED)
    assert Deadline.objects.get(kind=VETTING_APPEAL, scope=review.scope).state == "met"
    assert "Clearance kept" in Correspondence.objects.get(kind="vetting_appeal_result").body


@pytest.fixture
def dismissals():
    """A test receiver on person_dismissed: what the Barred List report (conduct/lists) will get."""
    received = []
    hooks.person_dismissed.connect(lambda **kwargs: received.append(kwargs), name="test-dismissals")
    yield received
    hooks.person_dismissed.receivers = [r for r in hooks.person_dismissed.receivers if r[1] != "test-dismissals"]


def test_a_withdrawal_that_stands_ends_in_dismissal_which_fires_person_dismissed(
    personas, appealed, second_authority, officer, dismissals
):
    review = appeals.decide_appeal(
        user=second_authority,
        review=appealed,
        outcome=AppealOutcome.DISMISSED,
        reasons="No merit.",
        decided_on=OPENED_ON,
    )
    assert (review.state, status_of(officer)) == (ReviewState.DISMISSAL_DUE, VettingStatus.WITHDRAWN)
    assert not dismissals
    review = appeals.record_dismissal(
        user=second_authority, review=review, dismissed_on=OPENED_ON, reasons="Dismissed by the chief constable."
    )
    assert review.state == ReviewState.CLOSED
    assert dismissals == [
        {
            "person": review.person,
            "on": OPENED_ON,
            "user": second_authority,
            "case": None,
            "route": "vetting",
            "source": review,
        }
    ]


def test_no_appeal_within_the_period_lets_the_withdrawal_stand(personas, withdrawn, dismissals):
    with pytest.raises(services.VettingRefused, match="may appeal until"):
        appeals.close_appeal_period(user=personas.head, review=withdrawn)
    assert withdrawn.appeal_due_on == date(2026, 12, 21)  # 10 working days (the placeholder)
    with time_machine.travel(date(2026, 12, 22), tick=False):
        review = appeals.close_appeal_period(user=personas.head, review=withdrawn)
    assert review.state == ReviewState.DISMISSAL_DUE
    assert Deadline.objects.get(kind=VETTING_APPEAL, scope=review.scope).state == "missed"


def test_a_late_appeal_needs_a_reason(personas, withdrawn):
    late = date.fromordinal(withdrawn.appeal_due_on.toordinal() + 1)
    with time_machine.travel(late, tick=False):
        with pytest.raises(services.VettingRefused, match="give the reason the late notice is accepted"):
            appeals.lodge_appeal(user=personas.authority, review=withdrawn, lodged_on=late, grounds="Unfair.")
        review = appeals.lodge_appeal(
            user=personas.authority, review=withdrawn, lodged_on=late, grounds="Unfair.", late_reason="In hospital."
        )
    assert review.state == ReviewState.APPEALED and "In hospital." in review.appeal_grounds


def test_a_step_out_of_order_is_refused(personas, review):
    with pytest.raises(services.VettingRefused, match="cannot be decided now"):
        decide(personas.head, review)


def test_a_notice_cannot_be_dated_in_the_future(personas, assessed):
    with pytest.raises(services.VettingRefused, match="date the notice was given must be today or in the past"):
        services.give_notice(user=personas.authority, review=assessed, given_on=date(2027, 1, 1))


def test_a_vetting_dismissal_makes_the_barred_list_report_due(personas, appealed, second_authority, officer):
    """The route and the lists meet through the hook, with no test receiver: the real one
    (conduct/lists) writes the report, from the dismissal, on its clock (s.88A(1); reg 3(1))."""
    from conduct.lists.models import ListKind, ListReport

    review = appeals.decide_appeal(
        user=second_authority,
        review=appealed,
        outcome=AppealOutcome.DISMISSED,
        reasons="No merit.",
        decided_on=OPENED_ON,
    )
    appeals.record_dismissal(user=second_authority, review=review, dismissed_on=OPENED_ON, reasons="Dismissed.")
    report = ListReport.objects.get(person=officer)
    assert (report.kind, report.trigger, report.trigger_on) == (ListKind.BARRED, "dismissal_vetting", OPENED_ON)
    # 5 working days beginning with Monday 7 December 2026, the day of the dismissal: Monday to Friday.
    assert report.due_on == date(2026, 12, 11)
