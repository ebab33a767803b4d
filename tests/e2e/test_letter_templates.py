"""Acceptance: an administrator revises the reg 17 notice: previews it, is told plainly that a
template cannot reach the settings, then saves a valid new version. Every page passes axe."""

import pytest

from notifications.models import LetterTemplate
from tests.notifications.letter_factories import ensure_default_templates

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPENING = "Dear {{ recipient.name }}\n\nThis notice concerns case {{ case.reference }}.\n\n"


def test_an_administrator_revises_the_reg17_notice(page, live_server, personas, login, assert_accessible):
    ensure_default_templates()
    # The newest version (migration 0009 quotes the regulation from the route table).
    original = LetterTemplate.objects.filter(kind="reg17_notice").order_by("-version").first()
    versions, new = original.version, original.version + 1
    login(page, personas.admin)

    page.goto(f"{live_server.url}/letters/templates/")
    assert page.get_by_role("heading", level=1).inner_text() == "Letter templates"
    assert_accessible(page)
    page.get_by_role("link", name="Notice of investigation (reg 17)").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Notice of investigation (reg 17)"
    assert page.get_by_label("Letter text").input_value() == original.body
    assert_accessible(page)

    # Reaching for a secret: refused, with the line and the reason, and nothing saved.
    page.get_by_label("Letter text").fill(OPENING + "Key: {{ settings.SECRET_KEY }}\n")
    page.get_by_label("What changed and why").fill("Trying something")
    page.get_by_role("button", name="Save as new version").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Line 5: “settings.SECRET_KEY” is not allowed" in summary
    assert LetterTemplate.objects.filter(kind="reg17_notice").count() == versions
    assert_accessible(page)

    # A valid revision: previewed against the sample first, then saved as the next version.
    body = OPENING + original.body.split("\n", 2)[2]
    page.get_by_label("Letter text").fill(body)
    page.get_by_role("button", name="Preview", exact=True).click()
    assert page.get_by_test_id("preview-subject").inner_text() == "Notice of investigation: PSD-2026-000123"
    preview = page.get_by_test_id("preview-body").inner_text()
    assert "This notice concerns case PSD-2026-000123." in preview
    assert "[secure response link: sent by email only]" in preview
    assert LetterTemplate.objects.filter(kind="reg17_notice").count() == versions
    assert_accessible(page)

    page.get_by_label("What changed and why").fill("Opening names the case")
    page.get_by_role("button", name="Save as new version").click()
    assert f"Version {new} of “Notice of investigation (reg 17)” saved." in page.get_by_role("alert").inner_text()
    saved = LetterTemplate.objects.get(kind="reg17_notice", version=new)
    assert saved.body == body and saved.created_by == personas.admin
    assert_accessible(page)

    page.get_by_role("link", name=f"Version {new}").click()
    assert "This notice concerns case {{ case.reference }}." in page.get_by_test_id("version-body").inner_text()
    assert_accessible(page)


def test_the_case_team_reads_a_letter_and_its_answer(page, live_server, personas, login, assert_accessible):
    from notifications.models import Status
    from tests.factories import ForceFactory, PersonFactory, TeamFactory, make_case
    from tests.notifications.letter_factories import add_response, make_letter

    force = ForceFactory(code="home", name="Home Constabulary", is_home=True)
    officer = PersonFactory(force=force, number="4321", first_name="Dana", last_name="Whitlock")
    case = make_case(personas.investigator, TeamFactory(name="Team Ivy", members=[personas.investigator]), [officer])
    letter = make_letter(case, officer, sender=personas.investigator, status=Status.FAILED, last_error="550 No mailbox")
    add_response(letter, text="I was on duty at the time.")
    login(page, personas.investigator)

    page.goto(f"{live_server.url}/cases/{case.reference}/letters/{letter.pk}/")
    assert page.get_by_test_id("letter-status").inner_text() == "Failed"
    assert "I was on duty at the time." in page.get_by_test_id("letter-response").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Cancel the letter").click()
    page.get_by_role("button", name="Cancel the letter").click()
    assert "Give the reason for cancelling the letter" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)
    page.get_by_label("Why is the letter being cancelled?").fill("Delivered by hand instead")
    page.get_by_role("button", name="Cancel the letter").click()
    assert page.get_by_test_id("letter-status").inner_text() == "Cancelled"
