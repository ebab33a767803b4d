"""The force-wide "Barred and Advisory List reports" list: for the appropriate authority and the head
of PSD; overdue first; filtered by state and list; paginated; a bad filter is a message and a 400."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from conduct.lists import services
from conduct.lists.models import ListTrigger
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
URL = reverse("list-reports")
TODAY = date(2027, 1, 20)


@pytest.fixture
def reports(personas, case, officer, home_force):
    """An Advisory report overdue (11 Jan), a Barred one due later (22 Jan), one Barred sent."""
    with time_machine.travel(TODAY, tick=False):
        due_later = services.open_report(
            trigger=ListTrigger.DISMISSAL_VETTING,
            person=officer,
            on=date(2027, 1, 18),
            user=personas.authority,
            event="test:later",
            case=case,
        )
        overdue = services.open_report(
            trigger=ListTrigger.LEFT_UNDER_INVESTIGATION,
            person=PersonFactory(force=home_force, number="7001", last_name="Overdue"),
            on=date(2027, 1, 5),
            user=personas.authority,
            event="test:overdue",
        )
        sent = services.open_report(
            trigger=ListTrigger.DISMISSAL_STAFF,
            person=PersonFactory(force=home_force, number="7002", last_name="Sentone"),
            on=date(2027, 1, 4),
            user=personas.authority,
            event="test:sent",
        )
        services.record_made(user=personas.authority, report=sent, data=services.ReportMade(date(2027, 1, 5), "Portal"))
    return {"later": due_later, "overdue": overdue, "sent": sent}


def rows(response):
    return [report.pk for report in response.context["page"].object_list]


@pytest.mark.parametrize("who", ["authority", "head"])
def test_managers_see_every_report_overdue_first(client, personas, reports, who):
    with time_machine.travel(TODAY, tick=False):  # signed in on the day: a session is short-lived
        client.force_login(getattr(personas, who))
        response = client.get(URL)
    assert response.status_code == 200
    assert rows(response) == [reports["overdue"].pk, reports["sent"].pk, reports["later"].pk]
    body = response.content.decode()
    assert reports["later"].case.get_absolute_url() in body  # each row links to its case
    assert reverse("list-report", args=[reports["overdue"].pk]) in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "overdue"}, ["overdue"]),
        ({"state": "sent"}, ["sent"]),
        ({"state": "due"}, ["overdue", "later"]),
        ({"kind": "advisory"}, ["overdue"]),
        ({"kind": "barred", "state": "due"}, ["later"]),
    ],
)
def test_filters_by_state_and_list(client, personas, reports, query, expected):
    with time_machine.travel(TODAY, tick=False):
        client.force_login(personas.head)
        response = client.get(URL, query)
    assert rows(response) == [reports[name].pk for name in expected]
    assert response.context["selected_filters"]


@pytest.mark.parametrize("who", ["investigator", "auditor", "admin"])
def test_others_get_404(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == 404


def test_a_bad_filter_is_a_message_and_a_400_and_lists_nothing(client, personas, reports):
    client.force_login(personas.authority)
    response = client.get(URL, {"state": "nonsense", "kind": "<b>bold</b>"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body and "Select a state from the list" in body and "<b>bold" not in body
    assert rows(response) == []


def test_paginated_with_the_filters_kept(client, personas, home_force, django_assert_max_num_queries):
    for n in range(27):
        services.open_report(
            trigger=ListTrigger.DISMISSAL_PERFORMANCE,
            person=PersonFactory(force=home_force, number=f"80{n:02d}"),
            on=date(2026, 12, 1),
            user=personas.authority,
            event=f"test:{n}",
        )
    client.force_login(personas.authority)
    with django_assert_max_num_queries(30):
        first = client.get(URL, {"kind": "barred"})
    assert len(rows(first)) == 25 and "kind=barred&amp;page=2" in first.content.decode()
    second = client.get(URL, {"kind": "barred", "page": "2"})
    assert len(rows(second)) == 2
