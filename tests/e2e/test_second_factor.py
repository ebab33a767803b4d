"""A first sign-in sets up an authenticator app from the QR code's secret, saves the recovery
codes and reaches My work; the next sign-in asks for the code; /admin/ too."""

import pytest

from casework.models import SecondFactorEvent
from tests.second_factor import authenticator_for, code_from_secret, next_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, live_server, user, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_first_sign_in_sets_up_the_app_then_every_sign_in_asks_for_the_code(
    page, live_server, personas, assert_accessible
):
    sign_in_with_password(page, live_server, personas.investigator, personas.password)
    page.wait_for_url("**/accounts/second-factor/set-up/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Set up your authenticator app"
    assert page.get_by_test_id("enrolment-qr-code").evaluate("img => img.naturalWidth") > 0  # the SVG drew
    assert_accessible(page)
    secret = page.get_by_test_id("enrolment-secret").inner_text()

    page.get_by_label("Code from your authenticator app").fill("12345")  # never a code: 5 digits
    page.get_by_role("button", name="Confirm and continue").click()
    assert "That code is wrong" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.wait_for_timeout(1100)  # django-otp makes the next try wait a second after a wrong code
    page.get_by_label("Code from your authenticator app").fill(code_from_secret(secret))
    page.get_by_role("button", name="Confirm and continue").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Save your recovery codes"
    assert len(page.get_by_test_id("recovery-codes").locator("li").all()) == 10
    assert_accessible(page)
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    assert SecondFactorEvent.objects.filter(user=personas.investigator, action="enrolled").exists()

    page.get_by_role("button", name="Sign out").click()
    sign_in_with_password(page, live_server, personas.investigator, personas.password)
    page.wait_for_url("**/accounts/second-factor/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Enter your code"
    assert_accessible(page)
    page.get_by_label("Code").fill(next_code(authenticator_for(personas.investigator)))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text() == "My work"


def test_the_admin_asks_for_the_code_after_the_password(page, live_server, personas):
    device = authenticator_for(personas.admin)
    page.goto(f"{live_server.url}/admin/")
    page.wait_for_url("**/accounts/login/?next=/admin/")  # the service's sign-in page, not the admin's own
    page.get_by_label("Username").fill(personas.admin.username)
    page.get_by_label("Password").fill(personas.password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/second-factor/?next=/admin/")
    page.get_by_label("Code").fill(next_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    assert "PSD casework administration" in page.content()
