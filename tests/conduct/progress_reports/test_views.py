"""The 12-month report panel on the case page, the form with its check-your-answers step, and the
force-wide list of reports due (managers only; query count bounded)."""

import pytest
from django.urls import reverse

from casework.models import Deadline
from conduct.models import ProgressReport
from notifications.models import Correspondence
from tests.conduct.progress_reports.conftest import form_data

pytestmark = pytest.mark.django_db


def url(case):
    return reverse("progress-report-record", args=[case.reference])


def test_the_panel_shows_an_overdue_report_and_the_link_to_record_it(client, personas, internal_case):
    client.force_login(personas.investigator)
    page = client.get(internal_case.get_absolute_url()).content.decode()
    assert 'data-testid="progress-report-panel"' in page
    assert "due 1 October 2026" in page and "Overdue" in page
    assert url(internal_case) in page


def test_no_panel_while_the_report_is_far_off(client, personas, internal_case):
    Deadline.objects.filter(case=internal_case, kind="investigation_12_months").update(due_on="2027-06-01")
    client.force_login(personas.investigator)
    assert 'data-testid="progress-report-panel"' not in client.get(internal_case.get_absolute_url()).content.decode()


def test_the_check_step_writes_nothing_then_confirming_sends_the_letters(client, personas, internal_case, officer):
    client.force_login(personas.investigator)
    data = form_data(**{f"withhold_officer-{officer.pk}": "on", f"reasons_officer-{officer.pk}": "Would tip off."})
    check = client.post(url(internal_case), data)
    page = check.content.decode()
    assert check.status_code == 200 and "Check the report before the letters go" in page
    assert "Withheld" in page and "Would tip off." in page
    assert not ProgressReport.objects.exists() and not Correspondence.objects.filter(kind__startswith="progress")
    done = client.post(url(internal_case), {**data, "confirm": "yes"})
    assert done.status_code == 302
    report = ProgressReport.objects.get(case=internal_case)
    assert [c.kind for c in Correspondence.objects.filter(case=internal_case, kind__startswith="progress")] == [
        "progress_report"
    ]
    assert report.copies.get(recipient="officer").withheld_reasons == "Would tip off."
    panel = client.get(internal_case.get_absolute_url()).content.decode()
    assert 'data-testid="progress-report"' in panel and "Withheld" in panel


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"made_on": ""}, "Enter the date the report was made"),
        ({"made_on": "31/2/2026"}, "must be a real date"),
        ({"progress": ""}, "Enter the progress of the investigation"),
        ({"estimated_report": "1/1/2027", "confirm": "yes"}, "cannot be estimated before"),
        ({"withhold_local_policing_body": "on", "confirm": "yes"}, "Give the reasons for withholding"),
    ],
)
def test_bad_input_gets_a_message_and_writes_nothing(client, personas, internal_case, changes, message):
    client.force_login(personas.investigator)
    response = client.post(url(internal_case), form_data(**changes))
    assert response.status_code == 200 and message in response.content.decode()
    assert not ProgressReport.objects.exists()
    assert Deadline.objects.get(case=internal_case, kind="investigation_12_months").state == "open"


def test_the_list_of_reports_due_is_for_managers(client, personas, internal_case):
    listing = reverse("progress-reports-due")
    client.force_login(personas.investigator)
    assert client.get(listing).status_code == 404
    client.force_login(personas.authority)
    page = client.get(listing).content.decode()
    assert internal_case.reference in page and "Overdue" in page
    assert listing in client.get(reverse("dashboard")).content.decode()  # reached from the dashboard


def test_the_list_query_count_does_not_grow(client, personas, team, officer, django_assert_max_num_queries):
    from tests.conduct.progress_reports.conftest import _record

    for _ in range(3):
        _record(personas, team, officer)
    client.force_login(personas.head)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("progress-reports-due"))
    for _ in range(5):
        _record(personas, team, officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("progress-reports-due")).content.decode()
    assert page.count('class="govuk-link" href="/cases/') == 8
