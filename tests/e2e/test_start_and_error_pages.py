"""axe on the pages issue 22's points 4, 9 and 10 changed: each role's start page, the access-log
finder with an error, a list with a bad filter, the styled 404 and the sign-in page."""

import pytest

from casework.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_pages_and_error_states_pass_axe(page, live_server, login, personas, assert_accessible):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("input#id_username.govuk-input").count() == 1
    assert_accessible(page)
    for role, user in personas.by_role().items():
        page.context.clear_cookies()
        login(page, user)
        assert_accessible(page)
        if role == Role.AUDITOR:
            page.get_by_label("Who has looked at a record?").fill("PSD-1999-999999")
            page.get_by_role("button", name="Open the access log").click()
            assert page.get_by_role("alert").inner_text().startswith("There is a problem")
            assert_accessible(page)
        if role == Role.HEAD_OF_PSD:
            page.goto(f"{live_server.url}/cases/?received_from=31/2/2026&status=shut")
            summary = page.get_by_test_id("filter-errors").inner_text()
            assert "Received from must be a real date" in summary and "Select a status from the list" in summary
            assert_accessible(page)
            page.goto(f"{live_server.url}/cases/?status=open&received_from=1/1/2026")
            page.get_by_test_id("selected-filters").get_by_role("link", name="Remove this filter: Status, Open").click()
            assert "status=open" not in page.url and "received_from" in page.url
            assert_accessible(page)
            page.goto(f"{live_server.url}/no-such-page/")
            assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
            assert_accessible(page)
