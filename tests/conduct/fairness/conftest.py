"""A small force with protected characteristics, and cases in a past financial year whose
subjects reach known stages: the figures of fairness monitoring are counted by hand from it."""

from datetime import date

import pytest

from casework.models import CharacteristicsSource, Person, ProtectedCharacteristics
from conduct.fairness.selectors import Filters
from conduct.models import Proceedings, SeverityAssessment
from tests.conduct.oversight.helpers import suspend
from tests.factories import PersonFactory, make_case

YEAR = Filters(date(2025, 4, 1), date(2026, 3, 31))


def person(force, ethnicity, sex="male", **fields):
    made = PersonFactory(force=force, **fields)
    if ethnicity is not None:
        ProtectedCharacteristics.objects.create(
            person=made, ethnicity=ethnicity, sex=sex, source=CharacteristicsSource.HR_IMPORT
        )
    return made


@pytest.fixture
def force_world(personas, team, home_force):
    """20 White officers (5 on a case in the year), 10 Black officers (6 on a case in the year),
    4 Asian officers (2 on a case), 3 with nothing recorded (1 on a case); one White officer on a
    case received the day before the year; and staff, who are not officers."""
    white = [person(home_force, "white_british" if n % 2 else "white_other") for n in range(20)]
    black = [person(home_force, "black_african" if n % 2 else "black_caribbean", sex="female") for n in range(10)]
    asian = [person(home_force, "asian_indian") for n in range(4)]
    unknown = [person(home_force, None) for n in range(3)]
    staff = [person(home_force, "white_british", person_type="staff") for n in range(2)]
    in_year = make_case(
        personas.investigator, team, white[:5] + black[:6] + asian[:2] + unknown[:1], received_on=date(2025, 6, 1)
    )
    before = make_case(personas.investigator, team, [white[19]], received_on=date(2025, 3, 31))
    subjects = {s.person_id: s for s in in_year.subjects.all()}
    return {
        "white": white,
        "black": black,
        "asian": asian,
        "unknown": unknown,
        "staff": staff,
        "case": in_year,
        "before": before,
        "subject": lambda p: subjects[p.pk],
    }


def assess(subject, severity, by, at=None):
    from django.utils import timezone

    for allegation in subject.allegations.all():
        SeverityAssessment.objects.create(
            allegation=allegation,
            severity=severity,
            rationale="Test.",
            assessed_by=by,
            assessed_at=at or timezone.now(),
        )


def proceed(subject, **fields):
    Proceedings.objects.filter(subject=subject).update(**fields)


def suspended(authority, subject, on=date(2025, 7, 1)):
    return suspend(authority, subject, effective_on=on)


__all__ = ["YEAR", "Person", "assess", "person", "proceed", "suspended"]
