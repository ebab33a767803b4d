"""Issue 19's journey in a real browser: case to answer → hearing → the 2024 panel appointed (a
chair by delegation, two independent members, the legally qualified adviser) → the notice of the
hearing → gross misconduct found → dismissal → the report on the findings (reg 43) → the outcome
letter → the Barred List report falls due. Two people do it, as in life: the appropriate authority
decides and appoints, the investigator records the steps. Every page passes axe."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Deadline, Force, Person, PersonType, Rank, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.models import ListReport, PanelAppointment, Proceedings, Severity, Stage
from notifications.models import Correspondence, LetterKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _person(force, number, first, last, rank):
    return Person.objects.create(
        force=force,
        number=number,
        person_type=PersonType.OFFICER,
        first_name=first,
        last_name=last,
        rank=Rank.objects.get(name=rank),
    )


def _case_at_report(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    officer = _person(force, "4101", "Gary", "Mills", "Police constable")
    _person(force, "0001", "Catherine", "Stone", "Chief constable")
    _person(force, "0002", "Helen", "Price", "Assistant chief constable")
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    case = services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[
            services.SubjectInput(
                person=officer,
                allegations=[
                    services.AllegationInput(description="Racist messages in a group chat", standards=[], categories=[])
                ],
            )
        ],
        details={
            "origin": Origin.INTERNAL_REPORT,
            "received_on": timezone.localdate() - timedelta(days=60),
            "how_received": HowReceived.EMAIL,
            "summary": "Group chat messages",
            "team": team,
        },
    )
    subject = case.subjects.get()
    services.assess_severity(
        user=personas.investigator, allegation=subject.allegations.get(), severity=Severity.GROSS, rationale="Gross."
    )
    Proceedings.objects.filter(subject=subject).update(stage=Stage.REPORT)  # the investigation is behind us
    return case


def _submit(page, assert_accessible, button):
    """Check the form page, submit it, and wait for the page it leads to (a form that comes back
    with errors stays on its URL, and the wait fails loudly)."""
    assert_accessible(page)
    form_url = page.url
    page.get_by_role("button", name=button).click()
    page.wait_for_url(lambda url: url != form_url)


def _appoint(page, assert_accessible, role, *, person=None, name=None, **delegation):
    page.get_by_test_id("hearing-panel").get_by_role("link", name=re.compile("Appoint to the panel")).click()
    page.get_by_label(role, exact=True).check()
    if person:
        page.get_by_label("Person on the register").select_option(label=person)
    if name:
        page.get_by_label("Or their name, if not on the register").fill(name)
    page.get_by_label("Reasons", exact=True).fill("Available and not involved in the case.")
    if delegation:
        page.get_by_label("Chief officer who delegated the chair").select_option(label=delegation["by"])
        page.get_by_label("Date of the delegation").fill(timezone.localdate().strftime("%d/%m/%Y"))
        page.get_by_label("Reasons for the delegation").fill("The chief constable is a witness to the messages.")
    _submit(page, assert_accessible, "Appoint")
    page.get_by_test_id("hearing-panel").wait_for()


def _as(page, login, user, live_server, url):
    page.get_by_role("button", name="Sign out").click()
    login(page, user)
    page.goto(f"{live_server.url}{url}")
    if page.get_by_role("heading", level=1).inner_text() == "Why are you opening this record?":
        page.get_by_label("A decision on this matter has been asked of me").check()
        page.get_by_role("button", name="Continue to the record").click()


def test_from_case_to_answer_to_the_barred_list_report(page, live_server, personas, login, assert_accessible):
    case = _case_at_report(personas)
    subjects = f"/cases/{case.reference}/subjects/"
    today = timezone.localdate().strftime("%d/%m/%Y")
    login(page, personas.investigator)
    _as(page, login, personas.authority, live_server, subjects)

    # Case to answer: the appropriate authority refers the officer to a hearing.
    page.get_by_role("link", name=re.compile("Case to answer: refer to a misconduct hearing")).click()
    page.get_by_label("Reasons for this decision").fill("A case to answer for gross misconduct.")
    _submit(page, assert_accessible, "Record decision")
    assert "Gary Mills: Misconduct hearing" in page.get_by_test_id("hearing-panel").inner_text()

    # The panel under the 2024 rules.
    _appoint(
        page,
        assert_accessible,
        "Chair of the hearing panel",
        person="Assistant chief constable Helen Price (0002)",
        by="Chief constable Catherine Stone (0001)",
    )
    _appoint(page, assert_accessible, "Independent panel member", name="Ruth Evans")
    _appoint(page, assert_accessible, "Independent panel member", name="Samuel Okafor")
    _appoint(page, assert_accessible, "Legally qualified adviser", name="Priya Natarajan")
    panel = page.get_by_test_id("hearing-panel").inner_text()
    assert all(name in panel for name in ("Helen Price", "Ruth Evans", "Samuel Okafor", "Priya Natarajan"))
    assert PanelAppointment.objects.filter(proceedings__subject__case=case).count() == 4
    chair = PanelAppointment.objects.get(role="chair")
    assert chair.delegated_by.last_name == "Stone" and chair.delegation_reasons

    # The investigator records the officer's response and sets the hearing: its notice goes out.
    _as(page, login, personas.investigator, live_server, subjects)
    page.get_by_test_id("hearing-panel").get_by_role("link", name=re.compile("Record a step")).click()
    page.get_by_label("Officer's response received (reg 31(2))").check()
    page.get_by_label("Date it happened").fill(today)
    _submit(page, assert_accessible, "Record")
    page.get_by_test_id("hearing-panel").get_by_role("link", name="Set the date, time and place").click()
    page.get_by_label("Date", exact=True).fill((timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y"))
    page.get_by_label("Time", exact=True).fill("10:00")
    page.get_by_label("Place", exact=True).fill("Force Headquarters, Room 2")
    _submit(page, assert_accessible, "Set and send the notice")
    assert Correspondence.objects.filter(kind=LetterKind.PROCEEDINGS_NOTICE, case=case).count() == 1

    # The panel finds gross misconduct and dismisses: recorded from the subject's task list.
    page.get_by_role("link", name=re.compile("Record finding and outcome")).click()
    page.get_by_role("radio", name="Gross misconduct found").check()
    page.get_by_role("radio", name="Dismissal without notice").check()
    page.get_by_label("Reasons for this decision").fill("Repeated racist messages; dismissal is the only outcome.")
    _submit(page, assert_accessible, "Record decision")
    proceedings = Proceedings.objects.get(subject__case=case)
    assert (proceedings.finding, proceedings.outcome) == ("gross_misconduct", "dismissal")

    # The report on the findings to the appropriate authority (reg 43).
    page.get_by_test_id("hearing-panel").get_by_role("link", name=re.compile("Record a step")).click()
    page.get_by_label(re.compile("Report on the findings to the appropriate authority")).check()
    page.get_by_label("Date it happened").fill(today)
    _submit(page, assert_accessible, "Record")
    assert Deadline.objects.get(case=case, kind="reg43_findings_report").state == "met"

    # The appropriate authority gives the officer written notice of the outcome.
    _as(page, login, personas.authority, live_server, subjects)
    page.get_by_test_id("hearing-panel").get_by_role("link", name=re.compile("Give the written notice")).click()
    page.get_by_label("Date the officer was given the notice").fill(today)
    page.get_by_label("Summary of the reasons for the finding and outcome").fill("The messages were proved.")
    _submit(page, assert_accessible, "Give the notice")
    assert Correspondence.objects.filter(kind=LetterKind.OUTCOME_LETTER, case=case).count() == 1

    # The Barred List report is due: on the case's summary, within 5 working days (2017 Regs reg 3(1)).
    page.goto(f"{live_server.url}/cases/{case.reference}/")
    lists = page.get_by_test_id("list-report-panel").inner_text()
    assert "Police Barred List: report on Gary Mills (dismissed on" in lists and "Due" in lists
    assert_accessible(page)
    report = ListReport.objects.get(person__number="4101")
    assert Deadline.objects.get(kind="barred_list_report", person=report.person).due_on == report.due_on
