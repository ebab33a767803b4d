"""Running an access review: exclusions, letters with response links and deadlines, chasers and
escalation to the line manager through the shared reminder ladder, assessment (a conduct case
for "not legitimate"), the board's counts, and the decision only once everyone is dealt with."""

import io
from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import Deadline, DeadlineState
from casework.models.cases import Origin
from conduct.access_reviews import importer as access_import
from conduct.access_reviews import services as access_reviews
from conduct.access_reviews.services import AccessReviewRefused
from conduct.models import Accessor, Assessment, ExerciseDecision, ExerciseState
from notifications import reminders, responses
from notifications.models import Correspondence, LetterKind, OfficerResponse
from tests.conduct.access_reviews.access_logs import log_for
from tests.factories import PersonFactory, UnitFactory

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 12, 1, 10, tzinfo=LONDON)  # a Tuesday


@pytest.fixture
def unit(home_force):
    return UnitFactory(force=home_force, name="Major Crime")


@pytest.fixture
def people(home_force, unit):
    manager = PersonFactory(force=home_force, number="9000", first_name="Carol", last_name="Hunt", email="carol@p.ex")
    made = [
        PersonFactory(
            force=home_force,
            number=f"10{i}",
            first_name=f"Officer{i}",
            last_name="Smith",
            email=f"o{i}@p.ex",
            line_manager=manager,
        )
        for i in range(4)
    ]
    made[3].unit = unit
    made[3].save()
    return made


@pytest.fixture
def exercise(personas, team, people):
    with time_machine.travel(START, tick=False):
        exercise = access_reviews.create_exercise(
            user=personas.investigator,
            data=access_reviews.ExerciseInput(name="Operation Linden", team=team, record_reference="CR-44/1"),
        )
        rows = [(f"u{i}", p.full_name, "", p.number) for i, p in enumerate(people)]
        rows.append(("ghost", "Unknown User", "ghost@p.ex", ""))
        access_import.import_file(exercise, io.BytesIO(log_for(rows, accesses_each=2).encode()))
    return exercise


def accessor(exercise, person):
    return Accessor.objects.get(exercise=exercise, person=person)


def answer(letter, text="I was the duty inspector reviewing overnight incidents."):
    token = urlsplit(responses.url_for(letter.response_link)).path.rstrip("/").rsplit("/", 1)[-1]
    return responses.submit(token=token, text=text, files=[], client_address="127.0.0.1")


def test_the_response_period_is_the_clock_rules(exercise):
    assert exercise.response_working_days == 10
    assert exercise.response_rule["code"] == "access_justification_response"


def test_exclusion_by_unit_and_letters_to_everyone_else(personas, exercise, people, unit):
    with time_machine.travel(START, tick=False):
        excluded = access_reviews.exclude_units(
            user=personas.investigator, exercise=exercise, units=[unit], reason="Investigation team"
        )
        sent = access_reviews.send_letters(user=personas.investigator, exercise=exercise)
        again = access_reviews.send_letters(user=personas.investigator, exercise=exercise)

    assert (excluded, sent, again) == (1, 3, 0)
    exercise.refresh_from_db()
    assert exercise.state == ExerciseState.COLLECTING and exercise.letters_sent_at is not None
    letters = Correspondence.objects.filter(kind=LetterKind.ACCESS_JUSTIFICATION)
    assert letters.count() == 3 and all(letter.response_link for letter in letters)
    letter = accessor(exercise, people[0]).letter
    assert letter.subject == "Your access to a police record: record CR-44/1"
    assert "15 December 2026" in letter.body  # 10 working days from 1 December
    deadline = accessor(exercise, people[0]).deadline
    assert (deadline.case, deadline.scope, deadline.person) == (None, exercise.scope, people[0])
    assert letter.deadline == deadline
    excluded_one = accessor(exercise, people[3])
    assert excluded_one.letter is None
    assert (excluded_one.excluded_by, excluded_one.excluded_at) == (personas.investigator, START)


def test_an_over_long_exclusion_reason_is_refused_not_cut_short(personas, exercise, people, unit):
    too_long = "Member of the investigation team. " * 10  # 340 characters; the record holds 300
    with pytest.raises(AccessReviewRefused, match="300 characters or fewer"):
        access_reviews.exclude(user=personas.investigator, accessor=accessor(exercise, people[0]), reason=too_long)
    with pytest.raises(AccessReviewRefused, match="300 characters or fewer"):
        access_reviews.exclude_units(user=personas.investigator, exercise=exercise, units=[unit], reason=too_long)
    assert not Accessor.objects.filter(exercise=exercise).exclude(excluded_reason="").exists()


def test_an_answer_meets_the_deadline_and_no_chaser_follows(personas, exercise, people):
    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
        answer(accessor(exercise, people[0]).letter)
    deadline = accessor(exercise, people[0]).deadline
    deadline.refresh_from_db()
    assert deadline.state == DeadlineState.MET

    with time_machine.travel(datetime(2026, 12, 16, 9, 5, tzinfo=LONDON), tick=False):
        reminders.sweep()

    chased = Correspondence.objects.filter(kind=LetterKind.RESPONSE_CHASER).values_list("person", flat=True)
    assert sorted(chased) == sorted(p.pk for p in people[1:4])


def test_non_responders_are_chased_with_their_link_then_their_line_manager_is_written_to(personas, exercise, people):
    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
    request = accessor(exercise, people[1]).letter

    with time_machine.travel(datetime(2026, 12, 16, 9, 5, tzinfo=LONDON), tick=False):  # day after the due day
        reminders.sweep()
    chaser = Correspondence.objects.get(kind=LetterKind.RESPONSE_CHASER, person=people[1])
    assert chaser.answers_through == request.response_link
    assert responses.with_live_link(chaser, chaser.body).count(responses.url_for(request.response_link)) == 1
    assert "record CR-44/1" in chaser.subject
    assert not Correspondence.objects.filter(kind=LetterKind.LINE_MANAGER_ESCALATION).exists()

    with time_machine.travel(datetime(2026, 12, 21, 9, 5, tzinfo=LONDON), tick=False):  # 4 working days after
        reminders.sweep()
    escalation = Correspondence.objects.get(kind=LetterKind.LINE_MANAGER_ESCALATION, person=people[1])
    assert (escalation.recipient_name, escalation.recipient_email) == ("Carol Hunt", "carol@p.ex")
    assert escalation.subject == f"No reply from {people[1].full_name}: access to record CR-44/1"

    # Answering through the chaser's link answers the request itself.
    with time_machine.travel(datetime(2026, 12, 21, 10, tzinfo=LONDON), tick=False):
        answer(request)
    assert OfficerResponse.objects.get().correspondence == request


def test_not_legitimate_opens_a_conduct_case_with_the_allegation_filled_in(personas, exercise, people):
    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
        answer(accessor(exercise, people[0]).letter, "I was curious.")
        assessed = access_reviews.assess(
            user=personas.investigator,
            accessor=accessor(exercise, people[0]),
            outcome=Assessment.NOT_LEGITIMATE,
            reasons="Curiosity is not a policing purpose.",
        )

    case = assessed.conduct_case
    assert case.origin == Origin.ACCESS_EXERCISE and case.team == exercise.team
    allegation = case.subjects.get(person=people[0]).allegations.get()
    assert [s.name for s in allegation.standards.all()] == ["Confidentiality"]
    assert [c.code for c in allegation.categories.all()] == ["data-misuse"]
    assert "record CR-44/1 2 times" in allegation.description
    exercise.refresh_from_db()
    assert exercise.state == ExerciseState.ASSESSING


def test_an_answer_is_needed_before_assessment_and_reasons_always(personas, exercise, people):
    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
    target = accessor(exercise, people[0])
    with pytest.raises(AccessReviewRefused, match="no answer"):
        access_reviews.assess(user=personas.investigator, accessor=target, outcome="legitimate", reasons="Fine")
    with pytest.raises(AccessReviewRefused, match="reasons"):
        access_reviews.assess(user=personas.investigator, accessor=target, outcome="legitimate", reasons=" ")
    assert Accessor.objects.get(pk=target.pk).assessment == ""


def test_the_board_counts_each_step(personas, exercise, people, unit):
    counts = access_reviews.board_counts
    assert (counts(exercise)["not_written"], counts(exercise)["unmatched"]) == (4, 1)
    with time_machine.travel(START, tick=False):
        access_reviews.exclude_units(user=personas.investigator, exercise=exercise, units=[unit], reason="Team")
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
        answer(accessor(exercise, people[0]).letter)
        now = counts(exercise)
    assert {k: now[k] for k in ("excluded", "not_written", "awaiting", "responded", "unmatched")} == {
        "excluded": 1,
        "not_written": 0,
        "awaiting": 2,
        "responded": 1,
        "unmatched": 1,
    }
    with time_machine.travel(datetime(2026, 12, 16, 9, tzinfo=LONDON), tick=False):
        later = counts(exercise)
        overdue = [a.person for a in access_reviews.board_group(exercise, "overdue")]
    assert (later["overdue"], later["awaiting"]) == (2, 0)
    assert overdue == [people[1], people[2]]


def test_the_decision_waits_for_everyone_to_be_assessed_or_set_aside(personas, exercise, people, unit):
    with time_machine.travel(START, tick=False):
        access_reviews.exclude_units(user=personas.investigator, exercise=exercise, units=[unit], reason="Team")
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
        for person in people[:3]:
            answer(accessor(exercise, person).letter)
        with pytest.raises(AccessReviewRefused, match="4 people have not been assessed"):
            access_reviews.decide(
                user=personas.investigator,
                exercise=exercise,
                decision=ExerciseDecision.NO_FURTHER_ACTION,
                reasons="All fine",
            )
        for person in people[:3]:
            access_reviews.assess(
                user=personas.investigator, accessor=accessor(exercise, person), outcome="legitimate", reasons="Duty"
            )
        ghost = Accessor.objects.get(exercise=exercise, person__isnull=True)
        access_reviews.set_aside(user=personas.investigator, accessor=ghost, reason="A test account, not a person.")
        decided = access_reviews.decide(
            user=personas.investigator,
            exercise=exercise,
            decision=ExerciseDecision.NO_FURTHER_ACTION,
            reasons="Every access had a policing purpose.",
        )
    assert decided.state == ExerciseState.DECIDED
    with pytest.raises(AccessReviewRefused, match="decided"):
        access_reviews.set_aside(user=personas.investigator, accessor=ghost, reason="Again")


def test_setting_aside_stops_the_chasing(personas, exercise, people):
    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
        target = access_reviews.set_aside(
            user=personas.investigator, accessor=accessor(exercise, people[0]), reason="Retired last week."
        )
    assert Deadline.objects.get(pk=target.deadline_id).state == DeadlineState.STOPPED
    assert (target.set_aside_by, target.set_aside_at) == (personas.investigator, START)


def test_an_unmatched_accessor_is_matched_by_hand_and_then_written_to(personas, exercise, home_force):
    ghost = Accessor.objects.get(exercise=exercise, person__isnull=True)
    person = PersonFactory(force=home_force, number="7777", email="g@p.ex")
    access_reviews.match(user=personas.investigator, accessor=ghost, person=person)
    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
    ghost.refresh_from_db()
    assert ghost.match_method == "manual" and ghost.letter.person == person


def test_the_owner_hears_of_a_case_less_deadline_by_what_it_is_about(personas, exercise, people):
    from notifications.models import Notification

    with time_machine.travel(START, tick=False):
        access_reviews.send_letters(user=personas.investigator, exercise=exercise)
    with time_machine.travel(datetime(2026, 12, 23, 9, 5, tzinfo=LONDON), tick=False):  # 6 working days after
        reminders.sweep()

    notes = Notification.objects.filter(user=personas.investigator, message__contains="Access review: Operation Linden")
    assert notes.count() == 4 and notes.first().url == f"/access-reviews/{exercise.pk}/"
    email = Correspondence.objects.filter(kind=LetterKind.DEADLINE_REMINDER).first()
    assert email.subject.endswith(": Access review: Operation Linden")
    assert "A deadline on Access review: Operation Linden" in email.body
