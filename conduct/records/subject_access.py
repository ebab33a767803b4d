"""The subject access export (DPA 2018 s.45): everything held about one person that the law lets
them see, as a ZIP of one HTML document and one CSV of the consultations of their record.

What is in it, and what is not:

- the register entry and the duty-status timeline; the person's warnings;
- each case where they are a subject: *their* allegations, severity assessments, duty decisions,
  proceedings and the decisions recorded on them (stage transitions with reasons), and the
  letters sent to them. Never the case summary, the complainant, or the other subjects: those are
  other people's personal data, not the requester's (s.45(1) gives access to "personal data
  concerning him or her");
- the consultations of their record (s.62 logs: when, why, what was looked at). The staff who
  looked are third parties: their names are a category the user discloses or withholds;
- a "withheld" section: for each category the user withheld, the ground of s.45(4) they chose and
  their reason (s.45(7): the controller records the reasons for a restriction).

Memory is bounded: the archive is written to a spooled temporary file (on disk past a few MB) and
the consultations, which may run to thousands, are streamed into the CSV in batches."""

import io
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from casework import csv_export
from casework.models import CaseSubject, Consultation, ObjectKind
from casework.models.cases import CaseStatus
from conduct.records.models import RetentionRule

SPOOL_BYTES = 8 * 1024 * 1024


class Ground:
    """The grounds on which s.45(4) lets the controller restrict the right of access."""

    DISCLOSE = "disclose"
    CHOICES = [
        (DISCLOSE, "Disclose it: no restriction"),
        ("s45_4_a", "s.45(4)(a): to avoid obstructing an official or legal inquiry, investigation or procedure"),
        (
            "s45_4_b",
            "s.45(4)(b): to avoid prejudicing the prevention, detection, investigation or prosecution of "
            "criminal offences or the execution of criminal penalties",
        ),
        ("s45_4_c", "s.45(4)(c): to protect public security"),
        ("s45_4_d", "s.45(4)(d): to protect national security"),
        ("s45_4_e", "s.45(4)(e): to protect the rights and freedoms of others"),
    ]
    LABELS = dict(CHOICES)


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    what: str  # what the category holds, for the form and the withheld section
    default: str


CATEGORIES = [
    Category(
        "live_narrative",
        "What is alleged and decided in cases still open",
        "For cases not yet closed: what is alleged and where, the reasons for severity assessments, "
        "duty decisions and the decisions recorded on the proceedings.",
        "s45_4_a",
    ),
    Category(
        "consulters",
        "Who looked at the record",
        "The names of the staff who consulted the person's record (the consultations' dates, purposes "
        "and what was looked at are always included).",
        "s45_4_e",
    ),
]
CATEGORY_CODES = [c.code for c in CATEGORIES]
NOT_THEIRS = (
    "Case summaries, complainants' names and contact details, and other subjects of the same cases are "
    "other people's personal data, not the requester's, and are not part of this export (s.45(1))."
)


@dataclass
class Restriction:
    category: Category
    ground: str
    reason: str

    @property
    def withheld(self) -> bool:
        return self.ground != Ground.DISCLOSE

    @property
    def ground_label(self) -> str:
        return Ground.LABELS[self.ground]


@dataclass
class Request:
    reference: str  # the force's reference for the request
    restrictions: dict[str, Restriction] = field(default_factory=dict)

    def withholds(self, code: str) -> bool:
        restriction = self.restrictions.get(code)
        return restriction is not None and restriction.withheld


def _case_ids(person):
    return CaseSubject.objects.filter(person=person).values("case_id")


def _subjects(person):
    return (
        CaseSubject.objects.filter(person=person)
        .select_related("case", "proceedings")
        .prefetch_related(
            "allegations__standards",
            "allegations__categories",
            "allegations__assessments",
            "duty_decisions",
            "proceedings__transitions",
        )
        .order_by("case__received_on", "case_id")
    )


def document_context(person, request: Request) -> dict:
    from conduct.models import DisciplinaryWarning
    from notifications.models import Correspondence, Status

    subjects = list(_subjects(person))
    for subject in subjects:
        subject.narrative_withheld = subject.case.status == CaseStatus.OPEN and request.withholds("live_narrative")
    return {
        "person": person,
        "request": request,
        "generated_at": timezone.now(),
        "duty_statuses": person.duty_statuses.order_by("starts_on", "id"),
        "warnings": DisciplinaryWarning.objects.filter(person=person).order_by("starts_on"),
        "subjects": subjects,
        "letters": Correspondence.objects.filter(person=person, status=Status.SENT)
        .select_related("case")
        .order_by("created_at", "id"),
        "consultation_count": _consultations(person).count(),
        "restrictions": [r for r in request.restrictions.values() if r.withheld],
        "not_theirs": NOT_THEIRS,
        "retention": RetentionRule.objects.all(),
    }


def _consultations(person):
    return Consultation.objects.filter(Q(person=person) | Q(case_id__in=_case_ids(person)))


def _what(entry: Consultation) -> str:
    """What was looked at, in words that name no one else (a document's label may name a recipient)."""
    if entry.kind == ObjectKind.PERSON:
        return "Your register entry"
    if entry.kind == ObjectKind.SPECIAL_CATEGORY:
        return "Your protected characteristics"
    if entry.kind == ObjectKind.CASE:
        return f"Case {entry.case.reference}" if entry.case else "A case"
    if entry.kind == ObjectKind.DOCUMENT:
        return f"A document on case {entry.case.reference}" if entry.case else "A document"
    return "An export including your record"


def _consultation_rows(person, request: Request, batch_size: int = 2000):
    withheld = request.restrictions.get("consulters")
    hidden = f"Withheld ({withheld.ground_label.split(':')[0]})" if withheld and withheld.withheld else None
    entries = _consultations(person).select_related("user", "case").order_by("at", "id")
    for entry in entries.iterator(chunk_size=batch_size):
        who = hidden or (entry.user.get_full_name() or entry.user.get_username())
        yield [timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M"), _what(entry), entry.purpose, who]


CSV_HEADER = ["When", "What was looked at", "Purpose given", "Who looked"]


def write_export(person, request: Request):
    """The ZIP, in a spooled temporary file positioned at its start; the caller closes it."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        html = render_to_string("conduct/records/subject_access_document.html", document_context(person, request))
        archive.writestr("subject-access.html", html)
        with archive.open("consultations.csv", "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            # The one CSV writer (casework.csv_export): every cell neutralised, in batches from the database.
            text.writelines(csv_export.lines(_consultation_rows(person, request), header=CSV_HEADER))
            text.flush()
            text.detach()
    spool.seek(0)
    return spool


def filename(person, request: Request) -> str:
    day = timezone.localdate()
    return f"subject-access-{person.number}-{day:%Y-%m-%d}.zip".replace("/", "-")
