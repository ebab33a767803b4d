"""Reads of the Home Office return: the year's rows (one per allegation of each subject of each case
finalised in the financial year), what stops a case being exported, and the suspension figures.
The rows are read a chunk of cases at a time (a server-side cursor over the finalised cases, then one
query per chunk), so memory stays flat however many cases the year holds."""

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from urllib.parse import urlencode

from django.db.models import Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import DenseRank, RowNumber
from django.urls import reverse
from django.utils import timezone

from casework.characteristics import SEX, age_band, high_level_group
from casework.models import PersonType
from conduct.appeals.selectors import cases_finalised_between
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
    Outcome,
    Severity,
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


# What a line of the return and its checks read (`row`, `reasons`), by the name they read it by:
# plain values, no model instances (turning 25,000 rows into seven objects each was most of the
# export's time at force scale; docs/performance.md).
LINE = {
    "case_id": "subject__case_id",
    "reference": "subject__case__reference",
    "received_on": "subject__case__received_on",
    "matter_type": "subject__case__route__matter_type",  # None: recorded before routes
    "to_review": "subject__case__route__to_review",
    "person_id": "subject__person_id",
    "first_name": "subject__person__first_name",
    "last_name": "subject__person__last_name",
    "person_type": "subject__person__person_type",
    "left_service_on": "subject__person__left_service_on",
    "characteristics_id": "subject__person__characteristics__id",  # None: none recorded
    "sex": "subject__person__characteristics__sex",
    "ethnicity": "subject__person__characteristics__ethnicity",
    "date_of_birth": "subject__person__characteristics__date_of_birth",
    "forum": "subject__proceedings__forum",
    "conclusion": "subject__proceedings__conclusion",
    "finding": "subject__proceedings__finding",
    "outcome": "subject__proceedings__outcome",
    "staff_outcome": "subject__proceedings__staff_outcome__name",  # None: not the staff procedure's
}


def _allegations(case_ids):
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
        .annotate(
            appeal_kind=Subquery(latest_appeal.values("kind")[:1]),
            appeal_result=Subquery(latest_appeal.values("result")[:1]),
            finding_made_at=Subquery(finding_made.values("made_at")[:1]),
            suspended=Exists(suspended),
            paused=Exists(CriminalProceedingsPause.objects.filter(subject=OuterRef("subject"))),
            subject_number=Window(DenseRank(), partition_by=F("subject__case_id"), order_by=F("subject_id").asc()),
            allegation_number=Window(RowNumber(), partition_by=F("subject_id"), order_by=F("id").asc()),
        )
        .order_by("subject__case__received_on", "subject__case_id", "subject_id", "id")
        .values(
            "id",
            "criminal_investigation",
            *("appeal_kind", "appeal_result", "finding_made_at", "suspended", "paused"),
            *("subject_number", "allegation_number"),
            severity=F("current_severity"),  # the latest assessment's (a trigger keeps it)
            **{name: F(path) for name, path in LINE.items()},
        )
    )


def _batched(iterable, size):
    """itertools.batched (Python 3.12) for 3.11."""
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _names(relation: str, allegation_ids) -> dict[int, list[str]]:
    """The names of the allegations' categories or standards, in their order, by allegation: pairs
    of values, no model instances (a prefetch made two models per name, most of the export's time)."""
    through = getattr(Allegation, relation).through
    target = {"categories": "allegationcategory", "standards": "standard"}[relation]
    names = defaultdict(list)
    pairs = (
        through.objects.filter(allegation_id__in=allegation_ids)
        .order_by("allegation_id", f"{target}__order", f"{target}__name")
        .values_list("allegation_id", f"{target}__name")
    )
    for allegation_id, name in pairs:
        names[allegation_id].append(name)
    return names


def allegations(year: FinancialYear) -> Iterator[tuple[dict, date]]:
    """(line, the case's finalised date) for every allegation in the year's return: the line is a
    dict of the values `LINE` names, the allegation's annotations, and its `categories` and
    `standards` (lists of names)."""
    for chunk in _batched(finalised_cases(year).iterator(chunk_size=CHUNK), CHUNK):
        finalised = dict(chunk)
        found = list(_allegations(list(finalised)))
        ids = [line["id"] for line in found]
        categories, standards = _names("categories", ids), _names("standards", ids)
        for line in found:
            line["categories"] = categories.get(line["id"], [])
            line["standards"] = standards.get(line["id"], [])
            yield line, finalised[line["case_id"]]


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


PERSON_TYPES = dict(PersonType.choices)
SEXES = dict(SEX)
OUTCOMES = dict(Outcome.choices)


def case_type(line) -> str:
    if line["matter_type"] in (None, MatterType.INTERNAL):  # None: recorded before routes, internal
        return c.CONDUCT_MATTER
    return c.RECORDABLE if line["matter_type"] == MatterType.RECORDABLE_CONDUCT else c.COMPLAINT


def case_to_answer(line) -> str:
    if line["forum"] and line["severity"] in (Severity.MISCONDUCT, Severity.GROSS):
        return c.MISCONDUCT if line["severity"] == Severity.MISCONDUCT else c.GROSS
    return c.NO_CASE


def action_taken(line) -> str:
    if line["forum"]:
        return c.PROCEEDINGS
    if line["conclusion"] == Conclusion.RPRP:
        return c.RPRP
    return c.NFA


def finding(line) -> str:
    if line["conclusion"] == Conclusion.WITHDRAWN:
        return "Proceedings withdrawn"
    return FINDING_LABELS.get(line["finding"], "")


def disciplinary_action(line) -> str:
    if line["staff_outcome"] is not None:
        return line["staff_outcome"]
    return OUTCOMES.get(line["outcome"], line["outcome"]) if line["outcome"] else ""


def full_name(line) -> str:
    return f"{line['first_name']} {line['last_name']}"  # as Person.full_name


def row(line, finalised_on) -> list:
    received_on, left, made = line["received_on"], line["left_service_on"], line["finding_made_at"]
    known = line["characteristics_id"] is not None
    return [
        line["reference"],
        line["subject_number"],
        line["allegation_number"],
        case_type(line),
        c.REGIME,
        PERSON_TYPES[line["person_type"]],
        "Yes" if left and left <= received_on else "No",
        (age_band(line["date_of_birth"], received_on) or "") if known else "",
        (high_level_group(line["ethnicity"]) or "") if known else "",
        SEXES.get(line["sex"], line["sex"]) if known and line["sex"] else "",
        "; ".join(line["categories"]),
        "; ".join(line["standards"]),
        case_to_answer(line),
        action_taken(line),
        FORUM_LABELS.get(line["forum"], ""),
        finding(line),
        timezone.localtime(made).date().isoformat() if made and line["finding"] else "",
        disciplinary_action(line),
        APPEAL_LABELS.get(line["appeal_kind"], "None"),
        RESULT_LABELS.get(line["appeal_result"], "") if line["appeal_kind"] else "",
        "Yes" if line["criminal_investigation"] in CHARGED or line["paused"] else "No",
        "Yes" if line["suspended"] else "No",
        received_on.isoformat(),
        finalised_on.isoformat(),
    ]


def rows(year: FinancialYear) -> Iterator[list]:
    for line, finalised_on in allegations(year):
        yield row(line, finalised_on)


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

    def flag(self, reference: str, reason: Reason):
        entry = self.flagged.get(reference)
        if entry is None:  # the case's address only once per case
            entry = self.flagged[reference] = FlaggedCase(reference, _case_url(reference))
        entry.add(reason)


MISSING = (("sex", "sex"), ("ethnicity", "ethnic group"), ("date_of_birth", "date of birth"))


def _case_url(reference: str) -> str:
    return reverse("case-detail", args=[reference])  # as Case.get_absolute_url


def reasons(line, back: str) -> list[Reason]:
    """Why this allegation's line cannot be exported yet, each with the page that fixes it. `back`
    is the return's page, where the characteristics form comes back to."""
    reference, name, number = line["reference"], full_name(line), line["allegation_number"]
    known = line["characteristics_id"] is not None
    missing = [label for field_name, label in MISSING if not known or not line[field_name]]
    problems = []
    if missing:
        problems.append(
            Reason(
                f"{name}: no {', '.join(missing)} recorded",
                f"{reverse('person-characteristics', args=[line['person_id']])}?{urlencode({'next': back})}",
                f"Record the protected characteristics of {name}",
            )
        )
    if line["to_review"]:  # None when the case has no route
        problems.append(
            Reason(
                "The case type was defaulted, never decided",
                reverse("case-route", args=[reference]),
                f"Decide the type of {reference}",
            )
        )
    if not line["categories"]:
        problems.append(
            Reason(f"Allegation {number} of {name} has no category", _case_url(reference), f"Open {reference}")
        )
    if not line["standards"]:
        problems.append(
            Reason(f"Allegation {number} of {name} names no Standard", _case_url(reference), f"Open {reference}")
        )
    if line["forum"] and line["conclusion"] != Conclusion.WITHDRAWN and not line["severity"]:
        problems.append(
            Reason(
                f"Allegation {number} of {name} has no severity assessment: the case to answer is not known",
                reverse("assess-severity", args=[reference, line["id"]]),
                f"Assess the allegation on {reference}",
            )
        )
    if line["finding"] and line["finding_made_at"] is None:
        problems.append(
            Reason(
                f"{name}: a finding with no date (no recorded outcome step)", _case_url(reference), f"Open {reference}"
            )
        )
    return problems


def validate(year: FinancialYear, back: str) -> Validation:
    """Every case of the year's return that cannot be exported yet, and why. Only the flagged cases
    are held in memory."""
    check = Validation(year)
    last_case = None
    for line, _finalised_on in allegations(year):
        check.rows += 1
        if line["case_id"] != last_case:
            check.cases += 1
            last_case = line["case_id"]
        for reason in reasons(line, back):
            check.flag(line["reference"], reason)
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
