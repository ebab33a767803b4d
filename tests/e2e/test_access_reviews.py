"""Access-review acceptance: import a log of 40 accesses by 25 people (3 not on the
register, 4 excluded by role), send the letters, two officers answer through their links, one
is assessed "not legitimate" and a conduct case opens, chasers go to the non-responders once
the deadline has passed (time-machine), and the board shows the right counts at each step."""

from datetime import datetime, time, timedelta
from urllib.parse import urlsplit

import pytest

from casework import calendar
from casework.models import Force, Person, PersonType, Team, Unit
from conduct.models import AccessExercise, Accessor
from notifications import reminders, responses
from notifications.models import Correspondence, LetterKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "user_id,name,email,person_number,timestamp,action,record_reference,system"


def _register():
    """22 people on the register (4 of them in the investigating unit), all reporting to one
    inspector; the log also names 3 accounts nobody on the register matches."""
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    major_crime = Unit.objects.create(force=force, name="Major Crime Team")
    response = Unit.objects.create(force=force, name="Response North")
    manager = Person.objects.create(
        force=force,
        number="8000",
        person_type=PersonType.OFFICER,
        first_name="Carol",
        last_name="Hunt",
        email="carol.hunt@police.example",
    )
    people = []
    for i in range(22):
        people.append(
            Person.objects.create(
                force=force,
                number=f"{5000 + i}",
                person_type=PersonType.OFFICER if i % 3 else PersonType.STAFF,
                first_name=f"Alex{i}",
                last_name="Reader",
                email=f"reader{i}@police.example",
                unit=major_crime if i < 4 else response,
                line_manager=manager,
            )
        )
    return people


def _log(people, tmp_path):
    """40 accesses by 25 accounts: the first 15 opened the record twice, the rest once. Half the
    matched ones are matched by number, half by email."""
    accounts = [
        (f"u{i}", p.full_name, p.email if i % 2 else "", "" if i % 2 else p.number) for i, p in enumerate(people)
    ]
    accounts += [(f"x{i}", f"Contractor {i}", f"contractor{i}@supplier.example", "") for i in range(3)]
    lines, start = [HEADER], datetime(2026, 9, 16, 9, 0)
    for index, (user_id, name, email, number) in enumerate(accounts):
        for n in range(2 if index < 15 else 1):
            at = start + timedelta(minutes=index * 7 + n * 90)
            lines.append(f"{user_id},{name},{email},{number},{at.isoformat()},view,CR-44/12345/26,Niche")
    assert len(lines) - 1 == 40
    path = tmp_path / "access-log.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


BOARD = ["unmatched", "excluded", "not_written", "awaiting", "overdue", "responded", "not_legitimate", "cases_opened"]


def _counts(page):
    return {key: int(page.get_by_test_id(f"n-{key}").inner_text()) for key in BOARD}


def _only(**counts):
    """The board's counts: these, and zero everywhere else."""
    return dict.fromkeys(BOARD, 0) | counts


def _answer(page, live_server, accessor, text):
    path = urlsplit(responses.url_for(accessor.letter.response_link)).path
    page.goto(f"{live_server.url}{path}")
    page.get_by_label("Your collar or staff number").fill(accessor.person.number)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Your response").fill(text)
    page.get_by_role("button", name="Send response").click()
    assert "Response sent" in page.inner_text("body")


def test_an_access_review_from_import_to_chasers(
    page, live_server, personas, login, assert_accessible, time_machine, tmp_path
):
    people = _register()
    Team.objects.create(name="Team A").members.add(personas.investigator)
    log = _log(people, tmp_path)

    login(page, personas.investigator)
    page.goto(f"{live_server.url}/access-reviews/")
    page.get_by_role("link", name="Start an exercise").click()
    page.get_by_label("Name of the exercise").fill("Operation Linden: crime report access")
    page.get_by_label("Reference of the record that was opened").fill("CR-44/12345/26")
    page.get_by_label("System that holds the record (optional)").fill("Niche")
    page.get_by_role("button", name="Create the exercise").click()
    assert_accessible(page)
    exercise = AccessExercise.objects.get()

    # Import: 25 people, 3 not on the register.
    page.get_by_role("link", name="Import the access log").click()
    page.get_by_label("Access log (CSV)").set_input_files(str(log))
    page.get_by_role("button", name="Import").click()
    assert "40 rows read: 40 new accesses" in page.inner_text("body")
    assert "25 people in the exercise, 3 not matched to the register" in page.inner_text("body")
    assert _counts(page) == _only(unmatched=3, not_written=22)
    assert_accessible(page)

    # Importing the same file again adds nothing.
    page.get_by_role("link", name="Import the access log").click()
    page.get_by_label("Access log (CSV)").set_input_files(str(log))
    page.get_by_role("button", name="Import").click()
    assert "40 rows read: 0 new accesses (40 already imported)" in page.inner_text("body")

    # The investigating unit's access is justified by role: no letters for them.
    page.get_by_role("link", name="Exclude by role").click()
    page.get_by_label("Major Crime Team").check()
    page.get_by_label("Why their access is justified").fill("The investigation team for Operation Linden")
    assert_accessible(page)
    page.get_by_role("button", name="Exclude").click()
    assert "4 people excluded by role." in page.inner_text("body")
    assert _counts(page) == _only(unmatched=3, excluded=4, not_written=18)

    page.get_by_role("button", name="Send 18 letters").click()
    assert "18 letters sent." in page.inner_text("body")
    assert page.get_by_test_id("state").inner_text() == "Collecting responses"
    assert _counts(page) == _only(unmatched=3, excluded=4, awaiting=18)
    assert Correspondence.objects.filter(kind=LetterKind.ACCESS_JUSTIFICATION).count() == 18
    page.context.clear_cookies()

    # Two officers answer through their links (no account, no sign-in).
    first, second = (Accessor.objects.get(exercise=exercise, person=people[i]) for i in (4, 5))
    _answer(page, live_server, first, "I was curious after seeing the news.")
    _answer(page, live_server, second, "I was the duty inspector reviewing overnight incidents.")

    # One is assessed as not legitimate: a conduct case opens for them.
    login(page, personas.investigator)
    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    assert _counts(page) == _only(unmatched=3, excluded=4, awaiting=16, responded=2)
    page.get_by_role("link", name="Responded, to assess").click()
    assert page.get_by_test_id("person").count() == 2
    page.get_by_role("link", name=first.name).click()
    assert "I was curious after seeing the news." in page.get_by_test_id("response").inner_text()
    assert_accessible(page)
    page.get_by_label("Not legitimate").check()
    page.get_by_label("Reasons").fill("Curiosity is not a policing purpose.")
    page.get_by_role("button", name="Record the assessment").click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Open a conduct case against {first.name}?"
    assert_accessible(page)
    page.get_by_role("button", name="Yes, open a conduct case").click()
    first.refresh_from_db()
    case = first.conduct_case
    assert case is not None and f"Conduct case {case.reference} opened." in page.inner_text("body")
    allegation = case.subjects.get().allegations.get()
    assert [s.name for s in allegation.standards.all()] == ["Confidentiality"]
    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    assert _counts(page) == _only(unmatched=3, excluded=4, awaiting=16, responded=1, not_legitimate=1, cases_opened=1)
    assert page.get_by_test_id("state").inner_text() == "Assessing"
    page.context.clear_cookies()

    # The morning after the due day: the sweep chases the 16 who have not answered.
    due_on = first.deadline.due_on
    morning = datetime.combine(calendar.add_working_days(due_on, 1), time(9), tzinfo=calendar.LONDON)
    time_machine.move_to(morning)
    reminders.sweep()
    chasers = Correspondence.objects.filter(kind=LetterKind.RESPONSE_CHASER)
    answered = {first.person_id, second.person_id}
    assert chasers.count() == 16 and not chasers.filter(person_id__in=answered).exists()
    assert all(c.answers_through_id for c in chasers)
    login(page, personas.investigator)
    page.goto(f"{live_server.url}{exercise.get_absolute_url()}")
    assert _counts(page) == _only(unmatched=3, excluded=4, overdue=16, responded=1, not_legitimate=1, cases_opened=1)
    page.get_by_role("link", name="Overdue").click()
    assert page.get_by_test_id("person").count() == 16
    assert_accessible(page)
