"""The section figures are cached per user for at most a minute and a change invalidates them at
once (issue 20, point 7; casework.figures). These tests commit (transaction=True): the cache is
bypassed inside a transaction, and the version is bumped by transaction.on_commit."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework import figures
from conduct.duty import risk
from tests.conduct.duty.test_risk import record
from tests.conduct.oversight.test_needs_action import decide_back_office
from tests.factories import PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


def criminal_card(page: str) -> int:
    found = re.search(r'data-testid="card-criminal">.*?data-testid="card-count">(\d+)<', page, re.S)
    assert found, "no criminal card on the page"
    return int(found.group(1))


def get(client, url):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    return page, len(queries)


@pytest.fixture
def at_risk(personas):
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    return record(personas, team, PersonFactory(), criminal="convicted")


@pytest.mark.parametrize("url_name", ["dashboard", "home"])
def test_the_figures_are_cached(personas, at_risk, client, url_name):
    client.force_login(personas.head)
    first, cold = get(client, reverse(url_name))
    second, warm = get(client, reverse(url_name))
    assert criminal_card(first) == criminal_card(second) == 1
    assert warm < cold, (cold, warm)


def test_a_decision_shows_on_the_card_at_once(personas, at_risk, client):
    client.force_login(personas.head)
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 1
    assert criminal_card(get(client, reverse("home"))[0]) == 1
    decide_back_office(personas, at_risk)
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 0
    assert criminal_card(get(client, reverse("home"))[0]) == 0


def test_criminal_status_and_allegations_invalidate_the_card(personas, client):
    team = TeamFactory(name="Team Ivy", members=[personas.investigator])
    subject = record(personas, team, PersonFactory())
    client.force_login(personas.head)
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 0
    risk.record_criminal_status(user=personas.investigator, allegation=subject.allegations.get(), status="charged")
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 1
    record(personas, team, PersonFactory(), criminal="open")  # an allegation recorded
    assert criminal_card(get(client, reverse("dashboard"))[0]) == 2


def test_a_rolled_back_change_invalidates_nothing(personas, at_risk, client):
    client.force_login(personas.head)
    get(client, reverse("dashboard"))
    before = figures._version()
    with pytest.raises(RuntimeError), transaction.atomic():
        figures.changed()
        raise RuntimeError("rolled back")
    assert figures._version() == before
    figures.changed()  # outside a transaction: at once
    assert figures._version() != before
