"""The IOPC discriminatory-behaviour criterion asked, not waited for (issue 20, point 4): an
allegation in a category or under a standard flagged possibly discriminatory asks the case team
to decide, with reasons; "met" makes the mandatory referral required; "not met" is on record."""

import pytest
from django.urls import reverse

from casework.errors import Refused
from conduct.models import CriterionAnswer, DiscriminationQuestion, Referral, ReferralState
from conduct.referrals import discrimination
from tests.conduct.duty.test_risk import record
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db


def test_a_group_chat_allegation_asks_the_question(personas, team):
    subject = record(personas, team, PersonFactory(), categories=("social-media",))
    question = DiscriminationQuestion.objects.get(allegation__subject=subject)
    assert question.answer == CriterionAnswer.PENDING
    assert not Referral.objects.filter(case=subject.case).exists()  # nothing decided yet


def test_the_equality_standard_asks_it_too(personas, team):
    case = make_case(personas.investigator, team, [PersonFactory()], standards=("Equality and diversity",))
    assert DiscriminationQuestion.objects.filter(allegation__subject__case=case).count() == 1


def test_no_question_when_already_tagged_or_not_flagged(personas, team):
    tagged = record(personas, team, PersonFactory(), categories=("social-media", "discrimination"))
    other = record(personas, team, PersonFactory(), categories=("use-of-force",))
    assert not DiscriminationQuestion.objects.filter(allegation__subject__in=[tagged, other]).exists()


def test_met_makes_the_referral_required(personas, team):
    subject = record(personas, team, PersonFactory(), categories=("social-media",))
    question = DiscriminationQuestion.objects.get(allegation__subject=subject)
    discrimination.answer(
        user=personas.investigator, question=question, met=True, reasons="Racist and misogynistic messages."
    )
    question.refresh_from_db()
    assert (question.answer, question.decided_by) == (CriterionAnswer.MET, personas.investigator)
    referral = Referral.objects.get(case=subject.case)
    assert referral.state == ReferralState.REQUIRED
    assert referral.criteria.filter(code="discrimination_aggravated").exists()
    assert subject.case.timeline.filter(summary__contains="discriminatory-behaviour criterion").exists()


def test_not_met_is_a_reasoned_decision_and_nothing_else(personas, team):
    subject = record(personas, team, PersonFactory(), categories=("social-media",))
    question = DiscriminationQuestion.objects.get(allegation__subject=subject)
    for met, reasons, field in [(None, "x", "met"), (False, "  ", "reasons")]:
        with pytest.raises(Refused) as refusal:
            discrimination.answer(user=personas.investigator, question=question, met=met, reasons=reasons)
        assert refusal.value.field == field
    discrimination.answer(
        user=personas.investigator, question=question, met=False, reasons="Messages about football results only."
    )
    assert not Referral.objects.filter(case=subject.case).exists()
    with pytest.raises(Refused, match="already been decided"):
        discrimination.answer(user=personas.investigator, question=question, met=True, reasons="Changed my mind.")


def test_the_case_page_asks_and_the_form_records(personas, team, as_user):
    subject = record(personas, team, PersonFactory(), categories=("social-media",))
    question = DiscriminationQuestion.objects.get(allegation__subject=subject)
    ivy = as_user(personas.investigator)
    page = ivy.get(subject.case.get_absolute_url()).content.decode()
    url = reverse("referral-discrimination", args=[subject.case.reference, question.pk])
    assert 'data-testid="discrimination-panel"' in page and url in page
    response = ivy.post(url, {"met": "met", "reasons": ""})
    assert response.status_code == 200 and "Give the reasons for your decision" in response.content.decode()
    assert ivy.post(url, {"met": "met", "reasons": "Misogynistic messages."}).status_code == 302
    assert Referral.objects.get(case=subject.case).state == ReferralState.REQUIRED
    assert 'data-testid="discrimination-panel"' not in ivy.get(subject.case.get_absolute_url()).content.decode()


def test_outsiders_get_404(personas, team, as_user):
    subject = record(personas, team, PersonFactory(), categories=("social-media",))
    question = DiscriminationQuestion.objects.get(allegation__subject=subject)
    url = reverse("referral-discrimination", args=[subject.case.reference, question.pk])
    for user in (personas.investigator_other_team, personas.auditor):
        assert as_user(user).get(url).status_code == 404
