"""Records management workflows: legal holds, keeping a record past its review date, and
disposal. Each takes the acting user, runs in one transaction and refuses with every problem at
once (`RecordsRefused`); nothing is written when it refuses.

Disposal is logged in the disposal log (s.62(1)(f): erasure is a processing operation to log),
appended on the keyed hash chain machinery of casework.audit, so `manage.py verify_audit`
checks it with the other logs and shows its entries."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from casework.audit import Chain, append_entry, register_chain
from casework.calendar import add_months
from casework.errors import Refused, refuse_all
from casework.models import Case, Person
from conduct.records import selectors
from conduct.records.models import DisposalEntry, LegalHold, RetentionReview, RetentionRule
from conduct.records.schedule import KINDS

MAX_KEEP_YEARS = 10  # a keep decision is reviewed again within this time (APP MoPI: periodic review)


class RecordsRefused(Refused):
    """A hold, keep or disposal the service will not record."""


def _hashed_fields(entry: DisposalEntry) -> dict:
    return {
        "at": entry.at.isoformat(),
        "user": entry.user_id,
        "record_type": entry.record_type,
        "object_id": entry.object_id,
        "object_label": entry.object_label,
        "reason": entry.reason,
        "removed": entry.removed,
        "kept": entry.kept,
    }


DISPOSALS = register_chain(Chain("disposal log", DisposalEntry, 62_0005, _hashed_fields))


# Legal holds ------------------------------------------------------------------------------
@transaction.atomic
def place_hold(*, user, reason: str, case: Case | None = None, person: Person | None = None) -> LegalHold:
    """Hold a case, or a person (every case they are a subject of), against disposal."""
    problems = []
    if (case is None) == (person is None):
        problems.append(("Enter a case reference or a person's number (one of them)", "case_reference"))
    if not reason.strip():
        problems.append(("Say why the record must be kept (for example, the litigation or inquiry)", "reason"))
    target = case or person
    if target is not None:
        type(target).objects.select_for_update().get(pk=target.pk)  # serialises with a disposal
        existing = (
            LegalHold.objects.active().filter(case=case) if case else LegalHold.objects.active().filter(person=person)
        )
        if existing.exists():
            name = case.reference if case else person.full_name
            problems.append((f"{name} is already under a legal hold", "case_reference" if case else "person_number"))
    refuse_all(problems, RecordsRefused)
    return LegalHold.objects.create(case=case, person=person, reason=reason.strip(), placed_by=user)


@transaction.atomic
def lift_hold(*, user, hold: LegalHold, reason: str) -> LegalHold:
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    problems = []
    if not hold.active:
        problems.append(("This hold was already lifted", None))
    if not reason.strip():
        problems.append(("Say why the hold is lifted", "reason"))
    refuse_all(problems, RecordsRefused)
    hold.lifted_at, hold.lifted_by, hold.lift_reason = timezone.now(), user, reason.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    return hold


# Review decisions -------------------------------------------------------------------------
def _rule(record_type: str) -> RetentionRule:
    if record_type not in KINDS:
        raise RecordsRefused("The retention schedule does not review this type of record")
    return RetentionRule.objects.get(record_type=record_type)


@transaction.atomic
def keep(*, user, record_type: str, record, reason: str, next_review_on: date | None, today: date | None = None):
    """Keep a record past its review date: a reason and the next review date are required."""
    today = today or timezone.localdate()
    rule = _rule(record_type)
    problems = []
    if not selectors.covered(rule, record):
        problems.append(
            (f"This record is not yet covered by the schedule: its period runs from {rule.counted_from}", None)
        )
    if not reason.strip():
        problems.append(("Say why the record is still needed", "reason"))
    if next_review_on is None:
        problems.append(("Enter the next review date", "next_review_on"))
    elif next_review_on <= today:
        problems.append(("The next review date must be in the future", "next_review_on"))
    elif next_review_on > add_months(today, 12 * MAX_KEEP_YEARS):
        problems.append((f"The next review date must be within {MAX_KEEP_YEARS} years", "next_review_on"))
    if selectors.disposal_of(record_type, record):
        problems.append(("This record has already been disposed of", None))
    refuse_all(problems, RecordsRefused)
    return RetentionReview.objects.create(
        record_type=record_type,
        object_id=record.pk,
        object_label=KINDS[record_type].label(record),
        reason=reason.strip(),
        next_review_on=next_review_on,
        decided_by=user,
    )


# Disposal ---------------------------------------------------------------------------------
def _lock(record_type: str, record):
    """Lock the record (and, for a case, its subjects' register entries, which a person hold
    locks too), so a hold placed meanwhile is seen before anything is removed."""
    kind = KINDS[record_type]
    locked = kind.model.objects.select_for_update().get(pk=record.pk)
    if kind.model is Case:
        list(Person.objects.select_for_update(of=("self",)).filter(case_subjects__case=locked).order_by("pk"))
    return locked


@transaction.atomic
def dispose(*, user, record_type: str, record, reason: str, today: date | None = None) -> DisposalEntry:
    """Dispose of a record past its review date: remove what the schedule says, log it."""
    today = today or timezone.localdate()
    rule = _rule(record_type)
    kind = KINDS[record_type]
    record = _lock(record_type, record)
    label = kind.label(record)
    problems = []
    if not reason.strip():
        problems.append(("Say why the record is no longer needed", "reason"))
    if kind.dispose is None or not rule.disposable:
        problems.append(
            (
                f"{rule.get_record_type_display()} records cannot be disposed of in the application: "
                f"{rule.disposal_note}",
                None,
            )
        )
    elif not selectors.covered(rule, record):
        problems.append((f"{label} is not yet covered by the schedule: its period runs from {rule.counted_from}", None))
    elif selectors.disposal_of(record_type, record):
        problems.append((f"{label} has already been disposed of", None))
    elif selectors.is_held(record_type, record):
        problems.append((f"{label} is under a legal hold: it cannot be disposed of until the hold is lifted", None))
    elif not selectors.is_due(rule, record, today):
        due_on = selectors.review_date(rule, record)
        problems.append((f"{label} is not due for review until {due_on:%-d %B %Y}", None))
    refuse_all(problems, RecordsRefused)
    removed = kind.dispose(record)
    entry = DisposalEntry(
        at=timezone.now(),
        user=user,
        record_type=record_type,
        object_id=record.pk,
        object_label=label,
        reason=reason.strip(),
        removed=removed,
        kept=kind.kept,
    )
    return append_entry(DISPOSALS, entry)
