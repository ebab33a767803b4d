"""Criminal proceedings pauses (conduct.pauses.services): who decides, the refusals, the clocks
stopped and restarted with recalculated dates (across Christmas and New Year), the review clock,
the steps into proceedings refused while paused, and the end with the proceedings."""

from datetime import date, datetime

import pytest
from django.db import IntegrityError, transaction

from casework.calendar import LONDON
from casework.models import Deadline, DeadlineAction, DeadlineState, TimelineEvent
from casework.models.cases import EventKind
from conduct.cases import clocks, hooks, lifecycle
from conduct.cases import services as case_services
from conduct.models import CriminalProceedingsPause, PausedClock, PauseReview, PauseState, Stage
from conduct.pauses import services as pauses
from conduct.pauses.services import PauseRefused
from tests.factories import make_case

pytestmark = pytest.mark.django_db

OUTSTANDING = "Charged with assault; trial at the Crown Court."
REASONS = "A misconduct hearing would put the witnesses' accounts in public before the trial."
WEDNESDAY_9_DEC = datetime(2026, 12, 9, 10, 0, tzinfo=LONDON)
MONDAY_14_DEC = datetime(2026, 12, 14, 10, 0, tzinfo=LONDON)
THURSDAY_24_DEC = datetime(2026, 12, 24, 10, 0, tzinfo=LONDON)


@pytest.fixture
def dated_case(personas, team, officer, time_machine):
    """A case recorded on Wednesday 9 December, with the officer's reg 17 statement clock (10
    working days: due Wednesday 23 December) and a suspension review clock started that day."""
    time_machine.move_to(WEDNESDAY_9_DEC, tick=False)
    case = make_case(personas.investigator, team, [officer])
    for code in (clocks.REG17_STATEMENT, "suspension_review"):
        clocks.start_clock(
            code,
            case=case,
            person=officer,
            owner=personas.investigator,
            starts_on=date(2026, 12, 9),
            actor=personas.investigator,
        )
    return case


@pytest.fixture
def subject(dated_case):
    return dated_case.subjects.select_related("person", "case", "proceedings").get()


def pause_it(user, subject, **overrides):
    values = {"criminal_proceedings": OUTSTANDING, "reasons": REASONS}
    values.update(overrides)
    return pauses.pause(user=user, subject=subject, **values)


@pytest.fixture
def paused(personas, subject, time_machine):
    time_machine.move_to(MONDAY_14_DEC, tick=False)
    return pause_it(personas.authority, subject)


def open_clock(case, kind, person):
    return Deadline.objects.open().get(case=case, kind=kind, person=person)


# Pausing ----------------------------------------------------------------------------------
def test_a_pause_stops_the_subjects_clocks_with_the_time_they_had_left(personas, subject, paused):
    case, person = subject.case, subject.person
    stopped = Deadline.objects.get(case=case, kind=clocks.REG17_STATEMENT, person=person)
    assert stopped.state == DeadlineState.STOPPED and stopped.due_on == date(2026, 12, 23)
    change = stopped.changes.get(action=DeadlineAction.STOP)
    assert "reg 10(3)" in change.reason and "14 December 2026" in change.reason and change.actor == personas.authority
    assert REASONS not in change.reason  # narrative: on the pause's page only
    # 15, 16, 17, 18, 21, 22 and 23 December: seven working days after the Monday.
    (kept,) = PausedClock.objects.filter(pause=paused)
    assert (kept.deadline, kept.remaining, kept.remaining_unit) == (stopped, 7, "working_days")
    # The suspension's review keeps running (reg 11), and so does the case-wide 12-month clock.
    open_clock(case, "suspension_review", person)
    Deadline.objects.open().get(case=case, kind=clocks.INVESTIGATION_12_MONTHS, person=None)


def test_a_pause_is_a_reasoned_decision_citing_the_rule_with_a_review_clock(personas, subject, paused):
    assert paused.state == PauseState.ACTIVE and paused.decided_by == personas.authority
    assert paused.regulation == "Police (Conduct) Regulations 2020, reg 10(3)"
    assert paused.paused_on == date(2026, 12, 14)
    review = open_clock(subject.case, "criminal_proceedings_pause_review", subject.person)
    assert paused.review_deadline == review and review.due_on == date(2027, 1, 11)  # 4 weeks (force policy)
    assert review.source_rule["status"] == "to_confirm"
    event = TimelineEvent.objects.get(case=subject.case, kind=EventKind.PAUSE)
    assert "paused while criminal proceedings are outstanding" in event.summary
    assert OUTSTANDING in event.detail and "1 clock(s) stopped" in event.detail


def test_an_overdue_clock_is_not_paused(personas, subject, time_machine):
    time_machine.move_to(datetime(2026, 12, 29, 10, 0, tzinfo=LONDON), tick=False)  # reg 17 due the 23rd
    record = pause_it(personas.authority, subject)
    assert not record.paused_clocks.exists()
    open_clock(subject.case, clocks.REG17_STATEMENT, subject.person)  # still open, still escalating


@pytest.mark.parametrize(
    ("who", "changes", "field", "words"),
    [
        ("investigator", {}, None, "Only an appropriate authority"),
        ("authority", {"reasons": "  "}, "reasons", "reasons"),
        ("authority", {"criminal_proceedings": ""}, "criminal_proceedings", "criminal proceedings"),
        ("authority", {"paused_on": date(2026, 12, 25)}, "paused_on", "future"),
        ("authority", {"paused_on": date(2026, 12, 1)}, "paused_on", "before 9 December 2026"),
    ],
)
def test_pausing_is_refused_and_nothing_is_written(personas, subject, time_machine, who, changes, field, words):
    time_machine.move_to(MONDAY_14_DEC, tick=False)
    with pytest.raises(PauseRefused, match=words) as refusal:
        pause_it(getattr(personas, who), subject, **changes)
    assert refusal.value.field == field
    assert not CriminalProceedingsPause.objects.exists()
    open_clock(subject.case, clocks.REG17_STATEMENT, subject.person)


def test_a_subject_is_paused_once(personas, subject, paused):
    with pytest.raises(PauseRefused, match="already paused"):
        pause_it(personas.head, subject)
    # The database says so too.
    with pytest.raises(IntegrityError), transaction.atomic():
        CriminalProceedingsPause.objects.create(
            subject=subject,
            rule=paused.rule,
            regulation="x",
            criminal_proceedings="x",
            reasons="x",
            paused_on=paused.paused_on,
            decided_by=personas.head,
        )


def test_concluded_proceedings_and_closed_cases_cannot_be_paused(personas, subject, time_machine):
    time_machine.move_to(MONDAY_14_DEC, tick=False)
    subject.proceedings.__class__.objects.filter(pk=subject.proceedings.pk).update(stage=Stage.CONCLUDED)
    with pytest.raises(PauseRefused, match="concluded"):
        pause_it(personas.authority, subject)
    case_services.close_case(user=personas.investigator, case=subject.case, reason="Finished.")
    with pytest.raises(PauseRefused, match="closed"):
        pause_it(personas.authority, subject)


# Steps refused while paused ---------------------------------------------------------------
@pytest.mark.parametrize("action", ["refer_to_meeting", "refer_to_hearing", "refer_to_accelerated", "record_outcome"])
def test_the_steps_into_proceedings_are_refused_while_paused(subject, paused, action):
    with pytest.raises(lifecycle.TransitionRefused, match="paused while criminal proceedings are outstanding"):
        hooks.refuse_if_any(
            hooks.transition_refusals, lifecycle.TransitionRefused, proceedings=subject.proceedings, action=action
        )


def test_the_investigation_steps_are_not_refused(subject, paused):
    for action in ("serve_notice", "submit_report", "withdraw", "no_case_to_answer"):
        hooks.refuse_if_any(
            hooks.transition_refusals, lifecycle.TransitionRefused, proceedings=subject.proceedings, action=action
        )


def test_the_lifecycle_refuses_a_referral_while_paused(personas, subject, paused, put_at):
    put_at(subject.proceedings, Stage.REPORT)
    with pytest.raises(lifecycle.TransitionRefused, match="paused"):
        lifecycle.apply_transition(
            user=personas.authority,
            proceedings=subject.proceedings,
            action="refer_to_hearing",
            reason="Case to answer.",
        )
    assert subject.proceedings.transitions.count() == 0


# Review -----------------------------------------------------------------------------------
def test_a_review_meets_the_review_clock_and_starts_the_next(personas, subject, paused, time_machine):
    time_machine.move_to(datetime(2027, 1, 8, 10, 0, tzinfo=LONDON), tick=False)
    row = pauses.review(user=personas.head, pause=paused, reasons="Trial listed for March.")
    first = Deadline.objects.get(pk=paused.review_deadline_id)
    assert first.state == DeadlineState.MET
    paused.refresh_from_db()
    assert paused.next_review_on == date(2027, 2, 5) == row.next_review_on
    assert open_clock(subject.case, "criminal_proceedings_pause_review", subject.person).due_on == date(2027, 2, 5)
    assert PauseReview.objects.get().reviewed_by == personas.head
    with pytest.raises(PauseRefused, match="Only an appropriate authority"):
        pauses.review(user=personas.investigator, pause=paused, reasons="Still waiting.")
    with pytest.raises(PauseRefused) as refusal:
        pauses.review(user=personas.head, pause=paused, reasons="")
    assert refusal.value.field == "reasons"


# End --------------------------------------------------------------------------------------
def test_ending_restarts_the_clocks_with_the_time_left_across_the_bank_holidays(
    personas, subject, paused, time_machine
):
    time_machine.move_to(THURSDAY_24_DEC, tick=False)
    pauses.end(user=personas.authority, pause=paused, reasons="The trial has ended.")
    paused.refresh_from_db()
    assert paused.state == PauseState.ENDED and paused.ended_on == date(2026, 12, 24)
    # Seven working days from Thursday 24 December: Christmas Day, Boxing Day's substitute
    # (Monday 28th) and New Year's Day are skipped: 29, 30, 31 December, 4, 5, 6, 7 January.
    resumed = open_clock(subject.case, clocks.REG17_STATEMENT, subject.person)
    assert resumed.due_on == date(2027, 1, 7) and resumed.starts_on == date(2026, 12, 24)
    (start,) = resumed.changes.all()
    assert (start.action, start.from_due, start.to_due) == (DeadlineAction.START, date(2026, 12, 23), date(2027, 1, 7))
    assert "7 working days left when paused" in start.reason
    # The history is kept: the stopped clock is still there with its start and stop.
    old = PausedClock.objects.get(pause=paused)
    assert old.resumed_as == resumed
    assert [c.action for c in old.deadline.changes.all()] == [DeadlineAction.START, DeadlineAction.STOP]
    assert Deadline.objects.get(pk=paused.review_deadline_id).state == DeadlineState.MET
    event = TimelineEvent.objects.filter(case=subject.case, kind=EventKind.PAUSE).latest("occurred_at")
    assert "ended" in event.summary and "now due 7 January 2027" in event.detail
    assert not hooks.first_answer(hooks.transition_refusals, proceedings=subject.proceedings, action="refer_to_hearing")


def test_an_ended_pause_cannot_be_ended_or_reviewed_again(personas, subject, paused, time_machine):
    time_machine.move_to(THURSDAY_24_DEC, tick=False)
    pauses.end(user=personas.authority, pause=paused, reasons="The trial has ended.")
    for service in (pauses.end, pauses.review):
        with pytest.raises(PauseRefused, match="already ended"):
            service(user=personas.authority, pause=paused, reasons="Again.")
    assert Deadline.objects.filter(case=subject.case, kind=clocks.REG17_STATEMENT).count() == 2


def test_ending_is_refused_before_the_pause_began(personas, subject, paused):
    with pytest.raises(PauseRefused, match="before 14 December 2026") as refusal:
        pauses.end(user=personas.authority, pause=paused, reasons="x", ended_on=date(2026, 12, 10))
    assert refusal.value.field == "ended_on"


def test_a_pause_ends_with_the_proceedings(personas, subject, paused, put_at):
    put_at(subject.proceedings, Stage.MEETING, forum=Stage.MEETING)
    lifecycle.apply_transition(
        user=personas.investigator, proceedings=subject.proceedings, action="withdraw", reason="Withdrawn (reg 27)."
    )
    paused.refresh_from_db()
    assert paused.state == PauseState.ENDED and "Withdraw proceedings" in paused.end_reasons
    # Its clocks are not restarted: the proceedings they timed are over.
    assert not Deadline.objects.open().filter(case=subject.case, kind=clocks.REG17_STATEMENT).exists()
