"""Suspension acceptance: an investigator proposes the suspension of a group-chat
officer under criminal investigation; an appropriate authority approves it; the notice is on the
case; four weeks on the review is due, and is done; the risk view no longer lists the officer.
Every page passes the axe checks."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework.models import DutyStatus, Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from casework.services import change_duty_status
from conduct.cases import services
from conduct.models import AllegationCategory, CriminalInvestigation, DecisionState, DutyDecision, Standard
from notifications.models import Correspondence, LetterKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def group_chat(personas):
    home = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    officers = [
        Person.objects.create(
            force=home, number=number, person_type=PersonType.OFFICER, first_name=first, last_name=last
        )
        for number, first, last in [("4101", "Gary", "Mills"), ("4102", "Dean", "Hale")]
    ]
    for officer in officers:
        change_duty_status(
            user=personas.admin, person=officer, status=DutyStatus.FULL, starts_on=date(2020, 4, 1), reason="HR"
        )
    allegation = services.AllegationInput(
        description="Shared misogynistic and racist messages in a group chat that included a murderer.",
        standards=list(Standard.objects.filter(name__in=["Discreditable conduct", "Equality and diversity"])),
        categories=list(AllegationCategory.objects.filter(code__in=["discrimination", "sexual-misconduct"])),
        criminal_investigation=CriminalInvestigation.OPEN,
    )
    return services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=p, allegations=[allegation]) for p in officers],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": timezone.localdate() - timedelta(days=10),
            "how_received": HowReceived.IOPC,
            "summary": "Group chat: messages under criminal investigation.",
            "team": team,
            "investigator": personas.investigator,
        },
    )


def _risk_names(page, live_server, which):
    page.goto(f"{live_server.url}/suspensions/risk/?list={which}")
    return page.get_by_test_id("risk-row").all_inner_texts()


def test_suspension_from_proposal_to_review(
    page, live_server, personas, login, assert_accessible, group_chat, time_machine
):
    reference = group_chat.reference

    # The head of PSD sees both officers on full duty under criminal investigation.
    login(page, personas.head)
    criminal = _risk_names(page, live_server, "criminal")
    assert len(criminal) == 2 and any("Gary Mills" in row and "No duty decision" in row for row in criminal)
    assert page.get_by_test_id("risk-count-criminal").inner_text() == "2"
    assert_accessible(page)
    page.context.clear_cookies()

    # Ivy proposes Gary Mills's suspension from the case page.
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/{reference}/duty/")
    section = page.get_by_test_id("duty-decisions")
    assert section.get_by_test_id("duty-missing").count() == 2
    section.get_by_role("link", name="Propose a duty decision for Gary Mills").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Propose a duty decision"
    assert_accessible(page)
    # The only allegation is chosen already; reg 11's questions appear once Suspension is chosen.
    assert page.get_by_label("Shared misogynistic and racist messages").is_checked()
    assert not page.get_by_label("Reasoning for the ground").is_visible()
    page.get_by_label("Suspension", exact=True).check()
    assert page.get_by_label("Reasoning for the ground").is_visible()
    page.get_by_label("Shared misogynistic and racist messages").uncheck()
    page.get_by_role("button", name="Send the proposal for decision").click()
    alert = page.get_by_role("alert").inner_text()
    # Every missing answer at once, not one per attempt.
    for message in (
        "Select the allegation",
        "Enter why temporary redeployment",
        "Select the ground for suspension",
        "Enter the reasoning for the ground",
    ):
        assert message in alert, message
    assert_accessible(page)  # the error summary and messages too
    page.get_by_label("Suspension", exact=True).check()
    page.get_by_label("Shared misogynistic and racist messages").check()
    page.get_by_label("Why is temporary redeployment").fill(
        "Every alternative post involves contact with the public or with witnesses in the same command."
    )
    page.get_by_label("The public interest requires it, given the nature of the allegation").check()
    page.get_by_label("Reasoning for the ground").fill(
        "Criminal investigation into racist and misogynistic messages; public confidence requires it."
    )
    page.get_by_role("button", name="Send the proposal for decision").click()
    assert "Awaiting approval" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)
    page.context.clear_cookies()

    # Alex, the appropriate authority, finds it awaiting approval and approves it.
    login(page, personas.authority)
    page.goto(f"{live_server.url}/suspensions/")
    assert "Awaiting approval (1)" in page.get_by_role("navigation", name="Lists of decisions").inner_text()
    assert_accessible(page)
    page.get_by_test_id("duty-list-row").get_by_role("link", name="Suspension").click()
    page.get_by_label("A decision on this matter has been asked of me").check()  # s.62 purpose
    page.get_by_role("button", name="Continue to the record").click()
    assert_accessible(page)
    page.get_by_role("link", name="Decide: approve, amend or reject").click()
    assert_accessible(page)
    page.get_by_label("Approve (change the terms below to amend)").check()
    page.get_by_label("Reasons for your decision").fill("Both reg 11 conditions are met.")
    page.get_by_role("button", name="Record the decision").click()
    assert "In force" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_test_id("notice-link").is_visible()
    assert_accessible(page)

    decision = DutyDecision.objects.get()
    assert decision.state == DecisionState.ACTIVE and decision.decided_by == personas.authority
    assert decision.approval == "approved"  # the terms came back unchanged from the form
    notice = Correspondence.objects.get(kind=LetterKind.SUSPENSION_NOTICE)
    assert notice.person.full_name == "Gary Mills" and notice.approved_by == personas.authority
    page.goto(f"{live_server.url}/cases/{reference}/correspondence/")
    assert "Suspension notice" in page.inner_text("body")
    assert_accessible(page)
    criminal = _risk_names(page, live_server, "criminal")
    assert len(criminal) == 1 and "Dean Hale" in criminal[0]
    page.context.clear_cookies()

    # Four weeks and a day on, the review is overdue: the risk view shows it.
    time_machine.move_to(timezone.now() + timedelta(weeks=4, days=1))
    login(page, personas.authority)
    overdue = _risk_names(page, live_server, "overdue")
    assert len(overdue) == 1 and "Gary Mills" in overdue[0]
    assert_accessible(page)
    page.goto(f"{live_server.url}/suspensions/?tab=due")
    assert "1 overdue" in page.get_by_role("navigation", name="Lists of decisions").inner_text()
    page.get_by_test_id("duty-list-row").get_by_role("link", name="Suspension").click()
    page.get_by_label("A decision on this matter has been asked of me").check()
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_role("link", name="Review this decision").click()
    assert_accessible(page)
    page.get_by_label("Scheduled review").check()
    page.get_by_label("Continue", exact=True).check()
    page.get_by_label("Why is temporary redeployment").fill("Still no post away from the witnesses.")
    page.get_by_label("Both: the investigation may be prejudiced").check()
    page.get_by_label("Reasoning for the ground").fill("Witnesses not yet interviewed; charging decision awaited.")
    page.get_by_label("Reasons for the outcome").fill("The conditions still hold.")
    page.get_by_role("button", name="Record the review").click()
    assert page.get_by_test_id("review").count() == 1
    assert_accessible(page)

    # The review is done: the officer is on no risk list.
    assert _risk_names(page, live_server, "overdue") == []
    assert all("Gary Mills" not in row for row in _risk_names(page, live_server, "criminal"))
    assert_accessible(page)
    assert Correspondence.objects.filter(kind=LetterKind.SUSPENSION_REVIEW).count() == 1


def test_the_other_suspension_pages_are_accessible(page, live_server, personas, login, assert_accessible, group_chat):
    from conduct.duty import services as duty

    subject = group_chat.subjects.select_related("person").first()
    duty.suspend_urgently(
        user=personas.authority,
        subject=subject,
        terms=duty.DecisionTerms(
            kind="suspend",
            allegations=list(subject.allegations.all()),
            redeployment_considered_reason="No post away from the witnesses.",
            ground="both",
            ground_reasoning="Arrested today.",
        ),
        reasons="Arrested this morning.",
        told_on=timezone.localdate(),
    )
    login(page, personas.head)
    assert "oral suspension not yet confirmed in writing" in page.get_by_test_id("duty-panel").inner_text()
    assert_accessible(page)  # My work, with the counts
    for path in (
        "/suspensions/?tab=active",
        "/suspensions/risk/?list=sexual",
        "/suspensions/consistency/?category=discrimination&criminal=live",
        f"/suspensions/consistency/?category=discrimination&case={group_chat.reference}",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)
    rows = page.get_by_test_id("consistency-row")
    assert rows.count() == 2 and "Suspension" in rows.filter(has_text=subject.person.full_name).inner_text()

    page.goto(f"{live_server.url}/suspensions/people/{subject.person.pk}/")
    page.get_by_label("Oversight or supervision of this matter").check()
    page.get_by_role("button", name="Continue to the record").click()
    assert page.get_by_test_id("person-decisions").is_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/cases/{group_chat.reference}/duty/")
    page.get_by_label("Oversight or supervision of this matter").check()
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_role("link", name=f"Suspension of {subject.person.full_name}").click()
    page.get_by_role("link", name="Confirm in writing").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the written confirmation").click()
    assert page.get_by_test_id("notice-link").is_visible()
    for name in ("Record representations", "Ask for a review: significant change"):
        page.get_by_role("link", name=name).click()
        page.get_by_role("button").filter(has_text="Record the representations").or_(
            page.get_by_role("button", name="Ask for a review")
        ).click()
        # Nothing entered: the error summary. wait_for (it fails after its timeout) rather than an
        # instant is_visible, which raced the form's round trip on a loaded machine.
        page.get_by_role("alert").wait_for(state="visible")
        assert_accessible(page)
        page.go_back()
        page.go_back()
    other = group_chat.subjects.exclude(pk=subject.pk).select_related("person").get()
    page.goto(f"{live_server.url}/cases/{group_chat.reference}/subjects/{other.pk}/duty/urgent-suspension/")
    assert_accessible(page)
