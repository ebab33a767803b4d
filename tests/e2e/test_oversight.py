"""Oversight acceptance: the head of PSD opens the dashboard on the demo data, sees the
group-chat officers flagged, and follows a chart's bar to the filtered list behind it, whose
count is the bar's. Every page passes the axe checks."""

import re

import pytest
from django.core.management import call_command

from casework.models import Case, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_of_psd_sees_the_department_and_follows_a_chart(
    page, live_server, login, assert_accessible, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    head = User.objects.get(username="head")
    group_chat = Case.objects.get(summary__startswith="Group chat")
    officers = [s.person.full_name for s in group_chat.subjects.select_related("person")]

    login(page, head, password="demo-password-for-tests")
    page.get_by_role("link", name="Dashboard", exact=True).first.click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text() == "Department dashboard"
    assert_accessible(page)

    flagged = page.get_by_test_id("flagged-people").inner_text()
    for name in officers:
        assert name in flagged, f"{name} is not shown flagged"

    # A bar of "Cases opened per month" with cases in it: its link opens the list of those cases.
    bars = page.locator("[data-testid=chart-bar]")
    bar = next(
        bars.nth(i)
        for i in range(bars.count())
        if bars.nth(i).get_attribute("aria-label").startswith("Opened")
        and int(bars.nth(i).get_attribute("data-value")) > 0
    )
    value = int(bar.get_attribute("data-value"))
    bar.click()
    page.wait_for_url(re.compile(r"/cases/\?received_from="))
    caption = page.locator("caption").first.inner_text()
    assert caption == f"{value} case{'s' if value != 1 else ''}"
    assert_accessible(page)

    # And the flags list, with the group chat's officers on it.
    page.goto(f"{live_server.url}/flags/?rule=any-discrimination")
    listed = page.get_by_test_id("flags").inner_text()
    assert all(name in listed for name in officers)
    assert_accessible(page)
