"""The Advisory List report on a former officer (Police Act 1996 s.88I(1)(b)) in a real browser: an
allegation about a constable who left before it came to attention puts the report on the case page;
the register does not say whether they resigned or retired, so the report page asks, refuses to
prepare without the answer (with a message that says what to do), and records it. Every page passes
axe and fits a 390 px phone."""

from datetime import date

import pytest

from casework.models import Force, Person, PersonType, Rank, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.models import ListReport, Standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _case_about_a_leaver(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    former = Person.objects.create(
        force=force,
        number="4702",
        person_type=PersonType.OFFICER,
        first_name="Robin",
        last_name="Ashe",
        rank=Rank.objects.get(name="Police constable"),
        left_service_on=date(2026, 9, 30),  # the HR feed gave the day, not how they left
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    allegation = services.AllegationInput(
        description="Took a bribe to drop a speeding ticket in August 2026.",
        standards=list(Standard.objects.filter(name="Honesty and integrity")),
        categories=[],
    )
    return services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=former, allegations=[allegation])],
        details={
            "origin": Origin.PUBLIC_COMPLAINT,
            "received_on": date(2026, 12, 1),
            "how_received": HowReceived.EMAIL,
            "summary": "A motorist says a constable who has since left took money to drop a ticket.",
            "team": team,
        },
    )


def _fits_a_phone(page):
    page.set_viewport_size(PHONE)
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    return width <= PHONE["width"]


def test_the_report_asks_how_they_left_and_is_prepared(page, live_server, personas, login, assert_accessible):
    case = _case_about_a_leaver(personas)
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    if "/purpose/" in page.url:
        page.locator("input[name=purpose]").first.check()
        page.get_by_role("button", name="Continue to the record").click()
    panel = page.get_by_test_id("list-report-panel").inner_text()
    assert "Police Advisory List: report on Robin Ashe (allegation after resigning or retiring on 1 December" in panel
    page.get_by_test_id("list-report-panel").get_by_role("link", name="Check the report").click()
    content = page.get_by_test_id("report-content").inner_text()
    assert "Whether they resigned or retired" in content and "Not recorded on the register" in content
    assert "s.88I(1)(b)" in page.get_by_test_id("legal-source").inner_text()
    assert_accessible(page)
    assert _fits_a_phone(page)

    page.get_by_role("button", name="Prepare for approval").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose whether they resigned or retired" in summary
    assert_accessible(page)
    assert ListReport.objects.get().state == "due"

    page.get_by_label("Retired").check()
    page.get_by_role("button", name="Prepare for approval").click()
    page.get_by_text("report prepared").wait_for()
    assert ListReport.objects.get().state == "prepared"
    assert Person.objects.get(number="4702").left_by == "retired"
    assert "Retired" in page.get_by_test_id("report-content").inner_text()
    assert_accessible(page)
