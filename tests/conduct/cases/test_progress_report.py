"""An investigation past 12 months: the case page shows the clock; the team records the progress
report, which meets it and starts the 6-monthly one."""

from datetime import date

import pytest
import time_machine

from casework.models import Deadline, TimelineEvent
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_case(personas, team, officer):
    from tests.factories import make_case

    with time_machine.travel(date(2025, 10, 1)):
        return make_case(personas.investigator, team, [officer], received_on=date(2025, 10, 1))


def test_the_case_page_shows_its_clocks_and_the_report_is_recorded(client, personas, old_case):
    client.force_login(personas.investigator)
    page = client.get(section_url(old_case, "deadlines")).content.decode()
    assert "Investigation exceeding 12 months" in page and "Overdue" in page
    assert "Record the progress report" in page
    url = f"/cases/{old_case.reference}/progress-report/"
    response = client.post(url, {"made_on": "20/11/2026", "summary": "Awaiting the criminal trial; interviews done."})
    assert response.status_code == 302
    met = Deadline.objects.get(case=old_case, kind="investigation_12_months")
    assert (met.state, met.met_on) == ("met", date(2026, 11, 20))
    following = Deadline.objects.get(case=old_case, kind="investigation_6_monthly_report", state="open")
    assert following.due_on == date(2027, 4, 1)  # six months after the report fell due
    assert TimelineEvent.objects.filter(case=old_case, summary__startswith="Progress report made").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"made_on": "20/11/2026", "summary": ""}, "Summarise the progress report"),
        ({"made_on": "", "summary": "x"}, "Enter the date the report was made"),
        ({"made_on": "01/01/2099", "summary": "x"}, "today or in the past"),
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(client, personas, old_case, data, message):
    client.force_login(personas.investigator)
    response = client.post(f"/cases/{old_case.reference}/progress-report/", data)
    assert response.status_code == 200 and message in response.content.decode()
    assert Deadline.objects.get(case=old_case, kind="investigation_12_months").state == "open"


def test_with_no_report_due_the_form_says_so(client, personas, old_case):
    Deadline.objects.filter(case=old_case).update(state="stopped", closed_at="2026-11-01T00:00Z", next_action_at=None)
    client.force_login(personas.investigator)
    response = client.post(f"/cases/{old_case.reference}/progress-report/", {"made_on": "20/11/2026", "summary": "x"})
    assert "No 12-month or 6-monthly progress report is due" in response.content.decode()
