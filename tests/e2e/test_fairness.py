"""Fairness monitoring in a browser, on the demo data (whose register has synthetic protected
characteristics, conduct/fairness/demo.py): the head of PSD opens it from the dashboard, the page
passes the axe checks, and a stage's number opens the cases behind it, which are the ones counted."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from casework.models import User
from conduct.fairness import selectors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_head_of_psd_follows_a_fairness_figure_to_its_cases(
    page, live_server, login, assert_accessible, monkeypatch
):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", force=True)
    head = User.objects.get(username="head")

    login(page, head, password="demo-password-for-tests")
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_test_id("fairness-link").click()
    page.wait_for_url(f"{live_server.url}/fairness/")
    assert page.get_by_role("heading", level=1).inner_text() == "Fairness monitoring"
    assert_accessible(page)

    # The White group's allegation figure for the last financial year (the page's default): shown,
    # not suppressed, on the demo data.
    cell = page.get_by_test_id("table-ethnicity-allegation").get_by_test_id("cell-white").get_by_test_id("count")
    value = cell.get_attribute("data-value")
    assert value.isdigit() and int(value) >= 5, f"the White allegation figure is {value}"
    cell.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/fairness/cases/\?"))
    assert page.get_by_test_id("counted").get_attribute("data-people") == value
    assert_accessible(page)

    # The cases listed are those of the people counted.
    start, end = selectors.financial_year_before(timezone.localdate())
    counted = selectors.behind(head, selectors.Filters(start, end), "allegation", "ethnicity", "white")
    expected = sorted({s.case.reference for s in counted})
    shown = sorted(set(page.get_by_test_id("case-reference").all_inner_texts()))
    if len(counted) <= 25:  # one page
        assert shown == expected
    else:
        assert set(shown) <= set(expected)
