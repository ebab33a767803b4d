"""The MoJ filter panel on the people list (issue 22, point 7; casework.views.filters): each set
of filter parameters gives its rows and its removable tags (in the options' words); a bad value
is an error on its filter and no count is shown as if the list were filtered; the pagination
keeps the filters; the query count does not grow with the register."""

from datetime import date

import pytest
from django.urls import reverse

from casework.models import DutyStatus
from casework.services import change_duty_status
from tests.factories import ForceFactory, PersonFactory, TeamFactory, UnitFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(client, personas):
    client.force_login(personas.head)
    return client


@pytest.fixture
def register(personas):
    north = ForceFactory(code="north", name="Northshire Police")
    south = ForceFactory(code="south", name="Southshire Police")
    dogs = UnitFactory(force=north, name="Dog section")
    people = {
        "nora": PersonFactory(force=north, unit=dogs, first_name="Nora", last_name="North", number="7101"),
        "ned": PersonFactory(force=north, first_name="Ned", last_name="Nash", number="7102"),
        "sam": PersonFactory(force=south, first_name="Sam", last_name="South", number="8101"),
    }
    make_case(personas.head, TeamFactory(), [people["ned"]])  # Ned has an open case
    change_duty_status(
        user=personas.head, person=people["sam"], status=DutyStatus.SUSPENDED, starts_on=date(2026, 1, 5), reason="r"
    )
    return {"north": north, "dogs": dogs, **people}


NORTH = ("Force", "Northshire Police")


def _listed(response):
    assert response.status_code == 200
    return sorted(p.first_name for p in response.context["page"].object_list)


def _tags(response):
    return [(t["label"], t["value"]) for t in response.context["selected_filters"]]


@pytest.mark.parametrize(
    ("params", "rows", "tags"),
    [
        ({}, ["Ned", "Nora", "Sam"], []),
        ({"force": "north"}, ["Ned", "Nora"], [("Force", "Northshire Police")]),
        ({"unit": "dogs"}, ["Nora"], [("Unit", "Dog section")]),
        ({"open_case": "yes"}, ["Ned"], [("Open case", "Has an open case")]),
        ({"status": DutyStatus.SUSPENDED}, ["Sam"], [("Duty status", "Suspended")]),
        ({"q": "Nora North"}, ["Nora"], [("Search by name or number", "Nora North")]),
        ({"force": "north", "open_case": "yes"}, ["Ned"], [NORTH, ("Open case", "Has an open case")]),
        ({"force": "north", "status": DutyStatus.SUSPENDED}, [], [NORTH, ("Duty status", "Suspended")]),
    ],
)
def test_each_filter_gives_its_rows_and_its_tags(head, register, params, rows, tags):
    params = {k: register[v].pk if v in register else v for k, v in params.items()}
    response = head.get(reverse("person-list"), params)
    assert _listed(response) == rows
    assert _tags(response) == tags
    html = response.content.decode()
    assert 'class="moj-filter"' in html or 'class="moj-filter ' in html
    count = f'data-testid="result-count" role="status">{len(rows)} {"person" if len(rows) == 1 else "people"}</p>'
    assert count in html
    for tag in response.context["selected_filters"]:  # each tag removes its filter, and only that
        without = head.get(reverse("person-list") + "?" + tag["without"])
        assert len(_tags(without)) == len(tags) - 1 and (tag["label"], tag["value"]) not in _tags(without)


def test_bad_values_are_errors_on_their_filters_never_an_unfiltered_count(head, register):
    response = head.get(reverse("person-list"), {"force": "north", "unit": "7x", "q": "Nora"})
    assert {e["field"]: e["message"] for e in response.context["filter_errors"]} == {
        "force": "Select a force from the list",
        "unit": "Select a unit from the list",
    }
    assert _listed(response) == [] and response.context["result_count"] is None
    assert _tags(response) == [("Search by name or number", "Nora")]  # the good filter stays selected
    html = response.content.decode()
    for name in ("force", "unit"):
        assert f'<p id="{name}-error" class="govuk-error-message">' in html
        assert f'href="#{name}"' in html  # the summary links to the filter
    assert html.count("govuk-select--error") == 2 and "north (not a choice)" in html
    assert 'data-testid="result-count"' not in html and "people</caption>" not in html
    assert "Correct the filters above to see the people." in html


def test_the_pagination_keeps_the_filters(head, register):
    PersonFactory.create_batch(25, force=register["north"])
    response = head.get(reverse("person-list"), {"force": register["north"].pk, "open_case": ""})
    assert response.context["page"].paginator.count == 27
    html = response.content.decode()
    assert f'href="?force={register["north"].pk}&amp;open_case=&amp;page=2"' in html
    second = head.get(reverse("person-list"), {"force": register["north"].pk, "page": 2})
    assert _tags(second) == [("Force", "Northshire Police")] and len(second.context["page"].object_list) == 2


# Session, user, second factor, roles; forces, units; the people and their count (the same at both sizes).
PEOPLE_LIST_QUERIES = 10


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("params", [{}, {"open_case": "yes", "status": DutyStatus.SUSPENDED}, {"force": "x"}])
def test_the_people_list_query_count_does_not_grow(head, register, size, params, django_assert_max_num_queries):
    PersonFactory.create_batch(size, force=register["north"], unit=register["dogs"])
    with django_assert_max_num_queries(PEOPLE_LIST_QUERIES):
        assert head.get(reverse("person-list"), params).status_code == 200
