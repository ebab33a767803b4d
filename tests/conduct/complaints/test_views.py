"""The complainant's pages through the Django test client: the case team works them, another team
gets 404, an appropriate authority approves the outcome, refusals show on the form and change
nothing, and the pages' query counts do not grow with the letters."""

import pytest
from django.urls import reverse
from django.utils import timezone

from conduct.complaints import services
from conduct.complaints.models import ComplaintOutcome, OutcomeState
from notifications.models import Correspondence, LetterKind

pytestmark = pytest.mark.django_db

PAGES = [
    "complainant",
    "complainant-update",
    "complainant-outcome",
    "complainant-review-application",
    "complainant-review-result",
    "complainant-review-response",
]


def url(name, case):
    return reverse(name, args=[case.reference])


@pytest.mark.parametrize("name", [*PAGES, "complainant-outcome-approve"])
def test_another_team_gets_404(as_user, personas, complaint, name):
    services.record_outcome(user=personas.investigator, case=complaint, findings="F", outcome="O")
    client = as_user(personas.investigator_other_team)
    assert client.get(url(name, complaint)).status_code == 404
    if name != "complainant":  # the page itself is GET only
        assert client.post(url(name, complaint), {"text": "x"}).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_the_pages_of_a_case_that_is_not_a_complaint_are_404(as_user, personas, case, name):
    assert as_user(personas.investigator).get(url(name, case)).status_code == 404


def test_the_investigator_sends_an_update_and_records_the_outcome(as_user, personas, complaint):
    client = as_user(personas.investigator)
    page = client.get(url("complainant", complaint))
    assert page.status_code == 200 and "Acknowledgement of a complaint" in page.text
    empty = client.post(url("complainant-update", complaint), {"text": ""})
    assert empty.status_code == 200 and "Write the update for the complainant" in empty.text
    sent = client.post(url("complainant-update", complaint), {"text": "We have the video."})
    assert sent.status_code == 302
    assert Correspondence.objects.filter(case=complaint, kind=LetterKind.COMPLAINT_UPDATE).count() == 1
    form = client.get(url("complainant-outcome", complaint))
    assert "The local policing body" in form.text and "Sch 3 para 30(2)" in form.text
    refused = client.post(
        url("complainant-outcome", complaint),
        {"findings": "F", "outcome": "O", "chosen_body": "iopc", "override_reason": ""},
    )
    assert refused.status_code == 200 and "give the reason for choosing another body" in refused.text
    assert not ComplaintOutcome.objects.exists()
    done = client.post(url("complainant-outcome", complaint), {"findings": "F", "outcome": "O"})
    assert done.status_code == 302
    assert client.get(url("complainant-outcome-approve", complaint)).status_code == 404  # not an authority


def test_an_authority_approves_and_the_review_is_recorded(as_user, personas, complaint):
    services.record_outcome(user=personas.investigator, case=complaint, findings="F", outcome="O")
    authority = as_user(personas.authority)
    assert "Approve and send the letter" in authority.get(url("complainant-outcome-approve", complaint)).text
    assert authority.post(url("complainant-outcome-approve", complaint)).status_code == 302
    assert ComplaintOutcome.objects.get(case=complaint).state == OutcomeState.APPROVED
    client = as_user(personas.investigator)
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert "say how the complainant applied" in client.get(url("complainant-review-application", complaint)).text
    assert client.post(url("complainant-review-application", complaint), {"how": "By letter"}).status_code == 302
    result = client.post(
        url("complainant-review-result", complaint),
        {"reviewed_by": "lpb", "result": "not_upheld", "decided_on": today, "recommendations": ""},
    )
    assert result.status_code == 302
    page = client.get(url("complainant", complaint))
    assert "Not upheld" in page.text


def test_the_reviews_pending_list(as_user, personas, complaint, django_assert_max_num_queries):
    services.record_outcome(user=personas.investigator, case=complaint, findings="F", outcome="O")
    services.approve_outcome(user=personas.authority, case=complaint)
    services.record_application(user=personas.investigator, case=complaint, how="By letter")
    client = as_user(personas.investigator)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("complaint-reviews-pending"))
    assert complaint.reference in page.text
    assert (
        complaint.reference
        not in as_user(personas.investigator_other_team).get(reverse("complaint-reviews-pending")).text
    )


def test_the_complainant_page_query_count_does_not_grow_with_letters(
    as_user, personas, complaint, django_assert_max_num_queries
):
    client = as_user(personas.investigator)
    client.get(url("complainant", complaint))
    for n in range(5):
        services.send_update(user=personas.investigator, case=complaint, text=f"Update {n}")
    with django_assert_max_num_queries(25):
        assert client.get(url("complainant", complaint)).status_code == 200


def test_the_case_page_panel_through_the_hook(personas, complaint, case, django_assert_max_num_queries):
    from django.template.loader import render_to_string

    from conduct.cases import hooks

    # The complainant's own receiver is bounded; the page's other panels have bounds of their own.
    receiver = next(r for _, key, r in hooks.case_page.receivers if key == "complainant_panel")
    with django_assert_max_num_queries(8):
        panel = receiver(case=complaint, user=personas.investigator, can_change=True, can_decide=False)
    panels = hooks.case_page.collect(case=complaint, user=personas.investigator, can_change=True, can_decide=False)
    assert panels["complainant_panel"] == panel
    html = render_to_string("conduct/complaints/_case_panel.html", {"panel": panels["complainant_panel"]})
    assert "The complainant" in html and "Acknowledgement of a complaint" in html
    assert reverse("complainant", args=[complaint.reference]) in html
    assert (
        hooks.case_page.collect(case=case, user=personas.investigator, can_change=True, can_decide=False)[
            "complainant_panel"
        ]
        is None
    )
