"""Acceptance journey: the group-chat case recorded and progressed through the web forms."""

import pytest

from casework.models import Consultation, Force, Person, PersonType, Team
from conduct.models import Allegation, AllegationCategory, Proceedings, Stage, Standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(personas):
    home = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    other = Force.objects.create(code="northshire", name="Northshire Police")
    people = [
        Person.objects.create(
            force=home, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
        ),
        Person.objects.create(
            force=home, number="4102", person_type=PersonType.OFFICER, first_name="Dean", last_name="Hart"
        ),
        Person.objects.create(
            force=other, number="N7100", person_type=PersonType.OFFICER, first_name="Rob", last_name="Price"
        ),
    ]
    team = Team.objects.create(name="Investigations Team A")
    team.members.add(personas.investigator)
    return people


def _check(page, label):
    page.get_by_label(label, exact=True).check()


def _record_group_chat_case(page, live_server, people):
    page.goto(f"{live_server.url}/cases/")
    page.get_by_role("link", name="Record a new case").click()
    _check(page, "Recordable conduct matter")
    _check(page, "Recordable conduct matter (Schedule 3 Part 2)")
    page.get_by_label("Date received").fill("14/09/2026")
    page.get_by_label("How it was received").select_option(label="From the IOPC")
    page.get_by_label("Summary of the matter").fill(
        "Group chat: misogynistic and racist messages shared by serving officers of two forces."
    )
    _check(page, "Normal")
    page.get_by_label("Owning team").select_option(label="Investigations Team A")
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Names or numbers of the people subject to this case").fill("4101\n4102\nnorthshire N7100")
    page.get_by_role("button", name="Continue").click()

    standards = [Standard.objects.get(name=n).pk for n in ("Discreditable conduct", "Equality and diversity")]
    categories = [AllegationCategory.objects.get(code=c).pk for c in ("discrimination", "social-media")]
    for person in people:
        prefix = f"p{person.pk}"
        page.locator(f"#id_{prefix}-description").fill("Shared misogynistic and racist messages in a group chat.")
        for pk in standards:
            page.locator(f"input[name='{prefix}-standards'][value='{pk}']").check()
        for pk in categories:
            page.locator(f"input[name='{prefix}-categories'][value='{pk}']").check()
        page.locator(f"input[name='{prefix}-criminal_investigation'][value='open']").check()
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    page.get_by_role("button", name="Record the case").click()
    return page.get_by_role("heading", level=1).inner_text().split()[0]


HEARING_LINK = (
    "Case to answer: refer to a misconduct hearing (PRA 2002 Sch 3 para 24; Conduct Regs reg 23) for Gary Mills"
)


def test_group_chat_case_through_the_forms(page, live_server, personas, register, login, assert_accessible):
    login(page, personas.investigator)
    reference = _record_group_chat_case(page, live_server, register)
    assert reference.startswith("PSD-2026-")
    assert page.locator("[data-testid=subject-summary]").count() == 3  # the Summary lists them
    assert_accessible(page)
    page.get_by_role("navigation", name="Sections of the case").get_by_role(
        "link", name="Subjects and allegations"
    ).click()
    assert page.locator("[data-testid=subject]").count() == 3

    # Assess severity of Gary Mills's allegation as gross misconduct.
    page.get_by_role("link", name="Assess severity of this allegation against Gary Mills").click()
    _check(page, "Gross misconduct")
    page.get_by_label("Rationale").fill("Discriminatory messages; if proven, dismissal could be justified.")
    assert_accessible(page)
    page.get_by_role("button", name="Record assessment").click()

    # A recordable conduct matter: the Schedule 3 investigation's steps, cited from the C&M Regulations.
    for step in [
        "Appoint the investigator and start the investigation (C&M Regs reg 12; severity assessment reg 16)",
        "Give written notice of the investigation and severity assessment (C&M Regs reg 17)",
        "Record the final report on the investigation (PRA 2002 Sch 3 para 22)",
    ]:
        page.get_by_role("link", name=f"{step} for Gary Mills").click()
        page.get_by_label("Reasons for this decision").fill(f"{step}: recorded for the test.")
        page.get_by_role("button", name="Record decision").click()
        assert page.get_by_role("alert").inner_text().count("Gary Mills") >= 1

    # Case to answer is the appropriate authority's decision, not the investigator's.
    assert page.get_by_role("link", name=HEARING_LINK).count() == 0
    page.get_by_role("button", name="Sign out").click()
    login(page, personas.authority)
    page.goto(f"{live_server.url}/cases/{reference}/subjects/")
    # Not her assignment: she is asked why first, and the answer is logged (s.62).
    assert page.get_by_role("heading", level=1).inner_text() == "Why are you opening this record?"
    assert_accessible(page)
    page.get_by_label("A decision on this matter has been asked of me").check()
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_role("link", name=HEARING_LINK).click()
    page.get_by_label("Reasons for this decision").fill("A case to answer for gross misconduct.")
    page.get_by_role("button", name="Record decision").click()

    allegation = Allegation.objects.get(subject__case__reference=reference, subject__person__number="N7100")
    assert {c.code for c in allegation.categories.all()} == {"discrimination", "social-media"}
    assert allegation.standards.count() == 2 and allegation.criminal_investigation == "open"
    proceedings = Proceedings.objects.get(subject__case__reference=reference, subject__person__number="4101")
    assert proceedings.stage == Stage.HEARING
    assert [t.action for t in proceedings.transitions.all()] == [
        "start_investigation",
        "serve_notice",
        "submit_report",
        "refer_to_hearing",
    ]
    assert proceedings.transitions.last().made_by == personas.authority

    assert Consultation.objects.filter(user=personas.authority, case__reference=reference).first().purpose == (
        "A decision on this matter has been asked of me"
    )

    # The officer's page shows the case, the allegation and its categories.
    page.get_by_role("link", name="Gary Mills", exact=True).click()
    page.get_by_label("A decision on this matter has been asked of me").check()
    page.get_by_role("button", name="Continue to the record").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Gary Mills"
    history = page.locator("table").first.inner_text()
    assert reference in history and "Referred to misconduct hearing" in history and "Discrimination" in history
    assert_accessible(page)


def test_intake_errors_are_shown_in_an_accessible_summary(
    page, live_server, personas, register, login, assert_accessible
):
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/new/?restart=1")
    page.get_by_label("Date received").fill("31/02/2026")
    page.get_by_role("button", name="Continue").click()
    summary = page.get_by_role("alert").inner_text()
    assert summary.splitlines() == [  # every field's own message, all at once
        "There is a problem",
        "Select the origin",
        "The date received must be a real date, for example 27/3/2026",
        "Select how it was received",
        "Enter the summary of the matter",
        "Select the owning team",
        "Select the type of matter",
    ]
    assert_accessible(page)
