"""The case page in sections (issue 22): the investigator walks every section of a case from the
MoJ sub-navigation on a phone; each passes axe and none scrolls sideways at 390 px; the subject's
task list shows the step taken as completed and the next one in progress."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Force, Person, PersonType, Team
from casework.models.cases import HowReceived, Origin
from conduct.cases import lifecycle, services
from conduct.models import Proceedings, Stage, Standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SECTIONS = ["Summary", "Subjects and allegations", "Duty", "Deadlines", "Correspondence", "Timeline", "Access log"]


@pytest.fixture
def served(personas):
    """A case whose officer has been served the reg 17 notice."""
    home = Force.objects.create(code="demo", name="Demo Constabulary", is_home=True)
    team = Team.objects.create(name="Team A")
    team.members.add(personas.investigator)
    officer = Person.objects.create(
        force=home, number="4102", person_type=PersonType.OFFICER, first_name="Hana", last_name="Rees"
    )
    allegation = services.AllegationInput(
        description="Shared offensive messages in a group chat.",
        standards=list(Standard.objects.filter(name="Discreditable conduct")),
        categories=[],
    )
    case = services.record_case(
        user=personas.investigator,
        contact=None,
        subjects=[services.SubjectInput(person=officer, allegations=[allegation])],
        details={
            "origin": Origin.CONDUCT_MATTER,
            "received_on": timezone.localdate() - timedelta(days=20),
            "how_received": HowReceived.INTERNAL,
            "summary": "Group chat messages reported by a colleague.",
            "team": team,
            "investigator": personas.investigator,
        },
    )
    proceedings = Proceedings.objects.get(subject__case=case)
    Proceedings.objects.filter(pk=proceedings.pk).update(stage=Stage.INVESTIGATION)
    proceedings.refresh_from_db()
    lifecycle.apply_transition(user=personas.investigator, proceedings=proceedings, action="serve_notice", reason="r")
    return case


def test_the_investigator_walks_every_section_on_a_phone(page, live_server, login, personas, served, assert_accessible):
    page.set_viewport_size(PHONE)
    login(page, personas.investigator)
    page.goto(f"{live_server.url}{served.get_absolute_url()}")
    nav = page.get_by_role("navigation", name="Sections of the case")
    assert nav.get_by_role("link").all_inner_texts() == SECTIONS
    for label in SECTIONS:
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_load_state()
        assert nav.get_by_role("link", name=label, exact=True).get_attribute("aria-current") == "page"
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], label
        assert_accessible(page)
        if label == "Subjects and allegations":
            tasks = page.get_by_test_id("task-list")
            served_item = tasks.locator("li[data-action=serve_notice]")
            assert served_item.get_by_test_id("task-status").inner_text() == "Completed"
            next_item = tasks.locator("li[data-action=record_representations]")
            assert next_item.get_by_test_id("task-status").inner_text() == "In progress"
            assert next_item.get_by_role("link").count() == 1  # the next step starts from the list
