"""The fairness figures are cached per user and filters for at most a minute, and recomputed at
once after a change they count (casework.figures; docs/performance.md): recording a person's
characteristics by hand, an HR import. These tests commit (transaction=True): the cache is bypassed
inside a transaction, and the version is bumped by transaction.on_commit."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casework.characteristics_services import Characteristics, record_characteristics
from tests.conduct.fairness.conftest import person
from tests.factories import make_case

pytestmark = pytest.mark.django_db(transaction=True)

YEAR_QUERY = {"from": "1/4/2025", "to": "31/3/2026"}


def allegation_count(client, group):
    """(people at the allegation stage in `group` of the ethnicity table, queries the page made)."""
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("fairness"), YEAR_QUERY)
    assert page.status_code == 200
    ethnicity = next(b for b in page.context["figures"].breakdowns if b.key == "ethnicity")
    cell = next(c for c in ethnicity.stages[0].cells if c.key == group)
    return cell.count, len(queries)


@pytest.fixture
def subjects(personas, team, home_force):
    """Six Black officers and one with nothing recorded, on a case received in the year."""
    black = [person(home_force, "black_african") for _ in range(6)]
    unknown = person(home_force, None)
    make_case(personas.investigator, team, [*black, unknown], received_on=date(2025, 6, 1))
    return unknown


def test_the_figures_are_cached_and_a_recorded_ethnicity_shows_at_once(client, personas, subjects):
    client.force_login(personas.head)
    first, cold = allegation_count(client, "black")
    second, warm = allegation_count(client, "black")
    assert first == second == 6
    assert warm < cold, (cold, warm)  # the figures' four grouped queries were not run again
    record_characteristics(
        user=personas.admin,
        person=subjects,
        data=Characteristics(sex="male", ethnicity="black_caribbean", date_of_birth=None),
    )
    assert allegation_count(client, "black")[0] == 7
    assert allegation_count(client, "not_recorded")[0] == 0


def test_the_figures_are_cached_per_filters(client, personas, subjects):
    client.force_login(personas.head)
    assert allegation_count(client, "black")[0] == 6
    other_year = client.get(reverse("fairness"), {"from": "1/4/2024", "to": "31/3/2025"})
    ethnicity = next(b for b in other_year.context["figures"].breakdowns if b.key == "ethnicity")
    assert ethnicity.stages[0].cells[0].count == 0  # not the cached figures of the other period
