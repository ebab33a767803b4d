"""Recording a person's protected characteristics by hand (issue 21): the one workflow that writes
`ProtectedCharacteristics` with the source "recorded by hand". The HR import writes its own rows
(casework/people_import). Special category data: casework/characteristics.py says who may see it."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from casework import figures, permissions
from casework.characteristics import ETHNICITY_CHOICES, SEX, age_on
from casework.errors import Refused, refuse_all
from casework.models import Person
from casework.models.characteristics import CharacteristicsSource, ProtectedCharacteristics

# Someone on the register is at least 16 (police staff apprentices) and under 100: a date outside
# that is a typing slip, not a person.
YOUNGEST, OLDEST = 16, 100


class CharacteristicsRefused(Refused):
    """The characteristics cannot be recorded as given; the message says why."""


@dataclass(frozen=True)
class Characteristics:
    sex: str
    ethnicity: str
    date_of_birth: date | None


def _problems(data: Characteristics, today: date) -> list:
    problems = []
    if data.sex not in {code for code, _ in SEX}:
        problems.append(("Select the person's sex, or “Prefer not to say / not stated”", "sex"))
    if data.ethnicity not in {code for code, _ in ETHNICITY_CHOICES}:
        problems.append(("Select the person's ethnic group, or “Prefer not to say / not stated”", "ethnicity"))
    if data.date_of_birth is not None:
        age = age_on(data.date_of_birth, today)
        if data.date_of_birth > today:
            problems.append(("The date of birth must be in the past", "date_of_birth"))
        elif age < YOUNGEST or age >= OLDEST:
            problems.append(
                (f"The date of birth must make the person between {YOUNGEST} and {OLDEST - 1} today", "date_of_birth")
            )
    return problems


@transaction.atomic
def record_characteristics(*, user, person: Person, data: Characteristics) -> ProtectedCharacteristics:
    """Record (or change) the person's sex, ethnic group and date of birth, as recorded by hand by
    `user`. Every problem is refused at once; nothing is written then. The change history
    (pghistory) keeps every earlier version, whatever its source."""
    if not permissions.can_record_characteristics(user):
        raise CharacteristicsRefused("You may not record protected characteristics.")
    refuse_all(_problems(data, timezone.localdate()), CharacteristicsRefused)
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one writer per person at a time
    row, _created = ProtectedCharacteristics.objects.update_or_create(
        person=person,
        defaults={
            "sex": data.sex,
            "ethnicity": data.ethnicity,
            "date_of_birth": data.date_of_birth,
            "source": CharacteristicsSource.RECORDED,
            "recorded_by": user,
            "recorded_at": timezone.now(),
        },
    )
    figures.changed()  # fairness monitoring counts by these
    return row
