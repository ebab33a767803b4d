"""The complainant's journey (issue 18, point 4): a public complaint recorded by the intake
service is acknowledged; the investigator records the outcome, an appropriate authority approves
it and the letter with the right of review goes through the real outbox (a Celery worker and an
SMTP server); the complainant opens the single-use link from the email, confirms with the
reference and their postcode, and applies for a review; the investigator records the
application and the review's result. Every page passes axe."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from casework.models import Deadline, Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import services
from conduct.cases.route_decisions import RouteInput

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _wait_for(predicate, timeout=30.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = predicate()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def _text(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def _complaint(personas):
    force = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    officer = Person.objects.create(
        force=force, number="4101", person_type=PersonType.OFFICER, first_name="Gary", last_name="Mills"
    )
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    allegation = services.AllegationInput(description="Searched my car without a reason", standards=[], categories=[])
    return services.record_case(
        user=personas.investigator,
        contact={"email": "jo.bloggs@example.org", "telephone": "", "address": "1 Mill Lane\nLeeds\nLS1 4AB"},
        subjects=[services.SubjectInput(person=officer, allegations=[allegation])],
        details={
            "origin": Origin.PUBLIC_COMPLAINT,
            "received_on": timezone.localdate(),
            "how_received": HowReceived.ONLINE,
            "summary": "Complaint about a stop and search",
            "complainant_name": "Jo Bloggs",
            "team": team,
        },
        route=RouteInput(matter_type="complaint", handling="investigation"),
    )


def test_a_complaint_from_acknowledgement_to_the_review_result(
    page, live_server, personas, login, assert_accessible, celery_worker, smtp_server
):
    case = _complaint(personas)
    acknowledged = _wait_for(lambda: [m for m in smtp_server.messages if "Your complaint" in m["Subject"]])
    assert acknowledged[0].envelope_to == ["jo.bloggs@example.org"]
    complainant = f"{live_server.url}/cases/{case.reference}/complainant/"

    # The investigator records the outcome; the rule names the review body and says why.
    login(page, personas.investigator)
    page.goto(complainant)
    assert "Acknowledgement of a complaint" in page.get_by_test_id("complainant-summary").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Record the outcome").click()
    assert "local policing body" in page.get_by_test_id("review-body-rule").inner_text()
    assert_accessible(page)
    page.get_by_label("What was found").fill("The search was lawful but its grounds were not explained.")
    page.get_by_label("The outcome of the handling of the complaint").fill("The service was not acceptable.")
    page.get_by_role("button", name="Record the outcome").click()
    assert "Awaiting approval" in page.get_by_test_id("complaint-outcome").inner_text()

    # An appropriate authority approves it: the letter goes at once, with the date to apply by.
    page.context.clear_cookies()
    login(page, personas.authority)
    page.goto(complainant)
    page.get_by_label("A decision on this matter has been asked of me").check()  # s.62 purpose
    page.get_by_role("button", name="Continue to the record").click()
    page.get_by_role("link", name="Approve the outcome letter").click()
    assert_accessible(page)
    page.get_by_role("button", name="Approve and send the letter").click()
    assert "Application due by" in page.get_by_test_id("review-body").inner_text()
    outcome = _wait_for(lambda: [m for m in smtp_server.messages if "outcome of your complaint" in m["Subject"]])
    body = _text(outcome[0])
    assert "the Police and Crime Commissioner" in body and "regulation 29" in body
    link = urlsplit(re.search(r"https?://\S+/respond/\S+/", body)[0]).path

    # The complainant, who never signs in, opens the link and applies for a review.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{link}")
    assert_accessible(page)
    page.get_by_label("The reference on your letter").fill(case.reference)
    page.get_by_label("Your postcode, or your surname if you gave us no address").fill("LS1 9ZZ")
    page.get_by_role("button", name="Continue").click()
    assert "do not match the letter" in page.inner_text("body")
    page.get_by_label("Your postcode, or your surname if you gave us no address").fill("ls1 4ab")
    page.get_by_role("button", name="Continue").click()
    assert "The service was not acceptable." in page.inner_text("body")
    assert_accessible(page)
    page.get_by_label("Your response").fill("I apply for a review: nobody apologised.")
    page.get_by_role("button", name="Send response").click()
    assert "Response sent" in page.inner_text("body")
    assert Deadline.objects.get(case=case, kind="complainant_review").state == "met"

    # The investigator sees it pending, records the application and the review's result.
    page.context.clear_cookies()
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/complaints/reviews/")
    assert case.reference in page.get_by_test_id("reviews-pending").inner_text()
    assert_accessible(page)
    page.goto(complainant)
    assert "secure link" in page.get_by_test_id("review-application").inner_text()
    page.get_by_role("link", name="Record the review application").click()
    assert_accessible(page)
    page.get_by_role("button", name="Record the application").click()
    page.get_by_role("link", name="Record the review's result").click()
    page.get_by_label("The local policing body (police and crime commissioner)").check()
    page.get_by_label("Upheld: the outcome was not reasonable and proportionate").check()
    page.get_by_label("Date of the review's decision").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Recommendations (optional)").fill("Apologise to the complainant.")
    assert_accessible(page)
    page.get_by_role("button", name="Record the result").click()
    assert "Upheld" in page.get_by_test_id("review-result").inner_text()
    page.get_by_role("link", name="Record the force's response").click()
    page.get_by_label("What the force did about the review").fill("An apology was sent.")
    page.get_by_label("Reasons").fill("The recommendation was accepted.")
    page.get_by_label("Date of the response").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Record the response").click()
    assert "An apology was sent." in page.get_by_test_id("review").inner_text()
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
