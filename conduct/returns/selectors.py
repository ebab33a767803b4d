"""Reads of the Home Office return: the year's rows (one per allegation of each subject of each case
finalised in the financial year), what stops a case being exported, and the suspension figures.
The rows are read a chunk of cases at a time (a server-side cursor over the finalised cases, then one
query per chunk), so memory stays flat however many cases the year holds."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import DenseRank, RowNumber
from django.urls import reverse
from django.utils import timezone

from casework.characteristics import age_band, high_level_group
from casework.models import PersonType
from conduct.appeals.selectors import cases_finalised_between
from conduct.cases import routes
from conduct.models import (
    Allegation,
    Appeal,
    AppealKind,
    AppealResult,
    Conclusion,
    CriminalInvestigation,
    CriminalProceedingsPause,
    DecisionState,
    DutyDecision,
    DutyKind,
    Finding,
    MatterType,
    Severity,
    SeverityAssessment,
    Stage,
    StageTransition,
)
from conduct.returns import columns as c

CHUNK = 500
# The 2020 regulations apply to matters that came to the force's attention from this day.
REGULATIONS_FROM = date(2020, 2, 1)
FIRST_YEAR = 2019  # the financial year 2019-20 holds February and March 2020


@dataclass(frozen=True)
class FinancialYear:
    start_year: int

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def long_label(self) -> str:
        return f"1 April {self.start_year} to 31 March {self.start_year + 1}"


def current_year(today: date | None = None) -> FinancialYear:
    today = today or timezone.localdate()
    return FinancialYear(today.year if today.month >= 4 else today.year - 1)


# Which cases -------------------------------------------------------------------------------
IN_SCOPE = (
    Q(route__isnull=True)  # recorded before routes: an internal conduct matter (conduct.cases.routes)
    | Q(route__matter_type__in=[MatterType.INTERNAL, MatterType.RECORDABLE_CONDUCT])
    | Q(route__matter_type=MatterType.COMPLAINT, route__special_procedures=True)
)


def finalised_cases(year: FinancialYear):
    """(pk, finalised_on) of the cases the return holds, oldest received first."""
    return (
        cases_finalised_between(year.start, year.end)
        .filter(IN_SCOPE, received_on__gte=REGULATIONS_FROM)
        .order_by("received_on", "pk")
        .values_list("pk", "finalised_on")
    )


def _allegations(case_ids):
    latest_severity = SeverityAssessment.objects.filter(allegation=OuterRef("pk")).order_by("-assessed_at", "-id")
    latest_appeal = Appeal.objects.filter(proceedings__subject=OuterRef("subject")).order_by("-lodged_on", "-id")
    finding_made = StageTransition.objects.filter(
        proceedings__subject=OuterRef("subject"), action__in=["record_outcome", "decide_appeal"]
    ).order_by("-made_at", "-id")
    suspended = DutyDecision.objects.filter(
        subject=OuterRef("subject"),
        kind=DutyKind.SUSPEND,
        effective_on__isnull=False,
        state__in=[DecisionState.ACTIVE, DecisionState.ENDED, DecisionState.REPLACED],
    )
    return (
        Allegation.objects.filter(subject__case_id__in=case_ids)
        .select_related(
            "subject__case__route",
            "subject__person__characteristics",
            "subject__proceedings__staff_outcome",
        )
        .prefetch_related("categories", "standards")
        .annotate(
            severity=Subquery(latest_severity.values("severity")[:1]),
            appeal_kind=Subquery(latest_appeal.values("kind")[:1]),
            appeal_result=Subquery(latest_appeal.values("result")[:1]),
            finding_made_at=Subquery(finding_made.values("made_at")[:1]),
            suspended=Exists(suspended),
            paused=Exists(CriminalProceedingsPause.objects.filter(subject=OuterRef("subject"))),
            subject_number=Window(DenseRank(), partition_by=F("subject__case_id"), order_by=F("subject_id").asc()),
            allegation_number=Window(RowNumber(), partition_by=F("subject_id"), order_by=F("id").asc()),
        )
        .order_by("subject__case__received_on", "subject__case_id", "subject_id", "id")
    )


def _batched(iterable, size):
    """itertools.batched (Python 3.12) for 3.11."""
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def allegations(year: FinancialYear) -> Iterator[tuple[Allegation, date]]:
    """(allegation, the case's finalised date) for every allegation in the year's return."""
    for chunk in _batched(finalised_cases(year).iterator(chunk_size=CHUNK), CHUNK):
        finalised = dict(chunk)
        for allegation in _allegations(list(finalised)):
            yield allegation, finalised[allegation.subject.case_id]


# The row -----------------------------------------------------------------------------------
FORUM_LABELS = dict(zip([Stage.MEETING, Stage.HEARING, Stage.ACCELERATED], c.FORUMS, strict=True))
FINDING_LABELS = {
    Finding.MISCONDUCT: "Misconduct found",
    Finding.GROSS: "Gross misconduct found",
    Finding.NOT_PROVEN: "Not proven",
}
APPEAL_LABELS = {AppealKind.MEETING: c.APPEALS[1], AppealKind.TRIBUNAL: c.APPEALS[2]}
RESULT_LABELS = {
    "": "Pending",
    AppealResult.DISMISSED: "Dismissed",
    AppealResult.REVERSED: "Allowed: finding reversed",
    AppealResult.SUBSTITUTED: "Allowed: outcome substituted",
}
CHARGED = (CriminalInvestigation.CHARGED, CriminalInvestigation.CONVICTED, CriminalInvestigation.ACQUITTED)


def case_type(case) -> str:
    route = routes.route_of(case)
    if route is None or route.matter_type == MatterType.INTERNAL:
        return c.CONDUCT_MATTER
    return c.RECORDABLE if route.matter_type == MatterType.RECORDABLE_CONDUCT else c.COMPLAINT


def _characteristics(person):
    try:
        return person.characteristics
    except person.__class__.characteristics.RelatedObjectDoesNotExist:
        return None


def case_to_answer(allegation, proceedings) -> str:
    if proceedings.forum and allegation.severity in (Severity.MISCONDUCT, Severity.GROSS):
        return c.MISCONDUCT if allegation.severity == Severity.MISCONDUCT else c.GROSS
    return c.NO_CASE


def action_taken(proceedings) -> str:
    if proceedings.forum:
        return c.PROCEEDINGS
    if proceedings.conclusion == Conclusion.RPRP:
        return c.RPRP
    return c.NFA


def finding(proceedings) -> str:
    if proceedings.conclusion == Conclusion.WITHDRAWN:
        return "Proceedings withdrawn"
    return FINDING_LABELS.get(proceedings.finding, "")


def disciplinary_action(proceedings) -> str:
    if proceedings.staff_outcome_id:
        return proceedings.staff_outcome.name
    return proceedings.get_outcome_display() if proceedings.outcome else ""


def row(allegation, finalised_on) -> list:
    subject = allegation.subject
    case, person, proceedings = subject.case, subject.person, subject.proceedings
    found = _characteristics(person)
    left = person.left_service_on
    made = allegation.finding_made_at
    return [
        case.reference,
        allegation.subject_number,
        allegation.allegation_number,
        case_type(case),
        c.REGIME,
        PersonType(person.person_type).label,
        "Yes" if left and left <= case.received_on else "No",
        (age_band(found.date_of_birth, case.received_on) or "") if found else "",
        (high_level_group(found.ethnicity) or "") if found else "",
        found.get_sex_display() if found and found.sex else "",
        "; ".join(category.name for category in allegation.categories.all()),
        "; ".join(standard.name for standard in allegation.standards.all()),
        case_to_answer(allegation, proceedings),
        action_taken(proceedings),
        FORUM_LABELS.get(proceedings.forum, ""),
        finding(proceedings),
        timezone.localtime(made).date().isoformat() if made and proceedings.finding else "",
        disciplinary_action(proceedings),
        APPEAL_LABELS.get(allegation.appeal_kind, "None"),
        RESULT_LABELS.get(allegation.appeal_result, "") if allegation.appeal_kind else "",
        "Yes" if allegation.criminal_investigation in CHARGED or allegation.paused else "No",
        "Yes" if allegation.suspended else "No",
        case.received_on.isoformat(),
        finalised_on.isoformat(),
    ]


def rows(year: FinancialYear) -> Iterator[list]:
    for allegation, finalised_on in allegations(year):
        yield row(allegation, finalised_on)


# Validation --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    text: str
    url: str
    link_text: str


@dataclass
class FlaggedCase:
    reference: str
    url: str
    reasons: list[Reason] = field(default_factory=list)

    def add(self, reason: Reason):
        if reason not in self.reasons:
            self.reasons.append(reason)


@dataclass
class Validation:
    year: FinancialYear
    cases: int = 0
    rows: int = 0
    flagged: dict[str, FlaggedCase] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.flagged

    def flag(self, case, reason: Reason):
        entry = self.flagged.setdefault(case.reference, FlaggedCase(case.reference, case.get_absolute_url()))
        entry.add(reason)


MISSING = (("sex", "sex"), ("ethnicity", "ethnic group"), ("date_of_birth", "date of birth"))


def reasons(allegation, back: str) -> list[Reason]:
    """Why this allegation's row cannot be exported yet, each with the page that fixes it. `back`
    is the return's page, where the characteristics form comes back to."""
    subject = allegation.subject
    case, person, proceedings = subject.case, subject.person, subject.proceedings
    found = _characteristics(person)
    missing = [label for name, label in MISSING if found is None or not getattr(found, name)]
    problems = []
    if missing:
        problems.append(
            Reason(
                f"{person.full_name}: no {', '.join(missing)} recorded",
                f"{reverse('person-characteristics', args=[person.pk])}?{urlencode({'next': back})}",
                f"Record the protected characteristics of {person.full_name}",
            )
        )
    case_url = case.get_absolute_url()
    route = routes.route_of(case)
    if route is not None and route.to_review:
        problems.append(
            Reason(
                "The case type was defaulted, never decided",
                reverse("case-route", args=[case.reference]),
                f"Decide the type of {case.reference}",
            )
        )
    if not allegation.categories.all():
        problems.append(
            Reason(
                f"Allegation {allegation.allegation_number} of {person.full_name} has no category",
                case_url,
                f"Open {case.reference}",
            )
        )
    if not allegation.standards.all():
        problems.append(
            Reason(
                f"Allegation {allegation.allegation_number} of {person.full_name} names no Standard",
                case_url,
                f"Open {case.reference}",
            )
        )
    if proceedings.forum and proceedings.conclusion != Conclusion.WITHDRAWN and allegation.severity is None:
        problems.append(
            Reason(
                f"Allegation {allegation.allegation_number} of {person.full_name} has no severity assessment: "
                "the case to answer is not known",
                reverse("assess-severity", args=[case.reference, allegation.pk]),
                f"Assess the allegation on {case.reference}",
            )
        )
    if proceedings.finding and allegation.finding_made_at is None:
        problems.append(
            Reason(
                f"{person.full_name}: a finding with no date (no recorded outcome step)",
                case_url,
                f"Open {case.reference}",
            )
        )
    return problems


def validate(year: FinancialYear, back: str) -> Validation:
    """Every case of the year's return that cannot be exported yet, and why. Only the flagged cases
    are held in memory."""
    check = Validation(year)
    last_case = None
    for allegation, _finalised_on in allegations(year):
        case = allegation.subject.case
        check.rows += 1
        if case.pk != last_case:
            check.cases += 1
            last_case = case.pk
        for reason in reasons(allegation, back):
            check.flag(case, reason)
    return check


# Suspensions -------------------------------------------------------------------------------
SUSPENSION_HEADER = [
    "Person type",
    "Suspensions started",
    "Suspensions ended",
    "In force on 31 March",
    "Average length of those ended (days)",
    "Longest of those ended (days)",
]


def suspension_table(year: FinancialYear) -> list[list]:
    """Suspensions (Conduct Regs reg 11, and the staff procedure's) that started and ended in the
    year by person type, those in force at its end, and the length of those that ended (days, the
    first and last days included)."""
    decisions = DutyDecision.objects.filter(
        kind=DutyKind.SUSPEND,
        effective_on__isnull=False,
        effective_on__lte=year.end,
        state__in=[DecisionState.ACTIVE, DecisionState.ENDED, DecisionState.REPLACED],
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=year.start))
    figures = {kind: {"started": 0, "ended": 0, "in_force": 0, "lengths": []} for kind in [*PersonType.values, "all"]}
    for kind, starts, ends in decisions.values_list(
        "subject__person__person_type", "effective_on", "ends_on"
    ).iterator():
        for key in (kind, "all"):
            entry = figures[key]
            entry["started"] += year.start <= starts
            if ends is not None and ends <= year.end:
                entry["ended"] += 1
                entry["lengths"].append((ends - starts).days + 1)
            else:
                entry["in_force"] += 1
    table = []
    for key, label in [*PersonType.choices, ("all", "All")]:
        entry = figures[key]
        lengths = entry["lengths"]
        table.append(
            [
                label,
                entry["started"],
                entry["ended"],
                entry["in_force"],
                round(sum(lengths) / len(lengths)) if lengths else "",
                max(lengths) if lengths else "",
            ]
        )
    return table
