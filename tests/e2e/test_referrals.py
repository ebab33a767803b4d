"""IOPC referrals acceptance: recording a serious sexual offence allegation shows "referral to the
IOPC required by <date time>"; the investigator records the referral; the IOPC's decision
"directed" is recorded; the referral lists reflect it; every page passes the axe checks."""

import pytest
from django.utils import timezone

from casework.models import Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.models import AllegationCategory, IopcDecision, Referral, ReferralState
from conduct.referrals import services as referrals

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    person = Person.objects.create(
        force=force, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    return services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=person)],
        details={
            "origin": Origin.PUBLIC_COMPLAINT,
            "received_on": timezone.localdate(),
            "how_received": HowReceived.EMAIL,
            "summary": "A complaint about an officer's conduct after a night out.",
            "team": team,
            "investigator": personas.investigator,
        },
    )


def _add_serious_sexual_offence(page):
    page.get_by_role("link", name="Add an allegation against Gary Mills").click()
    page.get_by_label("What is alleged").fill("Sexual assault of a member of the public while off duty.")
    page.get_by_label("Discreditable conduct").check()
    page.get_by_label("Serious sexual offence").check()
    page.get_by_label("Criminal investigation open").check()
    page.get_by_role("button", name="Record allegation").click()


def test_a_serious_sexual_offence_is_referred_and_the_iopc_decision_recorded(
    page, live_server, personas, login, assert_accessible, case
):
    login(page, personas.investigator)
    page.goto(f"{live_server.url}{case.get_absolute_url()}subjects/")  # where allegations are added
    assert page.get_by_test_id("referral-required").count() == 0
    _add_serious_sexual_offence(page)

    required = Referral.objects.get(case=case, state=ReferralState.REQUIRED)
    banner = page.get_by_test_id("referral-required")
    assert f"Referral to the IOPC required by {referrals.when(required.due_at)}" in banner.inner_text()
    assert_accessible(page)

    # The investigator records the referral, made a moment ago through the IOPC's portal.
    banner.get_by_role("link", name="Record the referral, or why it is not required").click()
    assert page.get_by_role("heading", level=1).inner_text() == "IOPC referrals"
    assert page.get_by_test_id("referral-state").inner_text() == "Required, not yet made"
    assert_accessible(page)
    page.get_by_role("link", name="Record the referral as made").click()
    assert_accessible(page)
    page.get_by_label("IOPC online referral portal").check()
    page.get_by_label("What was referred").fill("The allegation, the complainant's account and the custody record.")
    page.get_by_label("IOPC reference (optional)").fill("2026/000123")
    page.get_by_role("button", name="Record the referral").click()
    assert "Referral to the IOPC recorded." in page.get_by_role("alert").inner_text()
    assert page.get_by_test_id("referral-state").inner_text() == "Referred, awaiting the IOPC's decision"

    # The IOPC decides on a directed investigation.
    page.get_by_role("link", name="Record the IOPC's decision").click()
    assert_accessible(page)
    page.get_by_label(IopcDecision.DIRECTED.label).check()
    page.get_by_label("Date of the IOPC's decision").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record the decision").click()
    assert "IOPC decision recorded: Directed investigation" in page.get_by_role("alert").inner_text()
    assert "This force, under the IOPC's direction" in page.get_by_test_id("iopc-decision").inner_text()
    assert_accessible(page)

    # The case page says who investigates; the printable summary is there for the IOPC.
    page.get_by_role("link", name="Referral summary for the IOPC").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Referral summary for the IOPC"
    assert_accessible(page)
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    assert "This force, under the IOPC's direction" in page.get_by_test_id("investigating-body").inner_text()
    assert page.get_by_test_id("referral-required").count() == 0

    # The referral lists reflect it: nothing required, nothing awaiting, one directed, one on time.
    page.get_by_role("link", name="Referrals", exact=True).click()
    assert page.get_by_test_id("empty-state").inner_text().startswith("No referral to the IOPC is required")
    assert_accessible(page)
    page.get_by_role("link", name="Decided (1)").click()
    row = page.get_by_test_id("referral").filter(has_text=case.reference)
    assert "Directed investigation" in row.inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Timeliness").click()
    month = page.get_by_test_id("month")
    assert month.count() == 1 and "100%" in month.inner_text()
    assert_accessible(page)


def test_an_appropriate_authority_approves_that_a_referral_is_not_required(
    page, live_server, personas, login, assert_accessible, case
):
    subject = case.subjects.get()
    services.record_allegation(
        user=personas.investigator,
        subject=subject,
        data=services.AllegationInput(
            description="Asked a colleague for a date.",
            standards=[],
            categories=list(AllegationCategory.objects.filter(code="abuse-of-position-sexual")),
        ),
    )
    referral = Referral.objects.get(case=case, state=ReferralState.REQUIRED)
    referrals.propose_not_required(
        user=personas.investigator, referral=referral, reasons="A colleague, not a member of the public."
    )
    login(page, personas.authority)
    assert "awaiting your decision" in page.get_by_test_id("referrals-panel").inner_text()
    assert_accessible(page)
    page.get_by_test_id("referrals-panel").get_by_role("link").first.click()
    row = page.get_by_test_id("referral").filter(has_text=case.reference)
    assert "Overdue" not in row.inner_text()
    assert_accessible(page)
    row.get_by_role("link", name=f"“Not required” proposal to decide on {case.reference}").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record decision").click()  # no choice made
    assert "Choose whether to approve or reject the proposal" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Approve: the referral is not required").check()
    page.get_by_role("button", name="Record decision").click()
    assert "Proposal approved" in page.get_by_role("alert").inner_text()
    # Back to the case's referrals: not her assignment, so she is asked why first (s.62).
    assert page.get_by_role("heading", level=1).inner_text() == "Why are you opening this record?"
    page.get_by_label("A decision on this matter has been asked of me").check()
    page.get_by_role("button", name="Continue to the record").click()
    assert page.get_by_test_id("referral-state").inner_text() == "Not required after all"
    assert_accessible(page)
