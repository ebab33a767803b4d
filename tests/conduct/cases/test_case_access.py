"""Who gets 404 on a case's pages and decisions: investigators of another team, people who may
not change the case, ids from another case, references with a NUL byte, and a closed case."""

import pytest
from django.urls import reverse

from casework.models import Case, TimelineEvent
from casework.models.cases import CaseStatus
from conduct.models import (
    Allegation,
    Proceedings,
    Severity,
    SeverityAssessment,
    Stage,
    StageTransition,
)
from tests.factories import PersonFactory, make_case

pytestmark = pytest.mark.django_db

POSTS = {
    "severity": {"severity": Severity.MISCONDUCT, "rationale": "Looks like misconduct"},
    "transition": {"reason": "Nothing in it"},
    "close": {"reason": "Done"},
}


def _assert_case_untouched(case):
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    assert not SeverityAssessment.objects.exists()
    assert not StageTransition.objects.exists()
    assert Proceedings.objects.get(subject__case=case).stage == Stage.ASSESSMENT


@pytest.mark.parametrize("page", ["detail", "severity", "transition", "close"])
def test_an_investigator_of_another_team_gets_404_everywhere(page, as_user, personas, case, case_urls):
    tom = as_user(personas.investigator_other_team)
    assert tom.get(case_urls[page]).status_code == 404
    if page in POSTS:
        assert tom.post(case_urls[page], POSTS[page]).status_code == 404
    _assert_case_untouched(case)


@pytest.mark.parametrize("who", ["auditor", "authority", "admin"])
@pytest.mark.parametrize("page", ["severity", "transition", "close"])
def test_people_who_may_not_change_the_case_get_404_on_its_decisions(who, page, as_user, personas, case, case_urls):
    client = as_user(getattr(personas, who))
    assert client.get(case_urls[page]).status_code == 404
    assert client.post(case_urls[page], POSTS[page]).status_code == 404
    _assert_case_untouched(case)


def test_signed_out_visitors_are_sent_to_sign_in(client, case, case_urls):
    for url in case_urls.values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_ids_from_another_case_are_404(ivy, personas, team, case, home_force):
    other = make_case(personas.investigator, team, [PersonFactory(force=home_force)])
    other_subject = other.subjects.get()
    other_allegation = Allegation.objects.get(subject=other_subject)
    urls = [
        reverse("assess-severity", args=[case.reference, other_allegation.pk]),
        reverse("subject-transition", args=[case.reference, other_subject.pk, "no_further_action"]),
        reverse("subject-transition", args=[case.reference, case.subjects.get().pk, "promote"]),
        reverse("case-detail", args=["PSD-2026-999999"]),
    ]
    for url in urls:
        assert ivy.post(url, {"reason": "x", "severity": "misconduct", "rationale": "x"}).status_code == 404, url
    assert not SeverityAssessment.objects.exists()
    assert not StageTransition.objects.exists()


def test_a_reference_with_a_nul_byte_is_404(ivy, case):
    subject = case.subjects.get()
    allegation = Allegation.objects.get(subject=subject)
    ivy.raise_request_exception = False
    for reference in ("PSD%00", f"{case.reference}%00"):
        for path in (
            f"/cases/{reference}/",
            f"/cases/{reference}/allegations/{allegation.pk}/severity/",
            f"/cases/{reference}/subjects/{subject.pk}/no_further_action/",
            f"/cases/{reference}/close/",
        ):
            assert ivy.get(path).status_code == 404, path
            assert ivy.post(path, {"reason": "x", "severity": "misconduct", "rationale": "x"}).status_code == 404, path
    _assert_case_untouched(case)


@pytest.mark.parametrize(
    "page",
    [
        "severity",
        "transition",
        "close",
    ],
)
def test_a_closed_case_takes_no_more_decisions(page, as_user, personas, case, case_urls):
    ivy = as_user(personas.investigator)
    assert ivy.post(case_urls["transition"], {"reason": "No evidence"}).status_code == 302
    assert ivy.post(case_urls["close"], {"reason": "Concluded"}).status_code == 302
    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    events = TimelineEvent.objects.filter(case=case).count()
    transitions = StageTransition.objects.count()
    for who in ("investigator", "head"):
        client = as_user(getattr(personas, who))
        assert client.get(case_urls[page]).status_code == 404, who
        assert client.post(case_urls[page], POSTS[page]).status_code == 404, who
    assert as_user(personas.investigator).get(case_urls["detail"]).status_code == 200  # still readable
    assert not SeverityAssessment.objects.exists()
    assert StageTransition.objects.count() == transitions
    assert TimelineEvent.objects.filter(case=case).count() == events
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (CaseStatus.CLOSED, "Concluded")
