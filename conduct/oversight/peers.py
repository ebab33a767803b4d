"""An officer beside their peers (DOMAIN.md, "Early warning": threshold systems flag the wrong
people, so also compare each officer with peers in the same role and unit). Counts only, no
narrative: allegations recorded in the last year against the person, against each of the others
of the same rank in the same unit, their average and how many peers have fewer. Two queries."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count

from casework.models import Person
from conduct.models import Allegation

# A year of allegations: a reading window for the comparison, not a legal number.
WINDOW_DAYS = 365


@dataclass(frozen=True)
class PeerComparison:
    rank: str
    unit: str
    peers: int  # others of the same rank in the same unit
    mine: int
    average: float
    fewer: int  # peers with fewer allegations than this person

    @property
    def share_with_fewer(self) -> int:
        return round(100 * self.fewer / self.peers) if self.peers else 0


def compare(person, today: date) -> PeerComparison | None:
    if person.unit_id is None or person.rank_id is None:
        return None
    since = today - timedelta(days=WINDOW_DAYS)
    group = list(Person.objects.filter(unit_id=person.unit_id, rank_id=person.rank_id).values_list("pk", flat=True))
    counts = dict(
        Allegation.objects.filter(subject__person_id__in=group, subject__case__received_on__gte=since)
        .values("subject__person_id")
        .annotate(n=Count("pk"))
        .values_list("subject__person_id", "n")
    )
    others = [counts.get(pk, 0) for pk in group if pk != person.pk]
    mine = counts.get(person.pk, 0)
    return PeerComparison(
        rank=str(person.rank),
        unit=str(person.unit),
        peers=len(others),
        mine=mine,
        average=round(sum(others) / len(others), 1) if others else 0.0,
        fewer=sum(1 for n in others if n < mine),
    )
