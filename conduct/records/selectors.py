"""Reading the retention schedule: which records are past their review date, and whether a record
is held or already disposed of. A fixed number of queries per page, whatever the data."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery

from casework.calendar import add_months, local_date
from conduct.records.models import DisposalEntry, LegalHold, RetentionReview, RetentionRule
from conduct.records.schedule import KINDS


def rules() -> list[RetentionRule]:
    return list(RetentionRule.objects.all())


def reviewable_types() -> list[RetentionRule]:
    """The types the review list covers (those the application knows how to find), in order."""
    return [rule for rule in rules() if rule.record_type in KINDS]


def _disposed(record_type: str):
    return DisposalEntry.objects.filter(record_type=record_type, object_id=OuterRef("pk"))


def _latest_keep(record_type: str):
    keeps = RetentionReview.objects.filter(record_type=record_type, object_id=OuterRef("pk"))
    return Subquery(keeps.order_by("-decided_at", "-id").values("next_review_on")[:1])


def due_records(rule: RetentionRule, today: date):
    """Records of the rule's type past their review date, oldest first: not held, not disposed of.

    A record falls due when the retention period has run from its start date (it is due on the day
    `review_on` says), or, once a reviewer has kept it, on the next review date they set."""
    kind = KINDS[rule.record_type]
    cutoff = add_months(today, -rule.retention_months)
    records = (
        kind.not_held(kind.records())
        .annotate(kept_until=_latest_keep(rule.record_type))
        .exclude(Exists(_disposed(rule.record_type)))
    )
    first_review = Q(kept_until__isnull=True, **{f"{kind.start}__date__lte": cutoff})
    return records.filter(first_review | Q(kept_until__lte=today)).order_by(kind.start, "pk")


@dataclass
class DueRecord:
    record: object
    label: str
    started_on: date
    review_on: date
    kept_until: date | None


def describe(rule: RetentionRule, records) -> list[DueRecord]:
    """The page's rows: each record's label, start and review dates (no further queries)."""
    kind = KINDS[rule.record_type]
    rows = []
    for record in records:
        started_on = local_date(getattr(record, kind.start))
        kept_until = getattr(record, "kept_until", None)
        rows.append(
            DueRecord(
                record,
                kind.label(record),
                started_on,
                kept_until or add_months(started_on, rule.retention_months),
                kept_until,
            )
        )
    return rows


def covered(rule: RetentionRule, record) -> bool:
    """Whether the schedule covers the record yet (a case once closed, an exercise once decided)."""
    return KINDS[rule.record_type].records().filter(pk=record.pk).exists()


def review_date(rule: RetentionRule, record) -> date | None:
    """When the record is (or was) due for review; None while its period has not started."""
    kind = KINDS[rule.record_type]
    if getattr(record, kind.start) is None:
        return None
    latest = (
        RetentionReview.objects.filter(record_type=rule.record_type, object_id=record.pk)
        .order_by("-decided_at", "-id")
        .values_list("next_review_on", flat=True)
        .first()
    )
    return latest or add_months(local_date(getattr(record, kind.start)), rule.retention_months)


def is_held(record_type: str, record) -> bool:
    kind = KINDS[record_type]
    return not kind.not_held(kind.model.objects.filter(pk=record.pk)).exists()


def disposal_of(record_type: str, record) -> DisposalEntry | None:
    return DisposalEntry.objects.filter(record_type=record_type, object_id=record.pk).first()


def is_due(rule: RetentionRule, record, today: date) -> bool:
    return due_records(rule, today).filter(pk=record.pk).exists()


def active_holds():
    return LegalHold.objects.active().select_related("case", "person", "placed_by")


def holds_on_person(person):
    return LegalHold.objects.active().filter(person=person)
