"""A user changes their password from the header; the account log shows it to an auditor."""

import pytest

from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a much better passphrase"


def test_change_password_from_the_header_then_sign_in_with_it(page, personas, login, live_server, assert_accessible):
    login(page, personas.investigator)
    page.get_by_role("link", name="Change password").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Change your password"
    assert_accessible(page)
    page.get_by_label("Old password").fill("not my password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert_accessible(page)
    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url(f"{live_server.url}/")
    assert "Your password has been changed." in page.locator(".govuk-notification-banner").inner_text()

    page.get_by_role("button", name="Sign out").click()
    login(page, personas.investigator, password=NEW_PASSWORD)

    page.context.clear_cookies()
    login(page, personas.auditor)
    page.get_by_role("navigation", name="Account navigation").get_by_role("link", name="Account log").click()
    table = page.locator("table").inner_text()
    assert "Password changed" in table and "ivy" in table
    assert_accessible(page)
