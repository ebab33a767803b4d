"""Transitions posted from the case page: case-to-answer decisions are the appropriate authority's,
the case page offers each user only theirs, refusals say why and change nothing, outcome and appeal forms."""

import pytest
from django.urls import reverse

from casework.models import TimelineEvent
from casework.models.cases import Sensitivity
from conduct.cases.lifecycle import TRANSITIONS
from conduct.models import (
    Finding,
    Outcome,
    Proceedings,
    Severity,
    Stage,
    StageTransition,
)
from tests.case_sections import section_url
from tests.factories import make_case

pytestmark = pytest.mark.django_db

AUTHORITY_ACTIONS = sorted(a for a, t in TRANSITIONS.items() if t.by_authority)


def test_case_to_answer_decisions_are_marked_for_the_appropriate_authority():
    assert AUTHORITY_ACTIONS == ["no_case_to_answer", "refer_to_accelerated", "refer_to_hearing", "refer_to_meeting"]


@pytest.mark.parametrize("action", AUTHORITY_ACTIONS)
def test_case_to_answer_decisions_are_the_appropriate_authoritys(action, as_user, personas, case, put_at, assess):
    subject = case.subjects.get()
    # The forum follows the severity (reg 23): misconduct to a meeting, gross misconduct to a hearing.
    severity = Severity.MISCONDUCT if action == "refer_to_meeting" else Severity.GROSS
    for allegation in subject.allegations.all():
        assess(allegation, severity)
    put_at(subject.proceedings, Stage.REPORT)
    url = reverse("subject-transition", args=[case.reference, subject.pk, action])
    data = {"reason": "The report shows a case to answer", "certification": "The evidence of the messages."}
    for who in ("investigator", "auditor", "investigator_other_team"):
        client = as_user(getattr(personas, who))
        assert client.get(url).status_code == 404, who
        assert client.post(url, data).status_code == 404, who
    assert Proceedings.objects.get(subject=subject).stage == Stage.REPORT
    assert not StageTransition.objects.exists()

    response = as_user(personas.authority).post(url, data)
    assert response.status_code == 302
    assert Proceedings.objects.get(subject=subject).stage == TRANSITIONS[action].target
    assert StageTransition.objects.get().made_by == personas.authority


def test_the_case_page_offers_each_user_only_the_decisions_they_may_take(read, personas, case, put_at):
    subject = case.subjects.get()
    put_at(subject.proceedings, Stage.REPORT)
    url = section_url(case, "subjects")  # the steps are the subject's task list

    def offered(who):
        page = read(getattr(personas, who), url)
        return {action for action in TRANSITIONS if f"/subjects/{subject.pk}/{action}/" in page.content.decode()}

    assert offered("investigator") == {"start_rprp"}
    assert offered("authority") == set(AUTHORITY_ACTIONS)
    assert offered("head") == set(AUTHORITY_ACTIONS) | {"start_rprp"}
    assert offered("auditor") == set()


def test_the_appropriate_authority_cannot_decide_on_a_case_hidden_from_them(as_user, personas, team, officer, put_at):
    restricted = make_case(personas.investigator, team, [officer], sensitivity=Sensitivity.RESTRICTED)
    subject = restricted.subjects.get()
    put_at(subject.proceedings, Stage.REPORT)
    url = reverse("subject-transition", args=[restricted.reference, subject.pk, "refer_to_hearing"])
    assert as_user(personas.authority).post(url, {"reason": "Case to answer"}).status_code == 404
    assert Proceedings.objects.get(subject=subject).stage == Stage.REPORT


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "start_investigation",
            {"reason": "Serious"},
            "Assess at least one allegation as misconduct or gross misconduct before starting an investigation.",
        ),
        (
            "lodge_appeal",
            {"reason": "Officer appeals"},
            "“Record an appeal” is not possible while the subject is at “Awaiting severity assessment”.",
        ),
        ("no_further_action", {"reason": "  "}, "Give the reasons for this decision"),
    ],
)
def test_a_refused_transition_shows_why_and_changes_nothing(action, data, message, ivy, case):
    subject = case.subjects.get()
    events_before = TimelineEvent.objects.filter(case=case).count()
    url = reverse("subject-transition", args=[case.reference, subject.pk, action])
    response = ivy.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Proceedings.objects.get(subject=subject).stage == Stage.ASSESSMENT
    assert not StageTransition.objects.exists()
    assert TimelineEvent.objects.filter(case=case).count() == events_before


def test_the_outcome_form_asks_for_finding_and_outcome(ivy, case, put_at):
    subject = case.subjects.get()
    put_at(subject.proceedings, Stage.MEETING, forum=Stage.MEETING)
    url = reverse("subject-transition", args=[case.reference, subject.pk, "record_outcome"])
    response = ivy.post(url, {"reason": "Heard"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["finding"] == ["Choose the finding"] and errors["outcome"] == ["Choose the outcome"]
    response = ivy.post(url, {"reason": "Heard", "finding": "misconduct", "outcome": "dismissal"})
    assert response.status_code == 200
    assert "A misconduct meeting may impose only a written or a final written warning" in response.content.decode()
    response = ivy.post(url, {"reason": "Heard", "finding": "misconduct", "outcome": "final_written_warning"})
    assert response.status_code == 302
    proceedings = Proceedings.objects.get(subject=subject)
    assert (proceedings.stage, proceedings.outcome) == (Stage.OUTCOME, "final_written_warning")


def test_the_appeal_decision_form_asks_for_finding_and_outcome(ivy, case, put_at):
    subject = case.subjects.get()
    put_at(
        subject.proceedings,
        Stage.APPEAL,
        forum=Stage.HEARING,
        finding=Finding.GROSS,
        outcome=Outcome.DISMISSAL,
        barred_list=True,
    )
    url = reverse("subject-transition", args=[case.reference, subject.pk, "decide_appeal"])
    response = ivy.post(url, {"reason": "Appeal heard", "outcome": Outcome.NO_ACTION})
    assert response.status_code == 200
    assert response.context["form"].errors["finding"] == ["Choose the finding"]
    response = ivy.post(url, {"reason": "Appeal heard", "finding": Finding.GROSS, "outcome": Outcome.NO_ACTION})
    assert response.status_code == 200
    assert "needs disciplinary action" in response.content.decode()
    assert Proceedings.objects.get(subject=subject).stage == Stage.APPEAL
    assert not StageTransition.objects.exists()

    response = ivy.post(url, {"reason": "Appeal allowed", "finding": Finding.NOT_PROVEN, "outcome": Outcome.NO_ACTION})
    assert response.status_code == 302
    proceedings = Proceedings.objects.get(subject=subject)
    assert (proceedings.stage, proceedings.finding, proceedings.outcome, proceedings.barred_list) == (
        Stage.CONCLUDED,
        Finding.NOT_PROVEN,
        Outcome.NO_ACTION,
        False,
    )


def test_a_transition_posted_moves_the_subject_and_returns_to_the_case(ivy, personas, case, case_urls):
    response = ivy.post(case_urls["transition"], {"reason": "No evidence"})
    assert response.status_code == 302
    subjects = section_url(case, "subjects")
    assert response["Location"] == f"{subjects}#subject-{case.subjects.get().pk}"  # back to the subject
    record = StageTransition.objects.get()
    assert (record.action, record.made_by, record.reason) == ("no_further_action", personas.investigator, "No evidence")
    page = ivy.get(case_urls["detail"]).content.decode()
    assert "Dana Whitlock: No further action (with reasons)" in page
