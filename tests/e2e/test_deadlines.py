"""Deadlines acceptance: an investigator sees their overdue deadline on My work and on the
deadlines page, opens it and extends it with a reason; every page passes the axe checks."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import deadlines
from casework.models import DeadlineChange, Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def overdue(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    person = Person.objects.create(
        force=force, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    case = services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=person)],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": timezone.localdate() - timedelta(days=30),
            "how_received": HowReceived.EMAIL,
            "summary": "A matter with a clock running",
            "team": team,
            "investigator": personas.investigator,
        },
    )
    today = timezone.localdate()
    return deadlines.start_deadline(
        case=case,
        kind="reg17_written_statement",
        label="Officer's written statement after the reg 17 notice",
        owner=personas.investigator,
        starts_on=today - timedelta(days=20),
        due_on=today - timedelta(days=3),
        person=person,
        actor=personas.investigator,
        source_rule={"code": "reg17_written_statement", "amount": 10, "unit": "working_days", "source": "reg 17"},
    )


def test_an_investigator_extends_an_overdue_deadline(page, live_server, personas, login, assert_accessible, overdue):
    login(page, personas.investigator)
    next_deadlines = page.get_by_test_id("next-deadlines")
    row = next_deadlines.get_by_role("row").filter(has_text="Officer's written statement")
    assert "Overdue" in row.inner_text() and overdue.case.reference in row.inner_text()
    assert_accessible(page)

    page.get_by_role("link", name="All my deadlines").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Deadlines"
    page.get_by_label("Show").select_option(label="Overdue")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.get_by_test_id("deadline")
    assert rows.count() == 1 and "Overdue" in rows.first.inner_text()
    assert_accessible(page)

    rows.first.get_by_role("link", name="Officer's written statement after the reg 17 notice").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Officer's written statement after the reg 17 notice"
    assert_accessible(page)

    # No reason: refused, with the GOV.UK error summary.
    new_due = timezone.localdate() + timedelta(days=14)
    page.get_by_label("New due date").fill(f"{new_due:%d/%m/%Y}")
    page.get_by_role("button", name="Extend the deadline").click()
    assert "Give the reason for extending the deadline" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    page.get_by_label("New due date").fill(f"{new_due:%d/%m/%Y}")
    page.get_by_label("Reason for the extension").fill("The officer's representative is on leave until next week.")
    page.get_by_role("button", name="Extend the deadline").click()
    assert f"Deadline extended to {new_due.day} {new_due:%B %Y}." in page.get_by_role("alert").inner_text()
    assert "Overdue" not in page.get_by_test_id("due").inner_text()
    history = page.get_by_test_id("deadline-history").inner_text()
    assert "The officer's representative is on leave" in history
    assert_accessible(page)

    overdue.refresh_from_db()
    assert overdue.due_on == new_due and overdue.extension_count == 1
    assert DeadlineChange.objects.filter(deadline=overdue, action="extend").count() == 1
