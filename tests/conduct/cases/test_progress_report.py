"""An investigation past 12 months: the case page shows the clock and leads to the 12-month report
(conduct/progress_reports, whose tests record it); the summary-only form that met the clock
without writing the report's letters is gone."""

from datetime import date

import pytest
import time_machine
from django.urls import NoReverseMatch, reverse

from tests.case_sections import section_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_case(personas, team, officer):
    from tests.factories import make_case

    with time_machine.travel(date(2025, 10, 1)):
        return make_case(personas.investigator, team, [officer], received_on=date(2025, 10, 1))


def test_the_case_page_shows_the_clock_and_leads_to_the_12_month_report(client, personas, old_case):
    client.force_login(personas.investigator)
    page = client.get(section_url(old_case, "deadlines")).content.decode()
    assert "Investigation exceeding 12 months" in page and "Overdue" in page
    assert reverse("progress-report-record", args=[old_case.reference]) in page
    assert f"/cases/{old_case.reference}/progress-report/" not in page
    with pytest.raises(NoReverseMatch):
        reverse("case-progress-report", args=[old_case.reference])
