"""The route page and the route on the case, person and check-your-answers pages."""

import pytest
from django.urls import reverse

from casework.models import PersonType
from conduct.cases.route_decisions import RouteInput
from conduct.cases.route_models import CaseRoute, Handling, MatterType, RouteDecision
from tests.case_sections import section_url
from tests.conduct.cases.helpers import details_data
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaint(personas, team, officer):
    return make_case(
        personas.investigator, team, [officer], route=RouteInput(MatterType.COMPLAINT), complainant_name="A Person"
    )


def test_the_case_page_says_which_rules_apply(read, personas, complaint):
    page = read(personas.investigator, complaint.get_absolute_url()).content.decode()
    assert "Police Reform Act 2002 Schedule 3 Part 1" in page
    assert "Complaint: how it is handled is not decided yet" in page
    assert reverse("case-route", args=[complaint.reference]) in page
    subjects = read(personas.investigator, section_url(complaint, "subjects")).content.decode()
    assert "Police (Conduct) Regulations 2020 apply" in subjects  # the subject's rules


def test_a_staff_subject_is_shown_under_the_staff_procedure(read, personas, team, home_force):
    staff = PersonFactory(force=home_force, person_type=PersonType.STAFF)
    case = make_case(personas.investigator, team, [staff])
    page = read(personas.investigator, section_url(case, "subjects")).content.decode()
    assert "not under the Police (Conduct) Regulations 2020" in page
    assert "staff misconduct procedure" in page
    person_page = read(personas.investigator, reverse("person-detail", args=[staff.pk])).content.decode()
    assert "staff misconduct procedure" in person_page


def test_a_defaulted_route_asks_to_be_reviewed(read, personas, complaint):
    CaseRoute.objects.filter(case=complaint).update(to_review=True)
    page = read(personas.investigator, complaint.get_absolute_url()).content.decode()
    assert "recorded before matter types existed" in page


def test_deciding_the_handling_on_the_route_page(ivy, complaint):
    url = reverse("case-route", args=[complaint.reference])
    assert ivy.get(url).status_code == 200
    response = ivy.post(url, {"matter_type": "complaint", "handling": "otherwise", "special_procedures": "no"})
    form = response.context["form"]
    assert form.errors["reason"] == ["Give the reasons for this decision"]
    assert form.errors["action_taken"] == [
        "Say what reasonable and proportionate action is taken to handle the complaint"
    ]
    assert RouteDecision.objects.filter(case=complaint).count() == 1
    response = ivy.post(
        url,
        {
            "matter_type": "complaint",
            "handling": "otherwise",
            "special_procedures": "no",
            "action_taken": "An explanation and an apology.",
            "reason": "Low-level service complaint: reasonable and proportionate to resolve it directly.",
        },
    )
    assert response.status_code == 302
    complaint.route.refresh_from_db()
    assert complaint.route.handling == Handling.OTHERWISE
    page = ivy.get(url).content.decode()
    assert "Low-level service complaint" in page  # the decisions, with their reasons


def test_the_intake_records_the_route_chosen(ivy, personas, team, register):
    ivy.get(reverse("case-new") + "?restart=1")
    data = details_data(team, matter_type="complaint", handling="investigation", special_procedures="yes")
    assert ivy.post(reverse("case-new"), data).status_code == 302
    response = ivy.post(reverse("case-new"), details_data(team, matter_type=""))
    assert "Select the type of matter" in response.content.decode()


def test_the_stage_is_worded_by_the_route(read, personas, team, home_force, put_at):
    from conduct.models import Proceedings, Stage

    staff = PersonFactory(force=home_force, person_type=PersonType.STAFF)
    staff_case = make_case(personas.investigator, team, [staff])
    put_at(Proceedings.objects.get(subject__case=staff_case), Stage.HEARING)
    page = read(personas.investigator, staff_case.get_absolute_url()).content.decode()
    assert "Referred to a disciplinary hearing (staff procedure)" in page
    assert "Referred to misconduct hearing" not in page

    officer = PersonFactory(force=home_force)
    conduct_matter = make_case(personas.investigator, team, [officer], route=RouteInput(MatterType.RECORDABLE_CONDUCT))
    put_at(Proceedings.objects.get(subject__case=conduct_matter), Stage.NOTICE_SERVED)
    page = read(personas.investigator, conduct_matter.get_absolute_url()).content.decode()
    assert "Notice of investigation served (C&amp;M Regs reg 17)" in page


def test_the_person_page_words_the_stage_by_the_route(read, personas, team, home_force, put_at):
    from conduct.models import Proceedings, Stage

    staff = PersonFactory(force=home_force, person_type=PersonType.STAFF)
    staff_case = make_case(personas.investigator, team, [staff])
    put_at(Proceedings.objects.get(subject__case=staff_case), Stage.HEARING)
    page = read(personas.head, reverse("person-detail", args=[staff.pk])).content.decode()
    assert "Referred to a disciplinary hearing (staff procedure)" in page
    assert "Referred to misconduct hearing" not in page
