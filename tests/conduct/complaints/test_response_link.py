"""The complainant's review application through the outcome letter's single-use link: a member of
the public confirms with the reference on the letter and their postcode (or surname when no
postcode is held); a wrong answer shows nothing and is logged; the answer meets the review clock,
shows on the case and spends the link."""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from casework.models import Deadline
from conduct.complaints import selectors, services
from notifications import response_access, responses
from notifications.models import LinkEvent, OfficerResponse

pytestmark = pytest.mark.django_db

ADDRESS = "10.0.0.7"


@pytest.fixture
def outcome_letter(personas):
    def write(case):
        services.record_outcome(user=personas.investigator, case=case, findings="Found.", outcome="Not acceptable.")
        letter = services.approve_outcome(user=personas.authority, case=case).letter
        cache.delete_many([f"respond-rate:{ADDRESS}", f"respond-confirm-failures:{letter.response_link.pk}"])
        return letter

    return write


@pytest.fixture
def public(client):
    return client.__class__(REMOTE_ADDR=ADDRESS)


def path_of(letter):
    return urlsplit(responses.url_for(letter.response_link)).path


def test_the_complainant_confirms_with_reference_and_postcode_and_applies_once(
    public, complaint, outcome_letter, personas
):
    letter = outcome_letter(complaint)
    page = public.get(path_of(letter))
    assert "The reference on your letter" in page.text and "collar" not in page.text
    assert "Not acceptable." not in page.text
    confirmed = public.post(path_of(letter), {"reference": complaint.reference.lower(), "detail": "ls14ab"})
    assert confirmed.status_code == 302
    shown = public.get(path_of(letter))
    assert "Not acceptable." in shown.text
    done = public.post(path_of(letter), {"text": "I want a review: the officer was rude."})
    assert done.status_code == 200
    answer = OfficerResponse.objects.get(correspondence=letter)
    assert answer.person is None and answer.case == complaint
    review_clock = Deadline.objects.get(case=complaint, kind=services.REVIEW)
    assert review_clock.state == "met"
    panel = selectors.panel(complaint, personas.investigator)
    assert panel["link_application"] == answer
    assert list(selectors.reviews_pending(personas.investigator)) == [complaint.complaint_outcome]
    # Single use: the link is spent, and the same neutral page answers every further try.
    again = public.get(path_of(letter))
    assert again.status_code == 404
    review = services.record_application(user=personas.investigator, case=complaint)
    assert review.application == answer and review.applied_on == answer.received_at.date()


def test_a_wrong_postcode_or_reference_shows_nothing_and_is_logged(public, complaint, outcome_letter):
    letter = outcome_letter(complaint)
    for reference, detail in (
        (complaint.reference, "LS1 9ZZ"),
        ("PSD-2026-999999", "LS1 4AB"),
        (complaint.reference, "Bloggs"),
    ):
        page = public.post(path_of(letter), {"reference": reference, "detail": detail})
        assert page.status_code == 200 and "do not match the letter" in page.text
        assert "Not acceptable." not in page.text
    assert LinkEvent.objects.filter(link=letter.response_link, kind="wrong_detail").count() == 3
    assert not OfficerResponse.objects.exists()


def test_without_a_postcode_the_surname_confirms(public, record_complaint, outcome_letter):
    case = record_complaint(address="")
    letter = outcome_letter(case)
    assert response_access.complainant_expected(case) == (case.reference, "BLOGGS")
    assert public.post(path_of(letter), {"reference": case.reference, "detail": " bloggs "}).status_code == 302


def test_an_officers_number_never_opens_a_complainants_letter(public, complaint, outcome_letter, officer):
    letter = outcome_letter(complaint)
    page = public.post(path_of(letter), {"number": officer.number})
    assert page.status_code == 200 and "Enter the reference on your letter" in page.text
