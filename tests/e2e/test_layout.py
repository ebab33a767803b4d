import pytest

from casework.roles import Role
from tests.casework.test_auth import EXPECTED_NAV

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(page, personas, login, role, assert_accessible):
    user = personas.by_role()[role]
    login(page, user)
    nav = page.locator("#navigation .govuk-service-navigation__link")
    assert nav.all_inner_texts() == EXPECTED_NAV[role]
    assert role.label in page.get_by_test_id("signed-in-user").inner_text()
    assert page.get_by_role("heading", level=1).inner_text() == "My work"
    # The GOV.UK Frontend stylesheet and our JavaScript really loaded.
    assert "GDS Transport" in page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "govuk-frontend-supported" in page.evaluate("document.body.className")
    assert_accessible(page)


def test_login_page_with_errors_is_accessible(page, live_server, personas, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill("ivy")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").inner_text().startswith("There is a problem")
    assert_accessible(page)


def test_sign_out(page, personas, login):
    login(page, personas.investigator)
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
