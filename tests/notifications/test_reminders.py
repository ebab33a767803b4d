"""The deadline sweep, with time-machine: each rung once, two sweeps at once send nothing twice,
a sweep after an outage catches up with one message, one bad deadline does not block others."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from casework import deadlines as deadline_services
from casework.models import Deadline
from notifications import reminders
from notifications.models import Correspondence, LetterKind, Notification, ReminderSent
from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case

LONDON = ZoneInfo("Europe/London")
DUE = date(2026, 12, 10)  # a Thursday


def at(day, hour=9):
    return datetime(2026, 12, day, hour, tzinfo=LONDON)


@pytest.fixture
def world(personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    officer = PersonFactory(force=force, number="4321", first_name="Dana", last_name="Whitlock")
    # The team's appropriate authority receives the first escalation; the head the second.
    team = TeamFactory(name="Team Ivy", members=[personas.investigator, personas.authority])
    with time_machine.travel(at(1), tick=False):
        case = make_case(personas.investigator, team, [officer])
    return case, officer


def start(world, personas, *, due=DUE, kind="reg17_written_statement", person=True):
    case, officer = world
    with time_machine.travel(at(1), tick=False):
        return deadline_services.start_deadline(
            case=case,
            kind=kind,
            label="Officer's written statement (reg 17)",
            owner=personas.investigator,
            starts_on=date(2026, 12, 1),
            due_on=due,
            person=officer if person else None,
            actor=personas.investigator,
            source_rule={"code": kind},
        )


def sweep_at(moment, **kwargs):
    with time_machine.travel(moment, tick=False):
        return reminders.sweep(**kwargs)


def stages(deadline):
    return list(ReminderSent.objects.filter(deadline=deadline).order_by("id").values_list("stage_code", "outcome"))


def told(user):
    return list(Notification.objects.filter(user=user).order_by("id").values_list("message", flat=True))


@pytest.mark.django_db
def test_each_rung_goes_once_to_the_right_people_at_the_right_time(world, personas):
    deadline = start(world, personas)
    assert sweep_at(at(1)).sent == 0  # planned: the first rung is 3 working days before
    deadline.refresh_from_db()
    assert deadline.next_action_at == datetime(2026, 12, 7, 8, tzinfo=LONDON)

    assert sweep_at(at(7)).sent == 1
    assert sweep_at(at(7, 10)).sent == 0  # the same rung never twice
    assert [m.split(": ", 1)[1] for m in told(personas.investigator)] == [
        "due in 3 working days (due 10 December 2026)"
    ]

    assert sweep_at(at(10)).sent == 1  # due today, to the owner
    assert sweep_at(at(11)).sent == 1  # overdue: the team's appropriate authority
    assert len(told(personas.authority)) == 1
    assert sweep_at(at(17)).sent == 1  # five working days overdue: the head of PSD
    assert len(told(personas.head)) == 1
    assert [c for c, _ in stages(deadline)] == ["before", "due-today", "overdue", "overdue-escalated"]
    deadline.refresh_from_db()
    assert deadline.next_action_at is None and deadline.state == "open"
    # Each notification to someone with an email address also went to the outbox, once.
    assert Correspondence.objects.filter(kind=LetterKind.DEADLINE_REMINDER).count() == sum(
        1 for u in (personas.investigator, personas.investigator, personas.authority, personas.head) if u.email
    )


@pytest.mark.django_db
def test_after_a_day_down_the_sweep_catches_up_with_one_message(world, personas):
    deadline = start(world, personas)
    sweep_at(at(1))
    report = sweep_at(at(18))  # the worker was down from the 1st to the 18th
    assert (report.sent, report.skipped, report.messages) == (1, 3, 1)
    assert stages(deadline) == [
        ("before", "skipped"),
        ("due-today", "skipped"),
        ("overdue", "skipped"),
        ("overdue-escalated", "sent"),
    ]
    assert told(personas.investigator) == [] and len(told(personas.head)) == 1


@pytest.mark.django_db
def test_an_extension_rearms_the_ladder_for_the_new_date(world, personas):
    deadline = start(world, personas)
    sweep_at(at(7))
    with time_machine.travel(at(7, 12), tick=False):
        deadline_services.extend_deadline(
            deadline=deadline,
            new_due_on=date(2026, 12, 17),
            reason="Officer's solicitor unavailable",
            actor=personas.authority,
        )
    sweep_at(at(7, 13))
    sweep_at(at(14))  # three working days before the new date
    deadline.refresh_from_db()
    codes = list(ReminderSent.objects.filter(deadline=deadline).values_list("generation", "stage_code"))
    assert codes == [(0, "before"), (1, "before")]


@pytest.mark.django_db
def test_one_bad_deadline_does_not_block_the_others(world, personas, monkeypatch, caplog):
    bad = start(world, personas, kind="reg31_response")
    good = start(world, personas)
    real_tell = reminders._tell

    def tell(user, deadline, stage, generation, left):
        if deadline.pk == bad.pk:
            raise RuntimeError("template missing")
        return real_tell(user, deadline, stage, generation, left)

    monkeypatch.setattr(reminders, "_tell", tell)
    report = sweep_at(at(7))
    assert report.errors == 1 and report.sent == 1
    assert stages(good) == [("before", "sent")] and stages(bad) == []
    bad.refresh_from_db()
    assert bad.next_action_at > at(7)  # looked at again later, not at once, not never
    assert f"deadline {bad.pk} failed" in caplog.text


@pytest.mark.django_db
def test_the_idle_sweep_does_a_fixed_number_of_queries(world, personas, django_assert_max_num_queries):
    for kind in ("reg17_written_statement", "reg31_response", "rprp_account"):
        start(world, personas, kind=kind)
    sweep_at(at(1))  # plans them all
    with django_assert_max_num_queries(4):
        assert sweep_at(at(2)).examined == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_send_nothing_twice(personas):
    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    people = [PersonFactory(force=force, number=str(5000 + n)) for n in range(40)]
    with time_machine.travel(at(1), tick=False):
        case = make_case(personas.investigator, team, people)
        for person in people:
            deadline_services.start_deadline(
                case=case,
                kind="reg17_written_statement",
                label="Statement",
                owner=personas.investigator,
                starts_on=date(2026, 12, 1),
                due_on=DUE,
                person=person,
                actor=personas.investigator,
                source_rule={},
            )
    reports, barrier = [], threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            reports.append(sweep_at(at(7), batch_size=5))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sum(r.sent for r in reports) == 40
    assert ReminderSent.objects.count() == 40
    assert Notification.objects.count() == 40
    assert Deadline.objects.filter(kind="reg17_written_statement", reminders__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_reminder_states_the_real_time_left_not_the_rungs_name(world, personas):
    """A clock due at the end of tomorrow: the rung that fires says hours, in the app and in the
    email's context, whatever the rung is called."""
    deadline = start(world, personas, due=date(2026, 12, 8))
    assert sweep_at(at(7, 10)).sent == 1  # the "3 working days before" rung, caught up late
    [message] = told(personas.investigator)
    assert message.endswith(": due in 1 day 13 hours (due 8 December 2026)")
    letter = Correspondence.objects.get(kind=LetterKind.DEADLINE_REMINDER, deadline__isnull=True, case=deadline.case)
    assert "due in 1 day 13 hours" in letter.subject


@pytest.mark.django_db
def test_a_year_overdue_is_not_announced_as_five_working_days(world, personas):
    deadline = start(world, personas, due=date(2026, 12, 2))
    Deadline.objects.filter(pk=deadline.pk).update(
        starts_on=date(2025, 11, 3), due_on=date(2025, 12, 2), due_at=datetime(2025, 12, 2, 23, 59, 59, tzinfo=LONDON)
    )
    sweep_at(at(3))
    [message] = told(personas.head)
    assert "overdue by 5 working days" not in message
    assert "overdue by 25" in message  # some 250 working days
