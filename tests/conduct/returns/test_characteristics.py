"""Protected characteristics by hand (issue 21, point 3): the person page's panel exists only with the
special-category permission and its view is logged; the form is the administrator's (404 to anyone
else), refuses bad input with messages and writes the source "recorded by hand"; and no letter
context carries them."""

import re
from datetime import date

import pytest
from django.urls import reverse

from casework.characteristics_services import Characteristics, CharacteristicsRefused, record_characteristics
from casework.models import Consultation
from casework.models.characteristics import CharacteristicsSource, ProtectedCharacteristics
from notifications import kinds, letters

pytestmark = pytest.mark.django_db


def test_the_panel_is_absent_without_the_permission(read, personas, case):
    person = case.subjects.get().person
    for user in (personas.investigator, personas.authority, personas.auditor):
        page = read(user, reverse("person-detail", args=[person.pk])).content.decode()
        assert "Protected characteristics" not in page and "person-characteristics" not in page
    assert not Consultation.objects.filter(kind="special_category").exists()


def test_the_panel_shows_them_and_its_view_is_logged(read, personas, case, characterise):
    person = case.subjects.get().person
    characterise(person)
    page = read(personas.head, reverse("person-detail", args=[person.pk])).content.decode()
    assert 'data-testid="person-characteristics"' in page
    assert "English, Welsh, Scottish, Northern Irish or British" in page and "17 May 1990" in page
    assert reverse("person-characteristics", args=[person.pk]) not in page  # the head sees, does not record
    entry = Consultation.objects.get(kind="special_category", user=personas.head)
    assert entry.person == person and entry.purpose == f"Protected characteristics of {person.full_name} (person page)"
    page = read(personas.admin, reverse("person-detail", args=[person.pk])).content.decode()
    assert reverse("person-characteristics", args=[person.pk]) in page


def test_the_form_is_404_to_all_but_the_administrator(client, personas, case):
    url = reverse("person-characteristics", args=[case.subjects.get().person.pk])
    for user in (personas.investigator, personas.authority, personas.head, personas.auditor):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"sex": "male", "ethnicity": "other_arab"}).status_code == 404
    assert not ProtectedCharacteristics.objects.exists()


def test_the_administrator_records_them_by_hand(client, personas, case):
    person = case.subjects.get().person
    url = reverse("person-characteristics", args=[person.pk])
    client.force_login(personas.admin)
    form = client.get(url)
    assert form.status_code == 200
    page = form.content.decode()
    assert "Asian, Asian British or Asian Welsh" in page and 'name="ethnicity"' in page and "govuk-date-input" in page
    assert Consultation.objects.filter(kind="special_category", person=person).count() == 1
    back = f"{reverse('home-office-return')}?year=2026"
    response = client.post(
        url,
        {
            "sex": "male",
            "ethnicity": "black_caribbean",
            "dob_day": "3",
            "dob_month": "11",
            "dob_year": "1984",
            "next": back,
        },
    )
    assert response.status_code == 302 and response["Location"] == back
    row = ProtectedCharacteristics.objects.get(person=person)
    assert (row.sex, row.ethnicity, row.date_of_birth) == ("male", "black_caribbean", date(1984, 11, 3))
    assert (row.source, row.recorded_by) == (CharacteristicsSource.RECORDED, personas.admin)
    # Somewhere else is not a place to go back to.
    response = client.post(url, {"sex": "male", "ethnicity": "black_caribbean", "next": "https://evil.example/"})
    assert response["Location"] == reverse("person-detail", args=[person.pk])


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select the person&#x27;s sex"),
        ({"sex": "male"}, "Select the person&#x27;s ethnic group"),
        ({"sex": "male", "ethnicity": "martian"}, "Select the ethnic group from the list"),
        (
            {"sex": "male", "ethnicity": "white_irish", "dob_day": "31", "dob_month": "2", "dob_year": "1980"},
            "The date of birth must be a real date",
        ),
        (
            {"sex": "male", "ethnicity": "white_irish", "dob_day": "3", "dob_year": "1980"},
            "Enter the date of birth as a day, month and year",
        ),
        (
            {"sex": "male", "ethnicity": "white_irish", "dob_day": "3", "dob_month": "1", "dob_year": "2099"},
            "The date of birth must be in the past",
        ),
        (
            {"sex": "male", "ethnicity": "white_irish", "dob_day": "3", "dob_month": "1", "dob_year": "2020"},
            "between 16 and 99 today",
        ),
    ],
)
def test_bad_input_is_said_and_nothing_is_written(client, personas, case, data, message):
    client.force_login(personas.admin)
    response = client.post(reverse("person-characteristics", args=[case.subjects.get().person.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProtectedCharacteristics.objects.exists()


def test_the_service_refuses_anyone_without_the_permission(personas, case):
    with pytest.raises(CharacteristicsRefused, match="may not record"):
        record_characteristics(
            user=personas.head,
            person=case.subjects.get().person,
            data=Characteristics(sex="female", ethnicity="white_irish", date_of_birth=None),
        )


def test_no_letter_context_carries_them(personas, case, characterise):
    """Never on a letter (DPA 2018 Part 3): the person part of every letter's context is the name,
    rank and number, and no kind declares a characteristic among its variables."""
    person = case.subjects.get().person
    characterise(person, sex="female", ethnicity="asian_pakistani", born=date(1979, 2, 9))
    assert set(letters._person_context(person)) == {"full_name", "rank", "number"}
    words = {"characteristics", "ethnicity", "ethnic_group", "sex", "gender", "date_of_birth", "age", "age_band"}
    for spec in kinds.KINDS.values():
        context = letters.build_context(
            spec.kind,
            case=case,
            person=person,
            recipient_name="R",
            sender=personas.investigator,
            extra=letters.sample_extra(spec.kind),
        )
        text = repr(context).lower()
        assert "1979" not in text and "pakistani" not in text, spec.kind
        assert not [v for v in spec.variables if words & set(re.split(r"[.\[\]]+", v.lower()))], spec.kind
