"""The IOPC discriminatory-behaviour criterion, asked rather than waited for (issue 20, point 4;
DOMAIN.md, "IOPC referrals": "offensive messages in a group chat are a candidate for the
discriminatory-behaviour criterion: the system asks, it does not wait for a tag").

Recording an allegation in a category, or under a standard, flagged `possibly_discriminatory`
(data: misuse of social media or messaging; the standard "Equality and diversity") asks the case
team a question (`DiscriminationQuestion`), shown on the case page until answered. The answer is
a reasoned decision: "met" puts the allegation in the categories of the
`discrimination_aggravated` criterion, and the referral criteria are evaluated again (a
mandatory referral and its end-of-next-day clock follow); "not met" stays on the record with its
reasons. Both go on the case timeline."""

from django.db import transaction
from django.utils import timezone

from casework import permissions as casework_permissions
from casework import services as casework_services
from casework.errors import Refused
from casework.models.cases import CaseStatus, EventKind
from conduct.cases.sexual import sync_sexual_flag
from conduct.models import CriterionAnswer, DiscriminationQuestion, ReferralCriterion

CRITERION = "discrimination_aggravated"


def _criterion_categories():
    criterion = ReferralCriterion.objects.filter(code=CRITERION).first()
    return list(criterion.categories.all()) if criterion else []


def on_allegation_recorded(*, allegation, **_) -> None:
    """conduct.cases.hooks.allegation_recorded (before the referral criteria are evaluated)."""
    flagged = allegation.categories.filter(possibly_discriminatory=True).exists() or (
        allegation.standards.filter(possibly_discriminatory=True).exists()
    )
    already = allegation.categories.filter(pk__in=[c.pk for c in _criterion_categories()]).exists()
    if flagged and not already:
        DiscriminationQuestion.objects.get_or_create(allegation=allegation)


@transaction.atomic
def answer(*, user, question: DiscriminationQuestion, met: bool | None, reasons: str) -> DiscriminationQuestion:
    """The case team decides the criterion, with reasons."""
    question = (
        DiscriminationQuestion.objects.select_for_update()
        .select_related("allegation__subject__case")
        .get(pk=question.pk)
    )
    allegation = question.allegation
    case = allegation.subject.case
    if case.status != CaseStatus.OPEN or not casework_permissions.can_change_case(user, case):
        raise Refused("Only the case team decides the criterion on an open case.")
    if question.answer != CriterionAnswer.PENDING:
        raise Refused("The criterion has already been decided for this allegation.")
    if met is None:
        raise Refused("Choose whether the criterion is met.", field="met")
    reasons = (reasons or "").strip()
    if not reasons:
        raise Refused("Give the reasons for your decision.", field="reasons")
    question.answer = CriterionAnswer.MET if met else CriterionAnswer.NOT_MET
    question.reasons, question.decided_by, question.decided_at = reasons, user, timezone.now()
    question.save()
    person = allegation.subject.person
    casework_services.record_event(
        case,
        kind=EventKind.NOTE,
        actor=user,
        person=person,
        summary=f"{person.full_name}: IOPC discriminatory-behaviour criterion {question.get_answer_display().lower()}",
        detail=reasons,
    )
    if met:
        from conduct.referrals import services as referrals

        criterion = _criterion_categories()
        allegation.categories.add(*criterion)
        if any(category.sexual_or_vawg for category in criterion):
            sync_sexual_flag(allegation.subject)  # the subject's sexual-misconduct flag, in this transaction
        referrals.evaluate_case(case, user)  # the criterion is met: the referral is required
    return question


def pending_for(case):
    return (
        DiscriminationQuestion.objects.filter(allegation__subject__case=case, answer=CriterionAnswer.PENDING)
        .select_related("allegation__subject__person")
        .order_by("id")
    )


def case_panel(*, case, user, can_change=False, **_):
    """conduct.cases.hooks.case_page: the open questions, for the case team (one query)."""
    if case.status != CaseStatus.OPEN or not can_change:
        return None
    questions = list(pending_for(case))
    return {"questions": questions, "case": case} if questions else None
