"""Issue 22, points 7 and 3, in a real browser at 390 px: the people list filtered with the MoJ
filter panel and a tag removed; in the intake, a Change link on check your answers used and the
answer saved back to check your answers. axe finds nothing; nothing scrolls sideways."""

import pytest

from casework.models import Force, Person, PersonType, Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def register(personas):
    home = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    north = Force.objects.create(code="northshire", name="Northshire Police")
    for force, number, first, last in [
        (home, "4188", "Daniel", "Brown"),
        (home, "4190", "Amy", "Brown"),
        (north, "NORTHSHIRE7101", "Rob", "Price"),
    ]:
        Person.objects.create(
            force=force, number=number, person_type=PersonType.OFFICER, first_name=first, last_name=last
        )
    team = Team.objects.create(name="Investigations Team A")
    team.members.add(personas.investigator)


def _checked(page, assert_accessible):
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_filter_people_remove_a_tag_and_change_an_answer(
    page, live_server, personas, register, login, assert_accessible
):
    page.set_viewport_size(PHONE)
    login(page, personas.investigator)

    page.goto(f"{live_server.url}/people/")
    assert page.get_by_test_id("result-count").inner_text() == "3 people"
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
    page.get_by_label("Internal conduct matter (not Schedule 3)", exact=True).check()
    page.get_by_label("Internal report", exact=True).check()
    page.get_by_label("Date received").fill("14/09/2026")
    page.get_by_label("How it was received").select_option(label="Internal referral")
    page.get_by_label("Summary of the matter").fill("Offensive messages in a group chat.")
    page.get_by_label("Normal", exact=True).check()
    page.get_by_label("Owning team").select_option(label="Investigations Team A")
    page.get_by_role("button", name="Continue").click()
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
