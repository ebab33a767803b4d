"""The case list: its filters, what an investigator sees, sorting and pagination, odd parameters
(never a 500), and a query count that does not grow with data."""

import pytest
from django.urls import reverse

from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


def _listed(client, **params):
    response = client.get(reverse("case-list"), params)
    assert response.status_code == 200
    page = response.context["page"]
    references = [case.reference for case in page.object_list]
    assert len(references) == len(set(references)) == page.paginator.count
    return set(references)


def test_the_case_list_filters_return_the_right_cases(as_user, personas, listed, other_team):
    head = as_user(personas.head)
    public, internal, closed = (listed[k].reference for k in ("public", "internal", "closed"))
    everything = {public, internal, closed}
    expectations = [
        ({}, everything),
        ({"status": "open"}, {public, internal}),
        ({"status": "closed"}, {closed}),
        ({"origin": "public_complaint"}, {public}),
        ({"origin": "internal_report"}, {internal}),
        ({"stage": "assessment"}, {public}),  # two subjects at this stage: listed once
        ({"stage": "investigation"}, {internal}),
        ({"stage": "concluded"}, {closed}),
        ({"stage": "hearing"}, set()),
        ({"category": "discrimination"}, {internal}),
        ({"category": "sexual-misconduct"}, {public}),
        ({"category": "social-media"}, {closed}),
        ({"team": str(other_team.pk)}, {closed}),
        ({"q": public}, {public}),
        ({"q": public.lower()}, {public}),
        ({"q": "Smith"}, {public}),
        ({"q": "alice smith"}, {public}),
        ({"q": "5002"}, {internal}),  # a subject's number
        ({"q": "chat"}, {internal}),  # a word of the summary
        ({"q": "photograph"}, {closed}),  # full text: "photographs" stems to the same word
        ({"q": "cyclist"}, {public}),
        ({"q": "nothing-like-this"}, set()),
        ({"status": "open", "category": "sexual-misconduct"}, {public}),
        ({"status": "closed", "origin": "public_complaint"}, set()),
        # Bad values are errors on their filters and list nothing, never everything as if filtered.
        ({"status": "bogus", "origin": "bogus", "stage": "bogus", "team": "abc"}, set()),
        ({"team": "²", "category": "\x00"}, set()),  # not an id (and the NUL cleaned away)
        ({"category": "\x00"}, everything),  # nothing once NUL is cleaned
    ]
    for params, expected in expectations:
        assert _listed(head, **params) == expected, params


def test_the_case_list_shows_an_investigator_only_their_teams_cases(as_user, personas, listed, other_team):
    ivy = as_user(personas.investigator)
    assert _listed(ivy) == {listed["public"].reference, listed["internal"].reference}
    assert _listed(ivy, team=str(other_team.pk)) == set()
    assert _listed(ivy, q=listed["closed"].reference) == set()
    assert _listed(ivy, q="Patel") == set()


def test_the_case_list_sorts_and_paginates(as_user, personas, listed):
    head = as_user(personas.head)
    response = head.get(reverse("case-list"), {"sort": "received"})
    assert [c.reference for c in response.context["page"].object_list] == [
        listed[k].reference for k in ("closed", "internal", "public")
    ]
    response = head.get(reverse("case-list"), {"page": "999"})  # past the end: the last page
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3
    assert [c.subject_count for c in head.get(reverse("case-list")).context["page"].object_list] == [2, 1, 1]


@pytest.mark.parametrize(
    "params",
    [
        {"page": "-1"},
        {"page": "abc"},
        {"team": "99999999999999999999"},
        {"q": "'\\\");--"},
        {"q": "!!! | & <>"},
        {"category": "no-such-category"},
        {"team": "²"},
        {"q": "a\x00b"},
        {"category": "\x00"},
    ],
    ids=str,
)
def test_odd_case_list_parameters_never_give_a_500(params, as_user, personas, listed):
    client = as_user(personas.head)
    client.raise_request_exception = False
    assert client.get(reverse("case-list"), params).status_code == 200


def test_case_list_filters_by_investigator_subjects_force_and_received_dates(as_user, personas, team, home_force):
    from datetime import date

    from casework.models import Force
    from tests.factories import PersonFactory, make_case

    other_force = Force.objects.create(code="northshire", name="Northshire Police")
    early = make_case(
        personas.investigator,
        team,
        [PersonFactory(force=home_force)],
        received_on=date(2025, 3, 1),
        investigator=personas.investigator,
    )
    late = make_case(personas.investigator, team, [PersonFactory(force=other_force)], received_on=date(2026, 6, 1))
    ivy = as_user(personas.investigator)

    def listed(**params):
        return {c.reference for c in ivy.get("/cases/", params).context["page"].object_list}

    assert listed(investigator=personas.investigator.pk) == {early.reference}
    assert listed(force=other_force.pk) == {late.reference}
    assert listed(received_from="01/01/2026") == {late.reference}
    assert listed(received_to="2025-12-31") == {early.reference}
    assert listed(received_from="not a date") == set()  # an error on the filter, never everything


# Bound measured (10) at both sizes, plus a little headroom. Each page is read once first.
LIST_QUERIES = 12


@pytest.mark.parametrize("cases", [30, 60])
def test_the_case_list_query_count_does_not_grow(
    cases, as_user, personas, team, home_force, django_assert_max_num_queries
):
    people = [PersonFactory(force=home_force) for _ in range(3)]
    for index in range(cases):
        make_case(personas.investigator, team, people[: 1 + index % 3], categories=("other", "social-media"))
    for who in ("investigator", "head"):
        client = as_user(getattr(personas, who))
        for page in ("1", "2"):  # page 2 holds 5 cases of 30, 25 of 60
            with django_assert_max_num_queries(LIST_QUERIES):
                response = client.get(reverse("case-list"), {"page": page, "status": "open"})
            assert response.status_code == 200
        assert response.context["page"].paginator.count == cases


def test_an_auditor_searches_references_and_names_but_not_what_cases_say(as_user, personas, listed):
    public, internal = listed["public"].reference, listed["internal"].reference
    auditor = as_user(personas.auditor)
    assert _listed(auditor, q="chat") == set()  # a word of the summary tells them nothing
    assert _listed(auditor, q="photograph") == set()
    assert _listed(auditor, q=public) == {public}
    assert _listed(auditor, q="Smith") == {public}
    assert _listed(auditor, q="5002") == {internal}
    head = as_user(personas.head)
    assert _listed(head, q="chat") == {internal}  # those with narrative rights still search the text
