"""A subject referred to a misconduct hearing (or meeting) on Wednesday 23 December 2026, just
before the Christmas and New Year bank holidays, and the people who may or may not sit."""

from datetime import datetime

import pytest

from casework.calendar import LONDON
from casework.models import PersonType, Rank
from conduct.cases.lifecycle import apply_transition
from conduct.models import Severity, Stage
from tests.factories import PersonFactory

WEDNESDAY = datetime(2026, 12, 23, 10, 0, tzinfo=LONDON)
REASON = "Reasons recorded for the test."


@pytest.fixture
def wednesday(time_machine):
    time_machine.move_to(WEDNESDAY, tick=False)
    return time_machine


def rank(name):
    return Rank.objects.get(name=name)


@pytest.fixture
def people(home_force):
    def person(first, last, rank_name, **fields):
        return PersonFactory(force=home_force, first_name=first, last_name=last, rank=rank(rank_name), **fields)

    return {
        "chief": person("Catherine", "Stone", "Chief constable"),
        "acc": person("Helen", "Price", "Assistant chief constable"),
        "superintendent": person("Mark", "Reid", "Superintendent"),
        "inspector": person("Omar", "Khan", "Inspector"),
        "constable": person("Lee", "Dale", "Police constable"),
        "staff": person("Pat", "Hill", "Police staff manager", person_type=PersonType.STAFF),
    }


def refer(personas, proceedings, assess, put_at, severity=Severity.GROSS, action="refer_to_hearing"):
    for allegation in proceedings.subject.allegations.all():
        assess(allegation, severity)
    put_at(proceedings, Stage.REPORT)
    apply_transition(user=personas.authority, proceedings=proceedings, action=action, reason=REASON)
    proceedings.refresh_from_db()
    return proceedings


@pytest.fixture
def hearing(personas, proceedings, assess, put_at, wednesday):
    return refer(personas, proceedings, assess, put_at)


@pytest.fixture
def meeting(personas, proceedings, assess, put_at, wednesday):
    return refer(personas, proceedings, assess, put_at, Severity.MISCONDUCT, "refer_to_meeting")
