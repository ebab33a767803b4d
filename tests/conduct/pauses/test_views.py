"""Criminal proceedings pause pages: who may see and decide (outsiders and non-authorities get
404), the form's messages, the warnings on the case and person pages; and the IOPC pages: a
direction recorded and answered, the open list, and the duty form asking for the IOPC's
consultation only while the IOPC investigates."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.cases import clocks
from conduct.duty import services as duty
from conduct.duty.services import DecisionTerms
from conduct.models import (
    CriminalProceedingsPause,
    DutyDecision,
    DutyKind,
    IopcDecision,
    IopcDirection,
    PauseState,
    ReferralKind,
    ReferralMethod,
)
from conduct.pauses import services as pauses
from conduct.referrals import services as referrals
from tests.case_sections import section_url

pytestmark = pytest.mark.django_db

D = "%d/%m/%Y"


@pytest.fixture
def read(as_user):
    """GET a page as a user, stating a purpose first when the page asks why (s.62)."""

    def get(user, url):
        client = as_user(user)
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url)
        return response

    return get


@pytest.fixture
def subject(case):
    return case.subjects.select_related("person", "case", "proceedings").get()


def pause_post(**overrides):
    data = {
        "criminal_proceedings": "Charged with assault; trial in March.",
        "reasons": "A hearing would air the witnesses' accounts before the trial.",
        "paused_on": timezone.localdate().strftime(D),
    }
    data.update(overrides)
    return data


def paused(personas, subject):
    return pauses.pause(
        user=personas.authority, subject=subject, criminal_proceedings="Charged.", reasons="Prejudice to the trial."
    )


def test_the_authority_pauses_from_the_case_page_and_everyone_sees_the_warning(as_user, read, personas, subject):
    case_url = section_url(subject.case, "subjects")  # the pause is offered beside the subject
    page = read(personas.authority, case_url).content.decode()
    url = reverse("pause-new", args=[subject.case.reference, subject.pk])
    assert url in page
    response = as_user(personas.authority).post(url, pause_post())
    record = CriminalProceedingsPause.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    for who in (personas.investigator, personas.authority):
        page = read(who, case_url).content.decode()
        assert 'data-testid="pause-warning"' in page and "reg 10(3)" in page and url not in page
    person_page = read(personas.investigator, reverse("person-detail", args=[subject.person.pk])).content.decode()
    assert 'data-testid="person-pauses"' in person_page and subject.case.reference in person_page
    detail = read(personas.investigator, record.get_absolute_url()).content.decode()
    assert (
        "Charged with assault" in detail
        and reverse("pause-end", args=[subject.case.reference, record.pk]) not in detail
    )


def test_the_pause_form_says_what_is_missing_and_writes_nothing(as_user, personas, subject):
    url = reverse("pause-new", args=[subject.case.reference, subject.pk])
    response = as_user(personas.authority).post(url, pause_post(reasons=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Give the reasons misconduct proceedings would prejudice them" in body
    response = as_user(personas.authority).post(url, pause_post(paused_on="01/01/2020"))
    assert "The date cannot be before" in response.content.decode()
    assert not CriminalProceedingsPause.objects.exists()


@pytest.mark.parametrize("who", ["investigator", "investigator_other_team", "auditor", "admin"])
def test_only_decision_makers_pause_review_or_end(as_user, personas, subject, who):
    record = paused(personas, subject)
    client = as_user(getattr(personas, who))
    new = reverse("pause-new", args=[subject.case.reference, subject.pk])
    for url in (
        new,
        reverse("pause-review", args=[subject.case.reference, record.pk]),
        reverse("pause-end", args=[subject.case.reference, record.pk]),
    ):
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"reasons": "x", "reviewed_on": "01/01/2026", "ended_on": "01/01/2026"}).status_code == 404
        )
    record.refresh_from_db()
    assert record.state == PauseState.ACTIVE and not record.reviews.exists()


def test_another_teams_investigator_gets_404_on_the_pause(as_user, personas, subject):
    record = paused(personas, subject)
    assert as_user(personas.investigator_other_team).get(record.get_absolute_url()).status_code == 404


def test_review_and_end_through_the_forms(as_user, read, personas, subject):
    clocks.start_clock(
        clocks.REG17_STATEMENT,
        case=subject.case,
        person=subject.person,
        owner=personas.investigator,
        starts_on=timezone.localdate(),
        actor=personas.investigator,
    )
    record = paused(personas, subject)
    helen = as_user(personas.head)
    today = timezone.localdate().strftime(D)
    review = reverse("pause-review", args=[subject.case.reference, record.pk])
    assert helen.post(review, {"reasons": "", "reviewed_on": today}).status_code == 200
    assert helen.post(review, {"reasons": "Trial adjourned.", "reviewed_on": today}).status_code == 302
    end = reverse("pause-end", args=[subject.case.reference, record.pk])
    assert helen.post(end, {"reasons": "Acquitted.", "ended_on": today}).status_code == 302
    record.refresh_from_db()
    assert record.state == PauseState.ENDED and record.reviews.count() == 1
    detail = read(personas.head, record.get_absolute_url()).content.decode()
    assert 'data-testid="paused-clocks"' in detail and "Acquitted." in detail
    # An ended pause's forms send the user back.
    assert helen.get(end).status_code == 302


# IOPC directions and the IOPC's consultation ------------------------------------------------
@pytest.fixture
def referral(personas, case):
    return referrals.record_other_referral(
        user=personas.investigator,
        case=case,
        kind=ReferralKind.VOLUNTARY,
        reasons="Public confidence.",
        referred_at=timezone.now(),
        method=ReferralMethod.PORTAL,
        what_referred="The allegation.",
    )


def test_a_recommendation_recorded_and_answered_through_the_pages(as_user, read, personas, referral):
    reference = referral.case.reference
    ivy = as_user(personas.investigator)
    url = reverse("iopc-direction-new", args=[reference, referral.pk])
    response = ivy.post(url, {"kind": "recommendation", "given_on": timezone.localdate().strftime(D), "text": ""})
    assert "Enter what the IOPC said" in response.content.decode() and not IopcDirection.objects.exists()
    response = ivy.post(
        url,
        {
            "kind": "recommendation",
            "given_on": timezone.localdate().strftime(D),
            "text": "Review the guidance on group chats.",
            "respondent": "The appropriate authority",
        },
    )
    assert response.status_code == 302
    rec = IopcDirection.objects.get()
    listed = read(personas.authority, reverse("iopc-direction-list")).content.decode()
    assert 'data-testid="open-directions"' in listed and reference in listed
    assert reference not in read(personas.investigator_other_team, reverse("iopc-direction-list")).content.decode()
    page = read(personas.authority, reverse("case-referrals", args=[reference])).content.decode()
    assert "Review the guidance on group chats." in page and "Response awaited" in page
    respond = reverse("iopc-direction-response", args=[reference, rec.pk])
    assert as_user(personas.investigator_other_team).get(respond).status_code == 404
    response = as_user(personas.authority).post(
        respond,
        {
            "response": "accepted",
            "response_reasons": "Agreed.",
            "action_taken": "Rewritten.",
            "responded_on": timezone.localdate().strftime(D),
        },
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.response == "accepted"
    assert (
        "No direction or recommendation is awaiting a response"
        in read(personas.authority, reverse("iopc-direction-list")).content.decode()
    )


def suspension_terms(subject):
    return DecisionTerms(
        kind=DutyKind.SUSPEND,
        allegations=list(subject.allegations.all()),
        redeployment_considered_reason="No post away from the witnesses.",
        ground="investigation_prejudiced",
        ground_reasoning="Witnesses are colleagues.",
    )


def decide_post(subject, **overrides):
    data = {
        "outcome": "approve",
        "reasons": "The public interest requires it.",
        "effective_on": timezone.localdate().strftime(D),
        "kind": DutyKind.SUSPEND,
        "allegations": [str(a.pk) for a in subject.allegations.all()],
        "redeployment_considered_reason": "No post away from the witnesses.",
        "ground": "public_interest",
        "ground_reasoning": "Criminal investigation.",
        "rationale": "",
        "conditions": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(("mode", "asked"), [(IopcDecision.INDEPENDENT, True), (IopcDecision.LOCAL, False)])
def test_the_decision_form_asks_for_the_iopc_only_while_it_investigates(
    as_user, personas, subject, referral, mode, asked
):
    referrals.record_iopc_decision(
        user=personas.investigator, referral=referral, decision=mode, decided_on=timezone.localdate()
    )
    proposal = duty.propose(user=personas.investigator, subject=subject, terms=suspension_terms(subject))
    alex = as_user(personas.authority)
    url = reverse("duty-decide", args=[subject.case.reference, proposal.pk])
    assert ("Who at the IOPC" in alex.get(url).content.decode()) is asked
    response = alex.post(url, decide_post(subject))
    proposal.refresh_from_db()
    if asked:
        assert response.status_code == 200 and "Enter the date the IOPC was consulted" in response.content.decode()
        assert proposal.state == "proposed"
        response = alex.post(
            url,
            decide_post(
                subject,
                iopc_consulted_on=date.today().strftime(D),
                iopc_consultee="IOPC lead investigator",
                iopc_view="Agrees.",
            ),
        )
        proposal.refresh_from_db()
    assert response.status_code == 302 and proposal.state == "active"
    assert DutyDecision.objects.get(pk=proposal.pk).iopc_view == ("Agrees." if asked else "")
