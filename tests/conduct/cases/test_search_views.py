"""The person chooser's search (JSON and the no-JavaScript page), who may use it, the ambiguous
choice as radios in the intake and on the case, and the ranked people and case lists."""

import pytest
from django.urls import reverse

from casework.models import Consultation
from tests.conduct.cases.helpers import allegation_data as intake_allegation_data
from tests.conduct.cases.helpers import details_data, prefix
from tests.factories import ForceFactory, PersonFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(home_force):
    northshire = ForceFactory(code="northshire", name="Northshire Police")
    found = {
        "daniel": PersonFactory(force=home_force, number="4188", first_name="Daniel", last_name="Brown"),
        "amy": PersonFactory(force=home_force, number="4190", first_name="Amy", last_name="Brown"),
        "rob": PersonFactory(force=northshire, number="NORTHSHIRE7101", first_name="Rob", last_name="Price"),
    }
    for first, last in [("Daniel", "Abbott"), ("Ben", "Brown"), ("Daniel", "Browne")]:
        PersonFactory(force=home_force, first_name=first, last_name=last)
    return found


# The search endpoint ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("persona", "allowed"),
    [("investigator", True), ("head", True), ("authority", False), ("auditor", False), ("admin", False)],
)
def test_only_those_who_choose_people_may_use_the_chooser_search(as_user, personas, people, persona, allowed):
    client = as_user(getattr(personas, persona))
    for url in (reverse("person-find-json"), reverse("person-find")):
        assert client.get(url, {"q": "Brown"}).status_code == (200 if allowed else 404)


def test_the_chooser_search_needs_a_signed_in_user(client, people):
    response = client.get(reverse("person-find-json"), {"q": "Brown"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_json_ranks_the_full_name_first_and_shows_force_rank_number_and_unit(
    as_user, personas, people, django_assert_max_num_queries
):
    ivy = as_user(personas.investigator)
    ivy.get(reverse("person-find-json"), {"q": "x"})  # the session warm
    # The session, the user, their roles, the people (one query), and the middleware's own few.
    with django_assert_max_num_queries(8):
        data = ivy.get(reverse("person-find-json"), {"q": "Daniel Brown"}).json()
    first = data["results"][0]
    daniel = people["daniel"]
    assert first["id"] == daniel.pk and first["name"] == "Daniel Brown"
    assert first["number"] == "4188" and first["force"] == "Home Constabulary (home)"
    assert first["rank"] == "Police constable" and first["unit"] == str(daniel.unit)
    assert first["value"] == "Daniel Brown (home 4188)"


@pytest.mark.parametrize("text", ["7101", "northshire 7101", "NORTHSHIRE7101"])
def test_the_json_finds_another_forces_officer_with_its_code_beside_the_number(as_user, personas, people, text):
    data = as_user(personas.investigator).get(reverse("person-find-json"), {"q": text}).json()
    assert data["results"][0]["number"] == "NORTHSHIRE7101 (northshire)"
    assert data["results"][0]["force"] == "Northshire Police (northshire)"


def test_the_chooser_search_logs_no_consultation(as_user, personas, people):
    ivy = as_user(personas.investigator)
    ivy.get(reverse("person-find-json"), {"q": "Brown"})
    ivy.get(reverse("person-find"), {"q": "Brown"})
    assert not Consultation.objects.exists()


def test_the_results_page_works_without_javascript(as_user, personas, people):
    page = as_user(personas.investigator).get(reverse("person-find"), {"q": "northshire 7101"}).content.decode()
    assert 'data-testid="person-results"' in page
    assert "Rob Price" in page and "Northshire Police (northshire)" in page and "NORTHSHIRE7101 (northshire)" in page
    page = as_user(personas.investigator).get(reverse("person-find"), {"q": "Zebedee"}).content.decode()
    assert "No one on the register matches “Zebedee”" in page


# Choosing in the intake and on the case ------------------------------------------------------
def test_an_ambiguous_name_in_the_intake_offers_the_people_as_radios(ivy, team, people):
    assert ivy.post(reverse("case-new"), details_data(team)).status_code == 302
    response = ivy.post(reverse("case-new-subjects"), {"numbers": "Brown"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "More than one person matches “Brown”. Choose who you mean" in page
    assert 'name="numbers_choice_0"' in page and f'value="{people["amy"].pk}"' in page
    assert "No one with number" not in page

    response = ivy.post(reverse("case-new-subjects"), {"numbers": "Brown", "numbers_choice_0": str(people["amy"].pk)})
    assert response["Location"] == reverse("case-new-allegations")
    page = ivy.get(reverse("case-new-allegations")).content.decode()
    assert "Amy Brown" in page and "Daniel Brown" not in page


def test_the_intake_takes_full_names_and_numbers_with_or_without_the_code(ivy, team, people):
    ivy.post(reverse("case-new"), details_data(team))
    response = ivy.post(reverse("case-new-subjects"), {"numbers": "Daniel Brown\nnorthshire 7101"})
    assert response["Location"] == reverse("case-new-allegations")
    data = {
        **intake_allegation_data(prefix(people["daniel"]), description="x", categories=("other",)),
        **intake_allegation_data(prefix(people["rob"]), description="y", categories=("other",)),
    }
    assert ivy.post(reverse("case-new-allegations"), data)["Location"] == reverse("case-new-check")


def test_a_choice_not_among_the_matches_is_not_taken(ivy, team, people):
    ivy.post(reverse("case-new"), details_data(team))
    response = ivy.post(reverse("case-new-subjects"), {"numbers": "Brown", "numbers_choice_0": str(people["rob"].pk)})
    assert response.status_code == 200 and "Choose who you mean" in response.content.decode()


def _add_subject_data(person_text, **extra):
    from conduct.models import AllegationCategory, Standard

    return {
        "person": person_text,
        "description": "Used a police database for a personal reason",
        "occurred_on": "",
        "location": "",
        "standards": [str(Standard.objects.get(name="Honesty and integrity").pk)],
        "categories": [str(AllegationCategory.objects.get(code="other").pk)],
        "criminal_investigation": "none",
        **extra,
    }


def test_adding_a_subject_on_the_case_by_name_with_a_choice(ivy, case, people):
    url = reverse("case-add-subject", args=[case.reference])
    response = ivy.post(url, _add_subject_data("Brown"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="person_choice"' in page and "Daniel Brown" in page and "Amy Brown" in page
    response = ivy.post(url, _add_subject_data("Brown", person_choice=str(people["daniel"].pk)))
    assert response.status_code == 302
    assert case.subjects.filter(person=people["daniel"]).exists()


def test_adding_a_subject_by_the_choosers_value(ivy, case, people):
    url = reverse("case-add-subject", args=[case.reference])
    assert ivy.post(url, _add_subject_data("Rob Price (northshire NORTHSHIRE7101)")).status_code == 302
    assert case.subjects.filter(person=people["rob"]).exists()


# The ranked lists ---------------------------------------------------------------------------
def test_the_people_list_puts_the_full_name_first(as_user, personas, people, django_assert_max_num_queries):
    head = as_user(personas.head)
    head.get(reverse("person-list"))
    with django_assert_max_num_queries(12):
        response = head.get(reverse("person-list"), {"q": "Daniel Brown"})
    listed = list(response.context["page"].object_list)
    assert listed[0] == people["daniel"]
    assert "Matched: Full name" in response.content.decode()
    assert "NORTHSHIRE7101 (northshire)" in head.get(reverse("person-list"), {"q": "7101"}).content.decode()


def test_the_case_list_finds_a_case_by_part_of_its_reference_and_says_why(as_user, personas, team, people):
    ivy_user = personas.investigator
    named = make_case(ivy_user, team, [people["daniel"]], summary="About a car")
    mentioned = make_case(ivy_user, team, [people["rob"]], summary="Daniel Brown saw it")
    ivy = as_user(ivy_user)
    number = int(mentioned.reference.rsplit("-", 1)[1])
    for text in (str(number), f"{number:06d}", f"{mentioned.reference.split('-')[1]}-{number}"):
        response = ivy.get(reverse("case-list"), {"q": text})
        assert list(response.context["page"].object_list)[0] == mentioned
        assert "Matched: Reference" in response.content.decode()
    response = ivy.get(reverse("case-list"), {"q": "Daniel Brown"})
    assert list(response.context["page"].object_list) == [named, mentioned]
    page = response.content.decode()
    assert "Matched: Subject: Daniel Brown" in page and "Matched: Summary" in page


def test_each_line_of_the_intake_costs_one_query(ivy, team, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ivy.post(reverse("case-new"), details_data(team))
    lines = ["Daniel Brown (home 4188)", "Rob Price (northshire NORTHSHIRE7101)", "Amy Brown (home 4190)"]
    counts = []
    for many in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = ivy.post(reverse("case-new-subjects"), {"numbers": "\n".join(lines[:many])})
        assert response.status_code == 302
        counts.append(len(queries))
    assert counts[1] - counts[0] == 2  # the forces are read once for all the lines
