"""The person chooser in a real browser (issue 22): a subject added in the intake by typing part of
a name, with the keyboard, on a phone-sized screen; the combobox passes axe and nothing scrolls
sideways at 390 px."""

import pytest

from casework.models import Force, Person, PersonType, Team
from tests.e2e.intake_steps import PHONE, answer_case_details, no_sideways_scroll
from tests.factories import make_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def register(personas):
    home = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    other = Force.objects.create(code="northshire", name="Northshire Police")
    people = {}
    for force, number, first, last in [
        (home, "4188", "Daniel", "Brown"),
        (home, "4190", "Amy", "Brown"),
        (home, "4191", "Daniel", "Browne"),
        (home, "4192", "Daniel", "Abbott"),
        (other, "NORTHSHIRE7101", "Rob", "Price"),
    ]:
        people[f"{first} {last}"] = Person.objects.create(
            force=force, number=number, person_type=PersonType.OFFICER, first_name=first, last_name=last
        )
    team = Team.objects.create(name="Investigations Team A")
    team.members.add(personas.investigator)
    return people


def test_a_subject_is_added_in_the_intake_by_typing_part_of_a_name(
    page, live_server, personas, register, login, assert_accessible
):
    page.set_viewport_size(PHONE)
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/new/?restart=1")
    answer_case_details(page)

    search = page.get_by_role("combobox", name="Find a person to add")
    search.press_sequentially("dan bro", delay=30)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert options.first.inner_text().startswith("Daniel Brown\n")
    assert "4188, Demo Constabulary (demo)" in options.first.inner_text()
    assert "people found" in page.get_by_role("status").filter(has_text="found").inner_text()
    assert search.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    no_sideways_scroll(page)

    search.press("ArrowDown")
    assert search.get_attribute("aria-activedescendant") == options.first.get_attribute("id")
    search.press("Enter")
    listed = page.get_by_label("Names or numbers of the people subject to this case")
    assert listed.input_value() == "Daniel Brown (demo 4188)"
    assert search.input_value() == "" and search.get_attribute("aria-expanded") == "false"

    # Another force's officer by the number alone, chosen with the mouse.
    search.press_sequentially("7101", delay=30)
    page.get_by_role("option", name="Rob Price").click()
    assert listed.input_value() == "Daniel Brown (demo 4188)\nRob Price (northshire NORTHSHIRE7101)"
    no_sideways_scroll(page)

    page.get_by_role("button", name="Continue").click()
    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert any(h.startswith("Daniel Brown") for h in headings) and any(h.startswith("Rob Price") for h in headings)
    assert "NORTHSHIRE7101 (northshire)" in page.content()
    assert_accessible(page)
    no_sideways_scroll(page)


def test_an_ambiguous_name_on_the_case_is_chosen_from_radios(
    page, live_server, personas, register, login, assert_accessible
):
    """The same field with the plain form's answer: a surname several people share."""
    case = make_case(personas.investigator, Team.objects.get(), [register["Daniel Abbott"]])
    page.set_viewport_size(PHONE)
    login(page, personas.investigator)
    page.goto(f"{live_server.url}/cases/{case.reference}/subjects/add/")
    field = page.get_by_role("combobox", name="Name or number of the person")
    field.fill("Brown")
    field.press("Escape")
    page.get_by_role("button", name="Add subject").click()
    assert "More than one person matches “Brown”" in page.get_by_role("alert").inner_text()
    page.get_by_label("Amy Brown").check()
    assert_accessible(page)
    no_sideways_scroll(page)

    # With JavaScript the same field offers the people as you type: the chosen one's value is
    # the name with the force code and number, which the form reads back to that one person.
    field = page.get_by_role("combobox", name="Name or number of the person")
    field.fill("")
    field.press_sequentially("amy b", delay=30)
    page.get_by_role("option").first.wait_for()
    field.press("ArrowDown")
    field.press("Enter")
    assert field.input_value() == "Amy Brown (demo 4190)"


def test_the_results_page_works_without_javascript_on_a_phone(
    browser, page, live_server, personas, register, login, assert_accessible
):
    url = f"{live_server.url}/people/find/?q=northshire+7101"
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, bypass_csp=True)
    plain = context.new_page()
    plain.set_default_timeout(5000)
    login(plain, personas.investigator)  # signing in needs no script
    plain.goto(url)
    rows = plain.get_by_test_id("person-results").locator("tbody tr")
    assert rows.count() == 1 and "NORTHSHIRE7101 (northshire)" in rows.first.inner_text()
    no_sideways_scroll(plain)
    context.close()
    # axe is a script: it looks at the same page in the usual browser.
    page.set_viewport_size(PHONE)
    login(page, personas.investigator)
    page.goto(url)
    assert_accessible(page)
