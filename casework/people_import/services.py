"""The HR import's workflows: keep a checked file with its preview, then apply it whole, in one
transaction, re-checked against the register as it is then; a replay changes nothing."""

import hashlib

from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import figures
from casework.models import CharacteristicsSource, ImportStatus, PeopleImport, Person, ProtectedCharacteristics

from .checking import Plan, check_content
from .reading import ImportRejected

BULK_BATCH_SIZE = 1000


def preview_import(*, filename: str, content: str, user) -> PeopleImport:
    """Check a file and keep it, with its errors or what applying it would do. Writes no person."""
    plan = check_content(content)
    return PeopleImport.objects.create(
        filename=filename[:255],
        # PostgreSQL text cannot hold NUL; such a file is rejected above and never applied.
        content=content.replace("\x00", ""),
        sha256=hashlib.sha256(content.encode()).hexdigest(),
        status=ImportStatus.INVALID if plan.errors else ImportStatus.PREVIEWED,
        summary=plan.summary(),
        errors=plan.errors,
        uploaded_by=user,
    )


def apply_import(people_import: PeopleImport, *, user) -> dict:
    """Apply a previewed file in one transaction, re-checked against the register as it is now.

    Raises ImportRejected, having changed nothing, when the file is invalid, already applied,
    or the register changed underneath it. Returns the counts of created, updated, unchanged.
    """
    try:
        with transaction.atomic():
            locked = PeopleImport.objects.select_for_update().get(pk=people_import.pk)
            if locked.status == ImportStatus.APPLIED:
                raise ImportRejected("This import has already been applied.")
            plan = check_content(locked.content, lock=True)
            if plan.errors:
                raise ImportRejected("The file has errors, so nothing was imported.", plan.errors)
            _write(plan)
            _write_characteristics(plan, user)
            _mark_applied(locked, plan, user)
            _announce_leavers(plan, user)
            figures.changed()  # the workforce and its characteristics: fairness monitoring's baseline
    except IntegrityError as error:
        # Someone else added one of these people between our check and our write.
        raise ImportRejected("The register changed while the import was applied. Upload the file again.") from error
    people_import.refresh_from_db()
    return plan.counts()


def _write(plan: Plan):
    now = timezone.now()
    people = plan.register.people
    created = [Person(force=row.force, number=row.number, **row.values) for row in plan.creates]
    Person.objects.bulk_create(created, batch_size=BULK_BATCH_SIZE)
    people.update({(p.force_id, p.number): p for p in created})
    changed_fields = set()
    for row, person, fields in plan.updates:
        for name, value in row.values.items():
            setattr(person, name, value)
        person.updated_at = now
        changed_fields.update(f for f in fields if f not in ("line_manager", "characteristics"))
    if changed_fields:
        persons = [person for _row, person, _fields in plan.updates]
        Person.objects.bulk_update(persons, [*changed_fields, "updated_at"], batch_size=BULK_BATCH_SIZE)
    _write_managers(plan, now)


def _write_managers(plan: Plan, now):
    """Second pass: line managers, now that every person in the file has a primary key."""
    people = plan.register.people
    moved = []
    for row in plan.rows:
        if row.manager_number is None:
            continue
        person = people[row.key]
        manager = people[(row.force.pk, row.manager_number)] if row.manager_number else None
        manager_id = manager.pk if manager else None
        if person.line_manager_id != manager_id:
            person.line_manager_id = manager_id
            person.updated_at = now
            moved.append(person)
    Person.objects.bulk_update(moved, ["line_manager", "updated_at"], batch_size=BULK_BATCH_SIZE)


def _write_characteristics(plan: Plan, user):
    """Third pass: the protected characteristics the file gives (blank cells gave none), with the
    source "HR import". Special category data: written here, never shown in the preview."""
    people = plan.register.people
    now = timezone.now()
    created = {row.key for row in plan.creates}
    new, changed = [], []
    for row in plan.rows:
        if not row.characteristics:
            continue
        person = people[row.key]
        # Loaded with the register (select_related): no query per person; a new person has none.
        held = None if row.key in created else getattr(person, "characteristics", None)
        if held is None:
            new.append(ProtectedCharacteristics(person=person, **_stamped(row.characteristics, user, now)))
        elif any(getattr(held, name) != value for name, value in row.characteristics.items()):
            for name, value in _stamped(row.characteristics, user, now).items():
                setattr(held, name, value)
            changed.append(held)
    ProtectedCharacteristics.objects.bulk_create(new, batch_size=BULK_BATCH_SIZE)
    fields = ["sex", "ethnicity", "date_of_birth", "source", "recorded_by", "recorded_at"]
    ProtectedCharacteristics.objects.bulk_update(changed, fields, batch_size=BULK_BATCH_SIZE)


def _stamped(values: dict, user, now) -> dict:
    return {**values, "source": CharacteristicsSource.HR_IMPORT, "recorded_by": user, "recorded_at": now}


def _announce_leavers(plan: Plan, user):
    """Each person the file newly records as having left the service (casework.services.person_left_service:
    e.g. the Advisory List report of someone who resigned under investigation)."""
    from casework.services import person_left_service

    for _row, person, fields in plan.updates:
        # A new leaving date, or how they left (a "dismissed" withdraws Advisory List reports not yet prepared).
        if ("left_service_on" in fields or "left_by" in fields) and person.left_service_on is not None:
            person_left_service(person=person, on=person.left_service_on, user=user)


def _mark_applied(people_import: PeopleImport, plan: Plan, user):
    people_import.status = ImportStatus.APPLIED
    people_import.applied_at = timezone.now()
    people_import.applied_by = user
    # What was applied, which may differ from the preview if the register changed in between.
    people_import.summary = plan.summary()
    people_import.save(update_fields=["status", "applied_at", "applied_by", "summary"])


def identical_applied_import(people_import: PeopleImport) -> PeopleImport | None:
    """An earlier import of the same bytes that was applied, if any (a replay changes nothing)."""
    return (
        PeopleImport.objects.filter(sha256=people_import.sha256, status=ImportStatus.APPLIED)
        .exclude(pk=people_import.pk)
        .order_by("-applied_at")
        .first()
    )
