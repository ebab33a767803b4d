"""Access acceptance: an outsider gets the 404 page; the head of PSD breaks glass on a
restricted case with a justification and the owner sees the alert."""

import pytest

from casework.models import BreakGlass, Consultation, Force, Person, PersonType, Team, TimelineEvent
from casework.models.cases import HowReceived, Origin
from conduct.cases import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _case(personas, *, sensitivity):
    force = Force.objects.get_or_create(code="demo", defaults={"name": "Demo Constabulary", "is_home": True})[0]
    person = Person.objects.create(
        force=force,
        number=f"9{Person.objects.count():03d}",
        first_name="Pat",
        last_name="Lane",
        person_type=PersonType.OFFICER,
    )
    team = Team.objects.get_or_create(name="Team A")[0]
    team.members.add(personas.investigator)
    return services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=person)],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": "2026-10-01",
            "how_received": HowReceived.EMAIL,
            "summary": "A matter about a PSD colleague",
            "complainant_name": "",
            "sensitivity": sensitivity,
            "team": team,
            "investigator": personas.investigator,
        },
    )


def test_an_investigator_of_another_team_gets_the_404_page(page, live_server, personas, login, assert_accessible):
    case = _case(personas, sensitivity="normal")
    login(page, personas.investigator_other_team)
    response = page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert response.status == 404
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
    assert case.summary not in page.content()
    assert_accessible(page)


def test_head_of_psd_breaks_glass_and_the_owner_is_alerted(page, live_server, personas, login, assert_accessible):
    case = _case(personas, sensitivity="restricted")
    login(page, personas.head)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "This case is restricted"
    assert case.summary not in page.content()
    page.get_by_role("button", name="Open the restricted case").click()
    assert "Give the justification" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.get_by_label("Why must you open this restricted case now?").fill(
        "Chief constable asked for an urgent briefing on this matter today."
    )
    page.get_by_role("button", name="Open the restricted case").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith(case.reference)
    assert case.summary in page.content()
    assert BreakGlass.objects.filter(case=case, user=personas.head).exists()
    assert TimelineEvent.objects.filter(case=case, kind="break_glass").exists()
    assert Consultation.objects.get(case=case, user=personas.head).purpose.startswith("Break glass: Chief")

    page.get_by_role("button", name="Sign out").click()
    login(page, personas.investigator)
    alerts = page.get_by_test_id("break-glass-alerts").inner_text()
    assert case.reference in alerts and "urgent briefing" in alerts
    assert_accessible(page)
