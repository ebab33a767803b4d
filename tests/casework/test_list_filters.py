"""Bad filter values on the list pages are errors on their filters, all at once, and the list
shows nothing until they are corrected (never everything, as if unfiltered)."""

from datetime import date

import pytest
from django.urls import reverse

from casework.dates import parse_uk_date
from tests.factories import make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(client, personas):
    client.force_login(personas.head)
    return client


def _errors(response):
    assert response.status_code == 200
    return {e["field"]: e["message"] for e in response.context["filter_errors"]}


def test_the_case_list_names_every_bad_filter(head, personas):
    from tests.factories import TeamFactory

    make_case(personas.head, TeamFactory(), [])
    response = head.get(
        reverse("case-list"),
        {"received_from": "32/1/2026", "received_to": "yesterday", "status": "shut", "team": "abc", "sort": "x"},
    )
    assert _errors(response) == {
        "received_from": "Received from must be a real date, for example 27/3/2026",
        "received_to": "Received to must be a real date, for example 27/3/2026",
        "status": "Select a status from the list",
        "team": "Select a team from the list",
        "sort": "Select an order from the list",
    }
    assert not response.context["page"].object_list
    body = response.content.decode()
    assert "There is a problem with the filters" in body
    assert 'href="#received_from"' in body and 'id="received_from-error"' in body
    assert "govuk-input--error" in body
    assert "Correct the filters above to see the cases." in body


def test_a_typed_date_filter_is_read_like_a_form_date(head, personas):
    from tests.factories import TeamFactory

    case = make_case(personas.head, TeamFactory(), [])
    day = case.received_on.strftime("%-d/%-m/%y")
    response = head.get(reverse("case-list"), {"received_from": day, "received_to": case.received_on.isoformat()})
    assert _errors(response) == {}
    assert [c.pk for c in response.context["page"].object_list] == [case.pk]
    assert parse_uk_date(day) == case.received_on


def test_a_range_the_wrong_way_round_is_an_error(head):
    response = head.get(reverse("case-list"), {"received_from": "1 Dec 2026", "received_to": "1/11/2026"})
    assert _errors(response) == {"received_to": "Received to must be the same as or after received from"}


def test_the_people_list_names_bad_filters(head):
    response = head.get(reverse("person-list"), {"force": "north", "status": "asleep", "open_case": "maybe"})
    assert _errors(response) == {
        "force": "Select a force from the list",
        "status": "Select a duty status from the list",
        "open_case": "Select whether they have an open case from the list",
    }
    assert not response.context["page"].object_list
    assert "Correct the filters above to see the people." in response.content.decode()


def test_the_deadline_list_names_bad_filters(head):
    response = head.get(reverse("deadline-list"), {"bucket": "late", "kind": "nonsense", "owner": "bob"})
    assert _errors(response) == {
        "bucket": "Select which deadlines to show from the list",
        "kind": "Select a kind of deadline from the list",
        "owner": "Select an owner from the list",
    }
    assert not response.context["page"].object_list


def test_the_suspension_list_names_bad_filters(head):
    response = head.get(
        reverse("suspension-list"), {"tab": "active", "kind": "sack", "effective_from": "1/1/2026", "effective_to": "x"}
    )
    assert _errors(response) == {
        "kind": "Select a kind of decision from the list",
        "effective_to": "In force to must be a real date, for example 27/3/2026",
    }
    assert not response.context["page"].object_list


def test_good_filters_are_no_errors(head):
    for name, params in [
        ("case-list", {"status": "open", "received_from": "1/1/26"}),
        ("person-list", {"open_case": "yes"}),
        ("deadline-list", {"bucket": "overdue"}),
        ("suspension-list", {"tab": "active", "effective_from": str(date(2026, 1, 1))}),
    ]:
        assert _errors(head.get(reverse(name), params)) == {}, name


def test_the_case_list_shows_the_selected_filters_as_removable_tags(head):
    response = head.get(reverse("case-list"), {"status": "open", "received_from": "1/1/2026", "page": "1"})
    tags = response.context["selected_filters"]
    assert [(t["label"], t["value"]) for t in tags] == [("Status", "Open"), ("Received from", "1/1/2026")]
    assert tags[0]["without"] == "received_from=1%2F1%2F2026"  # the same list without that filter
    assert 'data-testid="selected-filters"' in response.content.decode()


def test_the_case_list_panel_carries_the_dashboards_filters_and_sort_is_no_tag(head):
    response = head.get(reverse("case-list"), {"closed_from": "1/1/2026", "status": "closed", "sort": "reference"})
    html = response.content.decode()
    assert '<input type="hidden" name="closed_from" value="1/1/2026">' in html  # applying keeps it
    assert 'data-testid="oversight-filters"' in html
    tags = response.context["selected_filters"]
    assert [(t["label"], t["value"]) for t in tags] == [("Status", "Closed")]  # the order is not a filter
    assert tags[0]["without"] == "closed_from=1%2F1%2F2026&sort=reference"
    assert response.context["clear_query"] == "closed_from=1%2F1%2F2026"
