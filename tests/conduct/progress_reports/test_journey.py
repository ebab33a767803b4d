"""Browser journey: the investigator sees the overdue 12-month report on the case page, fills in
the report, withholds the officer's copy with reasons, checks the answers and sends; the case
page lists the report. Every page passes axe, on a 390 px screen."""

import pytest
from django.utils import timezone

from casework import calendar
from casework.models import Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from notifications.models import Correspondence

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _old_case(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    officer = Person.objects.create(
        force=force, number="4102", person_type=PersonType.OFFICER, first_name="Dana", last_name="Whitlock"
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    allegation = services.AllegationInput(description="Alleged", standards=[], categories=[])
    return services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=officer, allegations=[allegation])],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": calendar.add_months(timezone.localdate(), -13),
            "how_received": HowReceived.INTERNAL,
            "summary": "A long investigation",
            "team": team,
        },
    )


def test_the_investigator_records_the_12_month_report(page, live_server, personas, login, assert_accessible):
    case = _old_case(personas)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, personas.investigator)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    panel = page.get_by_test_id("progress-report-panel")
    assert "Overdue" in panel.inner_text()
    assert_accessible(page)
    panel.get_by_role("link", name="Record the 12-month report").click()
    page.wait_for_url(f"**/cases/{case.reference}/twelve-month-report/")  # axe reads the new page, not a blank one
    assert_accessible(page)
    today = timezone.localdate()
    page.get_by_label("Date the report was made").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Date the matter came to the force's attention").fill(f"{case.received_on:%d/%m/%Y}")
    page.get_by_label("Progress of the investigation").fill("Witnesses interviewed.")
    later = calendar.add_months(today, 2)
    page.get_by_label("Estimated date the investigation will be concluded").fill(f"{later:%d/%m/%Y}")
    page.get_by_label("Estimated date the final report will be submitted").fill(f"{later:%d/%m/%Y}")
    page.get_by_label("Reasons for the length of time taken").fill("Forensics queue.")
    page.get_by_label("Planned steps to bring the investigation to a conclusion").fill("Write the report.")
    page.get_by_label("Withhold the report from Dana Whitlock").check()
    page.get_by_label("Reasons for withholding it from Dana Whitlock").fill("Interview next week.")
    page.get_by_role("button", name="Continue").click()
    assert "Withheld" in page.get_by_test_id("report-letters").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Record the report and send the letters").click()
    assert "Withheld" in page.get_by_test_id("progress-report").inner_text()
    assert_accessible(page)
    assert list(
        Correspondence.objects.filter(case=case, kind__startswith="progress").values_list("kind", flat=True)
    ) == ["progress_report"]
