"""The vetting route's pages: 404 to outsiders, the list in progress (paginated, bounded queries),
the review page, the forms' messages, and the confirmation before a withdrawal."""

import pytest
from django.urls import reverse

from casework.models import Consultation, Person, VettingStatus
from conduct.vetting import services
from conduct.vetting.models import Decision, ReviewState, VettingReview
from tests.conduct.vetting.conftest import OPENED_ON
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_outsiders_get_404(as_user, personas, review):
    for user in (personas.investigator, personas.auditor, personas.admin):
        client = as_user(user)
        assert client.get(reverse("vetting-list")).status_code == 404
        assert client.get(review.get_absolute_url()).status_code == 404
        assert client.get(reverse("vetting-step", args=[review.pk, "notice"])).status_code == 404
        assert client.get(reverse("vetting-open", args=[review.person.pk])).status_code == 404


def test_the_review_page_is_a_logged_consultation(as_user, personas, noticed):
    response = as_user(personas.head).get(noticed.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Notice given: representations awaited" in body and "21 December 2026" in body
    assert reverse("vetting-step", args=[noticed.pk, "representations"]) in body
    assert Consultation.objects.filter(user=personas.head, person=noticed.person, purpose__contains="Vetting").exists()


def test_the_list_in_progress_paginates_with_bounded_queries(
    as_user, personas, home_force, django_assert_max_num_queries
):
    for number in range(30):
        person = PersonFactory(force=home_force, number=f"9{number:03}")
        services.open_review(user=personas.authority, person=person, data=services.Opening(reason="Information."))
    client = as_user(personas.authority)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("vetting-list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="govuk-link" href="/vetting/') == 25
    assert "Page 1 of 2" in response.content.decode()


def test_opening_by_hand_from_the_person_page(as_user, personas, officer):
    client = as_user(personas.authority)
    assert client.get(reverse("vetting-open", args=[officer.pk])).status_code == 200
    response = client.post(reverse("vetting-open", args=[officer.pk]), {"reason": ""})
    assert "govuk-error-summary" in response.content.decode()
    assert not VettingReview.objects.exists()
    response = client.post(reverse("vetting-open", args=[officer.pk]), {"reason": "A caution for assault."})
    review = VettingReview.objects.get()
    assert response.url == review.get_absolute_url()
    assert Person.objects.get(pk=officer.pk).vetting_status == VettingStatus.UNDER_REVIEW


def test_the_person_page_shows_the_panel(as_user, personas, review):
    from casework import audit
    from casework.models import ObjectKind

    client = as_user(personas.authority)
    session = client.session
    session[audit.SESSION_KEY] = {f"{ObjectKind.PERSON}:{review.person.pk}": "Oversight"}
    session.save()
    response = client.get(reverse("person-detail", args=[review.person.pk]))
    assert response.status_code == 200
    assert 'data-testid="vetting-panel"' in response.content.decode()
    assert review.get_absolute_url() in response.content.decode()


def test_a_withdrawal_is_confirmed_before_it_is_recorded(as_user, personas, awaiting_decision):
    client = as_user(personas.head)
    url = reverse("vetting-step", args=[awaiting_decision.pk, "decision"])
    data = {"decision": Decision.WITHDRAWN, "reasons": "Unsuitable.", "decided_on": OPENED_ON.strftime("%d/%m/%Y")}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Are you sure you want to withdraw" in response.content.decode()
    assert VettingReview.objects.get().state == ReviewState.AWAITING_DECISION  # nothing recorded yet
    response = client.post(url, {**data, "confirmed": "on"})
    assert response.status_code == 302
    review = VettingReview.objects.get()
    assert (review.state, review.decision) == (ReviewState.DECIDED, Decision.WITHDRAWN)
    assert Person.objects.get(pk=review.person.pk).vetting_status == VettingStatus.WITHDRAWN


def test_bad_input_gets_clear_messages_and_changes_nothing(as_user, personas, awaiting_decision):
    client = as_user(personas.authority)  # alex prepared it: may not decide
    url = reverse("vetting-step", args=[awaiting_decision.pk, "decision"])
    response = client.post(url, {"decision": Decision.MODIFIED, "reasons": "R", "decided_on": "31/2/2026"})
    body = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in body
    assert "must be a real date" in body
    response = client.post(url, {"decision": Decision.MODIFIED, "reasons": "R", "decided_on": "7/12/2026"})
    body = response.content.decode()
    assert "another appropriate authority must decide it" in body
    assert "State the restrictions on the modified clearance." in body
    assert VettingReview.objects.get().decision == ""


def test_a_step_not_open_now_says_so(as_user, personas, review):
    response = as_user(personas.head).post(
        reverse("vetting-step", args=[review.pk, "dismissal"]), {"dismissed_on": "7/12/2026", "reasons": "R"}
    )
    assert "this step is not open now" in response.content.decode()
    assert as_user(personas.head).get(reverse("vetting-step", args=[review.pk, "no-such-step"])).status_code == 404
