"""Access-review pages: creating, importing (a bad file lists its lines and changes nothing),
the board (counts, lists, bounded queries, logged as a consultation), the person's page, the
CSV export, and refusals shown on the form rather than as errors."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Consultation, ObjectKind
from conduct.access_reviews import importer as access_import
from conduct.access_reviews import services as access_reviews
from conduct.models import AccessExercise, Accessor, ExerciseState
from notifications.models import OfficerResponse
from tests.conduct.access_reviews.access_logs import access_line, access_log, log_for
from tests.factories import PersonFactory


@pytest.fixture
def exercise(personas, team):
    return access_reviews.create_exercise(
        user=personas.investigator,
        data=access_reviews.ExerciseInput(name="Operation Linden", team=team, record_reference="CR-44/1"),
    )


def _load(exercise, home_force, count, offset=0):
    people = [
        PersonFactory(force=home_force, number=f"5{offset + i:04d}", email=f"p{offset + i}@p.ex") for i in range(count)
    ]
    rows = [(f"u{offset + i}", p.full_name, "", p.number) for i, p in enumerate(people)]
    access_import.import_file(exercise, io.BytesIO(log_for(rows).encode()))
    return people


def test_an_investigator_creates_an_exercise_about_an_external_record(client, personas, team):
    client.force_login(personas.investigator)
    response = client.post(
        reverse("access-review-new"),
        {"name": "Operation Linden", "record_reference": "CR-44/1", "record_system": "Niche", "team": team.pk},
    )
    exercise = AccessExercise.objects.get()
    assert response.status_code == 302 and response["Location"] == exercise.get_absolute_url()
    assert (exercise.owner, exercise.state, exercise.record_system) == (personas.investigator, "draft", "Niche")


def test_an_exercise_needs_a_record_or_a_case_the_user_can_see(client, personas, team):
    client.force_login(personas.investigator)
    missing = client.post(reverse("access-review-new"), {"name": "X", "team": team.pk})
    unknown = client.post(reverse("access-review-new"), {"name": "X", "case_reference": "PSD-1", "team": team.pk})
    assert missing.status_code == 200 and "Give the record&#x27;s reference, or a case reference" in missing.text
    assert "No case you can see has this reference" in unknown.text
    assert not AccessExercise.objects.exists()


def test_an_exercise_about_a_case_takes_its_accessors_from_the_consultation_log(client, personas, team, case, rf):
    from casework.audit import log_consultation

    request = rf.get(case.get_absolute_url())
    request.user = personas.auditor
    log_consultation(request, kind=ObjectKind.CASE, obj=case, purpose="Audit", case=case)
    client.force_login(personas.investigator)
    response = client.post(
        reverse("access-review-new"), {"name": "Who opened it", "case_reference": case.reference, "team": team.pk}
    )
    exercise = AccessExercise.objects.get()
    assert response.status_code == 302 and exercise.case == case
    assert exercise.accessors.filter(source_user_id=f"user:{personas.auditor.pk}").exists()


def test_uploading_a_bad_log_lists_every_bad_line_and_changes_nothing(client, personas, exercise):
    client.force_login(personas.investigator)
    text = access_log([access_line("u1", "A", number="1"), access_line("u2", "B"), "u3,C"])
    upload = SimpleUploadedFile("log.csv", text.encode(), content_type="text/csv")
    response = client.post(reverse("access-review-import", args=[exercise.pk]), {"log": upload})
    assert response.status_code == 200
    assert "Line 3: give an email or a person number" in response.text
    assert "Line 4: 2 fields where the header has 8" in response.text
    assert not Accessor.objects.exists()


def test_uploading_a_good_log_twice_adds_nothing_the_second_time(client, personas, exercise, home_force):
    PersonFactory(force=home_force, number="1")
    client.force_login(personas.investigator)
    text = log_for([("u1", "A", "", "1"), ("u2", "B", "b@p.ex", "")], accesses_each=2).encode()
    url = reverse("access-review-import", args=[exercise.pk])
    first = client.post(url, {"log": SimpleUploadedFile("log.csv", text)}, follow=True)
    second = client.post(url, {"log": SimpleUploadedFile("log.csv", text)}, follow=True)
    assert "4 rows read: 4 new accesses (0 already imported)" in first.text
    assert "4 rows read: 0 new accesses (4 already imported)" in second.text
    assert "2 people in the exercise, 1 not matched" in second.text


def test_the_board_counts_and_lists_with_bounded_queries(
    client, personas, exercise, home_force, django_assert_max_num_queries
):
    _load(exercise, home_force, 3)
    client.force_login(personas.investigator)
    url = reverse("access-review-detail", args=[exercise.pk])
    with django_assert_max_num_queries(25):
        small = client.get(url)
    _load(exercise, home_force, 40, offset=100)
    with django_assert_max_num_queries(25):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert 'data-testid="n-not_written">43<' in large.text
    assert large.text.count('data-testid="person"') == 43
    assert Consultation.objects.filter(kind=ObjectKind.DOCUMENT, object_id=exercise.pk).count() == 2


def test_letters_are_sent_from_the_board(client, personas, exercise, home_force):
    _load(exercise, home_force, 2)
    client.force_login(personas.investigator)
    response = client.post(reverse("access-review-letters", args=[exercise.pk]), follow=True)
    assert "2 letters sent." in response.text
    assert 'data-testid="n-awaiting">2<' in response.text
    exercise.refresh_from_db()
    assert exercise.state == ExerciseState.COLLECTING


def test_assessing_from_the_persons_page_and_refusals_on_the_form(client, personas, exercise, home_force):
    from urllib.parse import urlsplit

    from notifications import responses

    (person,) = _load(exercise, home_force, 1)
    access_reviews.send_letters(user=personas.investigator, exercise=exercise)
    accessor = Accessor.objects.get(person=person)
    client.force_login(personas.investigator)
    assess_url = reverse("access-review-assess", args=[exercise.pk, accessor.pk])

    early = client.post(assess_url, {"outcome": "legitimate", "reasons": "Duty"})
    assert early.status_code == 400 and "There is no answer to assess yet." in early.text

    respond_path = urlsplit(responses.url_for(accessor.letter.response_link)).path
    client.post(respond_path, {"number": person.number})  # the officer confirms their number first
    client.post(respond_path, {"text": "Curious."})
    assert OfficerResponse.objects.count() == 1
    page = client.get(reverse("access-review-person", args=[exercise.pk, accessor.pk]))
    assert "Curious." in page.text
    answer = {"outcome": "not_legitimate", "reasons": "Not a policing purpose."}
    asked = client.post(assess_url, answer)  # opening a case against a colleague is confirmed first
    assert asked.status_code == 200 and "Yes, open a conduct case" in asked.text
    accessor.refresh_from_db()
    assert accessor.conduct_case is None and not accessor.assessment
    done = client.post(assess_url, {**answer, "confirmed": "yes"}, follow=True)
    accessor.refresh_from_db()
    assert accessor.conduct_case is not None
    case_link = f'href="{accessor.conduct_case.get_absolute_url()}">{accessor.conduct_case.reference}</a> opened.'
    assert case_link in done.text  # the new case's reference in the banner is a link
    assert Consultation.objects.filter(kind=ObjectKind.PERSON, person=person).exists()


def test_the_decision_form_refuses_while_people_are_outstanding(client, personas, exercise, home_force):
    _load(exercise, home_force, 1)
    client.force_login(personas.investigator)
    response = client.post(
        reverse("access-review-decide", args=[exercise.pk]), {"decision": "no_further_action", "reasons": "Fine"}
    )
    assert response.status_code == 200 and "1 person has not been assessed or set aside yet." in response.text
    exercise.refresh_from_db()
    assert exercise.state == ExerciseState.DRAFT


def test_the_export_lists_everyone_and_defuses_formulas(client, personas, exercise):
    text = access_log([access_line("u1", "=HYPERLINK(1)", number="1")])
    access_import.import_file(exercise, io.BytesIO(text.encode()))
    client.force_login(personas.auditor)
    response = client.get(reverse("access-review-export", args=[exercise.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][1] == "'=HYPERLINK(1)" and rows[1][7] == "Not matched to the register"
    assert Consultation.objects.filter(kind=ObjectKind.EXPORT, user=personas.auditor).exists()


@pytest.mark.parametrize("name", ["\t=1+1", "\r=1+1", "+CMD", "@SUM(A1)", "-2+3"])
def test_the_export_defuses_tab_carriage_return_and_every_formula_start(client, personas, exercise, name):
    text = access_log([access_line("u1", "Someone", number="1")])
    access_import.import_file(exercise, io.BytesIO(text.encode()))
    Accessor.objects.filter(exercise=exercise).update(name=name, source_user_id=name)
    client.force_login(personas.auditor)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("access-review-export", args=[exercise.pk])).content.decode()))
    )
    assert rows[1][:2] == ["'" + name, "'" + name]


def test_outsiders_get_404_and_the_auditor_cannot_change_anything(client, personas, exercise):
    client.force_login(personas.investigator_other_team)
    assert client.get(reverse("access-review-detail", args=[exercise.pk])).status_code == 404
    assert client.post(reverse("access-review-letters", args=[exercise.pk])).status_code == 404
    client.force_login(personas.auditor)
    assert client.get(reverse("access-review-detail", args=[exercise.pk])).status_code == 200
    assert client.post(reverse("access-review-letters", args=[exercise.pk])).status_code == 404
