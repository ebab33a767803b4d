"""Cases finalised through the real workflows, a subject's characteristics, and a GET that states a
purpose when a page asks why (s.62)."""

from datetime import date

import pytest
from django.urls import reverse

from casework.characteristics_services import Characteristics, record_characteristics
from conduct.cases.lifecycle import apply_transition


@pytest.fixture
def read(as_user):
    def get(user, url):
        client = as_user(user)
        response = client.get(url)
        if response.status_code == 302 and response["Location"].startswith(reverse("consultation-purpose")):
            assert client.post(response["Location"], {"purpose": "oversight"}).status_code == 302
            response = client.get(url)
        return response

    return get


@pytest.fixture
def characterise(personas):
    def record(person, sex="female", ethnicity="white_british", born=date(1990, 5, 17)):
        return record_characteristics(
            user=personas.admin, person=person, data=Characteristics(sex=sex, ethnicity=ethnicity, date_of_birth=born)
        )

    return record


@pytest.fixture
def finalise(personas):
    """No further action for every subject of the case: each is finalised today (conduct.appeals)."""

    def nfa(case):
        for subject in case.subjects.select_related("proceedings"):
            apply_transition(
                user=personas.investigator,
                proceedings=subject.proceedings,
                action="no_further_action",
                reason="No indication of misconduct on the evidence.",
            )
        return case

    return nfa
