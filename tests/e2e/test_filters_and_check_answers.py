"""Issue 22, points 7 and 3, in a real browser at 390 px: the people list filtered with the MoJ
filter panel and a tag removed; in the intake, a Change link on check your answers used and the
answer saved back to check your answers. axe finds nothing; nothing scrolls sideways."""

import pytest

from tests.e2e.intake_steps import PHONE, answer_case_details, no_sideways_scroll
from tests.e2e.test_person_search import register  # noqa: F401 (the fixture: five people, two forces, a team)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _checked(page, assert_accessible):
    assert_accessible(page)
    no_sideways_scroll(page)


@pytest.mark.usefixtures("register")
def test_filter_people_remove_a_tag_and_change_an_answer(page, live_server, personas, login, assert_accessible):
    page.set_viewport_size(PHONE)
    login(page, personas.investigator)

    page.goto(f"{live_server.url}/people/")
    assert page.get_by_test_id("result-count").inner_text() == "5 people"
    panel = page.get_by_test_id("filter-panel")
    panel.get_by_label("Force").select_option(label="Northshire Police")
    panel.get_by_label("Search by name or number").fill("Price")
    panel.get_by_role("button", name="Apply filters").click()
    assert page.get_by_test_id("result-count").inner_text() == "1 person"
    assert page.get_by_role("link", name="Rob Price").is_visible()
    _checked(page, assert_accessible)
    page.get_by_test_id("selected-filters").get_by_role(
        "link", name="Remove this filter: Search by name or number"
    ).click()
    assert "q=" not in page.url and "force=" in page.url
    assert page.get_by_test_id("result-count").inner_text() == "1 person"
    assert page.get_by_test_id("selected-filters").inner_text().count("Northshire Police") == 1
    _checked(page, assert_accessible)
    for path, field in [("/deadlines/?bucket=late&kind=x", "Show"), ("/suspensions/?tab=active&kind=sack", "Decision")]:
        page.goto(live_server.url + path)  # a bad value: an error on its filter, no count
        assert page.get_by_test_id("filter-errors").is_visible() and page.get_by_test_id("result-count").count() == 0
        assert "Error:" in page.get_by_test_id("filter-panel").inner_text()
        box = page.get_by_test_id("filter-panel").get_by_label(field, exact=True)
        assert box.evaluate("e => e.getAttribute('aria-describedby')").endswith("-error")
        _checked(page, assert_accessible)

    page.goto(f"{live_server.url}/cases/new/?restart=1")
    answer_case_details(page)
    page.get_by_label("Names or numbers of the people subject to this case").fill("4188")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("What is alleged").fill("Posted an offensive image")
    page.get_by_label("Where (optional)").fill("Station canteen")
    page.get_by_label("Discreditable conduct").check()
    page.get_by_label("Other", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    _checked(page, assert_accessible)

    page.get_by_role("link", name="Change where (Daniel Brown)").click()
    assert page.get_by_role("link", name="Back to check your answers").is_visible()
    page.get_by_label("Where (optional)").fill("Car park")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Check your answers")
    answers = page.get_by_test_id("allegation-answers").inner_text()
    assert "Car park" in answers and "Station canteen" not in answers
    _checked(page, assert_accessible)
