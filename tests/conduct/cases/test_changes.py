"""Changing a case after intake, through the web forms with the Django test client: case
details, more subjects and allegations, links, the reflective practice review and the Advisory
List flag. Outsiders get 404; bad input gets 200 with messages and changes nothing; every change
is on the timeline."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casework.models import (
    Case,
    CaseLink,
    CaseSubject,
    ComplainantContact,
    DutyStatus,
    Force,
    Person,
    PersonType,
    Team,
    TimelineEvent,
)
from casework.models.cases import CaseStatus, EventKind, HowReceived, LinkKind, Origin, Sensitivity
from conduct.cases import changes, services
from conduct.models import (
    Allegation,
    AllegationCategory,
    Finding,
    Proceedings,
    ReflectivePractice,
    Severity,
    Stage,
    Standard,
)
from tests.case_sections import every_section, section_url

pytestmark = pytest.mark.django_db


# The world: a home force and another, two teams, officers, and a case of ivy's team --------
@pytest.fixture
def home(db):
    return Force.objects.create(code="wessex", name="Wessex Constabulary", is_home=True)


@pytest.fixture
def met(db):
    return Force.objects.create(code="met", name="Metropolitan Police")


@pytest.fixture
def ivy_team(personas):
    team = Team.objects.create(name="Changes Team Ivy")
    team.members.add(personas.investigator)
    return team


@pytest.fixture
def tom_team(personas):
    team = Team.objects.create(name="Changes Team Tom")
    team.members.add(personas.investigator_other_team)
    return team


def officer(force, number, first="Dana", last="Whitlock"):
    return Person.objects.create(
        force=force, number=number, person_type=PersonType.OFFICER, first_name=first, last_name=last
    )


@pytest.fixture
def dana(home):
    return officer(home, "4321")


@pytest.fixture
def ben(home):
    return officer(home, "5555", "Ben", "Brook")


@pytest.fixture
def cat(met):
    return officer(met, "2002", "Cat", "Carver")


def allegation_input(description="Shared offensive messages"):
    return services.AllegationInput(
        description=description,
        standards=list(Standard.objects.filter(name="Discreditable conduct")),
        categories=list(AllegationCategory.objects.filter(code="other")),
    )


def record(user, team, people, **details):
    fields = {
        "origin": Origin.INTERNAL_REPORT,
        "received_on": timezone.localdate() - timedelta(days=5),
        "how_received": HowReceived.EMAIL,
        "summary": "Messages in a group chat",
        "complainant_name": "Pat Reporter",
        "sensitivity": Sensitivity.NORMAL,
        "team": team,
        "investigator": None,
    }
    fields.update(details)
    return services.record_case(
        user=user,
        details=fields,
        contact={"email": "pat@example.org", "telephone": "07700 900123"},
        subjects=[services.SubjectInput(person=p, allegations=[allegation_input()]) for p in people],
    )


@pytest.fixture
def the_case(personas, ivy_team, dana):
    return record(personas.investigator, ivy_team, [dana])


@pytest.fixture
def subject(the_case):
    return the_case.subjects.select_related("proceedings", "person").get()


@pytest.fixture
def ivy(as_user, personas):
    return as_user(personas.investigator)


def at_stage(subject, stage, **fields):
    Proceedings.objects.filter(subject=subject).update(stage=stage, **fields)
    subject.proceedings.refresh_from_db()
    return subject


def events(case, kind=None):
    found = TimelineEvent.objects.filter(case=case)
    return list(found.filter(kind=kind) if kind else found)


def errors(response):
    """The messages of the page's GOV.UK error summary (and fail if there is none)."""
    assert response.status_code == 200
    form = response.context["form"]
    html = response.content.decode()
    assert "govuk-error-summary" in html
    return [str(e) for e in form.non_field_errors()] + [str(e) for f in form for e in f.errors]


def allegation_data(prefix="", **overrides):
    data = {
        "description": "Used a police database for a personal reason",
        "occurred_on": (timezone.localdate() - timedelta(days=10)).strftime("%d/%m/%Y"),
        "location": "Central station",
        "standards": [str(Standard.objects.get(name="Honesty and integrity").pk)],
        "categories": [str(AllegationCategory.objects.get(code="other").pk)],
        "criminal_investigation": "none",
    }
    data.update(overrides)
    return {f"{prefix}{k}": v for k, v in data.items()}


# Who may open each page -------------------------------------------------------------------
def urls_for(case, subject):
    return {
        "case-edit": reverse("case-edit", args=[case.reference]),
        "case-add-subject": reverse("case-add-subject", args=[case.reference]),
        "subject-add-allegation": reverse("subject-add-allegation", args=[case.reference, subject.pk]),
        "case-link": reverse("case-link", args=[case.reference]),
        "case-route": reverse("case-route", args=[case.reference]),
        "subject-reflective-practice": reverse("subject-reflective-practice", args=[case.reference, subject.pk]),
        "subject-advisory-list": reverse("subject-advisory-list", args=[case.reference, subject.pk]),
    }


CASE_TEAM_PAGES = [
    "case-edit",
    "case-add-subject",
    "subject-add-allegation",
    "case-link",
    "case-route",
    "subject-reflective-practice",
]


@pytest.mark.parametrize("persona", ["investigator_other_team", "authority", "auditor", "admin"])
@pytest.mark.parametrize("name", CASE_TEAM_PAGES)
def test_outsiders_get_404_on_the_case_team_pages(as_user, personas, the_case, subject, persona, name):
    at_stage(subject, Stage.RPRP)
    client = as_user(getattr(personas, persona))
    url = urls_for(the_case, subject)[name]
    assert client.get(url).status_code == 404
    before = TimelineEvent.objects.count()
    assert client.post(url, {"summary": "x", "reason": "x", "account": "x"}).status_code == 404
    assert TimelineEvent.objects.count() == before


@pytest.mark.parametrize("persona", ["investigator", "investigator_other_team", "auditor", "admin"])
def test_only_an_authority_opens_the_advisory_list_page(as_user, personas, the_case, subject, persona):
    client = as_user(getattr(personas, persona))
    url = urls_for(the_case, subject)["subject-advisory-list"]
    assert client.get(url).status_code == 404
    assert client.post(url, {"left_by": "resigned", "reasons": "x"}).status_code == 404


@pytest.mark.parametrize("persona", ["authority", "head"])
def test_an_authority_and_the_head_open_the_advisory_list_page(as_user, personas, the_case, subject, persona):
    assert (
        as_user(getattr(personas, persona)).get(urls_for(the_case, subject)["subject-advisory-list"]).status_code == 200
    )


@pytest.mark.parametrize("persona", ["investigator", "head"])
def test_a_restricted_case_of_another_team_is_404(as_user, personas, tom_team, ben, persona):
    hidden = record(personas.investigator_other_team, tom_team, [ben], sensitivity=Sensitivity.RESTRICTED)
    client = as_user(getattr(personas, persona))
    for url in urls_for(hidden, hidden.subjects.get()).values():
        assert client.get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, the_case, subject):
    for url in urls_for(the_case, subject).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_a_subject_of_another_case_is_404(ivy, personas, ivy_team, ben, the_case):
    other = record(personas.investigator, ivy_team, [ben])
    other_subject = other.subjects.get()
    url = reverse("subject-add-allegation", args=[the_case.reference, other_subject.pk])
    assert ivy.get(url).status_code == 404


def test_posts_need_the_csrf_token(personas, the_case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.investigator)
    response = client.post(reverse("case-link", args=[the_case.reference]), {"kind": "related"})
    assert response.status_code == 403


# A closed case is not changed -------------------------------------------------------------
def test_a_closed_case_cannot_be_changed(as_user, personas, the_case, subject):
    """Closed: not found for changing (casework.permissions), or sent back to the case with why."""
    assess_gross(personas, subject)
    Case.objects.filter(pk=the_case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    at_stage(subject, Stage.RPRP)
    before = TimelineEvent.objects.count()
    data = {"summary": "Changed", "reason": "r", "account": "a", "left_by": "resigned", "reasons": "r"}
    for name, url in urls_for(the_case, subject).items():
        client = as_user(personas.authority if name == "subject-advisory-list" else personas.investigator)
        for response in (client.get(url), client.post(url, data)):
            if response.status_code != 404:
                assert (response.status_code, response["Location"]) == (302, the_case.get_absolute_url()), name
                told = [str(m) for m in get_messages(response.wsgi_request)]
                assert told[-1] == f"Case {the_case.reference} is closed and can no longer be changed.", name
    assert TimelineEvent.objects.count() == before
    subject.proceedings.refresh_from_db()
    assert subject.proceedings.advisory_list is False


def test_the_services_refuse_a_case_closed_after_the_page_was_opened(personas, the_case):
    Case.objects.filter(pk=the_case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    with pytest.raises(changes.ChangeRefused, match="closed"):
        changes.edit_case(user=personas.investigator, case=the_case, details={"summary": "New"}, contact={})


# 1. Case details ---------------------------------------------------------------------------
def edit_data(case, **overrides):
    data = {
        "origin": case.origin,
        "received_on": case.received_on.strftime("%d/%m/%Y"),
        "how_received": case.how_received,
        "summary": case.summary,
        "complainant_name": case.complainant_name,
        "complainant_email": "pat@example.org",
        "complainant_telephone": "07700 900123",
        "sensitivity": case.sensitivity,
        "team": str(case.team_id),
        "investigator": str(case.investigator_id or ""),
    }
    data.update(overrides)
    return data


def test_the_edit_form_is_prefilled_from_the_case(ivy, the_case):
    response = ivy.get(reverse("case-edit", args=[the_case.reference]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Messages in a group chat" in html
    assert 'value="pat@example.org"' in html
    assert 'value="Pat Reporter"' in html


def test_editing_records_each_change_but_not_the_contact_values(ivy, personas, the_case):
    url = reverse("case-edit", args=[the_case.reference])
    data = edit_data(
        the_case,
        summary="Messages and photographs in a group chat",
        origin=Origin.PUBLIC_COMPLAINT,
        complainant_email="new.address@example.org",
        investigator=str(personas.investigator.pk),
    )
    response = ivy.post(url, data, follow=True)
    assert response.redirect_chain == [(the_case.get_absolute_url(), 302)]
    assert "Case details changed." in response.content.decode()
    the_case.refresh_from_db()
    assert the_case.summary == "Messages and photographs in a group chat"
    assert the_case.origin == Origin.PUBLIC_COMPLAINT
    assert the_case.investigator == personas.investigator
    assert ComplainantContact.objects.get(case=the_case).email == "new.address@example.org"
    (event,) = events(the_case, EventKind.CASE_CHANGED)
    lines = event.detail.splitlines()
    assert "Summary: Messages in a group chat -> Messages and photographs in a group chat" in lines
    assert "Origin: Internal report -> Public complaint" in lines
    full_name = personas.investigator.get_full_name()
    assert f"Investigator: (none) -> {full_name}" in lines
    assert "Complainant contact changed" in lines
    assert "example.org" not in event.detail
    assert event.actor == personas.investigator


def test_saving_without_a_change_records_nothing(ivy, the_case):
    response = ivy.post(reverse("case-edit", args=[the_case.reference]), edit_data(the_case), follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert events(the_case, EventKind.CASE_CHANGED) == []


def test_an_investigator_no_longer_in_the_role_stays_choosable(ivy, personas, the_case):
    Case.objects.filter(pk=the_case.pk).update(investigator=personas.head)
    the_case.refresh_from_db()
    response = ivy.post(reverse("case-edit", args=[the_case.reference]), edit_data(the_case), follow=True)
    assert "Nothing was changed" in response.content.decode()


def test_clearing_the_contact_is_a_change(ivy, the_case):
    ivy.post(
        reverse("case-edit", args=[the_case.reference]),
        edit_data(the_case, complainant_email="", complainant_telephone=""),
    )
    contact = ComplainantContact.objects.get(case=the_case)
    assert (contact.email, contact.telephone) == ("", "")
    (event,) = events(the_case, EventKind.CASE_CHANGED)
    assert event.detail == "Complainant contact changed"


@pytest.mark.parametrize(
    "overrides",
    [
        {"summary": ""},
        {"received_on": (timezone.localdate() + timedelta(days=2)).strftime("%d/%m/%Y")},
        {"received_on": "31/02/2026"},
        {"origin": "made_up"},
        {"team": "999999"},
        {"complainant_email": "not an email"},
    ],
)
def test_bad_details_are_shown_and_change_nothing(ivy, the_case, overrides):
    response = ivy.post(
        reverse("case-edit", args=[the_case.reference]), edit_data(the_case, **{"summary": "New", **overrides})
    )
    assert errors(response)
    the_case.refresh_from_db()
    assert the_case.summary == "Messages in a group chat"
    assert events(the_case, EventKind.CASE_CHANGED) == []


def test_an_investigator_cannot_hand_the_case_to_another_team(ivy, the_case, tom_team):
    response = ivy.post(reverse("case-edit", args=[the_case.reference]), edit_data(the_case, team=str(tom_team.pk)))
    assert errors(response)
    the_case.refresh_from_db()
    assert the_case.team.name == "Changes Team Ivy"


def test_the_head_moves_the_case_to_another_team(as_user, personas, the_case, tom_team):
    client = as_user(personas.head)
    response = client.post(reverse("case-edit", args=[the_case.reference]), edit_data(the_case, team=str(tom_team.pk)))
    assert response["Location"] == the_case.get_absolute_url()
    (event,) = events(the_case, EventKind.CASE_CHANGED)
    assert event.detail == "Team: Changes Team Ivy -> Changes Team Tom"


def test_restricting_a_case_the_user_then_cannot_see_leaves_for_the_list(as_user, personas, the_case):
    client = as_user(personas.head)  # not of the case's team: restricted cases of other teams are hidden
    response = client.post(
        reverse("case-edit", args=[the_case.reference]), edit_data(the_case, sensitivity=Sensitivity.RESTRICTED)
    )
    assert response["Location"] == reverse("case-list")
    the_case.refresh_from_db()
    assert the_case.is_restricted
    (event,) = events(the_case, EventKind.CASE_CHANGED)
    assert event.detail == "Sensitivity: Normal -> Restricted"


# 2. Add a subject --------------------------------------------------------------------------
def test_adding_a_subject_with_their_first_allegation(ivy, the_case, ben):
    url = reverse("case-add-subject", args=[the_case.reference])
    assert ivy.get(url).status_code == 200
    response = ivy.post(url, {"person": "5555", **allegation_data()})
    assert response.status_code == 302
    added = CaseSubject.objects.get(case=the_case, person=ben)
    assert added.proceedings.stage == Stage.ASSESSMENT
    assert added.allegations.get().description == "Used a police database for a personal reason"
    assert [e.kind for e in events(the_case) if e.person_id == ben.pk] == [
        EventKind.ALLEGATION_RECORDED,
        EventKind.SUBJECT_ADDED,
    ]


def test_adding_an_officer_of_another_force_by_its_code(ivy, the_case, cat):
    response = ivy.post(
        reverse("case-add-subject", args=[the_case.reference]), {"person": "met 2002", **allegation_data()}
    )
    assert response.status_code == 302
    assert the_case.subjects.filter(person=cat).exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("4321", "already a subject of this case"),
        ("9999", "No one on the register matches “9999”"),
        ("", "Enter the name or number of the person to add"),
        ("met 1 2", "No one on the register matches “met 1 2”"),
    ],
)
def test_a_subject_who_cannot_be_added_is_refused_clearly(ivy, the_case, number, message):
    before = (CaseSubject.objects.count(), Allegation.objects.count(), TimelineEvent.objects.count())
    response = ivy.post(reverse("case-add-subject", args=[the_case.reference]), {"person": number, **allegation_data()})
    assert any(message in e for e in errors(response))
    assert (CaseSubject.objects.count(), Allegation.objects.count(), TimelineEvent.objects.count()) == before


def test_a_bad_allegation_adds_no_subject(ivy, the_case, ben):
    response = ivy.post(
        reverse("case-add-subject", args=[the_case.reference]), {"person": "5555", **allegation_data(standards=[])}
    )
    assert "Choose at least one standard" in errors(response)
    assert not the_case.subjects.filter(person=ben).exists()


# 3. Add an allegation ----------------------------------------------------------------------
def test_adding_an_allegation_to_a_subject(ivy, the_case, subject):
    url = reverse("subject-add-allegation", args=[the_case.reference, subject.pk])
    assert ivy.get(url).status_code == 200
    response = ivy.post(url, allegation_data(location="The canteen"))
    assert response.status_code == 302
    assert subject.allegations.count() == 2
    assert subject.allegations.last().location == "The canteen"
    assert len(events(the_case, EventKind.ALLEGATION_RECORDED)) == 2


def test_a_bad_allegation_is_shown_and_not_recorded(ivy, the_case, subject):
    url = reverse("subject-add-allegation", args=[the_case.reference, subject.pk])
    response = ivy.post(url, allegation_data(description="", categories=[], occurred_on="yesterday"))
    assert len(errors(response)) == 3
    assert subject.allegations.count() == 1


# 4. Links ----------------------------------------------------------------------------------
@pytest.fixture
def second_case(personas, ivy_team, ben):
    return record(personas.investigator, ivy_team, [ben], summary="The same group chat, another member")


def link(client, case, **data):
    return client.post(
        reverse("case-link", args=[case.reference]), {"kind": "same_incident", "reason": "Same chat", **data}
    )


def test_linking_two_cases_here_shows_and_records_on_both(ivy, personas, the_case, second_case):
    assert ivy.get(reverse("case-link", args=[the_case.reference])).status_code == 200
    response = link(ivy, the_case, reference=second_case.reference.lower())
    assert response.status_code == 302
    assert CaseLink.objects.get(case=the_case).linked_case == second_case
    assert CaseLink.objects.get(case=second_case).linked_case == the_case
    (here,) = events(the_case, EventKind.LINKED)
    (there,) = events(second_case, EventKind.LINKED)
    assert here.summary == f"Linked to {second_case.reference} (same incident)"
    assert there.summary == f"Linked to {the_case.reference} (same incident)"
    assert here.detail == there.detail == "Same chat"
    page = ivy.get(second_case.get_absolute_url()).content.decode()
    assert the_case.reference in page


def test_linking_another_forces_case(ivy, the_case, met):
    response = link(ivy, the_case, kind="related", other_force=str(met.pk), other_reference="MPS/2026/77")
    assert response.status_code == 302
    saved = CaseLink.objects.get(case=the_case)
    assert (saved.other_force, saved.other_reference, saved.kind) == (met, "MPS/2026/77", LinkKind.RELATED)
    (event,) = events(the_case, EventKind.LINKED)
    assert event.summary == "Linked to Metropolitan Police case MPS/2026/77 (related)"


def test_a_case_cannot_be_linked_to_itself(ivy, the_case):
    assert "A case cannot be linked to itself." in errors(link(ivy, the_case, reference=the_case.reference))


def test_an_unknown_and_an_invisible_reference_are_both_not_found(ivy, personas, the_case, tom_team, cat):
    hidden = record(personas.investigator_other_team, tom_team, [cat])
    unknown = link(ivy, the_case, reference="PSD-2026-999999")
    invisible = link(ivy, the_case, reference=hidden.reference)
    assert errors(unknown) == ["No case with the reference PSD-2026-999999 was found."]
    assert errors(invisible) == [f"No case with the reference {hidden.reference} was found."]
    assert hidden.summary not in invisible.content.decode()
    assert not CaseLink.objects.exists()
    assert events(hidden, EventKind.LINKED) == []


def test_a_duplicate_link_is_refused_either_way_round(ivy, the_case, second_case, met):
    assert link(ivy, the_case, reference=second_case.reference).status_code == 302
    assert "already linked" in errors(link(ivy, the_case, reference=second_case.reference, kind="duplicate"))[0]
    assert "already linked" in errors(link(ivy, second_case, reference=the_case.reference))[0]
    assert link(ivy, the_case, other_force=str(met.pk), other_reference="MPS/1").status_code == 302
    assert "already linked" in errors(link(ivy, the_case, other_force=str(met.pk), other_reference="mps/1"))[0]
    assert CaseLink.objects.count() == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "", "reason": "Same chat"}, "Enter the reference of a case in this system"),
        ({"other_reference": "MPS/1"}, "Choose the other force."),
        ({"other_force": "{met}"}, "Enter the Metropolitan Police reference."),
        ({"other_force": "{home}", "other_reference": "X/1"}, "Choose a force from the list"),
        ({"reference": "{second}", "other_reference": "MPS/1"}, "not both"),
        ({"reference": "{second}", "reason": ""}, "Give the reason for linking the cases"),
        ({"reference": "{second}", "kind": "cousin"}, "Select an answer to “How are the cases linked?” from the list"),
    ],
)
def test_incomplete_links_are_refused_and_nothing_is_linked(ivy, the_case, second_case, met, home, data, message):
    values = {"{met}": str(met.pk), "{home}": str(home.pk), "{second}": second_case.reference}
    response = link(ivy, the_case, **{k: values.get(v, v) for k, v in data.items()})
    assert any(message in e for e in errors(response)), errors(response)
    assert not CaseLink.objects.exists()
    assert events(the_case, EventKind.LINKED) == []


# 5. Reflective practice review (RPRP) ------------------------------------------------------
def rprp_url(case, subject):
    return reverse("subject-reflective-practice", args=[case.reference, subject.pk])


def day(days_ago):
    return (timezone.localdate() - timedelta(days=days_ago)).strftime("%d/%m/%Y")


def test_rprp_is_recorded_only_at_the_rprp_stage(ivy, the_case, subject):
    for stage in (Stage.ASSESSMENT, Stage.INVESTIGATION, Stage.CONCLUDED):
        at_stage(subject, stage)
        response = ivy.post(rprp_url(the_case, subject), {"account": "My account", "account_received_on": day(1)})
        assert response.status_code == 302
        assert not ReflectivePractice.objects.exists()
        response = ivy.get(rprp_url(the_case, subject), follow=True)
        assert "not at reflective practice review" in response.content.decode()
    with pytest.raises(changes.ChangeRefused, match="only while the subject is at"):
        changes.record_reflective_practice(
            user=None,
            proceedings=subject.proceedings,
            data={"account": "x", "account_received_on": timezone.localdate()},
        )


def test_the_account_then_the_review(ivy, personas, the_case, subject):
    at_stage(subject, Stage.RPRP)
    assert ivy.get(rprp_url(the_case, subject)).status_code == 200
    response = ivy.post(
        rprp_url(the_case, subject), {"account": "I did not think before sharing.", "account_received_on": day(2)}
    )
    assert response.status_code == 302
    rp = ReflectivePractice.objects.get(proceedings=subject.proceedings)
    assert (rp.account, rp.account_received_on, rp.recorded_by) == (
        "I did not think before sharing.",
        timezone.localdate() - timedelta(days=2),
        personas.investigator,
    )
    review_by = (timezone.localdate() + timedelta(days=180)).strftime("%d/%m/%Y")
    form = ivy.get(rprp_url(the_case, subject)).content.decode()
    assert "I did not think before sharing." in form  # prefilled
    ivy.post(
        rprp_url(the_case, subject),
        {
            "account": "I did not think before sharing.",
            "account_received_on": day(2),
            "actions": "Complete the social media course",
            "lessons": "Think before sharing",
            "review_by": review_by,
        },
    )
    rp.refresh_from_db()
    assert rp.actions == "Complete the social media course"
    notes = [e.summary for e in events(the_case, EventKind.NOTE)]
    assert notes == [
        f"Dana Whitlock: reflective review recorded, review period ends {review_by}",
        f"Dana Whitlock: officer's account received {day(2)}",
    ]
    page = ivy.get(section_url(the_case, "subjects")).content.decode()
    assert "Complete the social media course" in page
    assert "Think before sharing" in page


def test_saving_the_same_rprp_again_records_nothing(ivy, the_case, subject):
    at_stage(subject, Stage.RPRP)
    data = {"account": "My account", "account_received_on": day(1)}
    ivy.post(rprp_url(the_case, subject), data)
    response = ivy.post(rprp_url(the_case, subject), data, follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert len(events(the_case, EventKind.NOTE)) == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the officer's account, the review, or both."),
        ({"account": "My account"}, "Enter the date the account was received."),
        ({"account_received_on": "{yesterday}"}, "Enter the officer's account."),
        ({"account": "A", "account_received_on": "{tomorrow}"}, "must be today or in the past"),
        ({"account": "A", "account_received_on": "32/01/2026"}, "must be a real date"),
        ({"actions": "Course", "review_by": "{later}"}, "Enter the lessons learned."),
        ({"actions": "Course", "lessons": "Think"}, "Enter the date the review period ends."),
        (
            {
                "account": "A",
                "account_received_on": "{yesterday}",
                "actions": "C",
                "lessons": "L",
                "review_by": "{yesterday}",
            },
            "must end after the account was received",
        ),
    ],
)
def test_incomplete_rprp_is_shown_and_not_recorded(ivy, the_case, subject, data, message):
    at_stage(subject, Stage.RPRP)
    values = {
        "{yesterday}": day(1),
        "{tomorrow}": day(-1),
        "{later}": day(-100),
    }
    response = ivy.post(rprp_url(the_case, subject), {k: values.get(v, v) for k, v in data.items()})
    assert any(message in e for e in errors(response)), errors(response)
    assert not ReflectivePractice.objects.exists()
    assert events(the_case, EventKind.NOTE) == []


def test_the_case_page_offers_rprp_only_at_the_rprp_stage(ivy, the_case, subject):
    url = rprp_url(the_case, subject)
    assert url not in every_section(ivy, the_case)
    at_stage(subject, Stage.RPRP)
    page = ivy.get(section_url(the_case, "subjects")).content.decode()
    assert url in page
    assert "Not yet received" in page


# 6. The Advisory List ----------------------------------------------------------------------
def advisory_url(case, subject):
    return reverse("subject-advisory-list", args=[case.reference, subject.pk])


def assess_gross(personas, subject):
    services.assess_severity(
        user=personas.head,
        allegation=subject.allegations.get(),
        severity=Severity.GROSS,
        rationale="Serious enough to justify dismissal",
    )


def test_an_authority_records_a_resignation_for_the_advisory_list(as_user, personas, the_case, subject, dana):
    assess_gross(personas, subject)
    at_stage(subject, Stage.INVESTIGATION)
    client = as_user(personas.authority)
    assert "Record for the Advisory List" in client.get(advisory_url(the_case, subject)).content.decode()
    response = client.post(
        advisory_url(the_case, subject),
        {"left_by": "resigned", "left_on": day(3), "reasons": "Resigned during the investigation"},
    )
    assert response.status_code == 302
    subject.proceedings.refresh_from_db()
    assert subject.proceedings.advisory_list is True
    notes = {event.summary: event for event in events(the_case, EventKind.NOTE)}
    note = notes["Dana Whitlock: resigned under investigation for gross misconduct; Advisory List"]
    # ... and the report to the College falls due (conduct/lists, Police Act 1996 s.88I).
    assert any(summary.startswith("Dana Whitlock: Police Advisory List report due by") for summary in notes)
    assert note.actor == personas.authority
    assert "Resigned during the investigation" in note.detail
    assert Person.objects.with_current_status().get(pk=dana.pk).current_status == DutyStatus.LEFT
    assert len(events(the_case, EventKind.DUTY_STATUS)) == 1
    # Once is enough.
    again = client.post(advisory_url(the_case, subject), {"left_by": "retired", "left_on": day(1), "reasons": "Again"})
    assert "already recorded for the Advisory List" in errors(again)[0]


def test_a_gross_misconduct_finding_also_counts(as_user, personas, the_case, subject):
    at_stage(subject, Stage.OUTCOME, finding=Finding.GROSS)
    response = as_user(personas.head).post(
        advisory_url(the_case, subject), {"left_by": "retired", "left_on": day(0), "reasons": "Retired"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("severity", [None, Severity.MISCONDUCT])
def test_the_advisory_list_is_only_for_gross_misconduct(as_user, personas, the_case, subject, severity):
    if severity:
        services.assess_severity(
            user=personas.head, allegation=subject.allegations.get(), severity=severity, rationale="r"
        )
    client = as_user(personas.authority)
    assert "does not apply" in client.get(advisory_url(the_case, subject)).content.decode()
    response = client.post(advisory_url(the_case, subject), {"left_by": "resigned", "left_on": day(1), "reasons": "r"})
    assert "applies only to gross misconduct" in errors(response)[0]
    subject.proceedings.refresh_from_db()
    assert subject.proceedings.advisory_list is False
    assert events(the_case, EventKind.NOTE) == []


def test_a_dismissed_officer_is_on_the_barred_list_not_the_advisory_list(as_user, personas, the_case, subject):
    assess_gross(personas, subject)
    at_stage(subject, Stage.CONCLUDED, barred_list=True)
    response = as_user(personas.authority).post(
        advisory_url(the_case, subject), {"left_by": "resigned", "left_on": day(1), "reasons": "r"}
    )
    assert "Barred List" in errors(response)[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"left_on": "{yesterday}", "reasons": "r"}, "Choose whether they resigned or retired"),
        ({"left_by": "resigned", "reasons": "r"}, "Enter the date they left"),
        ({"left_by": "resigned", "left_on": "{tomorrow}", "reasons": "r"}, "must be today or in the past"),
        ({"left_by": "resigned", "left_on": "{yesterday}", "reasons": "  "}, "Give the reasons for this decision"),
        (
            {"left_by": "sacked", "left_on": "{yesterday}", "reasons": "r"},
            "Select an answer to “How did they leave?” from the list",
        ),
    ],
)
def test_an_incomplete_advisory_decision_is_refused(as_user, personas, the_case, subject, data, message):
    assess_gross(personas, subject)
    values = {"{yesterday}": day(1), "{tomorrow}": day(-1)}
    response = as_user(personas.authority).post(
        advisory_url(the_case, subject), {k: values.get(v, v) for k, v in data.items()}
    )
    assert any(message in e for e in errors(response)), errors(response)
    subject.proceedings.refresh_from_db()
    assert subject.proceedings.advisory_list is False


# The case page -----------------------------------------------------------------------------
def test_the_case_page_offers_each_change_to_the_case_team(ivy, the_case, subject):
    summary = ivy.get(the_case.get_absolute_url()).content.decode()
    for name in ("case-edit", "case-link"):
        assert urls_for(the_case, subject)[name] in summary
    subjects = ivy.get(section_url(the_case, "subjects")).content.decode()
    for name in ("case-add-subject", "subject-add-allegation"):
        assert urls_for(the_case, subject)[name] in subjects
    assert urls_for(the_case, subject)["subject-advisory-list"] not in every_section(ivy, the_case)  # not an authority
    assert "This case is not linked to any case here or in another force." in summary


def test_the_case_page_offers_no_changes_once_closed(ivy, the_case, subject):
    Case.objects.filter(pk=the_case.pk).update(status=CaseStatus.CLOSED, closed_at=timezone.now())
    page = every_section(ivy, the_case)
    for url in urls_for(the_case, subject).values():
        assert url not in page


def test_the_case_page_query_count_does_not_grow_with_rprp_subjects(ivy, personas, ivy_team, home):
    counts = []
    for subjects in (1, 4):
        people = [officer(home, f"{subjects}{i:03d}") for i in range(subjects)]
        case = record(personas.investigator, ivy_team, people)
        for proceedings in Proceedings.objects.filter(subject__case=case):
            proceedings.stage = Stage.RPRP
            proceedings.save()
            changes.record_reflective_practice(
                user=personas.investigator,
                proceedings=proceedings,
                data={"account": "Account", "account_received_on": timezone.localdate()},
            )
        with CaptureQueriesContext(connection) as queries:
            assert ivy.get(case.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# No input produces a 500 -------------------------------------------------------------------
garbage = st.text(max_size=30)


@given(kind=garbage, reference=garbage, other_force=garbage, other_reference=garbage, reason=garbage)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None)
def test_any_link_input_gets_a_page_not_an_error(ivy, the_case, kind, reference, other_force, other_reference, reason):
    data = {"kind": kind, "reference": reference, "other_force": other_force, "other_reference": other_reference}
    response = ivy.post(reverse("case-link", args=[the_case.reference]), {**data, "reason": reason})
    assert response.status_code in (200, 302)


@given(person=garbage, description=garbage, occurred_on=garbage)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None)
def test_any_subject_input_gets_a_page_not_an_error(ivy, the_case, person, description, occurred_on):
    data = allegation_data(description=description, occurred_on=occurred_on)
    response = ivy.post(reverse("case-add-subject", args=[the_case.reference]), {"person": person, **data})
    assert response.status_code in (200, 302)
