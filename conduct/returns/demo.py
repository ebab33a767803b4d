"""The demo's Home Office return (seed_demo): for the current financial year, the return validates
with exactly two cases flagged, each for a subject with no protected characteristics recorded.

Runs last in seed_demo, after every other feature's demo (the fairness demo included, which fills
characteristics for most people and leaves a few blank): it first records characteristics for every
subject of the year's return who lacks them, then clears them for the subjects of two finalised
cases whose subjects are on no other case of the return. Whatever the demos before it left, the
return then has those two cases flagged for characteristics and no other."""

from datetime import date

from casework.characteristics import ETHNIC_GROUPS, SEX
from casework.characteristics_services import Characteristics, record_characteristics
from casework.models import Person
from casework.models.characteristics import ProtectedCharacteristics
from conduct.returns import selectors

FLAGGED = 2


def _complete(person) -> bool:
    row = ProtectedCharacteristics.objects.filter(person=person).first()
    return bool(row and row.sex and row.ethnicity and row.date_of_birth)


def _made_up(index: int) -> Characteristics:
    """Plausible, varied and repeatable values for the n-th person."""
    return Characteristics(
        sex=SEX[index % 2][0],
        ethnicity=ETHNIC_GROUPS[(index * 7) % (len(ETHNIC_GROUPS) - 1)][0],
        date_of_birth=date(1965 + (index * 5) % 35, 1 + index % 12, 1 + (index * 3) % 28),
    )


def seed(users) -> dict:
    year = selectors.current_year()
    cases: dict[int, tuple[str, set]] = {}
    for line, _finalised_on in selectors.allegations(year):
        cases.setdefault(line["case_id"], (line["reference"], set()))[1].add(line["person_id"])
    people = Person.objects.filter(pk__in={pk for _reference, persons in cases.values() for pk in persons})
    for index, person in enumerate(people.order_by("pk")):
        if not _complete(person):
            record_characteristics(user=users["admin"], person=person, data=_made_up(index))
    on_cases = {}
    for _reference, persons in cases.values():
        for pk in persons:
            on_cases[pk] = on_cases.get(pk, 0) + 1
    alone = [
        (ref, persons) for ref, persons in cases.values() if len(persons) == 1 and on_cases[next(iter(persons))] == 1
    ]
    chosen = alone[-FLAGGED:]  # the most recently received: the newest cases of the year
    for _reference, persons in chosen:
        ProtectedCharacteristics.objects.filter(person_id__in=persons).delete()
    return {"year": year.start_year, "flagged": [reference for reference, _persons in chosen]}
