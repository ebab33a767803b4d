"""The record types the retention schedule reviews, and what disposing of one does.

The periods are data (`RetentionRule`); this module says, for each record type the application
can review, which records it covers, the date the period runs from, what holds apply and how a
record is disposed of. A type without an entry here (the consultation log, letters and their
PDFs) is on the schedule but never in the review list: it cannot be disposed of in the
application without breaking an append-only log (docs/data-protection.md).

Disposal keeps the record's row as a tombstone (its reference, dates and decisions' metadata):
the consultation log, the disclosure log, the timeline and other append-only tables point at the
row with PROTECT foreign keys, and the chains are only verifiable while they do. What disposal
removes is the live narrative and contact details; the change history (django-pghistory's
append-only snapshot tables) keeps the values it recorded before, which the application cannot
remove (the database owner can, outside the application: docs/data-protection.md)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from casework.models import Case, CaseSubject, ComplainantContact, PeopleImport
from casework.models.cases import CaseStatus, Origin
from conduct.records.models import LegalHold, RecordType


def tombstone(today=None) -> str:
    day = today or timezone.localdate()
    return f"[Disposed of on {day:%-d %B %Y} under the retention schedule: see the disposal log.]"


# Holds ------------------------------------------------------------------------------------
def _cases_not_held(cases: QuerySet) -> QuerySet:
    holds = LegalHold.objects.active()
    held_people = holds.filter(person__isnull=False).values("person_id")
    return cases.exclude(pk__in=holds.filter(case__isnull=False).values("case_id")).exclude(
        pk__in=CaseSubject.objects.filter(person_id__in=held_people).values("case_id")
    )


def _exercises_not_held(exercises: QuerySet) -> QuerySet:
    holds = LegalHold.objects.active()
    held_people = holds.filter(person__isnull=False).values("person_id")
    held_cases = holds.filter(case__isnull=False).values("case_id")
    from conduct.models import Accessor

    return (
        exercises.exclude(case_id__in=held_cases)
        .exclude(case_id__in=CaseSubject.objects.filter(person_id__in=held_people).values("case_id"))
        .exclude(pk__in=Accessor.objects.filter(person_id__in=held_people).values("exercise_id"))
    )


def _nothing_held(records: QuerySet) -> QuerySet:
    return records  # an HR file is not a case or a person: no hold applies to it


# Disposers ------------------------------------------------------------------------------------
def _dispose_case(case: Case) -> list[str]:
    """Remove the case's narrative and contact details; keep the row (the logs point at it)."""
    from conduct.models import Allegation

    text = tombstone()
    removed = ["the case summary"]
    if case.complainant_name:
        removed.append("the complainant's name")
    case.summary, case.complainant_name = text, ""
    case.save(update_fields=["summary", "complainant_name"])
    contacts, _ = ComplainantContact.objects.filter(case=case).delete()
    if contacts:
        removed.append("the complainant's contact details")
    allegations = Allegation.objects.filter(subject__case=case).update(description=text, location="")
    if allegations:
        removed.append(f"what is alleged and where, in {allegations} allegation{'s' if allegations != 1 else ''}")
    return removed


def _dispose_exercise(exercise) -> list[str]:
    """Remove the imported access log rows (who opened the record, when, what they did); the
    accessors' summaries, assessments and letters are the exercise's decisions and stay."""
    events, _ = exercise.events.all().delete()
    return [f"the imported access log ({events} row{'s' if events != 1 else ''})"]


def _dispose_people_import(people_import: PeopleImport) -> list[str]:
    removed = [f"the uploaded file's contents ({len(people_import.content)} characters)"]
    if people_import.errors:
        removed.append(f"the row errors ({len(people_import.errors)})")
    people_import.content, people_import.errors = "", []
    people_import.save(update_fields=["content", "errors"])
    return removed


CASE_KEPT = (
    "The case's row (reference, dates, team, status), its subjects, decisions and their reasons, "
    "letters and their PDFs, the timeline, the change history and the audit logs: they are append-only "
    "or referred to by the append-only logs."
)


# The types ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Kind:
    record_type: RecordType
    model: type
    records: Callable[[], QuerySet]  # the records the schedule covers (closed, decided, ...)
    start: str  # the datetime field the period runs from
    label: Callable[[object], str]
    not_held: Callable[[QuerySet], QuerySet]
    dispose: Callable[[object], list[str]] | None  # None: reviewed, never disposed of here
    kept: str = ""


def _closed_cases(*, complaints: bool):
    def records():
        cases = Case.objects.filter(status=CaseStatus.CLOSED)
        if complaints:
            return cases.filter(origin=Origin.PUBLIC_COMPLAINT)
        return cases.exclude(origin=Origin.PUBLIC_COMPLAINT)

    return records


def _decided_exercises():
    from conduct.models import AccessExercise

    return AccessExercise.objects.filter(decided_at__isnull=False)


def _exercise_model():
    from conduct.models import AccessExercise

    return AccessExercise


KINDS: dict[str, Kind] = {}


def register_kinds():
    """Filled when conduct is ready (the access review model lives in a sibling feature)."""
    KINDS.update(
        {
            RecordType.CONDUCT_CASE: Kind(
                RecordType.CONDUCT_CASE,
                Case,
                _closed_cases(complaints=False),
                "closed_at",
                lambda case: case.reference,
                _cases_not_held,
                _dispose_case,
                CASE_KEPT,
            ),
            RecordType.COMPLAINT_CASE: Kind(
                RecordType.COMPLAINT_CASE,
                Case,
                _closed_cases(complaints=True),
                "closed_at",
                lambda case: case.reference,
                _cases_not_held,
                _dispose_case,
                CASE_KEPT,
            ),
            RecordType.ACCESS_REVIEW: Kind(
                RecordType.ACCESS_REVIEW,
                _exercise_model(),
                _decided_exercises,
                "decided_at",
                lambda exercise: exercise.name[:200],
                _exercises_not_held,
                _dispose_exercise,
                "The exercise, its accessors (name, number, first and last access, count), their assessments "
                "with reasons, the decision and the letters: the exercise's findings and decisions.",
            ),
            RecordType.PEOPLE_IMPORT: Kind(
                RecordType.PEOPLE_IMPORT,
                PeopleImport,
                PeopleImport.objects.all,
                "uploaded_at",
                lambda people_import: f"{people_import.filename} ({people_import.uploaded_at:%-d %B %Y})"[:200],
                _nothing_held,
                _dispose_people_import,
                "The import's row: file name, its SHA-256, the counts applied, who uploaded and applied it, when.",
            ),
        }
    )
