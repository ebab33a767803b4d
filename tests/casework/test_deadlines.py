"""Deadline services: start (idempotent, one open clock per case, person and kind), extend (a
reason and a later date), stop (a reason; missed once the due day has ended), meet; the history
(append-only) and the contract with the reminder sweep (next_action_at)."""

from datetime import date, datetime, timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from casework import deadlines
from casework.calendar import LONDON, end_of_day
from casework.models import Deadline, DeadlineAction, DeadlineChange, DeadlineState, TimelineEvent
from casework.models.cases import EventKind

pytestmark = pytest.mark.django_db

MONDAY = datetime(2026, 12, 7, 10, 0, tzinfo=LONDON)
RULE = {"code": "test_clock", "amount": 10, "unit": "working_days", "source": "Test regs", "status": "confirmed"}


@pytest.fixture
def now(time_machine):
    time_machine.move_to(MONDAY, tick=False)
    return timezone.now()


@pytest.fixture
def subject(case):
    return case.subjects.get().person


@pytest.fixture
def start(case, subject, personas, now):
    def start_one(kind="test_clock", person=subject, due_on=date(2026, 12, 21), starts_on=date(2026, 12, 7), **extra):
        return deadlines.start_deadline(
            case=case,
            kind=kind,
            label="Officer's written statement",
            owner=personas.investigator,
            starts_on=starts_on,
            due_on=due_on,
            person=person,
            actor=personas.investigator,
            source_rule=RULE,
            **extra,
        )

    return start_one


def changes(deadline):
    return list(DeadlineChange.objects.filter(deadline=deadline).order_by("id").values_list("action", flat=True))


def deadline_events(case):
    return TimelineEvent.objects.filter(case=case, kind=EventKind.DEADLINE)


# Start ------------------------------------------------------------------------------------
def test_starting_a_deadline_stores_its_due_date_rule_and_asks_the_sweep_to_plan_it(start, personas, subject, now):
    deadline = start()
    deadline.refresh_from_db()
    assert (deadline.state, deadline.person, deadline.owner) == (DeadlineState.OPEN, subject, personas.investigator)
    assert (deadline.starts_on, deadline.due_on) == (date(2026, 12, 7), date(2026, 12, 21))
    assert deadline.due_at == end_of_day(date(2026, 12, 21))
    assert deadline.due_at.astimezone(LONDON).date() == deadline.due_on
    assert deadline.next_action_at == now  # the contract: the sweep plans it afresh
    assert deadline.source_rule == RULE
    assert changes(deadline) == [DeadlineAction.START]
    assert DeadlineChange.objects.get(deadline=deadline).to_due == date(2026, 12, 21)


def test_starting_the_same_clock_twice_returns_the_open_one(start, case):
    first = start()
    again = start(due_on=date(2027, 1, 30))
    assert again.pk == first.pk and again.due_on == date(2026, 12, 21)
    assert Deadline.objects.filter(case=case, kind="test_clock").count() == 1
    assert start(person=None).pk != first.pk  # the case-wide clock is another clock
    assert start(person=None).pk == start(person=None).pk


def test_the_database_refuses_a_second_open_clock_even_for_no_person(start, case, personas):
    for person in (case.subjects.get().person, None):
        original = start(person=person)
        duplicate = Deadline(
            case=case,
            kind=original.kind,
            label="x",
            person=person,
            owner=personas.investigator,
            starts_on=original.starts_on,
            due_on=original.due_on,
            due_at=original.due_at,
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()


def test_a_clock_can_start_again_once_the_last_one_closed(start, personas):
    first = start()
    deadlines.meet_deadline(deadline=first, actor=personas.investigator)
    second = start()
    assert second.pk != first.pk and second.state == DeadlineState.OPEN


def test_a_deadline_cannot_fall_due_before_it_starts(start):
    with pytest.raises(deadlines.DeadlineRefused, match="before it starts"):
        start(due_on=date(2026, 12, 1))
    assert not Deadline.objects.filter(kind="test_clock").exists()


# Extend -----------------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_extending_needs_a_reason(start, personas, case, reason):
    deadline = start()
    with pytest.raises(deadlines.DeadlineRefused, match="reason") as refused:
        deadlines.extend_deadline(
            deadline=deadline, new_due_on=date(2027, 1, 8), reason=reason, actor=personas.investigator
        )
    assert refused.value.field == "reason"
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.extension_count) == (date(2026, 12, 21), 0)
    assert changes(deadline) == [DeadlineAction.START]
    assert not deadline_events(case).exists()


@pytest.mark.parametrize("new_due_on", [date(2026, 12, 21), date(2026, 12, 18)], ids=["same", "earlier"])
def test_extending_needs_a_later_date(start, personas, new_due_on):
    deadline = start()
    with pytest.raises(deadlines.DeadlineRefused, match="must be after the current one") as refused:
        deadlines.extend_deadline(deadline=deadline, new_due_on=new_due_on, reason="Asked", actor=personas.investigator)
    assert refused.value.field == "new_due_on"
    deadline.refresh_from_db()
    assert deadline.due_on == date(2026, 12, 21)


def test_an_extension_moves_the_due_date_keeps_the_history_and_replans_the_sweep(
    start, personas, case, subject, time_machine
):
    deadline = start()
    Deadline.objects.filter(pk=deadline.pk).update(next_action_at=None)  # as if the sweep had planned it
    time_machine.move_to(MONDAY + timedelta(days=2), tick=False)
    deadline = deadlines.extend_deadline(
        deadline=deadline, new_due_on=date(2027, 1, 8), reason="Federation rep on leave", actor=personas.head
    )
    deadlines.extend_deadline(deadline=deadline, new_due_on=date(2027, 1, 15), reason="Again", actor=personas.head)
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.due_at) == (date(2027, 1, 15), end_of_day(date(2027, 1, 15)))
    assert deadline.state == DeadlineState.OPEN and deadline.extension_count == 2
    assert deadline.next_action_at == timezone.now()
    history = list(DeadlineChange.objects.filter(deadline=deadline).order_by("id"))
    assert [(c.action, c.from_due, c.to_due, c.reason, c.actor) for c in history[1:]] == [
        (DeadlineAction.EXTEND, date(2026, 12, 21), date(2027, 1, 8), "Federation rep on leave", personas.head),
        (DeadlineAction.EXTEND, date(2027, 1, 8), date(2027, 1, 15), "Again", personas.head),
    ]
    event = deadline_events(case).order_by("id").first()
    assert event.person == subject and event.actor == personas.head
    assert "Deadline extended" in event.summary and "8 January 2027" in event.summary
    assert "Federation rep on leave" in event.detail


# Stop and meet ----------------------------------------------------------------------------
@pytest.mark.parametrize("reason", ["", " \n "])
def test_stopping_needs_a_reason(start, personas, reason):
    deadline = start()
    with pytest.raises(deadlines.DeadlineRefused, match="reason"):
        deadlines.stop_deadline(deadline=deadline, reason=reason, actor=personas.investigator)
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.OPEN


def test_a_stop_before_the_due_day_ends_is_a_stop_and_the_sweep_lets_go(start, personas, case, now):
    deadline = deadlines.stop_deadline(deadline=start(), reason="Proceedings withdrawn", actor=personas.head)
    deadline.refresh_from_db()
    assert (deadline.state, deadline.closed_at, deadline.closed_by) == (DeadlineState.STOPPED, now, personas.head)
    assert deadline.next_action_at is None
    assert changes(deadline) == [DeadlineAction.START, DeadlineAction.STOP]
    assert DeadlineChange.objects.get(deadline=deadline, action=DeadlineAction.STOP).reason == "Proceedings withdrawn"
    assert "Deadline stopped" in deadline_events(case).get().summary


def test_a_stop_after_the_due_day_ended_is_recorded_as_missed(start, personas, case, time_machine):
    deadline = start()
    time_machine.move_to(datetime(2026, 12, 22, 0, 0, tzinfo=LONDON), tick=False)  # the 21st has ended
    deadline = deadlines.stop_deadline(deadline=deadline, reason="No statement came", actor=personas.investigator)
    assert deadline.state == DeadlineState.MISSED
    assert changes(deadline)[-1] == DeadlineAction.MISS
    assert "closed as missed" in deadline_events(case).get().summary


def test_meeting_closes_the_clock_on_the_day_it_was_met(start, personas, case):
    deadline = deadlines.meet_deadline(deadline=start(), actor=personas.investigator, on=date(2026, 12, 22))
    deadline.refresh_from_db()
    assert (deadline.state, deadline.met_on, deadline.next_action_at) == (DeadlineState.MET, date(2026, 12, 22), None)
    assert deadline.met_late
    assert changes(deadline) == [DeadlineAction.START, DeadlineAction.MEET]
    assert not deadline_events(case).exists()  # the event that met it is on the timeline already
    # Meeting again changes nothing; extending or stopping a closed deadline is refused.
    deadlines.meet_deadline(deadline=deadline, actor=personas.investigator)
    assert changes(deadline) == [DeadlineAction.START, DeadlineAction.MEET]
    with pytest.raises(deadlines.DeadlineRefused, match="already met"):
        deadlines.extend_deadline(deadline=deadline, new_due_on=date(2027, 2, 1), reason="r", actor=personas.head)
    with pytest.raises(deadlines.DeadlineRefused, match="already met"):
        deadlines.stop_deadline(deadline=deadline, reason="r", actor=personas.head)


def test_meet_open_and_stop_open_find_the_clock_by_case_person_and_kind(start, case, subject, personas):
    start()
    assert deadlines.meet_open(case, "test_clock", person=None, actor=personas.investigator) is None
    met = deadlines.meet_open(case, "test_clock", subject, actor=personas.investigator)
    assert met.state == DeadlineState.MET
    assert deadlines.stop_open(case, "test_clock", subject, actor=personas.investigator, reason="r") is None


def test_the_database_keeps_a_closed_deadline_away_from_the_sweep(start, personas):
    deadline = deadlines.meet_deadline(deadline=start(), actor=personas.investigator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Deadline.objects.filter(pk=deadline.pk).update(next_action_at=timezone.now())


def test_deadline_history_rejects_update_and_delete_at_the_database(start):
    start()
    for sql in ("UPDATE casework_deadlinechange SET reason = 'x'", "DELETE FROM casework_deadlinechange"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert DeadlineChange.objects.exists()


# Reads ------------------------------------------------------------------------------------
def test_overdue_and_due_within_working_days(start, case, time_machine):
    monday_7th = start(kind="due_monday", due_on=date(2026, 12, 7))  # today
    friday_11th = start(kind="due_friday", due_on=date(2026, 12, 11))
    monday_14th = start(kind="due_next_monday", due_on=date(2026, 12, 14))  # 5 working days on
    tuesday_15th = start(kind="due_tuesday", due_on=date(2026, 12, 15))
    opened = Deadline.objects.filter(case=case, person__isnull=False)
    assert set(opened.due_within(5)) == {monday_7th, friday_11th, monday_14th}
    assert not opened.overdue().exists()
    time_machine.move_to(datetime(2026, 12, 8, 0, 0, 1, tzinfo=LONDON), tick=False)
    assert set(opened.overdue()) == {monday_7th}
    assert set(opened.due_within(5)) == {friday_11th, monday_14th, tuesday_15th}
    deadlines.meet_deadline(deadline=monday_7th, actor=monday_7th.owner)
    assert not opened.overdue().exists()


def test_visible_to_follows_the_case(start, personas):
    deadline = start()
    clocks = Deadline.objects.filter(kind="test_clock")
    assert list(clocks.visible_to(personas.investigator)) == [deadline]
    assert list(clocks.visible_to(personas.head)) == [deadline]
    assert not Deadline.objects.visible_to(personas.investigator_other_team).exists()
    assert not Deadline.objects.visible_to(personas.admin).exists()


def test_next_deadlines_are_the_owners_open_ones_soonest_first(start, personas):
    later = start(kind="later", due_on=date(2027, 1, 4))
    sooner = start(kind="sooner", due_on=date(2026, 12, 9))
    deadlines.meet_deadline(deadline=start(kind="met"), actor=personas.investigator)
    assert list(deadlines.next_deadlines_for(personas.investigator))[:2] == [sooner, later]
    assert not deadlines.next_deadlines_for(personas.head)
