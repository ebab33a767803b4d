"""Criminal proceedings pause acceptance: an appropriate authority pauses an officer's misconduct
proceedings while criminal proceedings are outstanding (reg 10); the case page, the pause and the
officer's page warn of it and the officer's reg 17 clock stops; the authority ends the pause and
the clock runs again. Every page passes the axe checks."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework.models import Deadline, DeadlineState, Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import clocks, services
from conduct.models import CriminalProceedingsPause, PauseState, Standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def charged(personas):
    home = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    officer = Person.objects.create(
        force=home, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
    )
    allegation = services.AllegationInput(
        description="Assaulted a detained person.",
        standards=list(Standard.objects.filter(name="Use of force")),
        categories=[],
    )
    case = services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=officer, allegations=[allegation])],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": timezone.localdate() - timedelta(days=5),
            "how_received": HowReceived.INTERNAL,
            "summary": "Custody suite assault; the officer is charged.",
            "team": team,
            "investigator": personas.investigator,
        },
    )
    clocks.start_clock(
        clocks.REG17_STATEMENT,
        case=case,
        person=officer,
        owner=personas.investigator,
        starts_on=timezone.localdate(),
        actor=personas.investigator,
    )
    return case


def reg17(case):
    return Deadline.objects.filter(case=case, kind=clocks.REG17_STATEMENT).order_by("id")


def test_pause_a_subject_see_the_warning_and_resume(page, live_server, personas, login, assert_accessible, charged):
    reference = charged.reference

    # Alex, the appropriate authority, opens the case (saying why) and pauses Gary Mills.
    login(page, personas.authority)
    page.goto(f"{live_server.url}/cases/{reference}/subjects/")  # the pause is offered beside the subject
    page.get_by_label("A decision on this matter has been asked of me").check()  # s.62 purpose
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_role(
        "link", name="Pause misconduct proceedings while criminal proceedings are outstanding (reg 10) for Gary Mills"
    ).click()
    assert_accessible(page)
    page.get_by_label("Which criminal proceedings are outstanding?").fill("Charged with assault; trial in March.")
    page.get_by_label("Why would misconduct proceedings prejudice them?").fill(
        "A hearing would air the custody staff's accounts before they give evidence at trial."
    )
    page.get_by_role("button", name="Pause proceedings").click()
    assert "Paused" in page.get_by_role("heading", level=1).inner_text()
    assert "reg 10(3)" in page.get_by_test_id("pause-warning").inner_text()
    assert page.get_by_test_id("paused-clocks").is_visible()
    assert_accessible(page)
    assert reg17(charged).get().state == DeadlineState.STOPPED

    # The case page warns everyone who opens it.
    page.get_by_role("link", name="Back to the case").click()
    assert "Gary Mills are paused" in page.get_by_test_id("pause-warning").inner_text()
    assert page.get_by_test_id("subject-pause").is_visible()
    assert_accessible(page)
    page.context.clear_cookies()

    # Ivy, the investigator, sees it on the officer's page.
    login(page, personas.investigator)
    officer = charged.subjects.get().person
    page.goto(f"{live_server.url}/people/{officer.pk}/")
    assert reference in page.get_by_test_id("person-pauses").inner_text()
    assert_accessible(page)
    page.context.clear_cookies()

    # Alex ends the pause: the reg 17 clock runs again.
    login(page, personas.authority)
    pause = CriminalProceedingsPause.objects.get()
    page.goto(f"{live_server.url}{pause.get_absolute_url()}")
    page.get_by_label("A decision on this matter has been asked of me").check()  # a new session: s.62 again
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_role("link", name="End the pause").click()
    assert_accessible(page)
    page.get_by_label("Why can misconduct proceedings go ahead now?").fill("The CPS has discontinued the case.")
    page.get_by_role("button", name="End the pause").click()
    assert "Ended" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_test_id("pause-warning").count() == 0
    assert_accessible(page)
    pause.refresh_from_db()
    assert pause.state == PauseState.ENDED
    stopped, resumed = reg17(charged)
    assert stopped.state == DeadlineState.STOPPED and resumed.state == DeadlineState.OPEN
    assert resumed.due_on >= date.today()
