"""The fairness monitoring pages: the head of PSD only (404 for everyone else, the administrator
too), every view logged as a consultation of special category data with its purpose, the CSV as
an export, bad filters as messages (never a 500), the cases behind a number, the dashboard link."""

import csv
import io

import pytest
from django.urls import reverse

from casework.models import Consultation, ObjectKind
from tests.conduct.fairness.conftest import proceed

pytestmark = pytest.mark.django_db

YEAR_QUERY = {"from": "1/4/2025", "to": "31/3/2026"}
OFFICERS = {**YEAR_QUERY, "person_type": "officer"}  # the baseline of test_figures' arithmetic
OUTSIDERS = ["investigator", "authority", "auditor", "admin"]


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["fairness", "fairness-csv", "fairness-cases"])
@pytest.mark.parametrize("persona", OUTSIDERS)
def test_special_category_figures_are_hidden_from_everyone_else(client, personas, force_world, name, persona):
    response = signed_in(client, getattr(personas, persona)).get(reverse(name), YEAR_QUERY)
    assert response.status_code == 404
    assert not Consultation.objects.filter(kind__in=[ObjectKind.SPECIAL_CATEGORY, ObjectKind.EXPORT]).exists()


def test_the_head_of_psd_sees_the_figures_and_the_view_is_logged(client, personas, force_world):
    response = signed_in(client, personas.head).get(reverse("fairness"), OFFICERS)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fairness monitoring" in page and "fewer than 5" in page
    assert "2.40 (0.96 to 5.98)" in page  # Black against White at the allegation stage, by hand in test_figures
    logged = Consultation.objects.get(kind=ObjectKind.SPECIAL_CATEGORY)
    assert logged.user == personas.head
    assert logged.purpose == "Fairness monitoring"
    assert "1 April 2025 to 31 March 2026" in logged.object_label


def test_no_period_means_the_last_financial_year(client, personas, force_world):
    response = signed_in(client, personas.head).get(reverse("fairness"))
    assert response.status_code == 200
    assert response.context["figures"].filters.start.month == 4
    assert response.context["figures"].filters.start.day == 1


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "31/2/2025", "to": "31/3/2026"}, "from", "Period from must be a real date"),
        ({"from": "1/4/2026", "to": "31/3/2026"}, "to", "Period to must be the same as or after period from"),
        ({"from": "1/4/2025"}, "to", "Enter the end of the period"),
        ({**YEAR_QUERY, "matter": "nonsense"}, "matter", "Select a type of matter from the list"),
        ({**YEAR_QUERY, "person_type": "chief"}, "person_type", "Select a type of person from the list"),
    ],
)
def test_bad_filters_are_explained_and_nothing_is_shown(client, personas, force_world, query, field, message):
    response = signed_in(client, personas.head).get(reverse("fairness"), query)
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert message in response.context["filter_error_map"][field]
    assert "There is a problem with the filters" in response.content.decode()
    assert not Consultation.objects.filter(kind=ObjectKind.SPECIAL_CATEGORY).exists()


def test_the_csv_is_the_head_of_psds_and_logged_as_an_export(client, personas, force_world):
    response = signed_in(client, personas.head).get(reverse("fairness-csv"), OFFICERS)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    black = next(r for r in rows if r[:2] == ["Allegation", "Black"])
    assert black[2:6] == ["6", "10", "600.0", "2.4"]
    asian = next(r for r in rows if r[:2] == ["Allegation", "Asian"])
    assert asian[2] == "fewer than 5" and asian[4:] == ["", "", "", ""]
    export = Consultation.objects.get(kind=ObjectKind.EXPORT)
    assert export.purpose == "Fairness monitoring" and export.user == personas.head
    bad = signed_in(client, personas.head).get(reverse("fairness-csv"), {"from": "nonsense"})
    assert bad.status_code == 404


def test_a_number_links_to_the_cases_behind_it(client, personas, force_world):
    client = signed_in(client, personas.head)
    page = client.get(reverse("fairness"), YEAR_QUERY)
    cell = next(
        c
        for b in page.context["figures"].breakdowns
        if b.key == "ethnicity"
        for c in b.stages[0].cells
        if c.key == "black"
    )
    assert cell.url in page.content.decode().replace("&amp;", "&")
    behind = client.get(cell.url)
    assert behind.status_code == 200
    listed = {row.person_id for row in behind.context["page"].object_list}
    assert listed == {p.pk for p in force_world["black"][:6]}
    assert behind.context["counted"] == {"people": 6, "cases": 1}
    assert force_world["case"].reference in behind.content.decode()
    assert Consultation.objects.filter(kind=ObjectKind.SPECIAL_CATEGORY).count() == 2


def test_the_cases_behind_a_stage(client, personas, force_world):
    for p in force_world["white"][:2]:
        proceed(force_world["subject"](p), forum="hearing")
    query = {**YEAR_QUERY, "stage": "case_to_answer", "by": "ethnicity", "group": "white"}
    behind = signed_in(client, personas.head).get(reverse("fairness-cases"), query)
    assert {row.person_id for row in behind.context["page"].object_list} == {p.pk for p in force_world["white"][:2]}


def test_a_bad_figure_address_is_explained(client, personas, force_world):
    query = {**YEAR_QUERY, "stage": "nonsense", "by": "ethnicity", "group": "purple"}
    response = signed_in(client, personas.head).get(reverse("fairness-cases"), query)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert set(response.context["filter_error_map"]) == {"stage", "group"}


def test_the_page_makes_a_bounded_number_of_queries(client, personas, force_world, django_assert_max_num_queries):
    client = signed_in(client, personas.head)
    client.get(reverse("fairness"), YEAR_QUERY)  # sessions and permissions warmed
    with django_assert_max_num_queries(20):
        client.get(reverse("fairness"), YEAR_QUERY)


def test_the_dashboard_links_to_it_for_the_head_of_psd_only(client, personas):
    assert 'data-testid="fairness-link"' in signed_in(client, personas.head).get(reverse("dashboard")).content.decode()
    client.logout()
    authority = signed_in(client, personas.authority).get(reverse("dashboard"))
    assert 'data-testid="fairness-link"' not in authority.content.decode()
