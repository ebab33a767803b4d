"""A misconduct hearing after a case to answer (issue 19, points 4-5): the investigator records
the officer's reg 31 response from the case page's "Meeting or hearing" panel, sees the witness
lists and documents clocks start (not the pre-hearing), and sets the date, time and place, whose
notice to the officer is written to the outbox. Every page passes axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Force, Person, PersonType, Rank, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.cases.lifecycle import apply_transition
from conduct.models import Proceedings, Severity, Stage
from notifications.models import Correspondence, LetterKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _hearing(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    officer = Person.objects.create(
        force=force,
        number="4101",
        person_type=PersonType.OFFICER,
        first_name="Gary",
        last_name="Mills",
        rank=Rank.objects.get(name="Police constable"),
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    allegation = services.AllegationInput(description="Offensive messages", standards=[], categories=[])
    case = services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=officer, allegations=[allegation])],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": timezone.localdate(),
            "how_received": HowReceived.EMAIL,
            "summary": "Group chat messages",
            "team": team,
        },
    )
    subject = case.subjects.get()
    services.assess_severity(
        user=personas.investigator, allegation=subject.allegations.get(), severity=Severity.GROSS, rationale="Gross."
    )
    Proceedings.objects.filter(subject=subject).update(stage=Stage.REPORT)
    apply_transition(
        user=personas.authority, proceedings=subject.proceedings, action="refer_to_hearing", reason="Case to answer."
    )
    return case


def test_the_officers_response_and_the_hearing_date_from_the_case_page(
    page, live_server, personas, login, assert_accessible
):
    case = _hearing(personas)
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/{case.reference}/subjects/")
    panel = page.get_by_test_id("hearing-panel")
    assert "Gary Mills: Misconduct hearing" in panel.inner_text()
    assert_accessible(page)

    panel.get_by_role("link", name="Record a step").click()
    assert_accessible(page)
    page.get_by_label("Officer's response received (reg 31(2))").check()
    page.get_by_label("Date it happened").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record").click()
    panel = page.get_by_test_id("hearing-panel")
    text = panel.inner_text()
    assert "Witness lists exchanged" in text and "Documents supplied to the chair" in text
    assert "Pre-hearing" not in text

    panel.get_by_role("link", name="Set the date, time and place").click()
    assert_accessible(page)
    later = timezone.localdate() + timedelta(days=40)
    page.get_by_label("Date", exact=True).fill(later.strftime("%d/%m/%Y"))
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("Place", exact=True).fill("Force Headquarters, Room 2")
    page.get_by_role("button", name="Set and send the notice").click()
    assert "Force Headquarters, Room 2" in page.get_by_test_id("hearing-panel").inner_text()
    assert Correspondence.objects.filter(kind=LetterKind.PROCEEDINGS_NOTICE, case=case).count() == 1
