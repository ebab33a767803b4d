"""Fixtures for the vetting route: a review opened by hand by alex (an appropriate authority), and a
second appropriate authority (sam) to hear appeals: nobody decides a review they prepared."""

from datetime import date

import pytest
import time_machine

from casework.roles import Role
from conduct.vetting import services
from tests.factories import UserFactory

# Monday 7 December 2026: no bank holiday in the ten working days after it (8 to 21 December).
OPENED_ON = date(2026, 12, 7)


@pytest.fixture
def on_opening_day():
    with time_machine.travel(OPENED_ON, tick=False) as traveller:
        yield traveller


@pytest.fixture
def second_authority(db):
    return UserFactory(username="sam", role=Role.APPROPRIATE_AUTHORITY)


@pytest.fixture
def review(personas, officer, on_opening_day):
    return services.open_review(
        user=personas.authority,
        person=officer,
        data=services.Opening(reason="Intelligence that the officer associates with a known drug supplier."),
    )


@pytest.fixture
def assessed(personas, review):
    return services.assess_severity(
        user=personas.authority, review=review, assessed_on=OPENED_ON, needed=True, reasons="Could lead to withdrawal."
    )


@pytest.fixture
def noticed(personas, assessed):
    return services.give_notice(user=personas.authority, review=assessed, given_on=OPENED_ON)


@pytest.fixture
def awaiting_decision(personas, noticed):
    return services.record_representations(
        user=personas.authority, review=noticed, received_on=OPENED_ON, summary="The officer denies any association."
    )
