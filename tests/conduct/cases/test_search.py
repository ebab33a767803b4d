"""Search that ranks (issue 22): people by exact number, then full name, then likeness; cases by
reference (whole or part), then subjects, then the summary; and the reasons the case list gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework import permissions, search
from casework.models import Person
from tests.factories import ForceFactory, PersonFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(home_force):
    northshire = ForceFactory(code="northshire", name="Northshire Police")
    people = {
        "target": PersonFactory(force=home_force, number="4188", first_name="Daniel", last_name="Brown"),
        "other_force": PersonFactory(force=northshire, number="NORTHSHIRE7101", first_name="Rob", last_name="Price"),
        "plain_other": PersonFactory(force=northshire, number="N7100", first_name="Sam", last_name="Price"),
    }
    # The people "Daniel Brown" used to find first, word by word and alphabetically.
    for first, last in [
        ("Daniel", "Abbott"),
        ("Daniel", "Adams"),
        ("Amy", "Brown"),
        ("Ben", "Brown"),
        ("Danielle", "Brownlow"),
        ("Daniel", "Browne"),
    ]:
        PersonFactory(force=home_force, first_name=first, last_name=last)
    return people


def _names(people):
    return [p.full_name for p in people]


def test_a_full_name_puts_that_person_first_then_the_likest(register):
    found = list(search.people_matching("Daniel Brown"))
    assert found[0] == register["target"]
    assert found[0].match_group == search.FULL_NAME
    assert _names(found[1:3]) == ["Daniel Browne", "Danielle Brownlow"]  # then by likeness
    assert {"Daniel Abbott", "Amy Brown"} <= set(_names(found))  # each word still finds them, lower


def test_a_misspelt_name_still_finds_the_person(register):
    assert search.people_matching("Danial Broun").first() == register["target"]


@pytest.mark.parametrize(
    "text", ["7101", "northshire 7101", "NORTHSHIRE7101", "Northshire NORTHSHIRE7101", "NORTHSHIRE7101 (northshire)"]
)
def test_another_forces_number_is_found_with_or_without_its_code(register, text):
    found = list(search.people_matching(text))
    assert found[0] == register["other_force"]
    assert found[0].match_group == search.NUMBER


def test_a_number_without_the_code_inside_is_found_with_the_code_before_it(register):
    assert search.people_matching("northshire N7100").first() == register["plain_other"]
    assert search.people_matching("N7100").first() == register["plain_other"]


def test_resolving_picks_one_person_only_when_the_text_means_one(register):
    assert search.resolve_person("4188").person == register["target"]
    assert search.resolve_person("Daniel Brown").person == register["target"]
    assert search.resolve_person(search.person_token(register["other_force"])).person == register["other_force"]
    several = search.resolve_person("Brown")
    assert several.person is None and {p.last_name for p in several.candidates} >= {"Brown"}
    assert search.resolve_person("Zebedee Quux").candidates == []


def test_a_person_search_is_a_bounded_number_of_queries(register, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the forces' codes, then the people
        list(search.people_matching("northshire 7101").select_related("force", "rank", "unit")[:10])


# Cases ------------------------------------------------------------------------------------
@pytest.fixture
def cases(personas, team, register, home_force):
    ivy = personas.investigator
    brown_case = make_case(ivy, team, [register["target"]], summary="A matter about a car")
    price_case = make_case(ivy, team, [register["other_force"]], summary="Daniel Brown was a witness")
    return brown_case, price_case


def _reference_number(case):
    return int(case.reference.rsplit("-", 1)[1])


@pytest.mark.parametrize("form", ["whole", "six digits", "digits", "year and digits", "year and six digits"])
def test_a_case_is_found_by_its_reference_whole_or_in_part(personas, cases, form):
    case = cases[1]
    year, number = case.reference.split("-")[1], _reference_number(case)
    text = {
        "whole": case.reference.lower(),
        "six digits": f"{number:06d}",
        "digits": str(number),
        "year and digits": f"{year}-{number}",
        "year and six digits": f"{year}-{number:06d}",
    }[form]
    found = list(search.cases_matching(permissions.visible_cases(personas.investigator), text, narrative=True))
    assert found[0] == case and found[0].match_rank == search.REFERENCE


def test_cases_rank_by_subject_before_summary_and_say_why(personas, cases):
    brown_case, price_case = cases
    visible = permissions.visible_cases(personas.investigator)
    found = list(search.cases_matching(visible, "Daniel Brown", narrative=True).order_by("match_rank", "-id"))
    assert found == [brown_case, price_case]
    with CaptureQueriesContext(connection) as queries:
        search.explain_case_matches(found, "Daniel Brown")
    assert len(queries) <= 2  # the forces' codes and the page's matching subjects
    assert [c.match_reason for c in found] == ["Subject: Daniel Brown", "Summary"]


def test_without_narrative_the_summary_finds_nothing(personas, cases):
    visible = permissions.visible_cases(personas.auditor)
    assert list(search.cases_matching(visible, "witness", narrative=False)) == []


def test_the_register_search_has_no_hidden_people(register):
    assert search.people_matching("").count() == Person.objects.count()
